//! Building the keyword analyzer from its JSON configuration.
//!
//! ```json
//! {"dict_files": ["my.toml"], "use_default": true, "concepts": ["blockchain"], "terms": null}
//! ```
//! Every key is optional. `terms` builds an ad-hoc dictionary of one concept `term` (for
//! `kwic TERM`) and cannot be combined with `dict_files` or `use_default: true`.

use policyscan_api::config_file::load_files;
use policyscan_api::{AnalyzerFactory, AnalyzerInfo, BuiltAnalyzer, ConfigProblem, Example};
use serde::{Deserialize, Serialize};

use crate::analyzer::{KeywordAnalyzer, ANALYZER_ID};
use crate::dictionary::{Dictionary, DictionaryFile};

/// The keyword analyzer's configuration (the JSON given to [`KeywordFactory`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeywordConfig {
    /// Dictionary files merged over the built-in dictionary, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dict_files: Vec<String>,
    /// Keep the built-in concepts (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_default: Option<bool>,
    /// Keep only these concept ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concepts: Option<Vec<String>>,
    /// Ad-hoc terms: one concept `term`, no built-in concepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<Vec<String>>,
    /// The file of `policyscan analyze --plugin-config keyword=FILE`: one more dictionary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_file: Option<String>,
}

impl KeywordConfig {
    /// Read the configuration from JSON; `null` means all defaults.
    pub fn from_json(config: &serde_json::Value) -> Result<KeywordConfig, String> {
        policyscan_api::config_file::from_json(ANALYZER_ID, config)
    }

    /// Load the dictionary files and build the effective dictionary. Files that cannot be
    /// read or parsed are left out and reported as problems; an empty dictionary, an
    /// unknown concept id or a contradictory configuration is an error.
    pub fn dictionary(&self) -> Result<(Dictionary, Vec<ConfigProblem>), String> {
        let mut problems = Vec::new();
        let mut dict = if let Some(terms) = &self.terms {
            if !self.dict_files.is_empty() {
                return Err("keyword config: `terms` cannot be combined with `dict_files`".into());
            }
            if self.use_default == Some(true) {
                return Err("keyword config: `terms` cannot be combined with `use_default`".into());
            }
            Dictionary::ad_hoc(terms).map_err(|e| format!("keyword config: `terms`: {e}"))?
        } else {
            let paths = self.dict_files.iter().chain(self.config_file.iter());
            let (files, file_problems): (Vec<DictionaryFile>, _) =
                load_files(paths, "dictionary", Dictionary::parse);
            problems = file_problems;
            Dictionary::compose(self.use_default.unwrap_or(true), &files)
        };
        if let Some(ids) = &self.concepts {
            dict.retain_ids(ids)
                .map_err(|e| format!("keyword config: {e}"))?;
        }
        if dict.is_empty() {
            return Err("keyword config: the dictionary has no concepts".into());
        }
        Ok((dict, problems))
    }
}

/// Factory of [`KeywordAnalyzer`]s.
#[derive(Debug, Clone, Copy, Default)]
pub struct KeywordFactory;

impl KeywordFactory {
    /// Build from a typed configuration.
    pub fn build(
        &self,
        config: &KeywordConfig,
    ) -> Result<(KeywordAnalyzer, Vec<ConfigProblem>), String> {
        let (dict, problems) = config.dictionary()?;
        let analyzer = KeywordAnalyzer::try_new(&dict).map_err(|e| e.to_string())?;
        Ok((analyzer, problems))
    }
}

impl AnalyzerFactory for KeywordFactory {
    fn info(&self) -> AnalyzerInfo {
        AnalyzerInfo {
            id: ANALYZER_ID,
            version: env!("CARGO_PKG_VERSION"),
            description: "Concept dictionaries (区块链 / blockchain / 區塊鏈 …): CJK terms as \
                          substrings, Latin terms at word boundaries, leftmost-longest.",
        }
    }

    fn create(&self, config: &serde_json::Value) -> Result<BuiltAnalyzer, String> {
        let config = KeywordConfig::from_json(config)?;
        let (analyzer, problems) = self.build(&config)?;
        Ok(BuiltAnalyzer {
            analyzer: Box::new(analyzer),
            problems,
        })
    }

