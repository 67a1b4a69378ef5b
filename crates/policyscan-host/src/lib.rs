//! The policyscan host: the table of built-in analyzers, the parallel engine that runs them
//! over a corpus, and the mapping of every finding back to the original text.
//!
//! Only this crate uses threads (rayon). Outputs are written by the caller from the ordered
//! stream of [`DocumentResult`]s the engine hands over.

pub mod citation_table;
pub mod coverage;
pub mod dylib;
pub mod engine;
pub mod golden;
pub mod line_index;
pub mod phrase_table;
pub mod registry;
pub mod resolve;
pub mod sentence;

pub use citation_table::{CitationTable, CitedDocument};
pub use coverage::{ConceptCoverage, CoverageTable, RegionStatus};
pub use dylib::{in_process_plugin, load_plugin, PluginError, PluginLibrary, PluginMetadata};
pub use engine::{run, DocumentResult, Renderer, RunOptions, RunSink, RunStats};
pub use phrase_table::{PhraseEntry, PhraseTable};
pub use registry::{
    build_analyzers, builtin_factories, AnalyzerSet, Origin, Registry, RegistryError,
};
pub use resolve::{CaptureView, FindingView, ResolvedCapture, ResolvedFinding};
