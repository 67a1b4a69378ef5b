//! The normalized view: the one text every analyzer matches on.
//!
//! Real reports copied from PDFs and web pages break words with line breaks and zero-width
//! spaces (区块\n链, 方\n\u{200b}\n針) and mix full-width forms (ＡＩ＋制造). Matching on the raw
//! text silently misses those mentions; rewriting the file would lose provenance. So the
//! normalized view is derived once per document, with an [`OffsetMap`] back to the original.
//!
//! Rules, applied in one left-to-right pass:
//! - full-width ASCII U+FF01–U+FF5E → ASCII (＋→+, Ａ→A, ０→0);
//! - ideographic space U+3000 → space;
//! - zero-width characters (U+200B–U+200D, U+2060, U+FEFF) removed;
//! - a run of whitespace and zero-width characters between two CJK characters removed
//!   entirely (the original characters on both sides decide, before folding).
//!
//! Known limit: a paragraph break between two Han characters is joined too, so a heading
//! without final punctuation runs into the next paragraph in the normalized view.

use crate::offset_map::{OffsetMap, OffsetMapBuilder};

/// A document's normalized text and the map back to the text it was made from.
#[derive(Debug, Clone)]
pub struct NormalizedText {
    pub text: String,
    pub map: OffsetMap,
}

/// Zero-width characters that never carry meaning in report text.
fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Whitespace that may separate two CJK characters only by accident (line wrapping).
fn is_breaking_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{A0}' | '\u{3000}'
    )
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

/// The replacement for a character that folds to another, if any.
fn fold(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        '\u{3000}' => Some(' '),
        _ => None,
    }
}

/// True when `text` contains nothing the normalizer would change. Checked first because
/// most lines of most documents need no change, and then no map is needed at all.
fn needs_no_change(text: &str) -> bool {
    !text
        .chars()
        .any(|c| is_zero_width(c) || fold(c).is_some() || is_breaking_space(c))
}

/// Builds the normalized view of `text`.
pub fn normalize(text: &str) -> NormalizedText {
    if needs_no_change(text) {
        return NormalizedText {
            text: text.to_owned(),
            map: OffsetMap::identity(text.len()),
        };
    }
    let mut out = String::with_capacity(text.len());
    let mut map = OffsetMapBuilder::new();
    // Last original non-space, non-zero-width character seen, to decide "between two CJK".
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_zero_width(c) || is_breaking_space(c) {
            // Collect the whole run of spaces and zero-width characters.
            let run_start = i;
            let mut run_end = i + c.len_utf8();
            let mut only_zero_width = is_zero_width(c);
            while let Some(&(j, d)) = chars.peek() {
                if is_zero_width(d) || is_breaking_space(d) {
                    only_zero_width &= is_zero_width(d);
                    run_end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let next = chars.peek().map(|&(_, d)| d);
            let joins_cjk =
                previous.is_some_and(is_cjk) && next.is_some_and(is_cjk) && !only_zero_width;
            if joins_cjk || only_zero_width {
                map.delete(run_end - run_start);
                continue;
            }
            // Keep the spaces (folded), drop the zero-width characters inside the run.
            for d in text[run_start..run_end].chars() {
                if is_zero_width(d) {
                    map.delete(d.len_utf8());
                } else if let Some(f) = fold(d) {
                    out.push(f);
                    map.replace(d.len_utf8(), f.len_utf8());
                } else {
                    out.push(d);
                    map.copy(d.len_utf8());
                }
            }
            continue;
        }
        previous = Some(c);
        match fold(c) {
            Some(f) => {
                out.push(f);
                map.replace(c.len_utf8(), f.len_utf8());
            }
            None => {
                out.push(c);
                map.copy(c.len_utf8());
            }
        }
    }
    NormalizedText {
        text: out,
        map: map.finish(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn norm(s: &str) -> String {
        normalize(s).text
    }

    #[test]
    fn joins_cjk_across_line_breaks_and_zero_width() {
        assert_eq!(norm("区块\n链"), "区块链");
        assert_eq!(norm("区\u{200b}块链"), "区块链");
        assert_eq!(norm("方\n\u{200b}\n針"), "方針");
        assert_eq!(norm("区块 \r\n\u{3000}链"), "区块链");
    }

    #[test]
    fn keeps_spaces_between_latin_words() {
        assert_eq!(norm("big\ndata"), "big\ndata");
        assert_eq!(norm("block\u{200b}chain"), "blockchain");
        assert_eq!(norm("5G\n网络"), "5G\n网络");
    }

    #[test]
    fn folds_full_width() {
        assert_eq!(norm("ＡＩ＋制造"), "AI+制造");
        assert_eq!(norm("２０２０年"), "2020年");
        assert_eq!(norm("\u{3000}\u{3000}各位代表"), "  各位代表");
    }

    #[test]
    fn maps_back_to_original_surface() {
        let original = "推进区块\n\u{200b}\n链＋政务";
        let n = normalize(original);
        let start = n.text.find("区块链").expect("found");
        let (s, e) = n.map.map_span(start, start + "区块链".len());
        assert_eq!(&original[s..e], "区块\n\u{200b}\n链");
        let plus = n.text.find('+').expect("plus");
        let (s, e) = n.map.map_span(plus, plus + 1);
        assert_eq!(&original[s..e], "＋");
    }

    #[test]
    fn unchanged_text_has_identity_map() {
        let n = normalize("区块链技术");
        assert!(n.map.is_identity());
    }

    fn arbitrary_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "区", "块", "链", "a", "B", " ", "\n", "\r\n", "\u{3000}", "\u{200b}", "\u{feff}",
            "Ａ", "＋", "０", "。", "，", "x", "数", "\t", "é", "😀",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        /// Every char-aligned span of the normalized text maps to an in-bounds original span
        /// whose normalization is exactly that span's text.
        #[test]
        fn every_span_maps_back(original in arbitrary_text()) {
            let n = normalize(&original);
            prop_assert_eq!(n.map.derived_len(), n.text.len());
            prop_assert_eq!(n.map.source_len(), original.len());
            let bounds: Vec<usize> =
                n.text.char_indices().map(|(i, _)| i).chain([n.text.len()]).collect();
            for (a, &s) in bounds.iter().enumerate() {
                for &e in &bounds[a..] {
                    let (os, oe) = n.map.map_span(s, e);
                    prop_assert!(os <= oe && oe <= original.len());
                    prop_assert!(original.is_char_boundary(os) && original.is_char_boundary(oe));
                    if s < e {
                        // The original slice, normalized on its own, gives back the span's
                        // text once its outer spaces are trimmed (context decides joins).
                        let again = normalize(&original[os..oe]).text;
                        let span = &n.text[s..e];
                        prop_assert!(
                            again == span || again.trim() == span.trim(),
                            "span {:?} maps to {:?} which normalizes to {:?}",
                            span, &original[os..oe], again
                        );
                    }
                }
            }
        }
    }
}
