//! The "X+" table: which X (区块链, 互联网, AI …) is written with a plus, how often, in which
//! regions and years, and with which Y fillers (政务服务, 医疗 …). Built from `phrase/plus`
//! findings; small whatever the corpus size (one entry per distinct X).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::engine::DocumentResult;
use crate::resolve::ResolvedFinding;

/// The rule whose findings make the table.
pub const PLUS_RULE: &str = "phrase/plus";

/// One X value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PhraseEntry {
    pub x: String,
    pub mentions: usize,
    pub documents: usize,
    /// Mentions per year (`null` = documents without a year).
    pub by_year: BTreeMap<Option<i32>, usize>,
    /// Mentions per region (`unknown` for documents without a region).
    pub by_region: BTreeMap<String, usize>,
    /// Mentions per Y filler ("" = bare `X+`).
    pub fillers: BTreeMap<String, usize>,
}

/// All X values seen in a run.
#[derive(Debug, Clone, Default)]
pub struct PhraseTable {
    entries: BTreeMap<String, PhraseEntry>,
}

/// The X and Y of a finding: the analyzer's `x`/`y` attributes, else the captured text.
pub fn x_and_y(result: &DocumentResult, f: &ResolvedFinding) -> (String, String) {
    let from = |name: &str| -> String {
        if let Some(v) = f.attr(name) {
            return v.to_string();
        }
        f.captures
            .iter()
            .find(|c| &*c.name == name)
            .and_then(|c| result.doc.original.get(c.start..c.end))
            .unwrap_or_default()
            .to_string()
    };
    (from("x"), from("y"))
}

impl PhraseTable {
    pub fn add(&mut self, result: &DocumentResult) {
        let meta = result.meta();
        let mut seen_in_doc: BTreeSet<String> = BTreeSet::new();
        for f in result.findings.iter().filter(|f| &*f.rule == PLUS_RULE) {
            let (x, y) = x_and_y(result, f);
            if x.is_empty() {
                continue;
            }
            let entry = self
                .entries
                .entry(x.clone())
                .or_insert_with(|| PhraseEntry {
                    x: x.clone(),
                    ..Default::default()
                });
            entry.mentions += 1;
            if seen_in_doc.insert(x) {
                entry.documents += 1;
            }
            *entry.by_year.entry(meta.year).or_default() += 1;
            *entry
                .by_region
                .entry(meta.region.unwrap_or("unknown").to_string())
                .or_default() += 1;
            *entry.fillers.entry(y).or_default() += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries, most mentioned first (ties by X, so the order is stable).
    pub fn ranked(&self) -> Vec<&PhraseEntry> {
        let mut v: Vec<&PhraseEntry> = self.entries.values().collect();
        v.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.x.cmp(&b.x)));
        v
    }
}
