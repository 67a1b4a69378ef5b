//! `findings.jsonl`: one line per finding, with everything needed to find it again.

use std::collections::BTreeMap;
use std::io::Write;

use policyscan_api::Attrs;
use policyscan_host::{CaptureView, DocumentResult};
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
    context: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    captures: BTreeMap<&'a str, CaptureView<'a>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    attrs: &'a Attrs,
    sha256: &'a str,
    config: &'a str,
}

/// Writes the findings of one document. `config_hash` maps analyzer id → configuration hash.
pub fn write_document<W: Write>(
    out: &mut W,
    result: &DocumentResult,
    config_hash: &BTreeMap<String, String>,
) -> std::io::Result<()> {
    let doc = &result.doc;
    for f in &result.findings {
        let v = f.view(doc);
        let line = Line {
            doc: &doc.meta.id,
            path: &doc.meta.path,
            region: doc.meta.region,
            year: doc.meta.year,
            analyzer: v.analyzer,
            rule: v.rule,
            start: v.start,
            end: v.end,
            line: v.line,
            column: v.column,
            text: v.text,
            normalized: v.normalized,
            context: v.context,
            captures: v.captures,
            attrs: v.attrs,
            sha256: &doc.sha256,
            config: config_hash.get(v.analyzer).map_or("", String::as_str),
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
