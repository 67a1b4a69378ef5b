//! The context of a finding: the sentence around it, so a reader can judge the hit without
//! opening the file.

use policyscan_api::text_rules::{is_cjk, is_invisible};

/// Characters of context kept on each side when a sentence is very long.
pub const MAX_CONTEXT_CHARS: usize = 80;

fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '\n' | '!' | '?' | ';')
}

/// Byte bounds of the sentence of `text` containing `[start, end)`, at most
/// [`MAX_CONTEXT_CHARS`] characters on each side. English sentences end at `.` followed by
/// whitespace.
pub fn sentence_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    let before = &text[..start];
    let mut from = start;
    for (taken, (i, c)) in before.char_indices().rev().enumerate() {
        if ends_sentence(c) || (c == '.' && text[i + 1..].starts_with(char::is_whitespace)) {
            break;
        }
        if taken >= MAX_CONTEXT_CHARS {
            break;
        }
        from = i;
    }
    let after = &text[end..];
    let mut to = end;
    for (taken, (i, c)) in after.char_indices().enumerate() {
        to = end + i + c.len_utf8();
        let english_stop = c == '.'
            && after[i + 1..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace);
        if ends_sentence(c) || english_stop || taken + 1 >= MAX_CONTEXT_CHARS {
            if c == '\n' {
                to -= 1;
            }
            break;
        }
    }
    (from, to)
}

/// The sentence around `[start, end)` as one clean line (see [`clean_context`]).
pub fn sentence_around(text: &str, start: usize, end: usize) -> String {
    let (from, to) = sentence_bounds(text, start, end);
    clean_context(&text[from..to])
}

fn is_gap(c: char) -> bool {
    c.is_whitespace() || is_invisible(c)
}

/// One readable line: zero-width characters and breaks between CJK characters removed,
/// other runs of whitespace collapsed to one space, punctuation left as the document has it.
pub fn clean_context(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_gap = false;
    let mut gap_has_space = false;
    for c in s.trim_matches(is_gap).chars() {
        if is_gap(c) {
            pending_gap = true;
            gap_has_space |= !is_invisible(c);
            continue;
        }
        if pending_gap && gap_has_space {
            let prev_cjk = out.chars().next_back().is_some_and(is_cjk);
            if !(prev_cjk && is_cjk(c)) {
                out.push(' ');
            }
        }
        pending_gap = false;
        gap_has_space = false;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_sentence() {
        let t = "去年成绩显著。今年要加快区块链技术应用，推进数字政府建设。其他。";
        let s = t.find("区块链").expect("found");
        assert_eq!(
            sentence_around(t, s, s + "区块链".len()),
            "今年要加快区块链技术应用，推进数字政府建设。"
        );
    }

    #[test]
    fn english_sentence_keeps_decimals() {
        let t = "Growth was 5.2 percent. We will apply blockchain  in services. Next.";
        let s = t.find("blockchain").expect("found");
        assert_eq!(
            sentence_around(t, s, s + 10),
            "We will apply blockchain in services."
        );
    }

    #[test]
    fn long_sentence_is_windowed() {
        let t = format!("{}区块链{}", "甲".repeat(200), "乙".repeat(200));
        let s = t.find("区块链").expect("found");
        let c = sentence_around(&t, s, s + "区块链".len());
        assert_eq!(c.chars().count(), MAX_CONTEXT_CHARS + 3 + MAX_CONTEXT_CHARS);
    }
}
