//! The corpus model of policyscan: finding documents on disk, decoding them, reading their
//! metadata, and making the normalized view every analyzer works on.
//!
//! This crate knows nothing of analyzers or threads.

pub mod decode;
pub mod document;
pub mod example_run;
pub mod failure;
pub mod gazetteer;
pub mod html;
pub mod load;
pub mod manifest;
pub mod normalize;
pub mod offset_map;
pub mod path_meta;
pub mod plan;
pub mod title_meta;

pub use document::{DocumentMeta, LoadedDocument, MetaOrigin};
pub use example_run::run_example;
pub use failure::{Failure, FailureStage};
pub use gazetteer::{Gazetteer, Region};
pub use load::{load_file, load_record, JsonlLines, Loaded};
pub use normalize::{normalize, NormalizedText};
pub use offset_map::{OffsetMap, OffsetMapBuilder};
pub use plan::{
    plan_corpus, plan_corpus_excluding, shown_path, CorpusPlan, FileFormat, PlannedFile,
    SkippedFile,
};
