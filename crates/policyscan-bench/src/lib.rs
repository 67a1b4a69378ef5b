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
        let expected = truth["keyword_findings"]
            .as_u64()
            .expect("keyword_findings in truth file");
        return BenchCorpus {
            root,
            expected_keyword_findings: expected,
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
    BenchCorpus {
        root,
        expected_keyword_findings: expected,
    }
}
