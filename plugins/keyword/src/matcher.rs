//! The term automaton and the boundary rules.
//!
//! One Aho-Corasick automaton (leftmost-longest, ASCII case-insensitive) holds every term,
//! blocker and traditional variant of every concept. Patterns that differ only in ASCII case
//! share one automaton pattern with several owners, so a term listed by two concepts yields
//! one finding per concept.

use std::collections::HashMap;

use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};
use policyscan_api::text_rules::normalize_pattern;
use policyscan_api::Attrs;

use crate::dictionary::Dictionary;
use crate::traditional::S2t;

/// What a pattern means for one concept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    /// A term counts; `term` is the dictionary term as written, `traditional` tells whether
    /// the pattern is a generated traditional variant of it.
    Term {
        term: String,
        traditional: bool,
        /// The finding attributes for this (concept, term, script), built once.
        attrs: Arc<Attrs>,
    },
    /// A blocker claims the span and counts for nothing.
    Blocker,
}

/// The role of a term of concept `concept_id`, with its finding attributes.
fn term_role(concept_id: &str, term: &str, traditional: bool) -> Role {
    let mut attrs = Attrs::new();
    attrs.insert("term".into(), term.into());
    attrs.insert("concept".into(), concept_id.into());
    if traditional {
        attrs.insert("script".into(), "traditional".into());
    }
    Role::Term {
        term: term.to_string(),
        traditional,
        attrs: Arc::new(attrs),
    }
}

/// One concept's claim on a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Owner {
    /// Index of the concept in the dictionary.
    pub concept: usize,
    pub role: Role,
}

#[derive(Debug, Clone)]
struct Pattern {
    len: usize,
    /// The pattern starts / ends with an ASCII alphanumeric: the word-boundary rule applies.
    latin_start: bool,
    latin_end: bool,
    /// Owners ordered by concept index.
    owners: Vec<Owner>,
    /// Other patterns that are proper prefixes of this one, longest first: the fallbacks
    /// when this one fails the boundary rule at a position.
    prefixes: Vec<usize>,
}

/// The compiled automaton with its pattern table.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    ac: AhoCorasick,
    patterns: Vec<Pattern>,
    /// The automaton's patterns as strings, in pattern order.
    keys: Vec<String>,
}

/// An accepted match: a span and the owners of the pattern that matched.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit<'m> {
    pub start: usize,
    pub end: usize,
    pub owners: &'m [Owner],
}

impl Hit<'_> {
    /// A hit with no owners, to fill buffers with.
    pub const NONE: Hit<'static> = Hit {
        start: 0,
        end: 0,
        owners: &[],
    };
}

impl Matcher {
    /// Build the automaton for a dictionary. Fails only when the automaton would exceed the
    /// `aho-corasick` size limits.
    pub fn build(dict: &Dictionary, s2t: &S2t) -> Result<Matcher, aho_corasick::BuildError> {
        let mut table = PatternTable::default();
        let concepts = dict.concepts();
        // Explicit terms first, then blockers, then generated variants: when one concept
        // claims the same pattern twice (e.g. "AI" and "ai"), the first claim wins.
        for (ci, c) in concepts.iter().enumerate() {
            for t in &c.terms {
                table.add(
                    t,
                    Owner {
                        concept: ci,
                        role: term_role(&c.id, t, false),
                    },
                );
            }
        }
        for (ci, c) in concepts.iter().enumerate() {
            for b in &c.blockers {
                table.add(
                    b,
                    Owner {
                        concept: ci,
                        role: Role::Blocker,
                    },
                );
            }
        }
        for (ci, c) in concepts.iter().enumerate() {
            let written: Vec<String> = c
                .terms
                .iter()
                .chain(&c.blockers)
                .map(|s| s.to_ascii_lowercase())
                .collect();
            for t in &c.terms {
                for v in s2t.variants(t) {
                    if !written.contains(&v.to_ascii_lowercase()) {
                        let role = term_role(&c.id, t, true);
                        table.add(&v, Owner { concept: ci, role });
                    }
                }
            }
            for b in &c.blockers {
                for v in s2t.variants(b) {
                    if !written.contains(&v.to_ascii_lowercase()) {
                        table.add(
                            &v,
                            Owner {
                                concept: ci,
                                role: Role::Blocker,
                            },
                        );
                    }
                }
            }
        }
        table.finish()
    }

    /// Number of distinct automaton patterns.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// The automaton's patterns (matched ASCII case-insensitively).
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// Report accepted, non-overlapping matches in text order.
    ///
    /// The automaton proposes the leftmost-longest match from the current position. If it
    /// fails the boundary rule, shorter patterns matching at the same start are tried
    /// (longest first); if none passes, scanning resumes one character after the rejected
    /// start, so a rejected candidate ("AI" in "SAID") never hides a later valid one.
    pub fn scan<'m>(&'m self, text: &str, mut emit: impl FnMut(Hit<'m>)) {
        let mut at = 0;
        while at < text.len() {
            let Some(m) = self.ac.find(Input::new(text).range(at..)) else {
                break;
            };
            let start = m.start();
            match self.accept(text, start, m.pattern().as_usize()) {
                Some(pid) => {
                    let p = &self.patterns[pid];
                    emit(Hit {
                        start,
                        end: start + p.len,
                        owners: &p.owners,
                    });
                    at = start + p.len;
                }
                None => at = start + text[start..].chars().next().map_or(1, char::len_utf8),
            }
        }
    }

