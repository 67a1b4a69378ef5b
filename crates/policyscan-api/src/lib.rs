//! The analyzer contract: what an analyzer sees ([`Document`]), what it reports
//! ([`Finding`]) and how it is built ([`AnalyzerFactory`]).
//!
//! Analyzers work on the *normalized* text of a document and report spans in it; the host
//! maps those spans back to the original text. This keeps every analyzer free of encoding,
//! width-folding and line-break concerns, and keeps provenance exact.

mod analyzer;
mod document;
mod finding;
pub mod text_rules;

pub use analyzer::{
    Analyzer, AnalyzerFactory, AnalyzerInfo, BuiltAnalyzer, ConfigProblem, RuleInfo,
};
pub use document::Document;
pub use finding::{Attrs, Capture, Finding, FindingSink, Span};

/// An analyzer failed on one document; the host records it and goes on with the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzeError(pub String);

impl std::fmt::Display for AnalyzeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for AnalyzeError {}
