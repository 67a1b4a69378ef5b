//! `findings.jsonl`: one line per finding, with everything needed to find it again.
//!
//! The fields a document's findings share (doc, path, region, year) and those an analyzer's
//! share (sha256, config) are serialized once per document and copied into every line: a
//! large corpus has millions of lines, and these are half of each.

use std::collections::BTreeMap;
use std::io::Write;

use policyscan_host::DocumentResult;

/// Appends `value` as JSON (strings escaped by serde_json).
fn json<T: serde::Serialize + ?Sized>(buf: &mut Vec<u8>, value: &T) {
    // Serializing into a Vec cannot fail for these types (strings, numbers, maps of them).
    let _ = serde_json::to_writer(&mut *buf, value);
}

/// Appends `,"key":` and `value`.
fn field<T: serde::Serialize + ?Sized>(buf: &mut Vec<u8>, key: &str, value: &T) {
    buf.extend_from_slice(b",\"");
    buf.extend_from_slice(key.as_bytes());
    buf.extend_from_slice(b"\":");
    json(buf, value);
}

/// Writes the findings of one document. `config_hash` maps analyzer id → configuration hash.
/// The field order is that of docs/output-format.md.
pub fn write_document<W: Write>(
    out: &mut W,
    result: &DocumentResult,
    config_hash: &BTreeMap<String, String>,
) -> std::io::Result<()> {
    let doc = &result.doc;
    if result.findings.is_empty() {
        return Ok(());
    }
    let mut prefix = Vec::with_capacity(256);
    prefix.extend_from_slice(b"{\"doc\":");
    json(&mut prefix, &doc.meta.id);
    field(&mut prefix, "path", &doc.meta.path);
    field(&mut prefix, "region", &doc.meta.region);
    field(&mut prefix, "year", &doc.meta.year);
    // The suffix of the analyzer of the previous finding, rebuilt when it changes.
    let mut suffix_of: Option<&str> = None;
    let mut suffix = Vec::with_capacity(160);
    let mut line = Vec::with_capacity(1024);
    for f in &result.findings {
        let v = f.view(doc);
        if suffix_of != Some(v.analyzer) {
            suffix.clear();
            field(&mut suffix, "sha256", &doc.sha256);
            field(
                &mut suffix,
                "config",
                config_hash.get(v.analyzer).map_or("", String::as_str),
            );
            suffix.extend_from_slice(b"}\n");
            suffix_of = Some(v.analyzer);
        }
        line.clear();
        line.extend_from_slice(&prefix);
        field(&mut line, "analyzer", v.analyzer);
        field(&mut line, "rule", v.rule);
        field(&mut line, "start", &v.start);
        field(&mut line, "end", &v.end);
        field(&mut line, "line", &v.line);
        field(&mut line, "column", &v.column);
        field(&mut line, "text", v.text);
        field(&mut line, "normalized", v.normalized);
        field(&mut line, "context", &v.context);
        if !v.captures.is_empty() {
            field(&mut line, "captures", &v.captures);
        }
        if !v.attrs.is_empty() {
            field(&mut line, "attrs", v.attrs);
        }
        line.extend_from_slice(&suffix);
        out.write_all(&line)?;
    }
    Ok(())
}
