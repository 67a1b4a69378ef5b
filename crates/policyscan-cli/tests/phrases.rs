//! The phrase analyzer end to end: phrases.csv, the "X+" table in the summary, and user
//! pattern files given with --patterns.

mod common;

use common::*;

fn write(path: &std::path::Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

#[test]
fn phrases_csv_and_summary_table_on_the_sample_corpus() {
    let (o, out) = analyze_into(&sample_corpus(), &["--analyzers", "phrase"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = read_csv(&out.path().join("phrases.csv"));
    let seen: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r["doc"].as_str(), r["x"].as_str(), r["y"].as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("2020/zhejiang.txt", "区块链", "政务服务"),
            ("2021/guizhou.txt", "区块链", "政务服务")
        ]
    );
    assert_eq!(
        rows[0]["text"], "“区块链＋政务服务”",
        "original surface, full-width plus"
    );
    let summary = stdout(&o);
    assert!(
        summary.contains("区块链+  2 mentions in 2 documents, 2 regions"),
        "{summary}"
    );
    assert!(summary.contains("+ 政务服务 2"), "{summary}");
}

#[test]
fn user_patterns_add_rules_without_rust() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        &dir.path().join("corpus/2021/beijing.txt"),
        "以数字技术赋能实体经济，推进区块链+政务服务。\nWe apply blockchain + industry models.\n",
    );
    let patterns = dir.path().join("mine.toml");
    write(
        &patterns,
        "[[pattern]]\nname = \"empower\"\npattern = \"{x}赋能{y}\"\n\
         [pattern.slots.x]\nscript = \"han\"\nmin = 2\nmax = 4\n\
         [pattern.slots.y]\nscript = \"han\"\nmin = 2\nmax = 4\n",
    );
    let (o, out) = analyze_into(
        &dir.path().join("corpus"),
        &[
            "--analyzers",
            "phrase",
            "--patterns",
            patterns.to_str().expect("utf8"),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = read_csv(&out.path().join("phrases.csv"));
    let rules: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r["rule"].as_str(), r["x"].as_str(), r["y"].as_str()))
        .collect();
    assert!(
        rules.contains(&("phrase/empower", "数字技术", "实体经济")),
        "{rules:?}"
    );
    assert!(
        rules.contains(&("phrase/plus", "区块链", "政务服务")),
        "{rules:?}"
    );
    assert!(
        rules.contains(&("phrase/plus", "blockchain", "industry")),
        "{rules:?}"
    );
}

#[test]
fn malformed_pattern_file_names_file_and_line_and_run_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let patterns = dir.path().join("bad.toml");
    write(
        &patterns,
        "[[pattern]]\nname = \"x\"\npattern = \"{x}{y}\"\n",
    );
    let o = policyscan(&[
        "analyze",
        sample_corpus().to_str().expect("utf8"),
        "--analyzers",
        "phrase",
        "--patterns",
        patterns.to_str().expect("utf8"),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("bad.toml:") && err.contains("(config)"),
        "{err}"
    );
    assert!(
        stdout(&o).contains("区块链+"),
        "the built-in patterns still ran"
    );
}

#[test]
fn patterns_option_needs_the_phrase_analyzer() {
    let o = policyscan(&[
        "analyze",
        sample_corpus().to_str().expect("utf8"),
        "--analyzers",
        "keyword",
        "--patterns",
        "whatever.toml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--patterns configures the phrase analyzer"),
        "{}",
        stderr(&o)
    );
}
