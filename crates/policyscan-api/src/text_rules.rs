//! The character rules of the normalized view, shared by the corpus (which normalizes
//! documents) and by analyzers (which must write their patterns the way the text will look:
//! a dictionary term typed as ＡＩ or 区块链＋ must match the normalized AI and 区块链+).

/// Invisible characters that never carry meaning in report text: zero-width space, joiners,
/// word joiner, byte-order mark, soft hyphen, direction marks.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// True when `text` has nothing but whitespace and invisible characters: nothing to analyze
/// (a file of zero-width spaces normalizes to an empty document).
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// A line break: LF, CR, NEL, line separator, paragraph separator.
pub fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// How many line breaks `c` makes after `before`: CR LF is one break (counted at the CR),
/// a paragraph separator counts as two (a paragraph break), any other line break as one.
/// Two breaks in a run of whitespace end a paragraph, for the normalizer and analyzers alike.
pub fn line_break_weight(c: char, before: Option<char>) -> usize {
    match c {
        '\n' if before == Some('\r') => 0,
        '\u{2029}' => 2,
        c if is_line_break(c) => 1,
        _ => 0,
    }
}

/// Line breaks in `run`, weighted as [`line_break_weight`] says.
pub fn count_line_breaks(run: &str) -> usize {
    let mut before = None;
    run.chars()
        .map(|c| {
            let weight = line_break_weight(c, before);
            before = Some(c);
            weight
        })
        .sum()
}

/// `text` without its line breaks: a span that wraps across lines, on one line.
pub fn without_line_breaks(text: &str) -> String {
    text.chars().filter(|c| !is_line_break(*c)).collect()
}

/// Whitespace that may separate two CJK characters only by accident (line wrapping).
pub fn is_breaking_space(c: char) -> bool {
    is_line_break(c) || matches!(c, ' ' | '\t' | '\u{0B}' | '\u{0C}' | '\u{A0}' | '\u{3000}')
}

/// CJK characters between which whitespace carries no meaning: Han ideographs, kana,
/// Hangul, CJK and full-width punctuation.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{303F}'      // CJK symbols and punctuation (not U+3000 itself)
        | '\u{3040}'..='\u{30FF}'    // kana
        | '\u{3100}'..='\u{312F}'    // bopomofo
        | '\u{3400}'..='\u{4DBF}'    // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'    // CJK unified ideographs
        | '\u{AC00}'..='\u{D7AF}'    // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'    // CJK compatibility ideographs
        | '\u{FE30}'..='\u{FE4F}'    // CJK compatibility forms
        | '\u{FF01}'..='\u{FF60}'    // full-width forms
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{3134F}'  // extensions B–G
    )
}

/// The character a full-width form or ideographic space folds to, if any (＋→+, Ａ→A).
pub fn fold_char(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        '\u{3000}' => Some(' '),
        _ => None,
    }
}

/// A pattern (dictionary term, search term) as it appears in normalized text: full-width
/// forms folded, invisible characters removed, whitespace between CJK characters removed,
/// other whitespace runs collapsed to one space, outer whitespace trimmed.
pub fn normalize_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut pending_space = false;
    for c in pattern.chars() {
        if is_invisible(c) {
            continue;
        }
        let c = fold_char(c).unwrap_or(c);
        if is_breaking_space(c) {
            pending_space = true;
            continue;
        }
        if pending_space && !out.is_empty() {
            let joins_cjk = out.chars().next_back().is_some_and(is_cjk) && is_cjk(c);
            if !joins_cjk {
                out.push(' ');
            }
        }
        pending_space = false;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_fold_like_the_text() {
        assert_eq!(normalize_pattern("ＡＩ"), "AI");
        assert_eq!(normalize_pattern(" 区块链＋ "), "区块链+");
        assert_eq!(normalize_pattern("区块\n链"), "区块链");
        assert_eq!(normalize_pattern("big\u{3000}\u{3000}data"), "big data");
        assert_eq!(normalize_pattern("区\u{200b}块链"), "区块链");
    }

    #[test]
    fn line_breaks_weigh_as_paragraphs_need() {
        assert_eq!(count_line_breaks(" \n "), 1);
        assert_eq!(count_line_breaks("\r\n"), 1);
        assert_eq!(count_line_breaks("\r\r"), 2);
        assert_eq!(count_line_breaks("\n\u{3000}\n"), 2);
        assert_eq!(count_line_breaks("\u{2029}"), 2);
        assert_eq!(count_line_breaks("  "), 0);
        assert_eq!(
            without_line_breaks("国办发\r\n〔2019〕\u{2028}58号"),
            "国办发〔2019〕58号"
        );
    }
}
