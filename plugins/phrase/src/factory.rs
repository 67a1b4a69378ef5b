//! Building the phrase analyzer from its JSON configuration.
//!
//! ```json
//! {"pattern_files": ["my_patterns.toml"], "use_default": true, "config_file": "more.toml"}
//! ```
//! Every key is optional. `pattern_files` is what `policyscan analyze --patterns FILE`
//! passes; `config_file` is the file of `--plugin-config phrase=FILE` (one more pattern
//! file, read after `pattern_files`); `use_default: false` drops the built-in patterns.

use policyscan_api::config_file::load_files;
use policyscan_api::{AnalyzerFactory, AnalyzerInfo, BuiltAnalyzer, ConfigProblem, Example};
use serde::{Deserialize, Serialize};

use crate::analyzer::{PhraseAnalyzer, ANALYZER_ID};
use crate::pattern_file::{PatternFile, PatternSet};

/// The phrase analyzer's configuration (the JSON given to [`PhraseFactory`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhraseConfig {
    /// Pattern files merged over the built-in patterns, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pattern_files: Vec<String>,
    /// Keep the built-in patterns (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_default: Option<bool>,
    /// One more pattern file, read last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_file: Option<String>,
}

impl PhraseConfig {
    /// Read the configuration from JSON; `null` means all defaults.
    pub fn from_json(config: &serde_json::Value) -> Result<PhraseConfig, String> {
        policyscan_api::config_file::from_json(ANALYZER_ID, config)
    }

    /// Load the pattern files and compose the effective set. Files that cannot be read or
    /// parsed are left out and reported as problems; an empty set is an error.
    pub fn patterns(&self) -> Result<(PatternSet, Vec<ConfigProblem>), String> {
        let paths = self.pattern_files.iter().chain(self.config_file.iter());
        let (files, problems): (Vec<PatternFile>, _) =
            load_files(paths, "pattern file", PatternSet::parse);
        let set = PatternSet::compose(self.use_default.unwrap_or(true), &files);
        if set.is_empty() {
            return Err(
                "phrase config: no patterns (use_default is false and no pattern file \
                        could be used)"
                    .into(),
            );
        }
        Ok((set, problems))
    }
}

/// Factory of [`PhraseAnalyzer`]s.
#[derive(Debug, Clone, Copy, Default)]
pub struct PhraseFactory;

impl PhraseFactory {
    /// Build from a typed configuration.
    pub fn build(
        &self,
        config: &PhraseConfig,
    ) -> Result<(PhraseAnalyzer, Vec<ConfigProblem>), String> {
        let (set, problems) = config.patterns()?;
        Ok((PhraseAnalyzer::new(&set), problems))
    }
}

impl AnalyzerFactory for PhraseFactory {
    fn info(&self) -> AnalyzerInfo {
        AnalyzerInfo {
            id: ANALYZER_ID,
            version: env!("CARGO_PKG_VERSION"),
            description: "\"X+\" phrase patterns (“区块链+”, 互联网+政务服务, AI+, blockchain + \
                          industry) with captured X and Y; 1+N policy-system numerals; \
                          user patterns from TOML.",
        }
    }

    fn create(&self, config: &serde_json::Value) -> Result<BuiltAnalyzer, String> {
        let config = PhraseConfig::from_json(config)?;
        let (analyzer, problems) = self.build(&config)?;
        Ok(BuiltAnalyzer {
            analyzer: Box::new(analyzer),
            problems,
        })
    }

