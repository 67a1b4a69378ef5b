//! `cargo xtask fixtures --check`: regenerate into a scratch folder and compare byte for byte
//! with the committed `fixtures/` tree (generated files only).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::golden::case_inputs;

/// A fresh, empty scratch folder under the system temp dir.
pub fn scratch_dir(tag: &str) -> Result<PathBuf> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!(
        "policyscan-xtask-{tag}-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

/// Relative paths of the generated files under a fixtures root: `corpus/**` and
/// `<analyzer>/cases/*.expected.json`.
fn generated_files(root: &Path) -> Result<BTreeSet<PathBuf>> {
    let mut out = BTreeSet::new();
    walk(root, &root.join("corpus"), &mut out)?;
    for id in crate::golden::analyzer_ids() {
        let cases = crate::golden::cases_dir(root, id);
        if !cases.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&cases)? {
            let path = entry?.path();
            if path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".expected.json"))
            {
                out.insert(path.strip_prefix(root)?.to_path_buf());
            }
        }
    }
    Ok(out)
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeSet<PathBuf>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            walk(root, &path, out)?;
        } else {
            out.insert(path.strip_prefix(root)?.to_path_buf());
        }
    }
    Ok(())
}

/// Generated files that differ, or exist on one side only: (path, what).
pub fn diff_trees(committed: &Path, fresh: &Path) -> Result<Vec<(PathBuf, &'static str)>> {
    let have = generated_files(committed)?;
    let want = generated_files(fresh)?;
    let mut diffs = Vec::new();
    for path in want.union(&have) {
        let what = match (have.contains(path), want.contains(path)) {
            (false, _) => "missing (generator writes it)",
            (_, false) => "extra (generator does not write it)",
            _ => {
                let a = std::fs::read(committed.join(path))
                    .with_context(|| format!("reading {}", path.display()))?;
                let b = std::fs::read(fresh.join(path))?;
                if a == b {
                    continue;
                }
                "differs"
            }
        };
        diffs.push((path.clone(), what));
    }
    Ok(diffs)
}

/// Regenerates into a scratch folder and compares with `fixtures_root`.
pub fn run(fixtures_root: &Path) -> Result<()> {
    let scratch = scratch_dir("check")?;
    // The golden inputs are hand-written: copy them so the generator sees the same cases.
    for id in crate::golden::analyzer_ids() {
        let cases = crate::golden::cases_dir(fixtures_root, id);
        let scratch_cases = crate::golden::cases_dir(&scratch, id);
        for input in case_inputs(&cases)? {
            std::fs::create_dir_all(&scratch_cases)?;
            let name = input.file_name().context("case without a file name")?;
            std::fs::copy(&input, scratch_cases.join(name))?;
        }
    }
    let result =
        crate::fixtures::generate(&scratch).and_then(|()| diff_trees(fixtures_root, &scratch));
    let _ = std::fs::remove_dir_all(&scratch);
    let diffs = result?;
    if diffs.is_empty() {
        println!(
            "fixtures are up to date ({} checked)",
            generated_files(fixtures_root)?.len()
        );
        return Ok(());
    }
    for (path, what) in &diffs {
        eprintln!("  fixtures/{}: {what}", path.display());
    }
    bail!("{} generated fixture file(s) out of date; run `cargo xtask fixtures` and commit the result", diffs.len());
}
