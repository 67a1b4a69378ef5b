//! `cargo xtask bench`: `policyscan analyze` end to end against baselines doing the least
//! work on the same corpus and the same terms — a minimal aho-corasick + rayon scan
//! (`policyscan-bench`'s `ac-baseline`) and `rg --count-matches -F -f terms` — in one
//! process tree, interleaved round by round so that drift in machine speed hits all alike.
//! Reports the median wall time, CPU time and peak RSS of each, MB/s and the ratio to the
//! aho-corasick baseline, checks the targets, and writes the table as JSON under
//! `target/bench/`.
//!
//! Each command runs under `xtask measure`, which waits for it and reads its CPU time and
//! peak RSS with `getrusage(RUSAGE_CHILDREN)`: the measured command is its only child.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// One run of one command.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Sample {
    pub wall_s: f64,
    pub cpu_s: f64,
    pub max_rss_mb: f64,
}

/// `xtask measure -- CMD ARGS…`: runs CMD with its stdout captured and prints one JSON line
/// `{"sample": {...}, "status": N, "stdout_head": "..."}`.
pub fn measure(cmd: &[String]) -> Result<()> {
    let (program, args) = cmd.split_first().context("measure needs a command")?;
    let started = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("cannot run {program}"))?;
    let mut head = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        // Keep the first 4 KB (the summary's first line, the baseline's counts), drain the rest.
        let mut buf = [0u8; 1 << 16];
        loop {
            let n = out.read(&mut buf)?;
            if n == 0 {
                break;
            }
            let room = 4096usize.saturating_sub(head.len());
            head.extend_from_slice(&buf[..n.min(room)]);
        }
    }
    let status = child.wait()?;
    let wall_s = started.elapsed().as_secs_f64();
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)
        .context("getrusage")?;
    let secs = |t: nix::sys::time::TimeVal| t.tv_sec() as f64 + t.tv_usec() as f64 / 1e6;
    let sample = Sample {
        wall_s,
        cpu_s: secs(usage.user_time()) + secs(usage.system_time()),
        // Linux reports ru_maxrss in KiB.
        max_rss_mb: usage.max_rss() as f64 * 1024.0 / 1e6,
    };
    println!(
        "{}",
        json!({
            "sample": sample,
            "status": status.code(),
            "stdout_head": String::from_utf8_lossy(&head),
        })
    );
    Ok(())
}

/// A command measured by the bench.
struct Case {
    name: String,
    cmd: Vec<String>,
    /// Bytes of input it reads (for MB/s).
    bytes: u64,
    samples: Vec<Sample>,
    /// What its stdout started with, on the last run.
    stdout_head: String,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

impl Case {
    fn new(name: &str, cmd: Vec<String>, bytes: u64) -> Case {
        Case {
            name: name.to_string(),
            cmd,
            bytes,
            samples: Vec::new(),
            stdout_head: String::new(),
        }
    }
    fn wall(&self) -> f64 {
        median(self.samples.iter().map(|s| s.wall_s).collect())
    }
    fn cpu(&self) -> f64 {
        median(self.samples.iter().map(|s| s.cpu_s).collect())
    }
    fn rss(&self) -> f64 {
        median(self.samples.iter().map(|s| s.max_rss_mb).collect())
    }
    fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.wall()
    }
}

/// Options of `cargo xtask bench`.
#[derive(Debug)]
pub struct BenchArgs {
    pub corpus: Option<PathBuf>,
    pub runs: usize,
    pub threads: usize,
}

impl BenchArgs {
    pub fn parse(args: &[String]) -> Result<BenchArgs> {
        let mut out = BenchArgs {
            corpus: None,
            runs: 3,
            threads: 2,
        };
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            let mut value = |what: &str| {
                rest.next()
                    .cloned()
                    .with_context(|| format!("{arg} needs {what}"))
            };
            match arg.as_str() {
                "--corpus" => out.corpus = Some(PathBuf::from(value("a folder")?)),
                "--runs" => {
                    out.runs = value("a number")?.parse().context("--runs")?;
                }
                "--threads" => {
                    out.threads = value("a number")?.parse().context("--threads")?;
                }
                other => bail!("unexpected argument {other:?}"),
            }
        }
        if out.runs == 0 || out.threads == 0 {
            bail!("--runs and --threads must be at least 1");
        }
        Ok(out)
    }
}

