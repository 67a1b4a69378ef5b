use crate::{AnalyzeError, Document, FindingSink};

/// What a rule means, so that outputs can name a column after it and explain it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleInfo {
    /// Full rule id, `analyzer/rule`, e.g. `keyword/blockchain`.
    pub id: String,
    /// Human label, e.g. `区块链 / blockchain`.
    pub label: String,
}

/// Static facts about an analyzer kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzerInfo {
    /// Short id used on the command line and as the rule prefix (`keyword`).
    pub id: &'static str,
    pub version: &'static str,
    pub description: &'static str,
}

/// A built analyzer. Built once from its configuration, then shared read-only across
/// threads, which is why it must be `Send + Sync`.
pub trait Analyzer: Send + Sync {
    /// The analyzer id, the prefix of every rule id it reports.
    fn id(&self) -> &str;

    /// Every rule this analyzer may report, in the order outputs should list them.
    fn rules(&self) -> Vec<RuleInfo>;

    /// A stable hash (hex) of the effective configuration (e.g. the dictionary), recorded in
    /// the run manifest and in each finding so results can be traced to the exact rules.
    fn config_hash(&self) -> String;

    /// Report findings for `doc`, in span order.
    fn analyze(&self, doc: &Document<'_>, sink: &mut dyn FindingSink) -> Result<(), AnalyzeError>;
}

/// A problem in an analyzer's configuration that did not stop it from being built (e.g. one
/// of several dictionary files is malformed and was left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// The file at fault, when there is one.
    pub path: Option<String>,
    /// One line: where (line, column) and what.
    pub message: String,
}

/// An analyzer together with the configuration problems met while building it.
pub struct BuiltAnalyzer {
    pub analyzer: Box<dyn Analyzer>,
    pub problems: Vec<ConfigProblem>,
}

impl std::fmt::Debug for BuiltAnalyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuiltAnalyzer")
            .field("analyzer", &self.analyzer.id())
            .field("problems", &self.problems)
            .finish()
    }
}

/// Builds an analyzer from a JSON configuration. JSON keeps the contract independent of any
/// one analyzer's options and can cross the C ABI unchanged.
pub trait AnalyzerFactory: Send + Sync {
    fn info(&self) -> AnalyzerInfo;

    /// Build the analyzer. An `Err` means it cannot run at all (the message says why).
    fn create(&self, config: &serde_json::Value) -> Result<BuiltAnalyzer, String>;

    /// Texts with the findings the analyzer must report on them (default configuration):
    /// `policyscan plugins check` runs them as the plugin's self-test.
    fn examples(&self) -> Vec<Example> {
        Vec::new()
    }
}

/// A self-test case: an input text and the findings expected on it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Example {
    /// The input, as a document would contain it (the host normalizes it first).
    pub text: String,
    /// Every finding expected, in span order.
    pub expected: Vec<ExpectedFinding>,
}

/// One expected finding of an [`Example`]: its rule and the normalized text it covers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExpectedFinding {
    pub rule: String,
    pub text: String,
}

impl Example {
    /// An example from its text and (rule, normalized text) pairs, in span order.
    pub fn new(text: impl Into<String>, expected: &[(&str, &str)]) -> Example {
        Example {
            text: text.into(),
            expected: expected
                .iter()
                .map(|(rule, text)| ExpectedFinding {
                    rule: rule.to_string(),
                    text: text.to_string(),
                })
                .collect(),
        }
    }
}
