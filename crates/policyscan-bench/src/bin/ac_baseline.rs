//! The baseline of `cargo xtask bench`: the least work that answers "how often does each
//! file mention these terms" — read every file whole, count leftmost-longest matches of the
//! terms with one aho-corasick DFA (ASCII case-insensitive, like the keyword analyzer), in
//! parallel over files with rayon. No decoding, normalization, metadata, positions or
//! output: policyscan's end-to-end run is measured against this.
//!
//! ```text
//! ac-baseline --terms FILE [--threads N] DIR
//! ```
//! Prints `{"files": …, "bytes": …, "matches": …}`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rayon::prelude::*;

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files_under(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn run() -> Result<String, String> {
    let mut args = std::env::args().skip(1);
    let (mut terms, mut threads, mut dir) = (None, 0usize, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--terms" => terms = args.next(),
            "--threads" => {
                threads = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--threads needs a number")?
            }
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            other => return Err(format!("unexpected argument {other}")),
        }
    }
    let usage = "usage: ac-baseline --terms FILE [--threads N] DIR";
    let terms = terms.ok_or(usage)?;
    let dir = dir.ok_or(usage)?;
    let patterns: Vec<String> = std::fs::read_to_string(&terms)
        .map_err(|e| format!("{terms}: {e}"))?
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&patterns)
        .map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    files_under(&dir, &mut files).map_err(|e| format!("{}: {e}", dir.display()))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| e.to_string())?;
    let (bytes, matches) = pool.install(|| {
        files
            .par_iter()
            .map(|f| match std::fs::read(f) {
                Ok(data) => Ok((data.len() as u64, ac.find_iter(&data).count() as u64)),
                Err(e) => Err(format!("{}: {e}", f.display())),
            })
            .try_reduce(|| (0, 0), |a, b| Ok((a.0 + b.0, a.1 + b.1)))
    })?;
    Ok(format!(
        "{{\"files\": {}, \"bytes\": {bytes}, \"matches\": {matches}}}",
        files.len()
    ))
}

fn main() -> ExitCode {
    match run() {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("ac-baseline: {e}");
            ExitCode::FAILURE
        }
    }
}
