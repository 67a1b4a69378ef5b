//! Helpers for end-to-end tests that run the real `policyscan` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

pub fn sample_corpus() -> PathBuf {
    repo_root().join("fixtures/corpus/sample")
}

pub fn broken_corpus() -> PathBuf {
    repo_root().join("fixtures/corpus/broken")
}

/// The real reports, outside the repository; `None` (with a printed notice) when absent.
pub fn real_corpus() -> Option<PathBuf> {
    let p = repo_root().join("../shared/corpus/real");
    if p.join("MANIFEST.tsv").is_file() {
        Some(p)
    } else {
        println!(
            "NOTICE: {} not found; real-corpus checks skipped",
            p.display()
        );
        None
    }
}

pub fn policyscan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_policyscan"))
        .args(args)
        .output()
        .expect("run policyscan")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Reads a CSV file into (header, rows of string maps).
pub fn read_csv(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).expect("open csv");
    let headers = r.headers().expect("headers").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Runs `policyscan analyze CORPUS --out TMP -q EXTRA...`; the output directory lives as long
/// as the returned guard.
pub fn analyze_into(corpus: &Path, extra: &[&str]) -> (Output, tempfile::TempDir) {
    let out = tempfile::tempdir().expect("tempdir");
    let mut args = vec![
        "analyze",
        corpus.to_str().expect("utf8 path"),
        "--out",
        out.path().to_str().expect("utf8 path"),
        "-q",
    ];
    args.extend_from_slice(extra);
    (policyscan(&args), out)
}

/// A truth file written by `cargo xtask fixtures` (`fixtures/corpus/NAME.truth.json`).
pub fn truth(name: &str) -> serde_json::Value {
    let path = repo_root().join(format!("fixtures/corpus/{name}.truth.json"));
    let text = std::fs::read_to_string(&path).expect("truth file");
    serde_json::from_str(&text).expect("truth json")
}
