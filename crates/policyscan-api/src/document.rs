/// A read-only view of one document, as every analyzer sees it.
///
/// `text` is the normalized view (full-width ASCII folded, zero-width characters removed,
/// line breaks between CJK characters removed). Spans reported by analyzers are byte
/// offsets into this text.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// Stable document id (derived from the relative path, or from a JSONL record).
    pub id: &'a str,
    /// Normalized text.
    pub text: &'a str,
    /// Canonical region id from the gazetteer (`beijing`, `national`), when known.
    pub region: Option<&'a str>,
    /// Year of the document, when known.
    pub year: Option<i32>,
}
