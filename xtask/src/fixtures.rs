//! `cargo xtask fixtures`: every generated fixture, written by one function from fixed seeds.

use std::path::Path;

use anyhow::{Context, Result};

use crate::dictionary_terms::TermIndex;

/// Generates every fixture under `root` (a `fixtures/` folder): `corpus/**` is rebuilt from
/// scratch; `<analyzer>/cases/*.expected.json` are rendered from the `*.txt` inputs found
/// there, for every built-in analyzer.
pub fn generate(root: &Path) -> Result<()> {
    let index = TermIndex::builtin()?;
    let corpus = root.join("corpus");
    if corpus.exists() {
        std::fs::remove_dir_all(&corpus)
            .with_context(|| format!("clearing {}", corpus.display()))?;
    }
    crate::sample_corpus::write(&corpus, &index)?;
    crate::broken_corpus::write(&corpus, &index)?;
    crate::jsonl_corpus::write(&corpus, &index)?;
    for id in crate::golden::analyzer_ids() {
        crate::golden::write(&crate::golden::cases_dir(root, id), id)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{diff_trees, scratch_dir};

    #[test]
    fn generate_is_deterministic() -> Result<()> {
        let a = scratch_dir("det-a")?;
        let b = scratch_dir("det-b")?;
        generate(&a)?;
        generate(&b)?;
        let diffs = diff_trees(&a, &b)?;
        std::fs::remove_dir_all(&a)?;
        std::fs::remove_dir_all(&b)?;
        assert!(diffs.is_empty(), "differences: {diffs:?}");
        Ok(())
    }
}
