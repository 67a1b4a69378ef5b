//! Turning an analyzer's finding (a span of the normalized view) into what users read: the
//! original offsets, line, column, surface text and sentence.
//!
//! A [`ResolvedFinding`] holds only offsets and shared pointers; the texts are sliced from
//! the document when a finding is written ([`FindingView`]). A report with millions of hits
//! therefore costs a few dozen bytes per hit, not a few strings each.

use std::collections::BTreeMap;
use std::sync::Arc;

use policyscan_api::{Attrs, Finding};
use policyscan_corpus::LoadedDocument;
use serde::Serialize;

use crate::line_index::LineIndex;
use crate::sentence::{clean_context, sentence_bounds};

/// A named part of a finding, in original coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedCapture {
    pub name: Arc<str>,
    pub start: usize,
    pub end: usize,
}

/// A finding in original coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedFinding {
    pub analyzer: Arc<str>,
    pub rule: Arc<str>,
    /// Byte offsets in the original decoded text (HTML: in the page source).
    pub start: usize,
    pub end: usize,
    /// 1-based line and column (characters) of `start` in the original text.
    pub line: usize,
    pub column: usize,
    /// The span in the normalized text.
    pub normalized_start: usize,
    pub normalized_end: usize,
    /// The sentence around the hit, as a span of the document's base text
    /// ([`LoadedDocument::base_text`]).
    pub context_start: usize,
    pub context_end: usize,
    pub captures: Vec<ResolvedCapture>,
    pub attrs: Arc<Attrs>,
    /// Keyword-in-context windows (normalized text), only when asked for.
    pub kwic: Option<(String, String)>,
}

/// One capture as written out.
#[derive(Debug, Serialize)]
pub struct CaptureView<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

/// A finding with its texts, ready to serialize (findings.jsonl, golden files).
#[derive(Debug, Serialize)]
pub struct FindingView<'a> {
    pub analyzer: &'a str,
    pub rule: &'a str,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    /// The original surface text, exactly as in the file (may contain the line break or
    /// zero-width space the normalized view removed).
    pub text: &'a str,
    /// The matched text in the normalized view.
    pub normalized: &'a str,
    /// The sentence around the hit, with the document's own punctuation, on one line.
    pub context: String,
    pub captures: BTreeMap<&'a str, CaptureView<'a>>,
    pub attrs: &'a Attrs,
}

impl ResolvedFinding {
    /// The string attribute `key`, if the finding has one.
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.get(key).and_then(|v| v.as_str())
    }

    /// The finding with its texts sliced from `doc` (the document it was found in).
    pub fn view<'a>(&'a self, doc: &'a LoadedDocument) -> FindingView<'a> {
        let slice = |s: usize, e: usize| doc.original.get(s..e).unwrap_or_default();
        FindingView {
            analyzer: &self.analyzer,
            rule: &self.rule,
            start: self.start,
            end: self.end,
            line: self.line,
            column: self.column,
            text: slice(self.start, self.end),
            normalized: doc
                .normalized
                .text
                .get(self.normalized_start..self.normalized_end)
                .unwrap_or_default(),
            context: clean_context(
                doc.base_text()
                    .get(self.context_start..self.context_end)
                    .unwrap_or_default(),
            ),
            captures: self
                .captures
                .iter()
                .map(|c| {
                    let view = CaptureView {
                        start: c.start,
                        end: c.end,
                        text: slice(c.start, c.end),
                    };
                    (&*c.name, view)
                })
                .collect(),
            attrs: &self.attrs,
        }
    }
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

    /// The span of `[start, end)` of the normalized text, clamped to char boundaries: a
    /// plugin's span is not trusted to be in bounds.
    fn clamp(&self, start: usize, end: usize) -> (usize, usize) {
        let norm = &self.doc.normalized.text;
        let end = end.min(norm.len());
        let start = start.min(end);
        (floor_char(norm, start), ceil_char(norm, end))
    }

    pub fn resolve(&mut self, analyzer: &Arc<str>, finding: Finding) -> ResolvedFinding {
        let norm = &self.doc.normalized.text;
        let (start, end) = self.clamp(finding.span.start, finding.span.end);
        let (os, oe) = self.doc.original_span(start, end);
        let lines = self
            .lines
            .get_or_insert_with(|| LineIndex::new(&self.doc.original));
        let (line, column) = lines.line_col(&self.doc.original, os);
        // The sentence is found on the normalized view (where broken lines are joined) and
        // cut from the base text, so it keeps the document's full-width punctuation.
        let (from, to) = sentence_bounds(norm, start, end);
        let (context_start, context_end) = self.doc.normalized.map.map_span(from, to);
        let captures = finding
            .captures
            .into_iter()
            .map(|cap| {
                let (cs, ce) = self.clamp(cap.span.start, cap.span.end);
                let (start, end) = self.doc.original_span(cs, ce);
                ResolvedCapture {
                    name: cap.name,
                    start,
                    end,
                }
            })
            .collect();
        ResolvedFinding {
            analyzer: analyzer.clone(),
            rule: finding.rule,
            start: os,
            end: oe,
            line,
            column,
            normalized_start: start,
            normalized_end: end,
            context_start,
            context_end,
            captures,
            attrs: finding.attrs,
            kwic: self
                .kwic_width
                .map(|w| kwic_windows(self.doc, start, end, w)),
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

/// `width` characters of the normalized text left and right of `[start, end)`, cut from the
/// base text so they keep the document's punctuation, each on one line.
fn kwic_windows(doc: &LoadedDocument, start: usize, end: usize, width: usize) -> (String, String) {
    let text = &doc.normalized.text;
    let left_start = text[..start]
        .char_indices()
        .rev()
        .take(width)
        .last()
        .map_or(start, |(i, _)| i);
    let right_end = text[end..]
        .char_indices()
        .nth(width)
        .map_or(text.len(), |(i, _)| end + i);
    let base = doc.base_text();
    let cut = |s: usize, e: usize| {
        let (bs, be) = doc.normalized.map.map_span(s, e);
        clean_context(base.get(bs..be).unwrap_or_default())
    };
    (cut(left_start, start), cut(end, right_end))
}
