//! The analyzers policyscan knows: one table of built-ins, plus plugins loaded at run time,
//! and building the selected ones from their configuration.

use std::collections::BTreeMap;
use std::path::PathBuf;

use policyscan_api::{Analyzer, AnalyzerFactory, AnalyzerInfo};
use policyscan_corpus::{Failure, FailureStage};

use crate::dylib::PluginLibrary;

/// Every built-in analyzer, in the order they run and appear in outputs.
pub const BUILTINS: &[fn() -> Box<dyn AnalyzerFactory>] = &[
    || Box::new(policyscan_keyword::KeywordFactory),
    || Box::new(policyscan_phrase::PhraseFactory),
    || Box::new(policyscan_citation::CitationFactory),
];

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
    #[error("analyzer id '{id}' of {second} clashes with {first}")]
    DuplicateId {
        id: String,
        first: String,
        second: String,
    },
    #[error("no analyzer selected")]
    Empty,
}

/// Where an analyzer comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    Plugin(PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::BuiltIn => f.write_str("the built-in analyzer"),
            Origin::Plugin(p) => write!(f, "plugin {}", p.display()),
        }
    }
}

/// The analyzer factories available to a run: to the engine a loaded analyzer is
/// indistinguishable from a built-in one.
pub struct Registry {
    entries: Vec<(Box<dyn AnalyzerFactory>, Origin)>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<_> = self
            .entries
            .iter()
            .map(|(f, o)| (f.info().id, o.clone()))
            .collect();
        f.debug_struct("Registry").field("entries", &ids).finish()
    }
}

impl Registry {
    /// The built-in analyzers (or none, to run only plugins).
    pub fn new(include_builtins: bool) -> Self {
        let entries = if include_builtins {
            builtin_factories()
                .into_iter()
                .map(|f| (f, Origin::BuiltIn))
                .collect()
        } else {
            Vec::new()
        };
        Registry { entries }
    }

    /// Adds a loaded plugin; its id must not clash with any analyzer already here.
    pub fn add_plugin(&mut self, lib: &'static PluginLibrary) -> Result<(), RegistryError> {
        let id = lib.metadata.id.as_str();
        if let Some((_, origin)) = self.entries.iter().find(|(f, _)| f.info().id == id) {
            if *origin == Origin::Plugin(lib.path.clone()) {
                return Ok(());
            }
            return Err(RegistryError::DuplicateId {
                id: id.to_string(),
                first: origin.to_string(),
                second: Origin::Plugin(lib.path.clone()).to_string(),
            });
        }
        self.entries
            .push((Box::new(lib), Origin::Plugin(lib.path.clone())));
        Ok(())
    }

    /// Every analyzer available, with where it comes from.
    pub fn entries(&self) -> impl Iterator<Item = (AnalyzerInfo, &Origin)> {
        self.entries.iter().map(|(f, o)| (f.info(), o))
    }

    /// The factory of analyzer `id`.
    pub fn factory(&self, id: &str) -> Option<&dyn AnalyzerFactory> {
        self.entries
            .iter()
            .find(|(f, _)| f.info().id == id)
            .map(|(f, _)| f.as_ref())
    }

    /// Builds the analyzers named in `selection` (all when empty), each with its JSON
    /// configuration from `configs` (an empty object when absent).
    pub fn build(
        &self,
        selection: &[String],
        configs: &BTreeMap<String, serde_json::Value>,
    ) -> Result<AnalyzerSet, RegistryError> {
        let available = self
            .entries
            .iter()
            .map(|(f, _)| f.info().id)
            .collect::<Vec<_>>()
            .join(", ");
        let mut chosen: Vec<&dyn AnalyzerFactory> = Vec::new();
        if selection.is_empty() {
            chosen.extend(self.entries.iter().map(|(f, _)| f.as_ref()));
        } else {
            for name in selection {
                let factory = self
                    .factory(name)
                    .ok_or_else(|| RegistryError::UnknownAnalyzer {
                        name: name.clone(),
                        available: if available.is_empty() {
                            "none".into()
                        } else {
                            available.clone()
                        },
                    })?;
                if !chosen.iter().any(|c| c.info().id == name.as_str()) {
                    chosen.push(factory);
                }
            }
        }
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

/// Builds the analyzers named in `selection` from the built-ins only.
pub fn build_analyzers(
    selection: &[String],
    configs: &BTreeMap<String, serde_json::Value>,
) -> Result<AnalyzerSet, RegistryError> {
    Registry::new(true).build(selection, configs)
}
