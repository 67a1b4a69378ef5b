//! Options that configure one analyzer (`--dict`, `--concept`, `--patterns`, `--registry`):
//! each adds its values to that analyzer's configuration, after what `--plugin-config` gave
//! for the same key, and is an error when the run leaves the analyzer out (the option would
//! silently do nothing).

use std::collections::BTreeMap;

use anyhow::{bail, Result};
use serde_json::{json, Value};

/// An option's values and where they go.
pub struct Routed {
    pub flag: &'static str,
    pub analyzer: &'static str,
    /// The key of the analyzer's JSON configuration, a list.
    pub key: &'static str,
    pub values: Vec<String>,
}

/// Adds every given option to `configs`; `selected` says whether the run has an analyzer.
pub fn route(
    configs: &mut BTreeMap<String, Value>,
    options: &[Routed],
    selected: impl Fn(&str) -> bool,
) -> Result<()> {
    let given: Vec<&Routed> = options.iter().filter(|o| !o.values.is_empty()).collect();
    for o in &given {
        if !selected(o.analyzer) {
            let flags: Vec<&str> = given
                .iter()
                .filter(|g| g.analyzer == o.analyzer)
                .map(|g| g.flag)
                .collect();
            let verb = if flags.len() > 1 {
                "configure"
            } else {
                "configures"
            };
            bail!(
                "{} {verb} the {} analyzer, which this run leaves out",
                flags.join(" and "),
                o.analyzer
            );
        }
    }
    for o in given {
        let config = configs
            .entry(o.analyzer.to_string())
            .or_insert_with(|| json!({}));
        let Some(object) = config.as_object_mut() else {
            bail!(
                "{}: the {} configuration is not a JSON object",
                o.flag,
                o.analyzer
            );
        };
        match object.get_mut(o.key) {
            None => {
                object.insert(o.key.into(), json!(o.values));
            }
            Some(Value::Array(list)) => list.extend(o.values.iter().map(|v| json!(v))),
            Some(_) => bail!(
                "{}: the {} configuration from --plugin-config has a '{}' that is not a list",
                o.flag,
                o.analyzer,
                o.key
            ),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(
        flag: &'static str,
        analyzer: &'static str,
        key: &'static str,
        values: &[&str],
    ) -> Routed {
        Routed {
            flag,
            analyzer,
            key,
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    #[test]
    fn options_add_to_the_plugin_configuration() {
        let mut configs = BTreeMap::new();
        configs.insert(
            "citation".to_string(),
            json!({"registry_files": ["a.toml"], "use_default_registry": false}),
        );
        let options = [
            option("--registry", "citation", "registry_files", &["b.toml"]),
            option("--dict", "keyword", "dict_files", &["d.toml"]),
            option("--patterns", "phrase", "pattern_files", &[]),
        ];
        route(&mut configs, &options, |_| true).expect("routes");
        assert_eq!(
            configs["citation"],
            json!({"registry_files": ["a.toml", "b.toml"], "use_default_registry": false})
        );
        assert_eq!(configs["keyword"], json!({"dict_files": ["d.toml"]}));
        assert!(
            !configs.contains_key("phrase"),
            "an option not given adds nothing"
        );
    }

    #[test]
    fn an_option_for_an_analyzer_left_out_is_an_error() {
        let options = [
            option("--dict", "keyword", "dict_files", &["d.toml"]),
            option("--concept", "keyword", "concepts", &["blockchain"]),
        ];
        let error = route(&mut BTreeMap::new(), &options, |a| a != "keyword")
            .expect_err("keyword is left out");
        assert_eq!(
            error.to_string(),
            "--dict and --concept configure the keyword analyzer, which this run leaves out"
        );
        let mut configs = BTreeMap::new();
        configs.insert("keyword".to_string(), json!({"dict_files": "x.toml"}));
        let error = route(&mut configs, &options[..1], |_| true).expect_err("not a list");
        assert!(error
            .to_string()
            .contains("'dict_files' that is not a list"));
    }
}
