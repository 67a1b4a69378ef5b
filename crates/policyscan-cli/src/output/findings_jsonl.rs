//! `findings.jsonl`: one line per finding, with everything needed to find it again.

use std::collections::BTreeMap;
use std::io::Write;

use policyscan_host::{DocumentResult, ResolvedCapture, ResolvedFinding};
use serde::Serialize;

#[derive(Serialize)]
struct Line<'a> {
    doc: &'a str,
    path: &'a str,
    region: Option<&'a str>,
    year: Option<i32>,
    analyzer: &'a str,
    rule: &'a str,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    text: &'a str,
    normalized: &'a str,
    context: &'a str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    captures: &'a BTreeMap<String, ResolvedCapture>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    attrs: &'a BTreeMap<String, serde_json::Value>,
    sha256: &'a str,
    config: &'a str,
}

/// Writes the findings of one document. `config_hash` maps analyzer id → configuration hash.
pub fn write_document<W: Write>(
    out: &mut W,
    result: &DocumentResult,
    config_hash: &BTreeMap<String, String>,
) -> std::io::Result<()> {
    for f in &result.findings {
        write_finding(out, result, f, config_hash)?;
    }
    Ok(())
}

fn write_finding<W: Write>(
    out: &mut W,
    result: &DocumentResult,
    f: &ResolvedFinding,
    config_hash: &BTreeMap<String, String>,
) -> std::io::Result<()> {
    let line = Line {
        doc: &result.meta.id,
        path: &result.meta.path,
        region: result.meta.region,
        year: result.meta.year,
        analyzer: &f.analyzer,
        rule: &f.rule,
        start: f.start,
        end: f.end,
        line: f.line,
        column: f.column,
        text: &f.text,
        normalized: &f.normalized,
        context: &f.context,
        captures: &f.captures,
        attrs: &f.attrs,
        sha256: &result.sha256,
        config: config_hash.get(&f.analyzer).map_or("", String::as_str),
    };
    serde_json::to_writer(&mut *out, &line)?;
    out.write_all(b"\n")
}
