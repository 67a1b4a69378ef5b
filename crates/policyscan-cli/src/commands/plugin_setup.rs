//! Finding and loading plugins for a run: `--plugin PATH` and the directories of
//! `POLICYSCAN_PLUGIN_PATH`. A plugin that cannot be loaded is a failure of the run (named
//! file, reason), not the end of it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use policyscan_corpus::{Failure, FailureStage};
use policyscan_host::{load_plugin, Registry, RegistryError};

/// File names that look like shared libraries.
fn is_library(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("so" | "dylib" | "dll")
    )
}

/// Plugin files: those given, then those in the POLICYSCAN_PLUGIN_PATH directories (sorted,
/// so the order of analyzers never depends on the directory listing).
pub fn plugin_files(given: &[PathBuf]) -> (Vec<PathBuf>, Vec<Failure>) {
    let mut files: Vec<PathBuf> = given.to_vec();
    let mut failures = Vec::new();
    if let Some(dirs) = std::env::var_os("POLICYSCAN_PLUGIN_PATH") {
        for dir in std::env::split_paths(&dirs).filter(|d| !d.as_os_str().is_empty()) {
            match std::fs::read_dir(&dir) {
                Ok(entries) => {
                    let mut found: Vec<PathBuf> = entries
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.is_file() && is_library(p))
                        .collect();
                    found.sort();
                    files.extend(found);
                }
                Err(e) => failures.push(Failure::new(
                    FailureStage::Plugin,
                    dir.display().to_string(),
                    format!("POLICYSCAN_PLUGIN_PATH directory cannot be read: {e}"),
                )),
            }
        }
    }
    (files, failures)
}

/// The registry for a run: built-ins (unless left out) plus every plugin that loads.
pub fn registry_with_plugins(
    given: &[PathBuf],
    include_builtins: bool,
) -> (Registry, Vec<Failure>) {
    let mut registry = Registry::new(include_builtins);
    let (files, mut failures) = plugin_files(given);
    for file in files {
        let shown = file.display().to_string();
        match load_plugin(&file) {
            Ok(lib) => {
                if let Err(e) = registry.add_plugin(lib) {
                    let message = match e {
                        RegistryError::DuplicateId { .. } => format!("not used: {e}"),
                        other => other.to_string(),
                    };
                    failures.push(Failure::new(FailureStage::Plugin, shown, message));
                }
            }
            // The error names the path already.
            Err(e) => failures.push(Failure::new(FailureStage::Plugin, shown, e.to_string())),
        }
    }
    (registry, failures)
}

/// Parses `--plugin-config ID=FILE` options into per-analyzer JSON configurations.
pub fn plugin_configs(options: &[String]) -> Result<BTreeMap<String, serde_json::Value>> {
    let mut configs = BTreeMap::new();
    for option in options {
        let Some((id, file)) = option.split_once('=') else {
            bail!("--plugin-config '{option}': expected ID=FILE");
        };
        let path = Path::new(file);
        if !path.is_file() {
            bail!("--plugin-config {id}: {file}: no such file");
        }
        let config = if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {file}"))?;
            let value: serde_json::Value = serde_json::from_str(&text)
                .with_context(|| format!("--plugin-config {id}: {file} is not valid JSON"))?;
            if !value.is_object() {
                bail!("--plugin-config {id}: {file} must hold a JSON object");
            }
            value
        } else {
            serde_json::json!({ "config_file": file })
        };
        configs.insert(id.to_string(), config);
    }
    Ok(configs)
}
