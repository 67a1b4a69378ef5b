//! The normalized view: the one text every analyzer matches on.
//!
//! Real reports copied from PDFs and web pages break words with line breaks and zero-width
//! spaces (区块\n链, 方\n\u{200b}\n針) and mix full-width forms (ＡＩ＋制造). Matching on the raw
//! text silently misses those mentions; rewriting the file would lose provenance. So the
//! normalized view is derived once per document, with an [`OffsetMap`] back to the original.
//!
//! Rules, applied in one left-to-right pass (the character classes are in
//! [`policyscan_api::text_rules`], shared with analyzers that normalize their patterns):
//! - full-width ASCII U+FF01–U+FF5E → ASCII (＋→+, Ａ→A, ０→0);
//! - ideographic space U+3000 → space;
//! - invisible characters (zero-width space and joiners, word joiner, BOM, soft hyphen,
//!   direction marks) removed;
//! - a run of whitespace and invisible characters between two CJK characters removed
//!   entirely (the original characters on both sides decide, before folding) — unless it is
//!   a paragraph break: two or more line breaks and no invisible character. Paragraphs,
//!   list items and table cells (the HTML extractor emits blank lines for them) are never
//!   joined into one word; the web-copy artefact `方\n\u{200b}\n針` is.
//!
//! Known limit: a single line break after a heading without final punctuation is joined,
//! so the heading runs into the next line in the normalized view (and in contexts).

use policyscan_api::text_rules::{
    count_line_breaks, fold_char, is_breaking_space, is_cjk, is_invisible,
};

use crate::offset_map::{OffsetMap, OffsetMapBuilder};

/// A document's normalized text and the map back to the text it was made from.
#[derive(Debug, Clone)]
pub struct NormalizedText {
    pub text: String,
    pub map: OffsetMap,
}

/// Whether a byte can start a character the normalizer changes: ASCII whitespace, and the
/// UTF-8 lead bytes of U+0085, U+00A0, U+00AD (C2), U+200B–U+2060 (E2), U+3000 (E3),
/// U+FEFF and U+FF01–U+FF5E (EF). Text between such bytes is copied in bulk; a candidate is
/// then checked as a character (most E3 and EF leads are ordinary CJK punctuation).
const fn special_leads() -> [bool; 256] {
    let mut t = [false; 256];
    let leads = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xC2, 0xE2, 0xE3, 0xEF];
    let mut i = 0;
    while i < leads.len() {
        t[leads[i] as usize] = true;
        i += 1;
    }
    t
}

const SPECIAL_LEAD: [bool; 256] = special_leads();

/// A character the normalizer may change or remove.
fn is_special(c: char) -> bool {
    is_invisible(c) || is_breaking_space(c) || fold_char(c).is_some()
}

/// Whether the UTF-8 sequence starting at `at` (a [`SPECIAL_LEAD`] byte) is a character the
/// normalizer changes, decided on the bytes: most candidates are ordinary CJK punctuation
/// (。、《》 start with E3) and are skipped without decoding.
fn is_special_at(bytes: &[u8], at: usize) -> bool {
    let next = |k: usize| bytes.get(at + k).copied().unwrap_or(0);
    match bytes[at] {
        0xC2 => matches!(next(1), 0x85 | 0xA0 | 0xAD),
        // U+200B–U+200F, U+2028, U+2029; U+2060.
        0xE2 => match next(1) {
            0x80 => matches!(next(2), 0x8B..=0x8F | 0xA8 | 0xA9),
            0x81 => next(2) == 0xA0,
            _ => false,
        },
        0xE3 => next(1) == 0x80 && next(2) == 0x80,
        // U+FEFF; U+FF01–U+FF3F; U+FF40–U+FF5E.
        0xEF => match next(1) {
            0xBB => next(2) == 0xBF,
            0xBC => (0x81..=0xBF).contains(&next(2)),
            0xBD => (0x80..=0x9E).contains(&next(2)),
            _ => false,
        },
        _ => true, // ASCII whitespace
    }
}

/// The length of the UTF-8 sequence a lead byte starts (1 for continuation bytes, which
/// a scan from a character boundary never meets).
const fn utf8_lengths() -> [u8; 256] {
    let mut t = [1u8; 256];
    let mut b = 0xC0;
    while b < 256 {
        t[b] = if b < 0xE0 {
            2
        } else if b < 0xF0 {
            3
        } else {
            4
        };
        b += 1;
    }
    t
}

const UTF8_LEN: [u8; 256] = utf8_lengths();

const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Bytes of `word` below `n` (n ≤ 0x80) flagged in their high bit. The lowest flag is
/// exact; flags above it may be false (borrows), which a "first candidate" search ignores.
fn bytes_below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(LOW_BITS * u64::from(n)) & !word & HIGH_BITS
}

/// Bytes of `word` equal to `b`, flagged like [`bytes_below`].
fn bytes_equal(word: u64, b: u8) -> u64 {
    bytes_below(word ^ (LOW_BITS * u64::from(b)), 1)
}

/// Candidate bytes of eight at once (SWAR): ASCII whitespace and controls, C2, E2, E3, EF.
fn candidates(word: u64) -> u64 {
    bytes_below(word, 0x21)
        | bytes_equal(word, 0xC2)
        | bytes_equal(word & !LOW_BITS, 0xE2) // E2 and E3
        | bytes_equal(word, 0xEF)
}

