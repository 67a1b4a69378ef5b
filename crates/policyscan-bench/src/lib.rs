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
struct CountRule(u64, Option<&'static str>);

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
fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Paired rounds: in each, every variant runs for about 20 ms (at least once), in an order
/// that rotates and reverses from round to round, and the round yields each other
/// variant's time as a ratio to the first one's. The median of those ratios is robust to
/// the machine's drift, which moves all variants of a round alike. Returns each variant's
/// median time (seconds per run) and, for variants 1.., the per-round ratios.
pub fn paired_rounds(
    rounds: usize,
    variants: &mut [&mut dyn FnMut()],
) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = variants.len();
    let once = {
        let t = std::time::Instant::now();
        variants[0]();
        t.elapsed().as_secs_f64()
    };
    let repeats = ((0.02 / once.max(1e-9)) as usize).clamp(1, 50);
    let mut times = vec![Vec::new(); n];
    let mut ratios = vec![Vec::new(); n.saturating_sub(1)];
    for round in 0..rounds {
        let mut order: Vec<usize> = (0..n).map(|k| (round + k) % n).collect();
        if (round / n) % 2 == 1 {
            order.reverse();
        }
        let mut t = vec![0.0; n];
        for v in order {
            let start = std::time::Instant::now();
            for _ in 0..repeats {
                variants[v]();
            }
            t[v] = start.elapsed().as_secs_f64() / repeats as f64;
        }
        for v in 1..n {
            ratios[v - 1].push(t[v] / t[0]);
        }
        for v in 0..n {
            times[v].push(t[v]);
        }
    }
    (times.into_iter().map(median).collect(), ratios)
}

/// Per-round ratios as "median M (quartiles Q1–Q3)".
pub fn describe_ratios(mut ratios: Vec<f64>) -> String {
    ratios.sort_by(f64::total_cmp);
    let at = |q: usize| ratios[(ratios.len() * q / 4).min(ratios.len() - 1)];
    format!("median {:.3} (quartiles {:.3}–{:.3})", at(2), at(1), at(3))
}

/// Runs the engine over `plan` (the whole job but writing the outputs) and returns how many
/// findings and failures it reported, keeping nothing.
pub fn count_run(
    plan: &policyscan_corpus::CorpusPlan,
    analyzers: &[Box<dyn policyscan_api::Analyzer>],
    options: &policyscan_host::RunOptions,
) -> (u64, usize) {
    struct Count(u64, usize);
    impl policyscan_host::RunSink for Count {
        fn document(&mut self, result: policyscan_host::DocumentResult) -> Result<(), String> {
            self.0 += result.findings.len() as u64;
            Ok(())
        }
        fn failure(&mut self, _failure: policyscan_corpus::Failure) -> Result<(), String> {
            self.1 += 1;
            Ok(())
        }
    }
    let mut count = Count(0, 0);
    policyscan_host::engine::run(plan, analyzers, options, &mut count).expect("run");
    (count.0, count.1)
}

/// Runs `analyzer` over `docs` and returns how many findings it reported, without keeping
/// them, as a streaming consumer would.
pub fn count_findings(
    analyzer: &dyn policyscan_api::Analyzer,
    docs: &[policyscan_corpus::LoadedDocument],
) -> u64 {
    count_rule_findings(analyzer, docs, None)
}