    fn accept(&self, text: &str, start: usize, pid: usize) -> Option<usize> {
        let p = self.patterns.get(pid)?;
        std::iter::once(pid)
            .chain(p.prefixes.iter().copied())
            .find(|&id| {
                let q = &self.patterns[id];
                (!q.latin_start || !text[..start].chars().next_back().is_some_and(is_word_char))
                    && (!q.latin_end
                        || !text[start + q.len..]
                            .chars()
                            .next()
                            .is_some_and(is_word_char))
            })
    }
}

#[derive(Default)]
struct PatternTable {
    /// Lower-cased (ASCII) pattern → index.
    index: HashMap<String, usize>,
    keys: Vec<String>,
    owners: Vec<Vec<Owner>>,
}

impl PatternTable {
    fn add(&mut self, pattern: &str, owner: Owner) {
        if pattern.is_empty() {
            return;
        }
        // Patterns are written the way the normalized text looks (ＡＩ → AI, 区块链＋ → 区块链+),
        // or a term typed with full-width forms would silently never match.
        let key = normalize_pattern(pattern).to_ascii_lowercase();
        if key.is_empty() {
            return;
        }
        let id = match self.index.get(&key) {
            Some(&id) => id,
            None => {
                let id = self.keys.len();
                self.index.insert(key.clone(), id);
                self.keys.push(key);
                self.owners.push(Vec::new());
                id
            }
        };
        let owners = &mut self.owners[id];
        if !owners.iter().any(|o| o.concept == owner.concept) {
            owners.push(owner);
        }
    }

    fn finish(self) -> Result<Matcher, aho_corasick::BuildError> {
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            // A full DFA: a few thousand patterns fit in a few MB, and the scan is the hot
            // loop of every run (measured by the keyword bench).
            .kind(Some(AhoCorasickKind::DFA))
            .build(&self.keys)?;
        let patterns = self
            .keys
            .iter()
            .zip(self.owners)
            .map(|(key, mut owners)| {
                owners.sort_by_key(|o| o.concept);
                let mut prefixes: Vec<usize> = key
                    .char_indices()
                    .skip(1)
                    .filter_map(|(i, _)| self.index.get(&key[..i]).copied())
                    .collect();
                prefixes.reverse();
                Pattern {
                    len: key.len(),
                    latin_start: key
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphanumeric()),
                    latin_end: key
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_ascii_alphanumeric()),
                    owners,
                    prefixes,
                }
            })
            .collect();
        Ok(Matcher {
            ac,
            patterns,
            keys: self.keys,
        })
    }
}

/// A character that continues a Latin word: ASCII letters and digits, and letters or digits
/// of other alphabetic scripts (é, Cyrillic …). CJK characters are not word characters, so
/// "推进5G建设" and "发展AI产业" match.
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() && !is_cjk(c)
    }
}

/// Han ideographs, kana, hangul and bopomofo (scripts written without spaces).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF       // Hangul Jamo
        | 0x2E80..=0x2FDF     // CJK radicals, Kangxi radicals
        | 0x3005..=0x3007     // 々 〆 〇
        | 0x3021..=0x3029     // Hangzhou numerals
        | 0x3040..=0x30FF     // Hiragana, Katakana
        | 0x3100..=0x312F     // Bopomofo
        | 0x3130..=0x318F     // Hangul compatibility Jamo
        | 0x31A0..=0x31FF     // Bopomofo ext., Katakana ext.
        | 0x3400..=0x4DBF     // CJK ext. A
        | 0x4E00..=0x9FFF     // CJK unified ideographs
        | 0xA960..=0xA97F     // Hangul Jamo ext. A
        | 0xAC00..=0xD7FF     // Hangul syllables, Jamo ext. B
        | 0xF900..=0xFAFF     // CJK compatibility ideographs
        | 0xFF66..=0xFF9F     // half-width Katakana
        | 0x20000..=0x3FFFF   // CJK ext. B and later
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_chars() {
        assert!(is_word_char('a'));
        assert!(is_word_char('Z'));
        assert!(is_word_char('7'));
        assert!(is_word_char('é'));
        assert!(is_word_char('ж'));
        assert!(!is_word_char('区'));
        assert!(!is_word_char('の'));
        assert!(!is_word_char('-'));
        assert!(!is_word_char(' '));
        assert!(!is_word_char('+'));
        assert!(!is_word_char('，'));
    }

    #[test]
    fn builtin_patterns_belong_to_one_concept_each() {
        let dict = Dictionary::builtin();
        let m = Matcher::build(&dict, S2t::embedded()).expect("builds");
        for p in &m.patterns {
            assert_eq!(p.owners.len(), 1, "{:?}", p.owners);
        }
    }

    #[test]
    fn prefixes_are_longest_first() {
        let dict: Dictionary = [crate::Concept {
            id: "x".into(),
            label: "x".into(),
            terms: vec!["big".into(), "big data".into(), "big data center".into()],
            blockers: vec![],
        }]
        .into_iter()
        .collect();
        let m = Matcher::build(&dict, &S2t::default()).expect("builds");
        assert_eq!(m.pattern_count(), 3);
        assert_eq!(m.patterns[2].prefixes, vec![1, 0]);
    }
}
