//! Writing generated files: parent folders created, JSON pretty-printed with a final newline.

use std::path::Path;

use anyhow::{Context, Result};

pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

pub fn write_json(path: &Path, value: &serde_json::Value) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value).context("rendering JSON")?;
    text.push('\n');
    write_file(path, text.as_bytes())
}
