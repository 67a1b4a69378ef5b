//! `run.json`: what was run, on what, with which rules, and what happened, so a published
//! number can be re-derived and checked.

use serde::Serialize;

use policyscan_corpus::{Failure, SkippedFile};

#[derive(Debug, Serialize)]
pub struct AnalyzerRecord {
    pub id: String,
    /// `built-in`, or the path of the plugin library.
    pub origin: String,
    pub config_hash: String,
    pub rules: Vec<RuleRecord>,
}

#[derive(Debug, Serialize)]
pub struct RuleRecord {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct InputFile {
    pub doc: String,
    pub path: String,
    pub sha256: String,
    pub bytes: usize,
    pub encoding: String,
}

#[derive(Debug, Serialize)]
pub struct Counts {
    pub documents: usize,
    pub findings: usize,
    pub failures: usize,
    pub skipped: usize,
}

#[derive(Debug, Serialize)]
pub struct RunRecord {
    pub tool: &'static str,
    pub version: &'static str,
    pub arguments: Vec<String>,
    pub threads: usize,
    pub analyzers: Vec<AnalyzerRecord>,
    /// The keyword analyzer's dictionary hash (also in each finding's `config`).
    pub dictionary_hash: Option<String>,
    pub inputs: Vec<String>,
    pub manifests: Vec<String>,
    pub counts: Counts,
    pub files: Vec<InputFile>,
    pub failures: Vec<Failure>,
    pub skipped: Vec<SkippedFile>,
}
