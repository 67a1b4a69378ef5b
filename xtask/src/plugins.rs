//! `cargo xtask plugins [--debug]`: builds every plugin crate as a shared library (cdylib,
//! with its `export` feature) into `target/plugins/`, ready for `policyscan --plugin`.
//!
//! A plugin crate is a workspace package whose manifest lies under `plugins/` (but not under
//! `plugins/test-fixtures/`, which tests build themselves) and that has an `export` feature.
//! Each is built by its own cargo invocation: in one invocation cargo would unify features,
//! and `export` would leak into the statically linked copy of a built-in analyzer.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use serde_json::Value;

/// A plugin crate found in the workspace metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginCrate {
    pub name: String,
    /// Cargo's package id, which the build messages name the package by.
    pub id: String,
}

/// The cargo binary: `$CARGO` (set when run by cargo), else `cargo` from the PATH.
fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

/// `cargo metadata --no-deps` of the workspace at `root`.
fn metadata(root: &Path) -> Result<Value> {
    let output = Command::new(cargo())
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(root.join("Cargo.toml"))
        .stderr(Stdio::inherit())
        .output()
        .context("running cargo metadata")?;
    if !output.status.success() {
        bail!("cargo metadata failed ({})", output.status);
    }
    serde_json::from_slice(&output.stdout).context("parsing the output of cargo metadata")
}

/// Names of every package of the workspace at `root`.
pub fn workspace_package_names(root: &Path) -> Result<Vec<String>> {
    let metadata = metadata(root)?;
    let packages = metadata["packages"]
        .as_array()
        .context("cargo metadata: no packages")?;
    Ok(packages
        .iter()
        .filter_map(|p| p["name"].as_str().map(str::to_string))
        .collect())
}