    fn examples(&self) -> Vec<Example> {
        vec![
            Example::new(
                "深入实施“人工智能＋”行动，大力推进区块链+政务服务。",
                &[
                    ("phrase/plus", "“人工智能+”"),
                    ("phrase/plus", "区块链+政务服务"),
                ],
            ),
            Example::new(
                "构建“1+N”政策体系，形成1+4+N格局，3+2=5不算。",
                &[
                    ("phrase/policy-system", "“1+N”"),
                    ("phrase/policy-system", "1+4+N"),
                ],
            ),
            Example::new(
                "发展ＡＩ＋制造，推动互联网+教育+医疗。",
                &[
                    ("phrase/plus", "AI+制造"),
                    ("phrase/plus", "互联网+教育+医疗"),
                ],
            ),
            Example::new(
                "We promote blockchain + industry and the Internet Plus plan; C++ and 1+1>2 \
                       are not phrases.",
                &[
                    ("phrase/plus", "blockchain + industry"),
                    ("phrase/plus", "Internet Plus"),
                ],
            ),
            Example::new(
                "联系电话0571-88888888，邮箱news+tech@example.com，5G+工业互联网。",
                &[("phrase/plus", "5G+工业互联网")],
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn temp_file(name: &str, content: &str) -> String {
        let dir = std::env::temp_dir().join(format!(
            "policyscan-phrase-test-{}-{name}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(name);
        std::fs::write(&path, content).expect("write temp file");
        path.to_string_lossy().into_owned()
    }

    fn create(config: serde_json::Value) -> Result<BuiltAnalyzer, String> {
        PhraseFactory.create(&config)
    }

    #[test]
    fn defaults() {
        let built = create(serde_json::Value::Null).expect("builds");
        assert!(built.problems.is_empty());
        assert_eq!(built.analyzer.id(), "phrase");
        assert_eq!(built.analyzer.rules().len(), 2);
        let built2 = create(json!({})).expect("builds");
        assert_eq!(built.analyzer.config_hash(), built2.analyzer.config_hash());
        assert_eq!(PhraseFactory.info().id, "phrase");
    }

    #[test]
    fn config_errors() {
        let e = create(json!({"pattern_file": "x.toml"})).expect_err("unknown key");
        assert!(e.contains("pattern_file"), "{e}");
        let e = create(json!({"pattern_files": "x.toml"})).expect_err("not a list");
        assert!(e.starts_with("phrase config:"), "{e}");
        let e = create(json!({"use_default": false})).expect_err("no patterns");
        assert!(e.contains("no patterns"), "{e}");
        let e = create(json!([1])).expect_err("not an object");
        assert!(e.starts_with("phrase config:"), "{e}");
    }

    #[test]
    fn pattern_files_merge_and_bad_files_become_problems() {
        let good = temp_file(
            "good.toml",
            "[[pattern]]\nname = \"empower\"\npattern = \"{x}赋能{y}\"\n\
             [pattern.slots.x]\nscript = \"han\"\nmin = 2\nmax = 6\n\
             [pattern.slots.y]\nscript = \"han\"\nmin = 2\nmax = 6\n",
        );
        let bad = temp_file(
            "bad.toml",
            "[[pattern]]\nname = \"x\"\npattern = \"{x}+\"\n[pattern.slots.x]\nmin = 0\n",
        );
        let missing = format!("{good}.does-not-exist");
        let built = create(json!({"pattern_files": [good.clone(), bad.clone()],
                                  "config_file": missing.clone()}))
        .expect("builds despite bad files");
        let ids: Vec<String> = built.analyzer.rules().into_iter().map(|r| r.id).collect();
        assert_eq!(
            ids,
            ["phrase/plus", "phrase/policy-system", "phrase/empower"]
        );
        assert_eq!(built.problems.len(), 2);
        assert_eq!(built.problems[0].path.as_deref(), Some(bad.as_str()));
        assert!(
            built.problems[0].message.starts_with(&format!(
                "{bad}:5:7: slot `x`: `min` must be between 1 and 64"
            )),
            "{}",
            built.problems[0].message
        );
        assert_eq!(built.problems[1].path.as_deref(), Some(missing.as_str()));
        assert!(built.problems[1].message.contains("cannot read"));

        let only = create(json!({"config_file": good, "use_default": false})).expect("builds");
        assert_eq!(only.analyzer.rules().len(), 1);
        let e = create(json!({"pattern_files": [bad], "use_default": false})).expect_err("none");
        assert!(e.contains("no patterns"), "{e}");
    }

    #[test]
    fn examples_pass() {
        let (analyzer, _) = PhraseFactory
            .build(&PhraseConfig::default())
            .expect("builds");
        let examples = PhraseFactory.examples();
        assert!((4..=6).contains(&examples.len()));
        for ex in examples {
            let found = policyscan_corpus::run_example(&analyzer, &ex).expect("analyzes");
            assert_eq!(found, ex.expected, "{}", ex.text);
        }
    }
}
