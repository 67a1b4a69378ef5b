//! `policyscan plugins list` and `policyscan plugins check PATH`.

use std::collections::BTreeMap;

use anyhow::{anyhow, Result};
use policyscan_api::ExpectedFinding;
use policyscan_corpus::run_example;
use policyscan_host::{load_plugin, Origin, Registry, RegistryError};

use super::plugin_setup::{plugin_configs, registry_with_plugins};
use crate::args::{PluginCheckArgs, PluginListArgs};

/// Lists built-in analyzers and loadable plugins; a plugin that does not load is listed with
/// its reason and makes the exit code 2.
pub fn list(args: &PluginListArgs) -> Result<usize> {
    let (registry, failures) = registry_with_plugins(&args.plugins.plugins, true);
    println!("{:<20} {:<10} {:<9} PATH", "ID", "VERSION", "ABI");
    for (info, origin) in registry.entries() {
        let (abi, path) = match origin {
            Origin::BuiltIn => ("built-in".to_string(), "-".to_string()),
            Origin::Plugin(p) => (
                format!("v{}", policyscan_api::ffi::ABI_VERSION),
                p.display().to_string(),
            ),
        };
        println!("{:<20} {:<10} {:<9} {path}", info.id, info.version, abi);
    }
    for f in &failures {
        eprintln!("policyscan: {f}");
    }
    Ok(failures.len())
}

/// Loads, validates and self-tests one plugin.
pub fn check(args: &PluginCheckArgs) -> Result<usize> {
    let lib = load_plugin(&args.path).map_err(|e| anyhow!("{e}"))?;
    let m = &lib.metadata;
    println!("{}", lib.path.display());
    println!(
        "  id {}, version {}, ABI v{}, built against policyscan-api {}",
        m.id, m.version, m.abi_version, m.api_version
    );
    if !m.description.is_empty() {
        println!("  {}", m.description);
    }
    match Registry::new(true).add_plugin(lib) {
        Ok(()) => {}
        Err(RegistryError::DuplicateId { .. }) => println!(
            "  note: id '{}' is also a built-in analyzer; run it with `analyze --no-builtin --plugin …`",
            m.id
        ),
        Err(e) => return Err(e.into()),
    }
    let mut registry = Registry::new(false);
    registry.add_plugin(lib)?;
    let configs = match &args.config {
        Some(file) => plugin_configs(&[format!("{}={}", m.id, file.display())])?,
        None => BTreeMap::new(),
    };
    let set = registry.build(std::slice::from_ref(&m.id), &configs)?;
    for p in &set.problems {
        println!("  configuration problem: {p}");
    }
    let analyzer = &set.analyzers[0];
    let rules: Vec<String> = analyzer.rules().into_iter().map(|r| r.id).collect();
    println!("  rules: {}", rules.join(", "));

    if m.examples.is_empty() {
        println!("ok: loads and builds; the plugin declares no examples to self-test");
        return Ok(set.problems.len());
    }
    let mut failed = 0;
    for (n, example) in m.examples.iter().enumerate() {
        let outcome = run_example(analyzer.as_ref(), example);
        match outcome {
            Err(e) => {
                failed += 1;
                println!("  example {}: FAILED: {e}", n + 1);
            }
            Ok(actual) if actual == example.expected => {
                println!("  example {}: ok ({} findings)", n + 1, actual.len());
            }
            Ok(actual) => {
                failed += 1;
                println!("  example {}: FAILED on {:?}", n + 1, example.text);
                println!("    expected: {}", show(&example.expected));
                println!("    found:    {}", show(&actual));
            }
        }
    }
    if failed > 0 {
        return Err(anyhow!("{failed} of {} examples failed", m.examples.len()));
    }
    println!("ok: {} examples passed", m.examples.len());
    Ok(set.problems.len())
}

fn show(findings: &[ExpectedFinding]) -> String {
    if findings.is_empty() {
        return "(none)".to_string();
    }
    findings
        .iter()
        .map(|f| format!("{} {:?}", f.rule, f.text))
        .collect::<Vec<_>>()
        .join(", ")
}