/// The plugin crates in a `cargo metadata` document, sorted by name.
pub fn plugin_crates(metadata: &Value) -> Result<Vec<PluginCrate>> {
    let root = metadata["workspace_root"]
        .as_str()
        .context("cargo metadata: no workspace_root")?;
    let plugins_dir = Path::new(root).join("plugins");
    let fixtures_dir = plugins_dir.join("test-fixtures");
    let packages = metadata["packages"]
        .as_array()
        .context("cargo metadata: no packages")?;
    let mut found = Vec::new();
    for package in packages {
        let manifest = Path::new(package["manifest_path"].as_str().unwrap_or_default());
        let has_export = package["features"].get("export").is_some();
        if manifest.starts_with(&plugins_dir) && !manifest.starts_with(&fixtures_dir) && has_export
        {
            let name = package["name"]
                .as_str()
                .context("cargo metadata: package without name")?;
            let id = package["id"]
                .as_str()
                .context("cargo metadata: package without id")?;
            found.push(PluginCrate {
                name: name.to_string(),
                id: id.to_string(),
            });
        }
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(found)
}

/// Builds every plugin crate of the workspace at `root` and copies the libraries into
/// `<target dir>/plugins/`.
pub fn run(root: &Path, debug: bool) -> Result<()> {
    let metadata = metadata(root)?;
    let crates = plugin_crates(&metadata)?;
    let target_dir = metadata["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .context("cargo metadata: no target_directory")?;
    let out_dir = target_dir.join("plugins");
    if crates.is_empty() {
        println!("no plugin crates (packages under plugins/ with an `export` feature)");
        return Ok(());
    }
    std::fs::create_dir_all(&out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let mut built = Vec::new();
    for krate in &crates {
        let library = build(root, krate, debug)?;
        let file_name = library
            .file_name()
            .context("library path without file name")?;
        let dest = out_dir.join(file_name);
        install(&library, &dest)
            .with_context(|| format!("copying {} to {}", library.display(), dest.display()))?;
        built.push((krate.name.as_str(), dest));
    }
    for (name, dest) in built {
        let shown = dest.strip_prefix(root).unwrap_or(&dest);
        println!("{name} → {}", shown.display());
    }
    Ok(())
}

/// Builds one plugin crate as a cdylib with its `export` feature; returns the library.
fn build(root: &Path, krate: &PluginCrate, debug: bool) -> Result<PathBuf> {
    let mut command = Command::new(cargo());
    command
        .current_dir(root)
        .args(["rustc", "-p", &krate.name, "--lib"])
        .args(["--crate-type", "cdylib", "--features", "export"])
        .arg("--message-format=json-render-diagnostics");
    if !debug {
        command.arg("--release");
    }
    // Diagnostics and progress go to stderr; stdout is the JSON messages.
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("running cargo to build plugin {}", krate.name))?;
    if !output.status.success() {
        bail!(
            "building plugin crate {} failed ({}); see the errors above",
            krate.name,
            output.status
        );
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    library_artifact(&stdout, &krate.id).with_context(|| {
        format!(
            "cargo built plugin crate {} but reported no shared library",
            krate.name
        )
    })
}

/// The shared library in the `compiler-artifact` message of package `package_id`'s lib
/// target, among cargo's JSON messages.
pub fn library_artifact(messages: &str, package_id: &str) -> Option<PathBuf> {
    let is_library = |path: &&str| {
        Path::new(path)
            .extension()
            .is_some_and(|e| e == "so" || e == "dylib" || e == "dll")
    };
    messages
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["package_id"] == package_id)
        .filter(|m| {
            let kinds = m["target"]["kind"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default();
            kinds.iter().any(|k| k == "lib" || k == "cdylib")
        })
        .flat_map(|m| {
            let files = m["filenames"].as_array().cloned().unwrap_or_default();
            files
                .into_iter()
                .filter_map(|f| f.as_str().map(str::to_string))
        })
        .find(|f| is_library(&f.as_str()))
        .map(PathBuf::from)
}

/// Copies `from` to `to` through a temporary file and a rename, so that a process which
/// has the old library loaded keeps a consistent file.
fn install(from: &Path, to: &Path) -> Result<()> {
    let mut tmp = to.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::copy(from, &tmp)?;
    std::fs::rename(&tmp, to)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_plugin_crates_but_not_fixtures_or_featureless_ones() {
        let package = |name: &str, dir: &str, export: bool| {
            let features = if export {
                json!({"export": []})
            } else {
                json!({})
            };
            json!({
                "name": name,
                "id": format!("path+file:///ws/{dir}#{name}@0.1.0"),
                "manifest_path": format!("/ws/{dir}/Cargo.toml"),
                "features": features,
            })
        };
        let metadata = json!({
            "workspace_root": "/ws",
            "packages": [
                package("policyscan-keyword", "plugins/keyword", true),
                package("policyscan-api", "crates/policyscan-api", false),
                package("policyscan-fixture-panicky", "plugins/test-fixtures/panicky", true),
                package("policyscan-growth-target", "plugins/examples/growth-target", true),
                package("policyscan-no-export", "plugins/no-export", false),
                package("policyscan-elsewhere", "crates/elsewhere", true),
            ],
        });
        let names: Vec<String> = plugin_crates(&metadata)
            .expect("parses")
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names, ["policyscan-growth-target", "policyscan-keyword"]);
    }

    #[test]
    fn picks_the_library_of_the_package() {
        let id = "path+file:///ws/plugins/keyword#policyscan-keyword@0.1.0";
        let messages = [
            json!({"reason": "compiler-artifact", "package_id": "registry+x#serde_json@1.0.0",
                   "target": {"kind": ["lib"]}, "filenames": ["/t/libserde_json.rlib"]}),
            json!({"reason": "compiler-artifact", "package_id": id,
                   "target": {"kind": ["lib"]},
                   "filenames": ["/t/release/libpolicyscan_keyword.so"]}),
            json!({"reason": "build-finished", "success": true}),
        ]
        .iter()
        .map(Value::to_string)
        .collect::<Vec<_>>()
        .join("\n");
        assert_eq!(
            library_artifact(&messages, id),
            Some(PathBuf::from("/t/release/libpolicyscan_keyword.so"))
        );
        assert_eq!(library_artifact(&messages, "other"), None);
    }
}
