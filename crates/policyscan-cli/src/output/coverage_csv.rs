//! `coverage.csv`: concept × year × region, with `missing` for regions of the expected
//! universe that have no document (which is not the same as `zero`).

use std::io::Write;

use policyscan_corpus::Gazetteer;
use policyscan_host::ConceptCoverage;

use super::csv_writer::CsvWriter;

pub const HEADER: [&str; 9] = [
    "concept",
    "year",
    "region",
    "region_zh",
    "status",
    "documents",
    "documents_mentioning",
    "mentions",
    "label",
];

pub fn write_concept<W: Write>(
    csv: &mut CsvWriter<W>,
    column: &str,
    coverage: &ConceptCoverage,
) -> std::io::Result<()> {
    let gaz = Gazetteer::standard();
    for year in &coverage.years {
        for row in &year.rows {
            let zh = gaz.get(&row.region).map_or("", |r| r.zh_short);
            csv.row([
                column,
                &row.year.map(|y| y.to_string()).unwrap_or_default(),
                &row.region,
                zh,
                row.status.as_str(),
                &row.documents.to_string(),
                &row.documents_mentioning.to_string(),
                &row.mentions.to_string(),
                &coverage.label,
            ])?;
        }
    }
    Ok(())
}
