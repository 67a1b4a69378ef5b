//! Builds plugin crates as cdylibs, once per process, for the plugin benches and the plugin
//! tests, so `cargo test` and `cargo bench` on a clean checkout need no manual step. Uses
//! `cargo rustc --crate-type cdylib --features export` in a separate cargo invocation
//! (feature unification must not leak `export` into the statically linked copies) and takes
//! the library path from cargo's JSON messages.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;

static BUILT: Mutex<BTreeMap<(String, bool), PathBuf>> = Mutex::new(BTreeMap::new());

/// The shared library of workspace package `package`, built (debug profile) with its
/// `export` feature.
pub fn build_cdylib(package: &str) -> PathBuf {
    build(package, false)
}

/// As [`build_cdylib`], with the release profile (for benches).
pub fn build_cdylib_release(package: &str) -> PathBuf {
    build(package, true)
}

fn build(package: &str, release: bool) -> PathBuf {
    let mut built = BUILT.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(path) = built.get(&(package.to_string(), release)) {
        return path.clone();
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = Command::new(cargo);
    command
        .current_dir(crate::repo_root())
        .args(["rustc", "-p", package, "--lib", "--crate-type", "cdylib"])
        .args([
            "--features",
            "export",
            "--message-format=json-render-diagnostics",
            "--quiet",
        ]);
    if release {
        command.arg("--release");
    }
    let output = command.output().expect("run cargo rustc");
    assert!(
        output.status.success(),
        "building {package} as a cdylib failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let crate_name = package.replace('-', "_");
    let path = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| {
            v["reason"] == "compiler-artifact" && v["target"]["name"] == crate_name.as_str()
        })
        .flat_map(|v| v["filenames"].as_array().cloned().unwrap_or_default())
        .filter_map(|f| f.as_str().map(PathBuf::from))
        .find(|f| {
            f.extension()
                .is_some_and(|e| e == "so" || e == "dylib" || e == "dll")
        })
        .unwrap_or_else(|| panic!("no shared library in cargo's output for {package}"));
    built.insert((package.to_string(), release), path.clone());
    path
}
