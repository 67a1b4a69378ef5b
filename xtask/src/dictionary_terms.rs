//! The terms of the built-in keyword dictionary, indexed for the generators' checks: which
//! concept a planted term counts for, and where any term occurs in a generated text.
//!
//! Matching here is deliberately *more* eager than the analyzer's: every occurrence of every
//! term (overlapping, blockers included) is reported, and a Latin term only needs no ASCII
//! letter or digit on either side. The generators require all such occurrences to be inside
//! their plants, so the analyzer's leftmost-longest findings are exactly the plants.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use anyhow::{Context, Result};

/// One dictionary term.
#[derive(Debug, Clone)]
pub struct TermEntry {
    pub text: String,
    /// The concept id it counts for; `None` for a blocker term.
    pub concept: Option<String>,
}

/// All terms of a dictionary, with an automaton over them.
#[derive(Debug)]
pub struct TermIndex {
    entries: Vec<TermEntry>,
    /// Lower-cased term → index in `entries`.
    by_text: BTreeMap<String, usize>,
    automaton: AhoCorasick,
}

impl TermIndex {
    pub fn new(entries: Vec<TermEntry>) -> Result<TermIndex> {
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(entries.iter().map(|e| e.text.as_str()))
            .context("building the term automaton")?;
        let by_text = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.text.to_lowercase(), i))
            .collect();
        Ok(TermIndex {
            entries,
            by_text,
            automaton,
        })
    }

    /// The terms of the built-in keyword dictionary.
    pub fn builtin() -> Result<TermIndex> {
        TermIndex::new(crate::builtin_dictionary::entries()?)
    }

    pub fn entries(&self) -> &[TermEntry] {
        &self.entries
    }

    /// The concept a counted term belongs to (Latin terms case-insensitively).
    pub fn concept_of(&self, term: &str) -> Option<&str> {
        let i = *self.by_text.get(&term.to_lowercase())?;
        self.entries[i].concept.as_deref()
    }

    pub fn is_blocker(&self, term: &str) -> bool {
        self.by_text
            .get(&term.to_lowercase())
            .is_some_and(|&i| self.entries[i].concept.is_none())
    }

    pub fn same_term(&self, a: &str, b: &str) -> bool {
        a.to_lowercase() == b.to_lowercase()
    }

    /// Every occurrence (byte offset, term) of every term in `text`, overlapping, Latin
    /// terms only where no ASCII letter or digit touches them.
    pub fn occurrences(&self, text: &str) -> Vec<(usize, String)> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        for m in self.automaton.find_overlapping_iter(text) {
            let term = &self.entries[m.pattern().as_usize()].text;
            let (first, last) = (term.as_bytes()[0], term.as_bytes()[term.len() - 1]);
            if first.is_ascii_alphanumeric()
                && m.start() > 0
                && bytes[m.start() - 1].is_ascii_alphanumeric()
            {
                continue;
            }
            if last.is_ascii_alphanumeric()
                && m.end() < bytes.len()
                && bytes[m.end()].is_ascii_alphanumeric()
            {
                continue;
            }
            out.push((m.start(), term.clone()));
        }
        out
    }

    /// Number of occurrences, as [`TermIndex::occurrences`] counts them.
    pub fn count(&self, text: &str) -> usize {
        self.occurrences(text).len()
    }

    /// Counted terms of `concept` that hold no other term (so a bare plant is one finding).
    pub fn atomic_terms(&self, concept: &str) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|e| e.concept.as_deref() == Some(concept))
            .filter(|e| self.count(&e.text) == 1)
            .map(|e| e.text.as_str())
            .collect()
    }
}
