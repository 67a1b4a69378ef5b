//! Building the citation analyzer from its JSON configuration.
//!
//! ```json
//! {"registry_files": ["my_registry.toml"], "use_default_registry": true, "config_file": "more.toml"}
//! ```
//! Every key is optional. `registry_files` is what `policyscan analyze --registry FILE`
//! passes; `config_file` is the file of `--plugin-config citation=FILE` (one more registry
//! file, read after `registry_files`); `use_default_registry: false` drops the bundled
//! registry of central documents.

use policyscan_api::config_file::load_files;
use policyscan_api::{AnalyzerFactory, AnalyzerInfo, BuiltAnalyzer, ConfigProblem, Example};
use serde::{Deserialize, Serialize};

use crate::analyzer::{CitationAnalyzer, ANALYZER_ID, RULE_DOC_NUMBER, RULE_ENGLISH, RULE_TITLE};
use crate::registry::{Registry, RegistryFile};

/// The citation analyzer's configuration (the JSON given to [`CitationFactory`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CitationConfig {
    /// Registry files merged over the bundled registry, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub registry_files: Vec<String>,
    /// Keep the bundled registry (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_default_registry: Option<bool>,
    /// One more registry file, read last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_file: Option<String>,
}

impl CitationConfig {
    /// Read the configuration from JSON; `null` means all defaults.
    pub fn from_json(config: &serde_json::Value) -> Result<CitationConfig, String> {
        policyscan_api::config_file::from_json(ANALYZER_ID, config)
    }

    /// Load the registry files and compose the registry. Files that cannot be read or
    /// parsed are left out and reported as problems. An empty registry is allowed: titles,
    /// numbers and English citations are still found, only without canonical ids.
    pub fn registry(&self) -> (Registry, Vec<ConfigProblem>) {
        let paths = self.registry_files.iter().chain(self.config_file.iter());
        let (files, problems) = load_files(paths, "registry file", RegistryFile::parse);
        let registry = Registry::compose(self.use_default_registry.unwrap_or(true), &files);
        (registry, problems)
    }
}

/// Factory of [`CitationAnalyzer`]s.
#[derive(Debug, Clone, Copy, Default)]
pub struct CitationFactory;

impl CitationFactory {
    /// Build from a typed configuration.
    pub fn build(&self, config: &CitationConfig) -> (CitationAnalyzer, Vec<ConfigProblem>) {
        let (registry, problems) = config.registry();
        (CitationAnalyzer::new(registry), problems)
    }
}

impl AnalyzerFactory for CitationFactory {
    fn info(&self) -> AnalyzerInfo {
        AnalyzerInfo {
            id: ANALYZER_ID,
            version: env!("CARGO_PKG_VERSION"),
            description: "Policy citations: 《》 titles (law, plan, policy, treaty, official, \
                          short form, work), 文号 (国办发〔2019〕58号), issuers, short forms \
                          resolved within a document, English forms; canonical ids from a \
                          registry of central documents.",
        }
    }

    fn create(&self, config: &serde_json::Value) -> Result<BuiltAnalyzer, String> {
        let config = CitationConfig::from_json(config)?;
        let (analyzer, problems) = self.build(&config);
        Ok(BuiltAnalyzer {
            analyzer: Box::new(analyzer),
            problems,
        })
    }

    fn examples(&self) -> Vec<Example> {
        vec![
            Example::new("贯彻《国务院办公厅关于加快推进政务服务“跨省通办”的指导意见》（国办发〔2020〕35号）。", &[
                    (RULE_TITLE, "《国务院办公厅关于加快推进政务服务“跨省通办”的指导意见》"),
                    (RULE_DOC_NUMBER, "国办发〔2020〕35号"),
                ]),
            Example::new("落实《国务院关于印发〈新一代人工智能发展规划〉的通知》，观看电视剧《山海情》。", &[
                    (RULE_TITLE, "《国务院关于印发〈新一代人工智能发展规划〉的通知》"),
                    (RULE_TITLE, "〈新一代人工智能发展规划〉"),
                    (RULE_TITLE, "《山海情》"),
                ]),
            Example::new("审议《纲要草案》前，先学习《中华人民共和国数据安全法》；按照国发 [2015] 40 号文件。", &[
                    (RULE_TITLE, "《纲要草案》"),
                    (RULE_TITLE, "《中华人民共和国数据安全法》"),
                    (RULE_DOC_NUMBER, "国发 [2015] 40 号"),
                ]),
            Example::new("The State Council released the Guidance Opinions on 17 January, and we \
                       enforced the Data Security Law.", &[
                    (RULE_ENGLISH, "Guidance Opinions"),
                    (RULE_ENGLISH, "Data Security Law"),
                ]),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_and_config_errors() {
        let built = CitationFactory
            .create(&serde_json::Value::Null)
            .expect("builds");
        assert!(built.problems.is_empty());
        assert_eq!(built.analyzer.id(), "citation");
        assert_eq!(built.analyzer.rules().len(), 3);
        let e = CitationFactory
            .create(&json!({"registry": "x"}))
            .expect_err("unknown key");
        assert!(e.starts_with("citation config:"), "{e}");
        let empty = CitationFactory
            .create(&json!({"use_default_registry": false}))
            .expect("an empty registry is allowed");
        assert_ne!(empty.analyzer.config_hash(), built.analyzer.config_hash());
    }

    #[test]
    fn bad_registry_files_become_problems() {
        let dir = std::env::temp_dir().join(format!("policyscan-citation-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let bad = dir.join("bad.toml");
        std::fs::write(
            &bad,
            "[[document]]\nid = \"Bad Id\"\ntitle = \"t\"\ncategory = \"law\"\n",
        )
        .expect("write");
        let bad = bad.to_string_lossy().into_owned();
        let missing = format!("{bad}.missing");
        let built = CitationFactory
            .create(&json!({"registry_files": [bad.clone()], "config_file": missing.clone()}))
            .expect("builds");
        assert_eq!(built.problems.len(), 2);
        assert!(
            built.problems[0]
                .message
                .starts_with(&format!("{bad}:2:6: id `Bad Id`")),
            "{}",
            built.problems[0].message
        );
        assert!(built.problems[1]
            .message
            .contains("cannot read registry file"));
    }

    #[test]
    fn examples_pass() {
        let (analyzer, _) = CitationFactory.build(&CitationConfig::default());
        for ex in CitationFactory.examples() {
            let found = policyscan_corpus::run_example(&analyzer, &ex).expect("analyzes");
            assert_eq!(found, ex.expected, "{}", ex.text);
        }
    }
}
