//! Every analyzer's spans are checked where its findings are first used (the engine, the
//! self-test of examples, golden fixtures), built-in and loaded analyzers alike: a span
//! outside the text or inside a character would make whatever reads the text through it
//! panic. The check turns an analyzer's bug into a clear failure for one document.

use crate::Finding;

/// Whether `start..end` is a span of `text` on character boundaries.
#[inline]
pub fn is_span_of(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    if start > end || end > bytes.len() {
        return false;
    }
    // A byte that is not a UTF-8 continuation byte starts a character; the end of the text
    // (read as 0) is a boundary too. Both tested at once: one branch per span.
    let first = bytes.get(start).copied().unwrap_or(0) as i8;
    let last = bytes.get(end).copied().unwrap_or(0) as i8;
    (first >= -0x40) & (last >= -0x40)
}

/// The first finding (or capture) of analyzer `analyzer_id`'s `findings` whose span is
/// not a span of `text` on character boundaries, described for a failure record.
pub fn first_bad_span(analyzer_id: &str, text: &str, findings: &[Finding]) -> Option<String> {
    findings.iter().find_map(|f| {
        let describe = |what: &str, start: usize, end: usize| {
            format!(
                "analyzer '{analyzer_id}' reported {what} span {start}..{end} (rule {}), which \
                 is not a span of the document's normalized text ({} bytes) on character \
                 boundaries",
                f.rule,
                text.len()
            )
        };
        if !is_span_of(text, f.span.start, f.span.end) {
            return Some(describe("a", f.span.start, f.span.end));
        }
        f.captures
            .iter()
            .find(|c| !is_span_of(text, c.span.start, c.span.end))
            .map(|c| describe(&format!("a capture '{}'", c.name), c.span.start, c.span.end))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_must_lie_in_the_text_on_character_boundaries() {
        let text = "区块链ab";
        assert!(is_span_of(text, 0, 9));
        assert!(is_span_of(text, 9, 11));
        assert!(is_span_of(text, 11, 11), "the empty span at the end");
        assert!(is_span_of("", 0, 0));
        assert!(!is_span_of(text, 1, 9), "starts inside 区");
        assert!(!is_span_of(text, 0, 8), "ends inside 链");
        assert!(!is_span_of(text, 3, 2), "reversed");
        assert!(!is_span_of(text, 0, 12), "past the end");
        assert!(!is_span_of(text, usize::MAX, usize::MAX));
    }
}