fn corpus_bytes(dir: &Path) -> Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        let meta = entry.metadata()?;
        total += if meta.is_dir() {
            corpus_bytes(&entry.path())?
        } else {
            std::fs::read(entry.path())?.len() as u64 // also warms the page cache
        };
    }
    Ok(total)
}

/// A bench corpus, generated when it is the default one and missing.
fn ensure_corpus(root: &Path, size: &str, given: Option<&PathBuf>) -> Result<PathBuf> {
    if let Some(dir) = given {
        if !dir.is_dir() {
            bail!("{} is not a folder", dir.display());
        }
        return Ok(dir.clone());
    }
    let dir = root.join("target/bench-corpus").join(size);
    if !dir.is_dir() {
        println!("bench: no {} yet; generating it", dir.display());
        crate::bench_corpus::run(size, None, root)?;
    }
    Ok(dir)
}

/// ripgrep, installed with apt-get when missing and possible; None (with a notice) otherwise.
fn find_rg() -> Option<String> {
    let works = || {
        Command::new("rg")
            .arg("--version")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if works() {
        return Some("rg".into());
    }
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    if root {
        println!("bench: ripgrep is missing; installing it with apt-get");
        let _ = Command::new("apt-get")
            .arg("update")
            .stdout(Stdio::null())
            .status();
        let _ = Command::new("apt-get")
            .args(["install", "-y", "ripgrep"])
            .stdout(Stdio::null())
            .status();
        if works() {
            return Some("rg".into());
        }
    }
    println!(
        "bench: ripgrep is not installed and could not be installed: the rg baseline is skipped"
    );
    None
}

fn run_once(case: &mut Case) -> Result<()> {
    let exe = std::env::current_exe()?;
    let out = Command::new(exe)
        .arg("measure")
        .arg("--")
        .args(&case.cmd)
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("measuring {}", case.name))?;
    let line = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = serde_json::from_str(line.trim())
        .with_context(|| format!("measure output of {}: {line}", case.name))?;
    let status = v["status"].as_i64();
    // policyscan and the baseline exit 0; rg exits 1 when a file has no match. Anything
    // else (an error, a signal) is a failed run, not a measurement.
    let ok = status == Some(0) || (case.cmd[0].ends_with("rg") && status == Some(1));
    if !ok {
        bail!("{} exited with {status:?}", case.name);
    }
    case.samples
        .push(serde_json::from_value(v["sample"].clone())?);
    case.stdout_head = v["stdout_head"].as_str().unwrap_or_default().to_string();
    Ok(())
}

/// "N documents, M findings, …": the findings count of a policyscan summary.
fn summary_findings(head: &str) -> Option<u64> {
    let second = head.lines().next()?.split(", ").nth(1)?;
    second.strip_suffix(" findings")?.parse().ok()
}

