//! `citations.csv`: one row per citation finding (doc, region, year, category, title,
//! issuer, doc_number, registry_id, line, …), so "which documents does each province
//! cite" is one filter away, with the matched text to check each row by reading.

use std::io::Write;

use policyscan_host::citation_table::CITATION_ANALYZER;
use policyscan_host::{DocumentResult, ResolvedFinding};

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

fn attr<'a>(f: &'a ResolvedFinding, key: &str) -> &'a str {
    f.attrs.get(key).and_then(|v| v.as_str()).unwrap_or("")
}

pub fn write_document<W: Write>(
    csv: &mut CsvWriter<W>,
    result: &DocumentResult,
) -> std::io::Result<()> {
    let meta = result.meta();
    for f in result.findings_of(CITATION_ANALYZER) {
        // A 文号 row names the title it follows, else its registry entry's title.
        let title = [
            attr(f, "title"),
            attr(f, "linked_title"),
            attr(f, "registry_title"),
        ]
        .into_iter()
        .find(|t| !t.is_empty())
        .unwrap_or("");
        let text = result.doc.original.get(f.start..f.end).unwrap_or_default();
        csv.row([
            meta.id.as_str(),
            meta.region.unwrap_or(""),
            &meta.year.map(|y| y.to_string()).unwrap_or_default(),
            attr(f, "category"),
            title,
            attr(f, "issuer"),
            attr(f, "doc_number"),
            attr(f, "registry_id"),
            &f.line.to_string(),
            &f.column.to_string(),
            &f.rule,
            attr(f, "resolution"),
            attr(f, "resolved_from"),
            // One line per row: a citation broken across lines keeps its text, minus the break.
            &text.replace(['\r', '\n'], ""),
        ])?;
    }
    Ok(())
}
