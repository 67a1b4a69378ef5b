//! The phrase analyzer: every pattern of a [`PatternSet`] compiled and scanned, findings of
//! one rule never overlapping.

use std::sync::Arc;

use policyscan_api::{
    AnalyzeError, Analyzer, Attrs, Capture, Document, Finding, FindingSink, RuleInfo, Span,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::matcher::{CompiledPattern, RawMatch};
use crate::pattern_file::{PatternSet, PatternSpec};

/// The analyzer id, the prefix of every rule id (`phrase/plus`).
pub const ANALYZER_ID: &str = "phrase";

/// Phrase-pattern matcher. Built once, then shared read-only across threads.
#[derive(Debug, Clone)]
pub struct PhraseAnalyzer {
    set: PatternSet,
    rule_ids: Vec<Arc<str>>,
    labels: Vec<String>,
    compiled: Vec<CompiledPattern>,
    config_hash: String,
}

impl PhraseAnalyzer {
    /// Compile a pattern set.
    pub fn new(set: &PatternSet) -> PhraseAnalyzer {
        let names = set.rule_names();
        let labels = names
            .iter()
            .map(|n| {
                let labels: Vec<&str> = set
                    .patterns()
                    .iter()
                    .filter(|p| p.name == *n)
                    .map(|p| p.label.as_str())
                    .collect();
                labels.join(" | ")
            })
            .collect();
        let compiled = set
            .patterns()
            .iter()
            .map(|p| {
                let rule = names.iter().position(|n| *n == p.name).unwrap_or(0);
                CompiledPattern::new(p, rule)
            })
            .collect();
        PhraseAnalyzer {
            rule_ids: names
                .iter()
                .map(|n| Arc::from(format!("{ANALYZER_ID}/{n}")))
                .collect(),
            labels,
            compiled,
            config_hash: config_hash(set.patterns()),
            set: set.clone(),
        }
    }

    /// The analyzer with the built-in patterns only.
    pub fn builtin() -> PhraseAnalyzer {
        PhraseAnalyzer::new(&PatternSet::builtin())
    }

    /// The patterns this analyzer was built from.
    pub fn patterns(&self) -> &PatternSet {
        &self.set
    }

    /// All findings in `text` (taken as already normalized), in span order.
    pub fn find_all(&self, text: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        self.scan(text, &mut out);
        out
    }

    fn scan(&self, text: &str, sink: &mut dyn FindingSink) {
        let mut per_rule: Vec<Vec<RawMatch>> = vec![Vec::new(); self.rule_ids.len()];
        for pattern in &self.compiled {
            pattern.scan(text, &mut per_rule[pattern.rule]);
        }
        let mut all: Vec<(usize, RawMatch)> = Vec::new();
        for (rule, mut matches) in per_rule.into_iter().enumerate() {
            // Alternatives of one rule: leftmost, then longest, never overlapping.
            matches.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
            let mut last_end = 0;
            for m in matches {
                if m.start >= last_end {
                    last_end = m.end;
                    all.push((rule, m));
                }
            }
        }
        all.sort_by(|(ra, a), (rb, b)| (a.start, a.end, ra).cmp(&(b.start, b.end, rb)));
        for (rule, m) in all {
            let mut attrs = Attrs::new();
            for (name, span) in &m.captures {
                attrs.insert(
                    name.to_string(),
                    serde_json::Value::from(&text[span.start..span.end]),
                );
            }
            attrs.insert("form".into(), serde_json::Value::from(&*m.form));
            sink.push(Finding {
                rule: self.rule_ids[rule].clone(),
                span: Span::new(m.start, m.end),
                captures: m
                    .captures
                    .into_iter()
                    .map(|(name, span)| Capture { name, span })
                    .collect(),
                attrs: Arc::new(attrs),
            });
        }
    }
}

impl Analyzer for PhraseAnalyzer {
    fn id(&self) -> &str {
        ANALYZER_ID
    }

    fn rules(&self) -> Vec<RuleInfo> {
        self.rule_ids
            .iter()
            .zip(&self.labels)
            .map(|(id, label)| RuleInfo {
                id: id.to_string(),
                label: label.clone(),
            })
            .collect()
    }

    fn config_hash(&self) -> String {
        self.config_hash.clone()
    }

    fn analyze(&self, doc: &Document<'_>, sink: &mut dyn FindingSink) -> Result<(), AnalyzeError> {
        self.scan(doc.text, sink);
        Ok(())
    }
}

/// SHA-256 (hex) of the canonical JSON of the effective patterns, in order (order decides
/// rule order and nothing else; it is hashed because it is visible in outputs).
fn config_hash(patterns: &[PatternSpec]) -> String {
    #[derive(Serialize)]
    struct Canonical<'a> {
        format: &'static str,
        patterns: &'a [PatternSpec],
    }
    let bytes = serde_json::to_vec(&Canonical {
        format: "policyscan-phrase/1",
        patterns,
    })
    .unwrap_or_default();
    policyscan_api::hex::to_hex(&Sha256::digest(&bytes))
}

#[cfg(test)]
#[path = "analyzer_tests.rs"]
mod tests;
