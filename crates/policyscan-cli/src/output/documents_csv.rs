//! `documents.csv`: one row per document, with counts and per-10,000-character rates per
//! concept, ready for a pivot table or pandas.

use std::io::Write;

use policyscan_host::DocumentResult;

use super::csv_writer::CsvWriter;

pub fn header(columns: &[String]) -> Vec<String> {
    let mut h: Vec<String> = ["doc", "path", "region", "year", "encoding", "chars"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    h.extend(columns.iter().cloned());
    h.extend(columns.iter().map(|c| format!("{c}_per10k")));
    h
}

/// Mentions per 10,000 characters, with a fixed number of decimals so output is stable.
pub fn rate(count: usize, chars: usize) -> String {
    if chars == 0 {
        return "0".to_string();
    }
    format!("{:.3}", count as f64 * 10_000.0 / chars as f64)
}

pub fn write_row<W: Write>(
    csv: &mut CsvWriter<W>,
    result: &DocumentResult,
    counts: &[usize],
) -> std::io::Result<()> {
    let mut row = vec![
        result.doc.meta.id.clone(),
        result.doc.meta.path.clone(),
        result.doc.meta.region.unwrap_or("").to_string(),
        result
            .doc
            .meta
            .year
            .map(|y| y.to_string())
            .unwrap_or_default(),
        result.doc.encoding.to_string(),
        result.chars.to_string(),
    ];
    row.extend(counts.iter().map(|c| c.to_string()));
    row.extend(counts.iter().map(|&c| rate(c, result.chars)));
    csv.row(row)
}
