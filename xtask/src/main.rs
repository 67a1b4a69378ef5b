//! Project automation for policyscan, run as `cargo xtask <command>`:
//!
//! - `fixtures [--check]` — write (or verify) every generated fixture under `fixtures/`;
//! - `bench-corpus [--size 100m|1g|<N>m] [--out DIR]` — a large synthetic corpus for benches;
//! - `plugins [--debug]` — build every plugin crate as a shared library into `target/plugins/`;
//! - `new-plugin NAME` — create `plugins/NAME/` (crate `policyscan-NAME`) from a template.

mod bench;
mod bench_corpus;
mod broken_corpus;
mod builtin_dictionary;
mod check;
mod dictionary_terms;
mod encoded;
mod fixtures;
mod fs_out;
mod golden;
mod jsonl_corpus;
mod new_plugin;
mod plant;
mod plugins;
mod prng;
mod report_text;
mod sample_citations;
mod sample_corpus;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  fixtures [--check]                       write every generated fixture under fixtures/
                                           (--check: regenerate elsewhere and compare)
  bench-corpus [--size 100m|1g|<N>m] [--out DIR]
                                           write a synthetic bench corpus (default 100m,
                                           into target/bench-corpus/<size>/)
  bench [--corpus DIR] [--runs N] [--threads N]
                                           policyscan analyze (release) end to end against an
                                           aho-corasick + rayon baseline and rg on the same
                                           corpus (default target/bench-corpus/1g, generated
                                           when missing) and terms, interleaved; prints wall,
                                           CPU, peak RSS, MB/s, ratios and the targets, and
                                           writes target/bench/latest.json (default 3 runs,
                                           2 threads)
  plugins [--debug]                        build every plugin crate (under plugins/, with an
                                           `export` feature; not plugins/test-fixtures/) as a
                                           shared library into target/plugins/
                                           (--debug: without --release)
  new-plugin NAME                          create plugins/NAME/ (crate policyscan-NAME, analyzer
                                           id NAME, [a-z][a-z0-9-]*) from a template and add it
                                           to the workspace members";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of this crate's folder).
fn workspace_root() -> Result<PathBuf> {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .context("xtask has no parent folder")
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root()?;
    match args.first().map(String::as_str) {
        Some("fixtures") => {
            let fixtures_root = root.join("fixtures");
            match &args[1..] {
                [] => {
                    fixtures::generate(&fixtures_root)?;
                    println!("fixtures written under {}", fixtures_root.display());
                    Ok(())
                }
                [flag] if flag == "--check" => check::run(&fixtures_root),
                other => bail!("unexpected arguments {other:?}\n{USAGE}"),
            }
        }
        Some("bench-corpus") => {
            let mut size = "100m".to_string();
            let mut out = None;
            let mut rest = args[1..].iter();
            while let Some(arg) = rest.next() {
                match arg.as_str() {
                    "--size" => {
                        size = rest
                            .next()
                            .context("--size needs a value (100m, 1g, <N>m)")?
                            .clone()
                    }
                    "--out" => {
                        out = Some(PathBuf::from(rest.next().context("--out needs a folder")?))
                    }
                    other => bail!("unexpected argument {other:?}\n{USAGE}"),
                }
            }
            bench_corpus::run(&size, out, &root)
        }
        Some("bench") => bench::run(&root, &bench::BenchArgs::parse(&args[1..])?),
        // Internal: runs one command of `bench` and reports its resource use.
        Some("measure") => match args.get(1).map(String::as_str) {
            Some("--") => bench::measure(&args[2..]),
            _ => bail!("usage: xtask measure -- COMMAND [ARGS]"),
        },
        Some("plugins") => match &args[1..] {
            [] => plugins::run(&root, false),
            [flag] if flag == "--debug" => plugins::run(&root, true),
            other => bail!("unexpected arguments {other:?}\n{USAGE}"),
        },
        Some("new-plugin") => match &args[1..] {
            [name] => new_plugin::run(&root, name),
            [] => bail!("new-plugin needs a NAME\n{USAGE}"),
            other => bail!("unexpected arguments {other:?}\n{USAGE}"),
        },
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown command {other:?}\n{USAGE}"),
        None => bail!("no command given\n{USAGE}"),
    }
}
