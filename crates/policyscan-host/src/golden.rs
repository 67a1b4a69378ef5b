//! Golden fixtures: an analyzer's findings on a text, rendered as stable, readable JSON with
//! the matched original text visible. `cargo xtask fixtures` writes them; the golden tests
//! compare against them.

use policyscan_api::span_check::first_bad_span;
use policyscan_api::{Analyzer, Document, Finding};
use policyscan_corpus::{normalize, DocumentMeta, LoadedDocument};
use serde::Serialize;

use std::sync::Arc;

use crate::resolve::{FindingView, Resolver};

#[derive(Serialize)]
struct Golden<'a> {
    analyzer: &'a str,
    findings: Vec<FindingView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// Normalizes `original_text`, runs `analyzer` on it and renders the findings in original
/// coordinates as pretty JSON (ending with a newline).
pub fn render_golden(analyzer: &dyn Analyzer, original_text: &str) -> String {
    let doc = LoadedDocument {
        meta: DocumentMeta {
            id: "golden".into(),
            ..Default::default()
        },
        normalized: normalize(original_text),
        original: original_text.to_string(),
        extracted: None,
        extracted_map: None,
        encoding: "utf-8",
        sha256: String::new(),
        bytes: original_text.len(),
    };
    let view = Document {
        id: "golden",
        text: &doc.normalized.text,
        region: None,
        year: None,
    };
    let mut found: Vec<Finding> = Vec::new();
    let mut error = analyzer
        .analyze(&view, &mut found)
        .err()
        .map(|e| e.to_string());
    if let Some(bad) = first_bad_span(analyzer.id(), &doc.normalized.text, &found) {
        // As in a run: the analyzer's findings on this text are not used.
        error.get_or_insert(bad);
        found.clear();
    }
    found.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
    });
    let id: Arc<str> = Arc::from(analyzer.id());
    let mut resolver = Resolver::new(&doc);
    let resolved: Vec<_> = found
        .into_iter()
        .map(|f| resolver.resolve(&id, f))
        .collect();
    let golden = Golden {
        analyzer: analyzer.id(),
        findings: resolved.iter().map(|f| f.view(&doc)).collect(),
        error,
    };
    let mut out =
        serde_json::to_string_pretty(&golden).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}
