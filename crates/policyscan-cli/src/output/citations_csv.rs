//! `citations.csv`: one row per citation finding (doc, region, year, category, title,
//! issuer, doc_number, registry_id, line, …), so "which documents does each province
//! cite" is one filter away, with the matched text to check each row by reading.

use std::io::Write;

use policyscan_api::text_rules::without_line_breaks;
use policyscan_host::citation_table::CITATION_ANALYZER;
use policyscan_host::DocumentResult;

use super::csv_writer::CsvWriter;

pub const HEADER: [&str; 14] = [
    "doc",
    "region",
    "year",
    "category",
    "title",
    "issuer",
    "doc_number",
    "registry_id",
    "line",
    "column",
    "rule",
    "resolution",
    "resolved_from",
    "text",
];

pub fn write_document<W: Write>(
    csv: &mut CsvWriter<W>,
    result: &DocumentResult,
) -> std::io::Result<()> {
    let meta = result.meta();
    for f in result.findings_of(CITATION_ANALYZER) {
        // A 文号 row names the title it follows, else its registry entry's title.
        let title = ["title", "linked_title", "registry_title"]
            .into_iter()
            .find_map(|key| f.attr(key).filter(|t| !t.is_empty()))
            .unwrap_or("");
        let text = result.doc.original.get(f.start..f.end).unwrap_or_default();
        csv.row([
            meta.id.as_str(),
            meta.region.unwrap_or(""),
            &meta.year.map(|y| y.to_string()).unwrap_or_default(),
            f.attr("category").unwrap_or(""),
            title,
            f.attr("issuer").unwrap_or(""),
            f.attr("doc_number").unwrap_or(""),
            f.attr("registry_id").unwrap_or(""),
            &f.line.to_string(),
            &f.column.to_string(),
            &f.rule,
            f.attr("resolution").unwrap_or(""),
            f.attr("resolved_from").unwrap_or(""),
            // One line per row: a citation broken across lines keeps its text, minus the break.
            &without_line_breaks(text),
        ])?;
    }
    Ok(())
}