pub fn run(root: &Path, args: &BenchArgs) -> Result<()> {
    let corpus = ensure_corpus(root, "1g", args.corpus.as_ref())?;
    // The same analysis on a tenth of the data: peak RSS must not grow with the corpus.
    let small = if args.corpus.is_none() {
        Some(ensure_corpus(root, "100m", None)?)
    } else {
        None
    };
    println!("bench: building release binaries");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(root)
        .args([
            "build",
            "--release",
            "-p",
            "policyscan-cli",
            "-p",
            "policyscan-bench",
            "--bin",
            "policyscan",
            "--bin",
            "ac-baseline",
        ])
        .status()?;
    if !status.success() {
        bail!("cargo build failed");
    }
    let bin = root.join("target/release");
    let bench_dir = root.join("target/bench");
    std::fs::create_dir_all(&bench_dir)?;
    let keyword =
        policyscan_keyword::KeywordAnalyzer::new(&policyscan_keyword::Dictionary::builtin());
    let terms_path = bench_dir.join("terms.txt");
    let mut terms = keyword.patterns().join("\n");
    terms.push('\n');
    std::fs::write(&terms_path, terms)?;
    let rg = find_rg();
    println!("bench: reading {} once (page cache)", corpus.display());
    let bytes = corpus_bytes(&corpus)?;
    let small_bytes = match &small {
        Some(s) => corpus_bytes(s)?,
        None => 0,
    };
    let out_dir = bench_dir.join("run-out");
    let s = |p: &Path| p.display().to_string();
    let threads = args.threads.to_string();
    let policyscan = |dir: &Path, analyzers: Option<&str>, threads: &str| {
        let mut cmd = vec![
            s(&bin.join("policyscan")),
            "analyze".into(),
            s(dir),
            "--out".into(),
            s(&out_dir),
            "--threads".into(),
            threads.to_string(),
            "-q".into(),
        ];
        if let Some(a) = analyzers {
            cmd.extend(["--analyzers".into(), a.to_string()]);
        }
        cmd
    };
    let mut cases = vec![
        Case::new(
            "ac-baseline (aho-corasick + rayon)",
            vec![
                s(&bin.join("ac-baseline")),
                "--terms".into(),
                s(&terms_path),
                "--threads".into(),
                threads.clone(),
                s(&corpus),
            ],
            bytes,
        ),
        Case::new(
            "policyscan, keyword only",
            policyscan(&corpus, Some("keyword"), &threads),
            bytes,
        ),
        Case::new(
            "policyscan, all built-ins",
            policyscan(&corpus, None, &threads),
            bytes,
        ),
    ];
    // The baseline of the speed-up check; with --threads 1 there is no speed-up to check.
    if args.threads != 1 {
        cases.push(Case::new(
            "policyscan, keyword only, 1 thread",
            policyscan(&corpus, Some("keyword"), "1"),
            bytes,
        ));
    }
    if let Some(small) = &small {
        cases.push(Case::new(
            "policyscan, all built-ins, 100 MB corpus",
            policyscan(small, None, &threads),
            small_bytes,
        ));
    }
    if let Some(rg) = &rg {
        cases.push(Case::new(
            "rg --count-matches -F -f terms",
            vec![
                rg.clone(),
                "--count-matches".into(),
                "-F".into(),
                "-f".into(),
                s(&terms_path),
                "--threads".into(),
                threads.clone(),
                s(&corpus),
            ],
            bytes,
        ));
    }
    for round in 0..args.runs {
        println!("bench: round {} of {}", round + 1, args.runs);
        let n = cases.len();
        for i in 0..n {
            // Rotate the order every round.
            let case = &mut cases[(i + round) % n];
            run_once(case)?;
            let _ = std::fs::remove_dir_all(&out_dir);
        }
    }
    report(&cases, &corpus, bytes, args, root, &bench_dir)
}

