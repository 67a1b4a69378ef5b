//! Plugins end to end: a loaded analyzer behaves exactly like the built-in one; every kind
//! of broken plugin is a clear failure (exit code 2), never a crash; a panicking plugin costs
//! failure records, not the run.

mod common;

use common::*;
use policyscan_bench::cdylib::build_cdylib;

#[test]
fn loaded_keyword_plugin_gives_byte_identical_findings() {
    let plugin = build_cdylib("policyscan-keyword");
    let (builtin, out1) = analyze_into(&sample_corpus(), &["--analyzers", "keyword"]);
    assert_eq!(builtin.status.code(), Some(0), "{}", stderr(&builtin));
    let (loaded, out2) = analyze_into(
        &sample_corpus(),
        &["--no-builtin", "--plugin", plugin.to_str().expect("utf8")],
    );
    assert_eq!(loaded.status.code(), Some(0), "{}", stderr(&loaded));
    for file in ["findings.jsonl", "documents.csv", "coverage.csv"] {
        let a = std::fs::read(out1.path().join(file)).expect("built-in output");
        let b = std::fs::read(out2.path().join(file)).expect("plugin output");
        assert!(!a.is_empty());
        assert!(
            a == b,
            "{file} differs between built-in and loaded keyword analyzer"
        );
    }
    assert_eq!(builtin.stdout, loaded.stdout, "same summary");
    let run: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out2.path().join("run.json")).expect("run.json"),
    )
    .expect("json");
    assert!(run["analyzers"][0]["origin"]
        .as_str()
        .is_some_and(|o| o.ends_with(".so")));
}

