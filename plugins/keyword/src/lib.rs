//! keyword