/// The next special character at or after byte `from` (a character boundary): (offset,
/// character). Eight bytes are tested at a time; a candidate is then decided on its bytes.
fn next_special(text: &str, mut from: usize) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    loop {
        let at = loop {
            let Some(chunk) = bytes.get(from..from + 8) else {
                let rest = bytes.get(from..)?;
                break from + rest.iter().position(|&b| SPECIAL_LEAD[b as usize])?;
            };
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let found = candidates(u64::from_le_bytes(word));
            if found != 0 {
                break from + (found.trailing_zeros() / 8) as usize;
            }
            from += 8;
        };
        let lead = bytes[at];
        if SPECIAL_LEAD[lead as usize] && is_special_at(bytes, at) {
            let c = text[at..].chars().next()?;
            debug_assert!(is_special(c));
            return Some((at, c));
        }
        from = at + UTF8_LEN[lead as usize] as usize;
    }
}

/// Builds the normalized view of `text`. Runs of ordinary characters are found with a
/// byte table and copied whole; only special characters go through the rules one by one.
pub fn normalize(text: &str) -> NormalizedText {
    let mut out = String::with_capacity(text.len());
    let mut map = OffsetMapBuilder::new();
    // Last original non-space, non-zero-width character seen, to decide "between two CJK".
    let mut previous: Option<char> = None;
    let mut pos = 0;
    while pos < text.len() {
        let Some((at, c)) = next_special(text, pos) else {
            out.push_str(&text[pos..]);
            map.copy(text.len() - pos);
            break;
        };
        if at > pos {
            out.push_str(&text[pos..at]);
            map.copy(at - pos);
            previous = text[pos..at].chars().next_back();
        }
        if !(is_invisible(c) || is_breaking_space(c)) {
            // A full-width form: folded.
            previous = Some(c);
            let f = fold_char(c).unwrap_or(c);
            out.push(f);
            map.replace(c.len_utf8(), f.len_utf8());
            pos = at + c.len_utf8();
            continue;
        }
        // The whole run of spaces and zero-width characters.
        let run_start = at;
        let mut run_end = at;
        let mut only_zero_width = true;
        let mut has_invisible = false;
        for d in text[at..].chars() {
            if !(is_invisible(d) || is_breaking_space(d)) {
                break;
            }
            only_zero_width &= is_invisible(d);
            has_invisible |= is_invisible(d);
            run_end += d.len_utf8();
        }
        pos = run_end;
        let next = text[run_end..].chars().next();
        let paragraph_break = !has_invisible && count_line_breaks(&text[run_start..run_end]) >= 2;
        let joins_cjk = previous.is_some_and(is_cjk)
            && next.is_some_and(is_cjk)
            && !only_zero_width
            && !paragraph_break;
        if joins_cjk || only_zero_width {
            map.delete(run_end - run_start);
            continue;
        }
        // Keep the spaces (folded), drop the zero-width characters inside the run.
        for d in text[run_start..run_end].chars() {
            if is_invisible(d) {
                map.delete(d.len_utf8());
            } else if let Some(f) = fold_char(d) {
                out.push(f);
                map.replace(d.len_utf8(), f.len_utf8());
            } else {
                out.push(d);
                map.copy(d.len_utf8());
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
    fn never_joins_across_paragraph_breaks() {
        assert_eq!(norm("区块\n\n链"), "区块\n\n链");
        assert_eq!(norm("区块\r\n\r\n链"), "区块\r\n\r\n链");
        assert_eq!(norm("区块\u{2029}链"), "区块\u{2029}链");
        assert_eq!(norm("区块\r\n链"), "区块链");
        assert_eq!(norm("区块\u{2028}链"), "区块链");
        assert_eq!(norm("区块\u{85}链"), "区块链");
        assert_eq!(norm("block\u{ad}chain"), "blockchain");
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
            "Ａ", "＋", "０", "。", "，", "x", "数", "\t", "é", "😀", "\u{2029}", "\u{ad}",
            "\u{1}", "“", "\u{a0}", "\u{85}", "\u{2060}", "\u{ff5f}", "\u{c2}",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    #[test]
    fn byte_test_agrees_with_the_character_rules() {
        for c in (0u32..0x11_0000).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let by_bytes = SPECIAL_LEAD[bytes[0] as usize] && is_special_at(bytes, 0);
            assert_eq!(by_bytes, is_special(c), "U+{:04X}", c as u32);
        }
    }

    proptest! {
        /// The word-at-a-time scan finds exactly the special characters, in order, whatever
        /// their alignment (texts of up to 40 pieces of 1–4 bytes).
        #[test]
        fn the_scan_finds_every_special_character(text in arbitrary_text()) {
            let want: Vec<usize> = text
                .char_indices()
                .filter(|(_, c)| is_special(*c))
                .map(|(i, _)| i)
                .collect();
            let mut got = Vec::new();
            let mut from = 0;
            while let Some((at, c)) = next_special(&text, from) {
                got.push(at);
                from = at + c.len_utf8();
            }
            prop_assert_eq!(got, want);
        }

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
