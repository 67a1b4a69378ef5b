//! Turning an analyzer's finding (a span of the normalized view) into what users read: the
//! original offsets, line, column, surface text and sentence.

use std::collections::BTreeMap;

use policyscan_api::Finding;
use policyscan_corpus::LoadedDocument;
use serde::Serialize;

use crate::line_index::LineIndex;
use crate::sentence::{clean_context, sentence_bounds};

/// A named part of a finding, in original coordinates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedCapture {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A finding in original coordinates, ready to be written out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedFinding {
    pub analyzer: String,
    pub rule: String,
    /// Byte offsets in the original decoded text (HTML: in the page source).
    pub start: usize,
    pub end: usize,
    /// 1-based line and column (characters) of `start` in the original text.
    pub line: usize,
    pub column: usize,
    /// The original surface text, exactly as in the file (may contain the line break or
    /// zero-width space the normalized view removed).
    pub text: String,
    /// The matched text in the normalized view.
    pub normalized: String,
    /// The sentence around the hit, with the document's own punctuation, on one line.
    pub context: String,
    pub captures: BTreeMap<String, ResolvedCapture>,
    pub attrs: BTreeMap<String, serde_json::Value>,
    /// Keyword-in-context windows (normalized text), only when asked for.
    #[serde(skip)]
    pub kwic: Option<(String, String)>,
}

/// Resolves findings against one document. Builds the line index only when needed.
#[derive(Debug)]
pub struct Resolver<'a> {
    doc: &'a LoadedDocument,
    lines: Option<LineIndex>,
    kwic_width: Option<usize>,
}

impl<'a> Resolver<'a> {
    pub fn new(doc: &'a LoadedDocument) -> Self {
        Resolver {
            doc,
            lines: None,
            kwic_width: None,
        }
    }

    /// Also cut keyword-in-context windows of `width` characters on each side.
    pub fn with_kwic(mut self, width: Option<usize>) -> Self {
        self.kwic_width = width;
        self
    }

    fn original_slice(&self, start: usize, end: usize) -> (usize, usize, String) {
        let (s, e) = self.doc.original_span(start, end);
        let text = self.doc.original.get(s..e).unwrap_or_default().to_string();
        (s, e, text)
    }

    /// The sentence is found on the normalized view (where broken lines are joined) and cut
    /// from the base text, so it keeps full-width punctuation.
    fn context(&self, start: usize, end: usize) -> String {
        let (from, to) = sentence_bounds(&self.doc.normalized.text, start, end);
        let (bs, be) = self.doc.normalized.map.map_span(from, to);
        clean_context(self.doc.base_text().get(bs..be).unwrap_or_default())
    }

    pub fn resolve(&mut self, analyzer: &str, finding: Finding) -> ResolvedFinding {
        let norm = &self.doc.normalized.text;
        // Clamp defensively: a plugin's span is not trusted to be in bounds.
        let end = finding.span.end.min(norm.len());
        let start = finding.span.start.min(end);
        let (start, end) = (floor_char(norm, start), ceil_char(norm, end));
        let (os, oe, text) = self.original_slice(start, end);
        let lines = self
            .lines
            .get_or_insert_with(|| LineIndex::new(&self.doc.original));
        let (line, column) = lines.line_col(&self.doc.original, os);
        let mut captures = BTreeMap::new();
        for cap in finding.captures {
            let ce = cap.span.end.min(norm.len());
            let cs = cap.span.start.min(ce);
            let (s, e, t) = self.original_slice(floor_char(norm, cs), ceil_char(norm, ce));
            captures.insert(
                cap.name,
                ResolvedCapture {
                    start: s,
                    end: e,
                    text: t,
                },
            );
        }
        ResolvedFinding {
            analyzer: analyzer.to_string(),
            rule: finding.rule,
            start: os,
            end: oe,
            line,
            column,
            text,
            normalized: norm[start..end].to_string(),
            context: self.context(start, end),
            captures,
            attrs: finding.attrs,
            kwic: self.kwic_width.map(|w| kwic_windows(norm, start, end, w)),
        }
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `width` characters left and right of `[start, end)`, line breaks shown as spaces.
fn kwic_windows(text: &str, start: usize, end: usize, width: usize) -> (String, String) {
    let left: String = text[..start]
        .chars()
        .rev()
        .take(width)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let right: String = text[end..].chars().take(width).collect();
    let flat = |s: String| s.replace(['\n', '\r', '\t'], " ");
    (flat(left), flat(right))
}