    fn examples(&self) -> Vec<Example> {
        vec![
            Example::new(
                "推进区块\n链技术应用，发展人工智能。",
                &[
                    ("keyword/blockchain", "区块链"),
                    ("keyword/artificial_intelligence", "人工智能"),
                ],
            ),
            Example::new(
                "發展區塊鏈與工业互联网。",
                &[
                    ("keyword/blockchain", "區塊鏈"),
                    ("keyword/industrial_internet", "工业互联网"),
                ],
            ),
            Example::new(
                "He SAID that AI and Big Data matter.",
                &[
                    ("keyword/artificial_intelligence", "AI"),
                    ("keyword/big_data", "Big Data"),
                ],
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn examples_pass() {
        let analyzer = KeywordFactory.create(&json!({})).expect("builds").analyzer;
        let examples = KeywordFactory.examples();
        assert_eq!(examples.len(), 3);
        for ex in examples {
            let found = policyscan_corpus::run_example(analyzer.as_ref(), &ex).expect("analyzes");
            assert_eq!(found, ex.expected, "{}", ex.text);
        }
    }

    fn temp_file(name: &str, content: &str) -> String {
        let dir = std::env::temp_dir().join(format!(
            "policyscan-keyword-test-{}-{name}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(name);
        std::fs::write(&path, content).expect("write temp file");
        path.to_string_lossy().into_owned()
    }

    fn create(config: serde_json::Value) -> Result<BuiltAnalyzer, String> {
        KeywordFactory.create(&config)
    }

    #[test]
    fn defaults() {
        let built = create(serde_json::Value::Null).expect("builds");
        assert!(built.problems.is_empty());
        assert_eq!(built.analyzer.id(), "keyword");
        assert_eq!(built.analyzer.rules().len(), Dictionary::builtin().len());
        let built2 = create(json!({})).expect("builds");
        assert_eq!(built.analyzer.config_hash(), built2.analyzer.config_hash());
        assert_eq!(KeywordFactory.info().id, "keyword");
    }

    #[test]
    fn unknown_config_key_is_an_error() {
        let e = create(json!({"dict_file": "x.toml"})).expect_err("unknown key");
        assert!(e.contains("dict_file"), "{e}");
    }

    #[test]
    fn concept_filter() {
        let built = create(json!({"concepts": ["5g", "blockchain"]})).expect("builds");
        let ids: Vec<String> = built.analyzer.rules().into_iter().map(|r| r.id).collect();
        assert_eq!(ids, ["keyword/blockchain", "keyword/5g"]);
        let e = create(json!({"concepts": ["blockchain", "nope"]})).expect_err("unknown id");
        assert!(
            e.contains("`nope`") && e.contains("valid ids: blockchain,"),
            "{e}"
        );
        let e = create(json!({"concepts": []})).expect_err("empty");
        assert!(e.contains("no concepts"), "{e}");
    }

    #[test]
    fn ad_hoc_terms() {
        let built = create(json!({"terms": ["区块链", "Hainan"]})).expect("builds");
        let rules = built.analyzer.rules();
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].id, "keyword/term");
        assert_eq!(rules[0].label, "区块链 | Hainan");
        assert!(create(json!({"terms": []})).is_err());
        assert!(create(json!({"terms": ["x"], "dict_files": ["a.toml"]})).is_err());
        assert!(create(json!({"terms": ["x"], "use_default": true})).is_err());
        assert!(create(json!({"terms": ["x"], "use_default": false})).is_ok());
    }

    #[test]
    fn dict_files_merge_and_bad_files_become_problems() {
        let good = temp_file(
            "good.toml",
            "[[concept]]\nid = \"hainan\"\nterms = [\"海南\"]\nblockers = [\"海南藏族自治州\"]\n",
        );
        let bad = temp_file(
            "bad.toml",
            "[[concept]]\nid = \"x\"\nterms = [\"a\", \"\"]\n",
        );
        let missing = format!("{good}.does-not-exist");
        let built = create(json!({"dict_files": [good.clone(), bad.clone(), missing.clone()]}))
            .expect("builds despite bad files");
        assert_eq!(
            built.analyzer.rules().len(),
            Dictionary::builtin().len() + 1
        );
        assert_eq!(built.problems.len(), 2);
        assert_eq!(built.problems[0].path.as_deref(), Some(bad.as_str()));
        assert!(
            built.problems[0]
                .message
                .starts_with(&format!("{bad}:3:15: empty term")),
            "{}",
            built.problems[0].message
        );
        assert_eq!(built.problems[1].path.as_deref(), Some(missing.as_str()));
        assert!(built.problems[1].message.contains("cannot read"));

        let only = create(json!({"dict_files": [good], "use_default": false})).expect("builds");
        assert_eq!(only.analyzer.rules().len(), 1);
        let e = create(json!({"dict_files": [bad], "use_default": false})).expect_err("empty");
        assert!(e.contains("no concepts"), "{e}");
    }
}
