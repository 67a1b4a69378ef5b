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
    /// The path as shown in outputs (bytes that are not UTF-8 escaped as `%XX`).
    pub shown: String,
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
    plan_corpus_excluding(inputs, gazetteer, &[])
}

/// Lists the documents under `inputs`, leaving out the directories in `exclude` (e.g. the
/// output directory of this run, when it lies inside the corpus). Directories holding the
/// output of an earlier policyscan run (a `run.json` written by policyscan) are left out
/// too and listed as skipped: their findings.jsonl would otherwise be read as documents.
pub fn plan_corpus_excluding(
    inputs: &[PathBuf],
    gazetteer: &Gazetteer,
    exclude: &[PathBuf],
) -> CorpusPlan {
    let mut plan = CorpusPlan::default();
    let mut seen_ids = BTreeSet::new();
    let exclude: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    for input in inputs {
        let shown = shown_path(input);
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
            let before = plan.files.len() + plan.failures.len();
            plan_directory(input, gazetteer, &exclude, &mut plan, &mut seen_ids);
            if plan.files.len() + plan.failures.len() == before {
                plan.failures.push(Failure::new(
                    FailureStage::Input,
                    shown,
                    "directory holds no documents (.txt, .md, .html, .htm, .jsonl)",
                ));
            }
        } else {
            // A file given directly keeps the path as given as its id, so two reports named
            // alike in different folders stay apart and the folders still give metadata.
            let rel = relative_id(Path::new(""), input);
            match FileFormat::from_path(input) {
                Some(format) => push_file(
                    &mut plan,
                    &mut seen_ids,
                    PlannedFile {
                        path: input.clone(),
                        shown,
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

/// A path for people and outputs: UTF-8 as is, other bytes escaped as `%XX` (reversibly,
/// so two file names that differ only in invalid bytes stay different).
pub fn shown_path(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        escape_bytes(path.as_os_str().as_bytes())
    }
    #[cfg(not(unix))]
    {
        path.display().to_string()
    }
}

fn escape_bytes(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                out.push_str(&s.replace('%', "%25"));
                return out;
            }
            Err(e) => {
                let (valid, rest) = bytes.split_at(e.valid_up_to());
                out.push_str(&String::from_utf8_lossy(valid).replace('%', "%25"));
                let bad = e.error_len().unwrap_or(rest.len());
                for b in &rest[..bad] {
                    out.push_str(&format!("%{b:02X}"));
                }
                bytes = &rest[bad..];
            }
        }
    }
}

/// True when `dir` holds the output of an earlier policyscan run.
fn is_policyscan_output(dir: &Path) -> bool {
    let run = dir.join("run.json");
    run.is_file()
        && dir.join("findings.jsonl").is_file()
        && std::fs::read_to_string(&run).is_ok_and(|t| t.contains("\"tool\": \"policyscan\""))
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
                file.shown.clone(),
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
    exclude: &[PathBuf],
    plan: &mut CorpusPlan,
    seen_ids: &mut BTreeSet<String>,
) {
    let manifest_path = manifest::find_manifest(root);
    let manifest = match &manifest_path {
        Some(path) => {
            plan.manifests.push(shown_path(path));
            match manifest::load_manifest(path, gazetteer) {
                Ok(m) => {
                    for problem in &m.problems {
                        plan.failures.push(Failure::new(
                            FailureStage::Manifest,
                            shown_path(path),
                            format!("line {}: {}", problem.line, problem.message),
                        ));
                    }
                    Some(Arc::new(m))
                }
                Err(e) => {
                    plan.failures.push(Failure::new(
                        FailureStage::Manifest,
                        shown_path(path),
                        format!("manifest not used: {e}"),
                    ));
                    None
                }
            }
        }
        None => None,
    };

    let mut found = Vec::new();
    let mut left_out: Vec<SkippedFile> = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if !e.file_type().is_dir() || e.depth() == 0 {
                return true;
            }
            let reason = if e.path().canonicalize().is_ok_and(|c| exclude.contains(&c)) {
                "the output directory of this run"
            } else if is_policyscan_output(e.path()) {
                "output of an earlier policyscan run (run.json, findings.jsonl)"
            } else {
                return true;
            };
            left_out.push(SkippedFile {
                path: shown_path(e.path()),
                reason: reason.to_string(),
            });
            false
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(shown_path).unwrap_or_default();
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
                    shown: shown_path(path),
                    rel,
                    format,
                    size,
                    manifest: manifest.clone(),
                });
            }
            None => plan.skipped.push(SkippedFile {
                path: shown_path(path),
                reason: unsupported_reason(path),
            }),
        }
    }
    found.sort_by(|a, b| a.rel.cmp(&b.rel));

    plan.skipped.append(&mut left_out);
    if let Some(m) = &manifest {
        let present: BTreeSet<&str> = found.iter().map(|f| f.rel.as_str()).collect();
        for row in &m.rows {
            if present.contains(row.path.as_str()) {
                continue;
            }
            let on_disk = root.join(&row.path);
            let problem = if on_disk.is_file() {
                format!("the file is not read: {}", unsupported_reason(&on_disk))
            } else {
                "the file is missing".to_string()
            };
            plan.failures.push(
                Failure::new(
                    FailureStage::Manifest,
                    shown_path(&m.path),
                    format!("line {}: row for '{}': {problem}", row.line, row.path),
                )
                .with_doc(row.path.clone()),
            );
        }
    }
    for file in found {
        push_file(plan, seen_ids, file);
    }
}

/// The `/`-separated path of `path` relative to `root` (no leading `./`), with bytes that are
/// not UTF-8 escaped as `%XX`.
fn relative_id(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::RootDir => parts.push(String::new()),
            other => parts.push(shown_path(Path::new(other.as_os_str()))),
        }
    }
    parts.join("/")
}
