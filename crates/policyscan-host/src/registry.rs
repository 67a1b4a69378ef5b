//! The analyzers policyscan knows: one table of built-ins, and building the selected ones
//! from their configuration.

use std::collections::BTreeMap;

use policyscan_api::{Analyzer, AnalyzerFactory};
use policyscan_corpus::{Failure, FailureStage};

/// Every built-in analyzer, in the order they run and appear in outputs.
pub const BUILTINS: &[fn() -> Box<dyn AnalyzerFactory>] =
    &[|| Box::new(policyscan_keyword::KeywordFactory)];

/// The built-in analyzer factories.
pub fn builtin_factories() -> Vec<Box<dyn AnalyzerFactory>> {
    BUILTINS.iter().map(|make| make()).collect()
}

#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("unknown analyzer '{name}' (available: {available})")]
    UnknownAnalyzer { name: String, available: String },
    #[error("analyzer '{id}' cannot be built: {message}")]
    Build { id: String, message: String },
    #[error("no analyzer selected")]
    Empty,
}

/// The analyzers of one run, built and ready to share across threads.
pub struct AnalyzerSet {
    pub analyzers: Vec<Box<dyn Analyzer>>,
    /// Configuration problems that did not stop the run (reported as failures).
    pub problems: Vec<Failure>,
}

impl std::fmt::Debug for AnalyzerSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.analyzers.iter().map(|a| a.id()).collect();
        f.debug_struct("AnalyzerSet")
            .field("analyzers", &ids)
            .field("problems", &self.problems)
            .finish()
    }
}

/// Builds the analyzers named in `selection` (all built-ins when empty), each with its
/// JSON configuration from `configs` (an empty object when absent).
pub fn build_analyzers(
    selection: &[String],
    configs: &BTreeMap<String, serde_json::Value>,
) -> Result<AnalyzerSet, RegistryError> {
    let factories = builtin_factories();
    let available = factories
        .iter()
        .map(|f| f.info().id)
        .collect::<Vec<_>>()
        .join(", ");
    let chosen: Vec<&dyn AnalyzerFactory> = if selection.is_empty() {
        factories.iter().map(|f| f.as_ref()).collect()
    } else {
        let mut chosen = Vec::new();
        for name in selection {
            let f = factories
                .iter()
                .find(|f| f.info().id == name.as_str())
                .ok_or_else(|| RegistryError::UnknownAnalyzer {
                    name: name.clone(),
                    available: available.clone(),
                })?;
            if !chosen
                .iter()
                .any(|c: &&dyn AnalyzerFactory| c.info().id == name.as_str())
            {
                chosen.push(f.as_ref());
            }
        }
        chosen
    };
    if chosen.is_empty() {
        return Err(RegistryError::Empty);
    }
    let empty = serde_json::Value::Object(Default::default());
    let mut set = AnalyzerSet {
        analyzers: Vec::new(),
        problems: Vec::new(),
    };
    for factory in chosen {
        let id = factory.info().id;
        let config = configs.get(id).unwrap_or(&empty);
        let built = factory
            .create(config)
            .map_err(|message| RegistryError::Build {
                id: id.to_string(),
                message,
            })?;
        for p in built.problems {
            set.problems.push(Failure::new(
                FailureStage::Config,
                p.path.unwrap_or_else(|| format!("<{id} configuration>")),
                p.message,
            ));
        }
        set.analyzers.push(built.analyzer);
    }
    Ok(set)
}
