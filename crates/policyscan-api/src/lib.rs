//! The analyzer contract: what an analyzer sees ([`Document`]), what it reports
//! ([`Finding`]) and how it is built ([`AnalyzerFactory`]).
//!
//! Analyzers work on the *normalized* text of a document and report spans in it; the host
//! maps those spans back to the original text. This keeps every analyzer free of encoding,
//! width-folding and line-break concerns, and keeps provenance exact.

mod analyzer;
pub mod config_file;
mod document;
pub mod fast_hash;
pub mod ffi;
mod finding;
pub mod hex;
mod plugin_export;
pub mod span_check;
pub mod text_position;
pub mod text_rules;

pub use analyzer::{
    Analyzer, AnalyzerFactory, AnalyzerInfo, BuiltAnalyzer, ConfigProblem, Example,
    ExpectedFinding, RuleInfo,
};
pub use document::Document;
pub use finding::{Attrs, Capture, Finding, FindingSink, Span};
/// Re-exported so plugin crates use the same JSON types as the contract.
pub use serde_json;

/// An analyzer failed on one document; the host records it and goes on with the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzeError {
    pub message: String,
    /// The analyzer panicked (caught): after repeated panics the host disables it.
    pub panicked: bool,
}

impl AnalyzeError {
    pub fn new(message: impl Into<String>) -> Self {
        AnalyzeError {
            message: message.into(),
            panicked: false,
        }
    }

    pub fn panic(message: impl Into<String>) -> Self {
        AnalyzeError {
            message: message.into(),
            panicked: true,
        }
    }
}

impl std::fmt::Display for AnalyzeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AnalyzeError {}
