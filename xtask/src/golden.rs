//! Golden analyzer fixtures: for every hand-written `<analyzer>/cases/<name>.txt`, that
//! built-in analyzer's findings rendered by the host as `<name>.expected.json`.
//!
//! Every built-in analyzer (the host's `BUILTINS` table) gets goldens from the cases found in
//! `fixtures/<analyzer id>/cases/`.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};

use crate::fs_out::write_file;

/// The hand-written inputs (`*.txt`) in `cases_dir`, sorted; none if the folder is absent.
pub fn case_inputs(cases_dir: &Path) -> Result<Vec<PathBuf>> {
    if !cases_dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in
        std::fs::read_dir(cases_dir).with_context(|| format!("reading {}", cases_dir.display()))?
    {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "txt") && path.is_file() {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// `foo.txt` → `foo.expected.json`.
pub fn expected_path(input: &Path) -> PathBuf {
    input.with_extension("expected.json")
}

/// The analyzers with golden fixtures: every built-in, by id.
pub fn analyzer_ids() -> Vec<&'static str> {
    policyscan_host::builtin_factories()
        .iter()
        .map(|f| f.info().id)
        .collect()
}

/// `fixtures/<id>/cases` under a fixtures root.
pub fn cases_dir(root: &Path, id: &str) -> PathBuf {
    root.join(id).join("cases")
}

/// Writes `<name>.expected.json` beside every case of `cases_dir` for built-in analyzer `id`
/// (default configuration), and removes expected files whose input is gone. Returns how many
/// were written.
pub fn write(cases_dir: &Path, id: &str) -> Result<usize> {
    let inputs = case_inputs(cases_dir)?;
    if cases_dir.is_dir() {
        for entry in std::fs::read_dir(cases_dir)? {
            let path = entry?.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if let Some(stem) = name.strip_suffix(".expected.json") {
                if !cases_dir.join(format!("{stem}.txt")).is_file() {
                    std::fs::remove_file(&path)
                        .with_context(|| format!("removing {}", path.display()))?;
                }
            }
        }
    }
    if inputs.is_empty() {
        return Ok(0);
    }
    let factory = policyscan_host::builtin_factories()
        .into_iter()
        .find(|f| f.info().id == id)
        .ok_or_else(|| anyhow!("no built-in analyzer '{id}'"))?;
    let built = factory
        .create(&serde_json::json!({}))
        .map_err(|e| anyhow!("building the built-in {id} analyzer: {e}"))?;
    for input in &inputs {
        let text = std::fs::read_to_string(input)
            .with_context(|| format!("reading {} (must be UTF-8)", input.display()))?;
        let golden = policyscan_host::golden::render_golden(&*built.analyzer, &text);
        write_file(&expected_path(input), golden.as_bytes())?;
    }
    Ok(inputs.len())
}
