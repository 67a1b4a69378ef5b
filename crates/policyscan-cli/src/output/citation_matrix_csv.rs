//! `citation-matrix.csv`: registered document × region, citation counts. One row per
//! registered document cited at least once (most regions first), one column per region of
//! the corpus (gazetteer order), so "which provinces follow which central policy" is the
//! table itself.

use std::io::Write;

use policyscan_host::CitationTable;

use super::csv_writer::CsvWriter;

const FIXED: [&str; 6] = [
    "registry_id",
    "title",
    "category",
    "regions",
    "documents",
    "citations",
];

pub fn write<W: Write>(csv: &mut CsvWriter<W>, table: &CitationTable) -> std::io::Result<()> {
    let regions = table.regions();
    csv.row(FIXED.iter().copied().chain(regions.iter().copied()))?;
    for doc in table.ranked() {
        let fixed = [
            doc.registry_id.clone(),
            doc.title.clone(),
            doc.category.clone(),
            doc.regions().to_string(),
            doc.documents.to_string(),
            doc.citations.to_string(),
        ];
        let counts = regions
            .iter()
            .map(|r| doc.by_region.get(*r).copied().unwrap_or(0).to_string());
        csv.row(fixed.into_iter().chain(counts))?;
    }
    Ok(())
}
