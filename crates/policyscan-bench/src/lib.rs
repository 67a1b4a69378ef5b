//! Shared set-up for policyscan's criterion benches: which corpus to measure and how many
//! findings it must produce (every bench asserts its count, so a fast wrong answer fails).
//!
//! The corpus is `$POLICYSCAN_BENCH_CORPUS` when set (e.g. `target/bench-corpus/1g`, made by
//! `cargo xtask bench-corpus --size 1g`, with its truth file beside it), else the bundled
//! sample corpus with its truth file.

use std::path::{Path, PathBuf};

pub mod cdylib;

/// A corpus to benchmark and the keyword findings the built-in dictionary must report on it.
#[derive(Debug, Clone)]
pub struct BenchCorpus {
    pub root: PathBuf,
    pub expected_keyword_findings: u64,
    /// `phrase/plus` findings: the truth file's `phrase_findings` for a generated corpus;
    /// for the sample corpus, the number of plus signs in its normalized text, every one of
    /// which belongs to a planted “X+Y” phrase.
    pub expected_phrase_findings: u64,
    /// Citation findings: the truth file's `citation_findings` for a generated corpus
    /// (every 《 there opens a planted title followed by its 文号: two findings); for the
    /// sample corpus, the sum of its documents' planted `citation_findings`.
    pub expected_citation_findings: u64,
}

/// The workspace root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read truth file {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad truth file {}: {e}", path.display()))
}

/// The corpus the benches run on.
pub fn bench_corpus() -> BenchCorpus {
    if let Ok(dir) = std::env::var("POLICYSCAN_BENCH_CORPUS") {
        let root = PathBuf::from(dir);
        let name = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let truth = read_json(&root.with_file_name(format!("{name}.truth.json")));
        let count = |key: &str| {
            truth[key]
                .as_u64()
                .unwrap_or_else(|| panic!("{key} in the truth file of {name}"))
        };
        return BenchCorpus {
            expected_keyword_findings: count("keyword_findings"),
            expected_phrase_findings: count("phrase_findings"),
            expected_citation_findings: count("citation_findings"),
            root,
        };
    }
    let root = repo_root().join("fixtures/corpus/sample");
    let truth = read_json(&repo_root().join("fixtures/corpus/sample.truth.json"));
    let expected = truth["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .flat_map(|d| {
            d["mentions"]
                .as_object()
                .into_iter()
                .flat_map(|m| m.values())
        })
        .filter_map(|v| v.as_u64())
        .sum();
    let gaz = policyscan_corpus::Gazetteer::standard();
    let plan = policyscan_corpus::plan_corpus(std::slice::from_ref(&root), gaz);
    let phrases = plan
        .files
        .iter()
        .filter_map(|f| policyscan_corpus::load_file(f, gaz).ok())
        .map(|(d, _)| d.normalized.text.matches('+').count() as u64)
        .sum();
    let citations = truth["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["citation_findings"].as_u64())
        .sum();
    BenchCorpus {
        root,
        expected_keyword_findings: expected,
        expected_phrase_findings: phrases,
        expected_citation_findings: citations,
    }
}

/// The text documents of `root`, loaded and normalized in memory (JSONL left out), so a
/// bench measures an analyzer, not the disk.
pub fn load_documents(root: &Path) -> Vec<policyscan_corpus::LoadedDocument> {
    let gaz = policyscan_corpus::Gazetteer::standard();
    let plan = policyscan_corpus::plan_corpus(&[root.to_path_buf()], gaz);
    plan.files
        .iter()
        .filter(|f| f.format != policyscan_corpus::FileFormat::Jsonl)
        .filter_map(|f| policyscan_corpus::load_file(f, gaz).ok().map(|(d, _)| d))
        .collect()
}

/// Counts the findings of one rule (all rules when `None`).
#[derive(Debug, Default)]
pub struct CountRule(pub u64, pub Option<&'static str>);

impl policyscan_api::FindingSink for CountRule {
    fn push(&mut self, finding: policyscan_api::Finding) {
        if self.1.is_none_or(|r| *finding.rule == *r) {
            self.0 += 1;
        }
    }
}

/// Runs `analyzer` over `docs`: findings of `rule` (all when `None`).
pub fn count_rule_findings(
    analyzer: &dyn policyscan_api::Analyzer,
    docs: &[policyscan_corpus::LoadedDocument],
    rule: Option<&'static str>,
) -> u64 {
    let mut count = CountRule(0, rule);
    for d in docs {
        let view = policyscan_api::Document {
            id: &d.meta.id,
            text: &d.normalized.text,
            region: None,
            year: None,
        };
        analyzer.analyze(&view, &mut count).expect("analyze");
    }
    count.0
}

/// The median of `v` (the upper one of an even count).
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Median seconds of `a` and of `b` over `rounds` runs each, interleaved (a b, b a, …) so
/// that drift in machine speed affects both alike.
pub fn interleaved_medians(rounds: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> (f64, f64) {
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    let time = |f: &mut dyn FnMut(), into: &mut Vec<f64>| {
        let t = std::time::Instant::now();
        f();
        into.push(t.elapsed().as_secs_f64());
    };
    for round in 0..rounds {
        if round % 2 == 0 {
            time(&mut a, &mut ta);
            time(&mut b, &mut tb);
        } else {
            time(&mut b, &mut tb);
            time(&mut a, &mut ta);
        }
    }
    (median(ta), median(tb))
}

/// Runs `analyzer` over `docs` and returns how many findings it reported, without keeping
/// them, as a streaming consumer would.
pub fn count_findings(
    analyzer: &dyn policyscan_api::Analyzer,
    docs: &[policyscan_corpus::LoadedDocument],
) -> u64 {
    count_rule_findings(analyzer, docs, None)
}
