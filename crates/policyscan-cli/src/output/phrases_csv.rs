//! `phrases.csv`: one row per phrase-pattern finding (doc, region, year, rule, x, y, text,
//! line), so "who writes 区块链+ with which Y" is one pivot table away.

use std::io::Write;

use policyscan_api::text_rules::without_line_breaks;
use policyscan_host::phrase_table::x_and_y;
use policyscan_host::DocumentResult;

use super::csv_writer::CsvWriter;

/// The analyzer whose findings go into phrases.csv.
pub const PHRASE_ANALYZER: &str = "phrase";

pub const HEADER: [&str; 8] = ["doc", "region", "year", "rule", "x", "y", "text", "line"];

pub fn write_document<W: Write>(
    csv: &mut CsvWriter<W>,
    result: &DocumentResult,
) -> std::io::Result<()> {
    let meta = result.meta();
    for f in result.findings_of(PHRASE_ANALYZER) {
        let (x, y) = x_and_y(result, f);
        let text = result.doc.original.get(f.start..f.end).unwrap_or_default();
        csv.row([
            meta.id.as_str(),
            meta.region.unwrap_or(""),
            &meta.year.map(|y| y.to_string()).unwrap_or_default(),
            &f.rule,
            &x,
            &y,
            // One line per row: a hit broken across lines keeps its text, minus the break.
            &without_line_breaks(text),
            &f.line.to_string(),
        ])?;
    }
    Ok(())
}
