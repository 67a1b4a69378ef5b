//! Finding the documents of a corpus: walking the paths given on the command line, reading
//! the manifest of each directory root, and listing what is skipped and why.
//!
//! Planning only looks at names and sizes; reading and decoding happen later, in parallel,
//! so a corpus of millions of files is listed quickly and never held in memory as text.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::failure::{Failure, FailureStage};
use crate::gazetteer::Gazetteer;
use crate::manifest::{self, Manifest};

/// How a file's text is turned into documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    /// Plain text or Markdown: one document.
    Text,
    /// HTML: tags and scripts stripped, entities decoded; one document.
    Html,
    /// One document per line, a JSON object with `text` and metadata fields.
    Jsonl,
}

impl FileFormat {
    /// The format for a file name, or `None` when policyscan does not read that kind of file.
    pub fn from_path(path: &Path) -> Option<FileFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "md" | "text" | "markdown" => Some(FileFormat::Text),
            "html" | "htm" | "xhtml" => Some(FileFormat::Html),
            "jsonl" | "ndjson" => Some(FileFormat::Jsonl),
            _ => None,
        }
    }
}

/// A file to read, with what is known of it before reading.
#[derive(Debug, Clone)]
pub struct PlannedFile {
    /// Path on disk.
    pub path: PathBuf,
    /// Path relative to its corpus root, `/`-separated: the document id.
    pub rel: String,
    pub format: FileFormat,
    /// Size on disk, for batching.
    pub size: u64,
    /// The manifest of the corpus root this file belongs to, if any.
    pub manifest: Option<Arc<Manifest>>,
}

/// A file deliberately not read, listed so that nothing disappears silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedFile {
    pub path: String,
    pub reason: String,
}

/// Everything a run will read, in corpus order (inputs in the order given, files sorted by
/// relative path), plus what was skipped and what failed already.
#[derive(Debug, Default)]
pub struct CorpusPlan {
    pub files: Vec<PlannedFile>,
    pub skipped: Vec<SkippedFile>,
    pub failures: Vec<Failure>,
    /// Manifests found (path on disk), for the run record.
    pub manifests: Vec<String>,
}

impl CorpusPlan {
    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }
}

/// Lists the documents under `inputs`.
pub fn plan_corpus(inputs: &[PathBuf], gazetteer: &Gazetteer) -> CorpusPlan {
    let mut plan = CorpusPlan::default();
    let mut seen_ids = BTreeSet::new();
    for input in inputs {
        let shown = input.display().to_string();
        let meta = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) => {
                let message = if e.kind() == std::io::ErrorKind::NotFound {
                    "path does not exist".to_string()
                } else {
                    format!("cannot access path: {e}")
                };
                plan.failures
                    .push(Failure::new(FailureStage::Input, shown, message));
                continue;
            }
        };
        if meta.is_dir() {
            plan_directory(input, gazetteer, &mut plan, &mut seen_ids);
        } else {
            let rel = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| shown.clone());
            match FileFormat::from_path(input) {
                Some(format) => push_file(
                    &mut plan,
                    &mut seen_ids,
                    PlannedFile {
                        path: input.clone(),
                        rel,
                        format,
                        size: meta.len(),
                        manifest: None,
                    },
                ),
                None => plan.failures.push(Failure::new(
                    FailureStage::Input,
                    shown,
                    unsupported_reason(input),
                )),
            }
        }
    }
    plan
}

fn unsupported_reason(path: &Path) -> String {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) => format!(
            "unsupported file type .{ext} (policyscan reads .txt, .md, .html, .htm, .jsonl)"
        ),
        None => {
            "file without extension (policyscan reads .txt, .md, .html, .htm, .jsonl)".to_string()
        }
    }
}

fn push_file(plan: &mut CorpusPlan, seen_ids: &mut BTreeSet<String>, file: PlannedFile) {
    if !seen_ids.insert(file.rel.clone()) {
        plan.failures.push(
            Failure::new(
                FailureStage::Input,
                file.path.display().to_string(),
                format!(
                    "duplicate document id '{}' (another input already has a file at this relative path); not read twice",
                    file.rel
                ),
            )
            .with_doc(file.rel),
        );
        return;
    }
    plan.files.push(file);
}

fn plan_directory(
    root: &Path,
    gazetteer: &Gazetteer,
    plan: &mut CorpusPlan,
    seen_ids: &mut BTreeSet<String>,
) {
    let manifest_path = manifest::find_manifest(root);
    let manifest = match &manifest_path {
        Some(path) => {
            plan.manifests.push(path.display().to_string());
            match manifest::load_manifest(path, gazetteer) {
                Ok(m) => {
                    for problem in &m.problems {
                        plan.failures.push(Failure::new(
                            FailureStage::Manifest,
                            path.display().to_string(),
                            format!("line {}: {}", problem.line, problem.message),
                        ));
                    }
                    Some(Arc::new(m))
                }
                Err(e) => {
                    plan.failures.push(Failure::new(
                        FailureStage::Manifest,
                        path.display().to_string(),
                        format!("manifest not used: {e}"),
                    ));
                    None
                }
            }
        }
        None => None,
    };

    let mut found = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                plan.failures.push(Failure::new(
                    FailureStage::Read,
                    path,
                    format!("cannot read directory entry: {e}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        if Some(path) == manifest_path.as_deref() {
            continue;
        }
        let rel = relative_id(root, path);
        match FileFormat::from_path(path) {
            Some(format) => {
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                found.push(PlannedFile {
                    path: path.to_path_buf(),
                    rel,
                    format,
                    size,
                    manifest: manifest.clone(),
                });
            }
            None => plan.skipped.push(SkippedFile {
                path: path.display().to_string(),
                reason: unsupported_reason(path),
            }),
        }
    }
    found.sort_by(|a, b| a.rel.cmp(&b.rel));

    if let Some(m) = &manifest {
        let present: BTreeSet<&str> = found.iter().map(|f| f.rel.as_str()).collect();
        for row in &m.rows {
            if !present.contains(row.path.as_str()) {
                plan.failures.push(
                    Failure::new(
                        FailureStage::Manifest,
                        m.path.display().to_string(),
                        format!(
                            "line {}: row points to a missing or unreadable file '{}'",
                            row.line, row.path
                        ),
                    )
                    .with_doc(row.path.clone()),
                );
            }
        }
    }
    for file in found {
        push_file(plan, seen_ids, file);
    }
}

/// The `/`-separated path of `path` relative to `root`.
fn relative_id(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}
