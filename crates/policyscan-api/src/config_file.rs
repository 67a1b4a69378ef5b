//! Configuration of analyzers: the JSON the host passes, and configuration files
//! (dictionaries, pattern files, registries) with errors at the position users need to fix
//! them, loaded so that a bad one is reported and left out rather than stopping the run.

use std::fmt;

use crate::text_position::line_column;
use crate::ConfigProblem;

/// An analyzer's configuration from the JSON the host passes; `null` means all defaults.
/// Errors read `<analyzer> config: <reason>`.
pub fn from_json<T>(analyzer: &str, config: &serde_json::Value) -> Result<T, String>
where
    T: serde::de::DeserializeOwned + Default,
{
    if config.is_null() {
        return Ok(T::default());
    }
    T::deserialize(config).map_err(|e| format!("{analyzer} config: {e}"))
}

/// An error at a position of a configuration file. Displays as
/// `<origin>:<line>:<column>: <problem>`; line and column are 1-based, the column counts
/// characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub origin: String,
    pub line: usize,
    pub column: usize,
    pub problem: String,
}

impl FileError {
    /// The error at byte `offset` of `src`.
    pub fn at(origin: &str, src: &str, offset: usize, problem: impl Into<String>) -> FileError {
        let (line, column) = line_column(src, offset);
        FileError {
            origin: origin.to_string(),
            line,
            column,
            problem: problem.into(),
        }
    }
}

impl FileError {
    /// A parser's error (e.g. TOML's), whose message may span several lines, as one line at
    /// the start of `span` (the file's start when the parser gives none).
    pub fn from_parser(
        origin: &str,
        src: &str,
        span: Option<std::ops::Range<usize>>,
        message: &str,
    ) -> FileError {
        let problem: Vec<&str> = message
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        FileError::at(origin, src, span.map_or(0, |s| s.start), problem.join(": "))
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.origin, self.line, self.column, self.problem
        )
    }
}

impl std::error::Error for FileError {}

/// Reads and parses each file of `paths` with `parse(source, origin)`. A file that cannot be
/// read (`what` names its kind, e.g. "dictionary") or parsed becomes a [`ConfigProblem`]
/// naming it; the others are returned in order.
pub fn load_files<'p, T>(
    paths: impl IntoIterator<Item = &'p String>,
    what: &str,
    parse: impl Fn(&str, &str) -> Result<T, FileError>,
) -> (Vec<T>, Vec<ConfigProblem>) {
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let problem = |message: String| ConfigProblem {
            path: Some(path.clone()),
            message,
        };
        match std::fs::read_to_string(path) {
            Ok(src) => match parse(&src, path) {
                Ok(file) => loaded.push(file),
                Err(e) => problems.push(problem(e.to_string())),
            },
            Err(e) => problems.push(problem(format!("{path}: cannot read {what}: {e}"))),
        }
    }
    (loaded, problems)
}
