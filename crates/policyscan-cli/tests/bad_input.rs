//! Bad input gets a one-line message naming the file and the problem; the rest is still
//! analyzed; the summary and run.json list it; the exit code is 2.

mod common;

use common::*;

#[test]
fn broken_corpus_reports_every_problem_and_analyzes_the_rest() {
    let (o, out) = analyze_into(&broken_corpus(), &[]);
    assert_eq!(o.status.code(), Some(2), "stdout: {}", stdout(&o));
    let err = stderr(&o);
    for (file, problem) in [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("undecodable.txt", "decode"),
        ("MANIFEST.tsv", "missing.txt"),
        ("MANIFEST.tsv", "Atlantis"),
    ] {
        assert!(
            err.lines()
                .any(|l| l.contains(file) && l.to_lowercase().contains(&problem.to_lowercase())),
            "no stderr line naming {file} and {problem}:\n{err}"
        );
    }
    let summary = stdout(&o);
    assert!(
        summary.contains("notes.docx"),
        "skipped file listed:\n{summary}"
    );
    assert!(summary.contains("Failures ("), "{summary}");

    let rows = read_csv(&out.path().join("documents.csv"));
    let docs: Vec<&str> = rows.iter().map(|r| r["doc"].as_str()).collect();
    assert_eq!(docs, ["2020/beijing.txt", "2020/tianjin.txt"]);
    // The unknown manifest region falls back to the path.
    assert_eq!(rows[1]["region"], "tianjin");

    let run: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("run.json")).expect("run.json"),
    )
    .expect("json");
    let failures = run["failures"].as_array().expect("failures");
    assert!(failures.len() >= 5, "{failures:?}");
    assert_eq!(run["counts"]["documents"], 2);
    assert_eq!(
        run["skipped"][0]["path"]
            .as_str()
            .map(|p| p.ends_with("notes.docx")),
        Some(true)
    );
}

#[test]
fn missing_path_is_reported_and_others_still_run() {
    let o = policyscan(&[
        "analyze",
        "/definitely/not/here",
        sample_corpus()
            .join("2020/beijing.txt")
            .to_str()
            .expect("utf8"),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("/definitely/not/here: path does not exist"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).starts_with("1 documents"), "{}", stdout(&o));
}

#[test]
fn malformed_dictionary_names_file_and_line_and_run_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dict = dir.path().join("bad.toml");
    std::fs::write(
        &dict,
        "[[concept]]\nid = \"x\"\nlable = \"X\"\nterms = [\"区块链\"]\n",
    )
    .expect("write");
    let o = policyscan(&[
        "analyze",
        sample_corpus().join("2020").to_str().expect("utf8"),
        "--dict",
        dict.to_str().expect("utf8"),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("bad.toml:3:1: ") && err.contains("lable"),
        "{err}"
    );
    assert_eq!(err.matches("bad.toml").count(), 1, "path named once: {err}");
    assert!(stdout(&o).contains("blockchain"), "defaults still ran");
}

#[test]
fn unknown_analyzer_and_unknown_concept_are_clear_errors() {
    let o = policyscan(&[
        "analyze",
        sample_corpus().to_str().expect("utf8"),
        "--analyzers",
        "nope",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown analyzer 'nope' (available: keyword, phrase, citation)"),
        "{}",
        stderr(&o)
    );
    let o = policyscan(&[
        "analyze",
        sample_corpus().to_str().expect("utf8"),
        "--concept",
        "nope",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope"), "{}", stderr(&o));
}

#[test]
fn large_file_is_analyzed_not_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("2020_beijing.txt");
    let paragraph = "推进政务服务改革，优化营商环境，加快区块链技术应用。\n".repeat(1000);
    let mut text = String::with_capacity(paragraph.len() * 12);
    for _ in 0..12 {
        text.push_str(&paragraph);
    }
    std::fs::write(&path, &text).expect("write");
    let o = policyscan(&[
        "analyze",
        dir.path().to_str().expect("utf8"),
        "--concept",
        "blockchain",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("12000 mentions in 1 of 1 documents"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn broken_corpus_good_documents_match_their_truth() {
    let (o, out) = analyze_into(&broken_corpus(), &[]);
    assert_eq!(o.status.code(), Some(2));
    let truth: serde_json::Value = truth("broken");
    let rows = read_csv(&out.path().join("documents.csv"));
    for t in truth["documents"].as_array().expect("documents") {
        let row = rows
            .iter()
            .find(|r| r["doc"] == t["doc"].as_str().expect("doc"))
            .expect("row");
        assert_eq!(row["region"], t["region"].as_str().expect("region"));
        for (concept, n) in t["mentions"].as_object().expect("mentions") {
            assert_eq!(row[concept.as_str()], n.to_string(), "{concept}");
        }
    }
    let err = stderr(&o);
    for f in truth["failures"].as_array().expect("failures") {
        let path = f["path"].as_str().expect("path");
        assert!(err.contains(path), "no failure line for {path}:\n{err}");
    }
}

#[test]
fn jsonl_corpus_records_and_bad_lines() {
    let out = tempfile::tempdir().expect("tempdir");
    let corpus = repo_root().join("fixtures/corpus/jsonl");
    let o = policyscan(&[
        "analyze",
        corpus.to_str().expect("utf8"),
        "--out",
        out.path().to_str().expect("utf8"),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let truth: serde_json::Value = truth("jsonl");
    let rows = read_csv(&out.path().join("documents.csv"));
    let docs = truth["documents"].as_array().expect("documents");
    assert_eq!(rows.len(), docs.len());
    for (row, t) in rows.iter().zip(docs) {
        assert_eq!(row["doc"], t["id"].as_str().expect("id"));
        assert_eq!(row["region"], t["region"].as_str().expect("region"));
        assert_eq!(row["year"], t["year"].to_string());
        for (concept, n) in t["mentions"].as_object().expect("mentions") {
            assert_eq!(row[concept.as_str()], n.to_string(), "{concept}");
        }
    }
    let err = stderr(&o);
    for f in truth["failures"].as_array().expect("failures") {
        let needle = format!("line {}:", f["line"]);
        assert!(err.contains(&needle), "no failure for {needle}:\n{err}");
    }
}
