//! The corpus model of policyscan: finding documents on disk, decoding them, reading their
//! metadata, and making the normalized view every analyzer works on.
//!
//! This crate knows nothing of analyzers or threads.

pub mod offset_map;

pub use offset_map::{OffsetMap, OffsetMapBuilder};
