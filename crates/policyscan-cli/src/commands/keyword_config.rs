//! The keyword analyzer's JSON configuration, built from command-line options.

use std::path::PathBuf;

use serde_json::{json, Value};

pub fn keyword_config(dicts: &[PathBuf], concepts: &[String], terms: &[String]) -> Value {
    let mut config = json!({});
    if !dicts.is_empty() {
        config["dict_files"] = json!(dicts
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>());
    }
    if !concepts.is_empty() {
        config["concepts"] = json!(concepts);
    }
    if !terms.is_empty() {
        config["terms"] = json!(terms);
    }
    config
}
