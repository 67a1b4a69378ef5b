//! A loaded document: its metadata, original text and the normalized view analyzers see.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::normalize::NormalizedText;
use crate::offset_map::OffsetMap;

/// Where a metadata field's value came from, so users can audit region and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MetaOrigin {
    Manifest,
    Record,
    Path,
    TitleLine,
}

impl MetaOrigin {
    /// The name used in outputs (`manifest`, `record`, `path`, `title_line`).
    pub fn as_str(&self) -> &'static str {
        match self {
            MetaOrigin::Manifest => "manifest",
            MetaOrigin::Record => "record",
            MetaOrigin::Path => "path",
            MetaOrigin::TitleLine => "title_line",
        }
    }
}

/// Everything known about a document besides its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocumentMeta {
    /// Stable id: the path relative to the corpus root, `/`-separated (JSONL records: the
    /// record's `id`, else `file.jsonl#line`).
    pub id: String,
    /// The file the document came from, as found on disk.
    pub path: String,
    pub region: Option<&'static str>,
    pub region_origin: Option<MetaOrigin>,
    pub year: Option<i32>,
    pub year_origin: Option<MetaOrigin>,
    pub kind: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub extra: BTreeMap<String, String>,
}

/// A decoded, normalized document ready for analysis.
#[derive(Debug, Clone)]
pub struct LoadedDocument {
    pub meta: DocumentMeta,
    /// The decoded text of the file (for HTML, the HTML source), which offsets refer to.
    pub original: String,
    /// For HTML: the text extracted from the page, and its map to `original`.
    pub extracted: Option<String>,
    pub extracted_map: Option<OffsetMap>,
    /// The normalized view; its map leads to the extracted text (HTML) or to `original`.
    pub normalized: NormalizedText,
    /// Detected encoding name (`utf-8`, `gb18030`, …).
    pub encoding: &'static str,
    /// sha256 (hex) of the file's bytes (JSONL records: of the record's line).
    pub sha256: String,
    /// Size of the source in bytes.
    pub bytes: usize,
}

impl LoadedDocument {
    /// Maps a span of the normalized text to the span of `original` it came from.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        let (s, e) = self.normalized.map.map_span(start, end);
        match &self.extracted_map {
            Some(m) => m.map_span(s, e),
            None => (s, e),
        }
    }

    /// The text the normalized view was made from: the extracted text for HTML, else the
    /// original. Contexts are cut from it, so they show the document's own punctuation.
    pub fn base_text(&self) -> &str {
        self.extracted.as_deref().unwrap_or(&self.original)
    }

    /// Number of characters in the normalized text (the denominator of mention rates).
    pub fn char_count(&self) -> usize {
        self.normalized.text.chars().count()
    }
}