fn report(
    cases: &[Case],
    corpus: &Path,
    bytes: u64,
    args: &BenchArgs,
    root: &Path,
    bench_dir: &Path,
) -> Result<()> {
    let baseline = &cases[0];
    let ac_rate = baseline.mb_per_s();
    println!(
        "\n{} ({:.0} MB), {} threads, median of {} runs\n",
        corpus.display(),
        bytes as f64 / 1e6,
        args.threads,
        args.runs
    );
    println!(
        "{:<42} {:>8} {:>8} {:>10} {:>8} {:>8}",
        "command", "wall s", "CPU s", "peak RSS", "MB/s", "× AC"
    );
    let mut rows = Vec::new();
    for c in cases {
        println!(
            "{:<42} {:>8.2} {:>8.2} {:>7.0} MB {:>8.0} {:>8.2}",
            c.name,
            c.wall(),
            c.cpu(),
            c.rss(),
            c.mb_per_s(),
            c.mb_per_s() / ac_rate
        );
        rows.push(json!({
            "command": c.name,
            "argv": c.cmd,
            "bytes": c.bytes,
            "wall_s": c.wall(),
            "cpu_s": c.cpu(),
            "max_rss_mb": c.rss(),
            "mb_per_s": c.mb_per_s(),
            "ratio_to_ac_baseline": c.mb_per_s() / ac_rate,
            "samples": c.samples,
        }));
    }
    let find = |name: &str| cases.iter().find(|c| c.name == name);
    let truth = std::fs::read_to_string(corpus.with_extension("truth.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
    let mut checks = Vec::new();
    println!("\ntargets:");
    if let (Some(k), Some(t)) = (find("policyscan, keyword only"), &truth) {
        // A fast wrong answer is no answer: the keyword run must report the planted findings.
        let want = t["keyword_findings"].as_u64();
        let got = summary_findings(&k.stdout_head);
        let ok = want.is_some() && want == got;
        println!(
            "  {} keyword findings equal the planted ones: {got:?} (want {want:?})",
            if ok { "PASS" } else { "FAIL" }
        );
        checks.push(json!({"check": "keyword findings equal the planted ones", "ok": ok, "value": got, "want": want}));
    }
    let mut target = |name: &str, ok: bool, value: f64, want: &str| {
        println!(
            "  {} {name}: {value:.2} (target {want})",
            if ok { "PASS" } else { "MISS" }
        );
        checks.push(json!({"check": name, "ok": ok, "value": value, "target": want}));
    };
    if let Some(k) = find("policyscan, keyword only") {
        let r = k.mb_per_s() / ac_rate;
        target(
            "keyword only / ac-baseline throughput",
            r >= 0.9,
            r,
            "≥ 0.9",
        );
        if let Some(rg) = find("rg --count-matches -F -f terms") {
            let r = k.mb_per_s() / rg.mb_per_s();
            target("keyword only / rg throughput", r > 1.0, r, "> 1");
        }
        if let Some(one) = find("policyscan, keyword only, 1 thread") {
            let r = one.wall() / k.wall();
            target(
                &format!("speed-up of --threads {} over --threads 1", args.threads),
                r >= 1.7,
                r,
                "≥ 1.7",
            );
        }
    }
    if let Some(all) = find("policyscan, all built-ins") {
        let r = all.mb_per_s() / ac_rate;
        target(
            "all built-ins / ac-baseline throughput",
            r >= 0.5,
            r,
            "≥ 0.5",
        );
        target(
            "peak RSS of all built-ins, MB",
            all.rss() < 300.0,
            all.rss(),
            "< 300",
        );
        if let Some(small) = find("policyscan, all built-ins, 100 MB corpus") {
            let r = all.rss() / small.rss();
            target("peak RSS 1 GB / 100 MB", r < 1.5, r, "about 1 (< 1.5)");
        }
    }
    let report = json!({
        "corpus": corpus.display().to_string(),
        "bytes": bytes,
        "threads": args.threads,
        "runs": args.runs,
        "rows": rows,
        "checks": checks,
        "git": git_head(root),
    });
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let path = bench_dir.join(format!("bench-{stamp}.json"));
    crate::fs_out::write_json(&path, &report)?;
    crate::fs_out::write_json(&bench_dir.join("latest.json"), &report)?;
    println!("\nwritten: {} (and latest.json)", path.display());
    Ok(())
}

fn git_head(root: &Path) -> String {
    Command::new("git")
        .current_dir(root)
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_count_from_the_summary_line() {
        assert_eq!(
            summary_findings("24967 documents, 1275855 findings, 0 failures, 0 skipped files\n"),
            Some(1275855)
        );
        assert_eq!(summary_findings(""), None);
    }

    #[test]
    fn medians() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0]), 2.5);
        assert!(median(Vec::new()).is_nan());
    }

    #[test]
    fn arguments() {
        let a = BenchArgs::parse(&["--runs".into(), "5".into()]).expect("parses");
        assert_eq!((a.runs, a.threads), (5, 2));
        assert!(BenchArgs::parse(&["--runs".into(), "0".into()]).is_err());
        assert!(BenchArgs::parse(&["--bogus".into()]).is_err());
    }
}
