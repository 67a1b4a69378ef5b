//! Failures are data: every input that could not be read, decoded or analyzed becomes a
//! record that the summary, `run.json` and the exit code report. Nothing is dropped silently.

use serde::Serialize;

/// Which stage of the run a failure happened in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureStage {
    /// A path given on the command line.
    Input,
    /// The corpus manifest, or one of its rows.
    Manifest,
    /// Reading a file from disk.
    Read,
    /// Turning bytes into text (empty, binary, undecodable).
    Decode,
    /// A JSONL record.
    Record,
    /// An analyzer's configuration (e.g. a malformed dictionary).
    Config,
    /// A plugin library that could not be loaded.
    Plugin,
    /// An analyzer failing or panicking on one document.
    Analyze,
}

impl FailureStage {
    pub fn as_str(&self) -> &'static str {
        match self {
            FailureStage::Input => "input",
            FailureStage::Manifest => "manifest",
            FailureStage::Read => "read",
            FailureStage::Decode => "decode",
            FailureStage::Record => "record",
            FailureStage::Config => "config",
            FailureStage::Plugin => "plugin",
            FailureStage::Analyze => "analyze",
        }
    }
}

/// One thing that went wrong, naming the file and the problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub stage: FailureStage,
    /// The file at fault (as given or found on disk).
    pub path: String,
    /// The document id, when the failure concerns one document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// One line saying what is wrong.
    pub message: String,
}

impl Failure {
    pub fn new(stage: FailureStage, path: impl Into<String>, message: impl Into<String>) -> Self {
        Failure {
            stage,
            path: path.into(),
            doc: None,
            message: message.into(),
        }
    }

    pub fn with_doc(mut self, doc: impl Into<String>) -> Self {
        self.doc = Some(doc.into());
        self
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let stage = self.stage.as_str();
        // Messages like `dict.toml:3:1: problem` already start with the path.
        if self.message.starts_with(&self.path) {
            write!(f, "{} ({stage})", self.message)
        } else {
            write!(f, "{}: {} ({stage})", self.path, self.message)
        }
    }
}