#[test]
fn plugin_config_reaches_the_loaded_analyzer() {
    let plugin = build_cdylib("policyscan-keyword");
    let dir = tempfile::tempdir().expect("tempdir");
    let dict = dir.path().join("only.toml");
    std::fs::write(
        &dict,
        "default_concepts = false\n[[concept]]\nid = \"chain\"\nlabel = \"链\"\nterms = [\"区块链\"]\n",
    )
    .expect("write");
    let o = policyscan(&[
        "analyze",
        sample_corpus().to_str().expect("utf8"),
        "--no-builtin",
        "--plugin",
        plugin.to_str().expect("utf8"),
        "--plugin-config",
        &format!("keyword={}", dict.display()),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("chain (链)") && !s.contains("big_data"), "{s}");
}

#[test]
fn plugins_check_and_list() {
    let plugin = build_cdylib("policyscan-fixture-panicky");
    let o = policyscan(&["plugins", "check", plugin.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("ok: 1 examples passed"),
        "{}",
        stdout(&o)
    );

    let o = policyscan(&[
        "plugins",
        "list",
        "--plugin",
        plugin.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("keyword") && s.contains("built-in"), "{s}");
    assert!(
        s.lines()
            .any(|l| l.starts_with("panicky") && l.contains(" v1 ")),
        "{s}"
    );
}

#[test]
fn plugin_path_directories_are_scanned() {
    let plugin = build_cdylib("policyscan-fixture-panicky");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(&plugin, dir.path().join("libpanicky.so")).expect("copy");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_policyscan"))
        .args(["plugins", "list"])
        .env("POLICYSCAN_PLUGIN_PATH", dir.path())
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("libpanicky.so"), "{}", stdout(&o));
}

/// Each broken plugin: exit code 2 and one message naming the file and the problem.
fn assert_refused(path: &std::path::Path, problem: &str) {
    let shown = path.to_str().expect("utf8");
    let o = policyscan(&["plugins", "check", shown]);
    assert_eq!(o.status.code(), Some(2), "check {shown}: {}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains(shown) && err.contains(problem),
        "check {shown}: {err}"
    );

    let o = policyscan(&[
        "analyze",
        sample_corpus().to_str().expect("utf8"),
        "--plugin",
        shown,
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(2), "analyze with {shown}");
    let err = stderr(&o);
    assert!(
        err.contains(shown) && err.contains(problem),
        "analyze with {shown}: {err}"
    );
    // The run goes on with the built-in analyzers.
    assert!(stdout(&o).starts_with("94 documents"), "{}", stdout(&o));
}

#[test]
fn loader_errors_are_clear_and_never_crash() {
    let dir = tempfile::tempdir().expect("tempdir");

    let missing = dir.path().join("missing.so");
    assert_refused(&missing, "does not exist");

    let text = dir.path().join("notes.so");
    std::fs::write(&text, "not a library").expect("write");
    assert_refused(&text, "not a loadable shared library");

    let system = [
        "/lib/x86_64-linux-gnu/libm.so.6",
        "/usr/lib/x86_64-linux-gnu/libm.so.6",
        "/lib64/libm.so.6",
        "/usr/lib/libm.so.6",
        "/lib/aarch64-linux-gnu/libm.so.6",
    ]
    .iter()
    .map(std::path::Path::new)
    .find(|p| p.is_file())
    .expect("a system libm to test with");
    assert_refused(system, "no `policyscan_plugin_v1` entry symbol");

    let wrong_abi = build_cdylib("policyscan-fixture-wrong-abi");
    assert_refused(&wrong_abi, "declares ABI version 99");
}

#[test]
fn two_plugins_with_the_same_id_are_refused() {
    let plugin = build_cdylib("policyscan-fixture-panicky");
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("libpanicky-copy.so");
    std::fs::copy(&plugin, &copy).expect("copy");
    let o = policyscan(&[
        "analyze",
        sample_corpus().to_str().expect("utf8"),
        "--plugin",
        plugin.to_str().expect("utf8"),
        "--plugin",
        copy.to_str().expect("utf8"),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("libpanicky-copy.so") && err.contains("clashes"),
        "{err}"
    );
    // The same file given twice is loaded once, silently.
    let o = policyscan(&[
        "plugins",
        "list",
        "--plugin",
        plugin.to_str().expect("utf8"),
        "--plugin",
        plugin.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn panicking_plugin_costs_failure_records_not_the_run() {
    let plugin = build_cdylib("policyscan-fixture-panicky");
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = [
        ("2020/beijing.txt", "推进区块链技术应用。"),
        ("2020/tianjin.txt", "发展区块链产业。PANIC"),
        ("2020/hebei.txt", "建设区块链平台。FAIL"),
        ("2020/shanxi.txt", "区块链示范应用。"),
    ];
    for (path, text) in docs {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    let (o, out) = analyze_into(dir.path(), &["--plugin", plugin.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("tianjin.txt") && err.contains("panicked: fixture panic"),
        "{err}"
    );
    assert!(
        err.contains("hebei.txt") && err.contains("failed: fixture failure"),
        "{err}"
    );
    assert!(
        !err.contains("stack backtrace"),
        "the plugin's panic hook stays quiet: {err}"
    );
    let findings = std::fs::read_to_string(out.path().join("findings.jsonl")).expect("findings");
    let keyword = findings
        .lines()
        .filter(|l| l.contains("\"rule\":\"keyword/blockchain\""))
        .count();
    let panicky = findings
        .lines()
        .filter(|l| l.contains("\"rule\":\"panicky/marker\""))
        .count();
    assert_eq!(
        keyword, 4,
        "the built-in analyzer still ran on every document"
    );
    assert_eq!(
        panicky, 2,
        "the plugin's findings on the good documents are kept"
    );
}

#[test]
fn repeated_panics_disable_the_plugin_and_the_summary_says_so() {
    let plugin = build_cdylib("policyscan-fixture-panicky");
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..600 {
        let p = dir.path().join(format!("2020/doc{i:03}.txt"));
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, "区块链 PANIC").expect("write");
    }
    let o = policyscan(&[
        "analyze",
        dir.path().to_str().expect("utf8"),
        "--plugin",
        plugin.to_str().expect("utf8"),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let summary = stdout(&o);
    assert!(
        summary.contains("analyzer 'panicky' disabled after"),
        "{summary}"
    );
    // Disabled after the first batch (512 documents): the rest were not attempted.
    let panics = stderr(&o).matches("panicked: fixture panic").count();
    assert_eq!(
        panics,
        512,
        "{}",
        stderr(&o).lines().last().unwrap_or_default()
    );
}

#[test]
fn growth_target_example_plugin_loads_checks_and_extracts() {
    let plugin = build_cdylib("policyscan-growth-target");
    let o = policyscan(&["plugins", "check", plugin.to_str().expect("utf8")]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));

    let dir = tempfile::tempdir().expect("tempdir");
    let doc = dir.path().join("2021/beijing.txt");
    std::fs::create_dir_all(doc.parent().expect("parent")).expect("mkdir");
    std::fs::write(
        &doc,
        "主要预期目标是：地区生产总值增长６％左右；赤字率控制在3%以内。",
    )
    .expect("write");
    let (o, out) = analyze_into(
        dir.path(),
        &[
            "--plugin",
            plugin.to_str().expect("utf8"),
            "--analyzers",
            "growth-target",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let findings = std::fs::read_to_string(out.path().join("findings.jsonl")).expect("findings");
    let lines: Vec<serde_json::Value> = findings
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines.len(), 2, "{findings}");
    assert_eq!(
        lines[0]["text"], "地区生产总值增长６％左右",
        "original full-width surface"
    );
    assert_eq!(lines[0]["captures"]["indicator"]["text"], "地区生产总值");
    assert_eq!(lines[0]["captures"]["value"]["text"], "６");
    assert_eq!(lines[0]["attrs"]["qualifier"], "around");
    assert_eq!(lines[1]["attrs"]["direction"], "cap");
}
