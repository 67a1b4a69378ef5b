//! `policyscan analyze` on the bundled sample corpus recovers the planted truth exactly.

mod common;

use std::collections::BTreeMap;

use common::*;

#[test]
fn analyze_recovers_the_planted_truth() {
    let (o, out) = analyze_into(&sample_corpus(), &["--analyzers", "keyword"]);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));

    let truth: serde_json::Value = truth("sample");
    let truth_docs = truth["documents"].as_array().expect("documents");
    let rows = read_csv(&out.path().join("documents.csv"));
    assert_eq!(rows.len(), truth_docs.len(), "one row per document");
    let by_doc: BTreeMap<&str, &BTreeMap<String, String>> =
        rows.iter().map(|r| (r["doc"].as_str(), r)).collect();
    let concept_columns: Vec<&String> = rows[0]
        .keys()
        .filter(|k| !k.ends_with("_per10k"))
        .filter(|k| !["doc", "path", "region", "year", "encoding", "chars"].contains(&k.as_str()))
        .collect();
    assert!(
        concept_columns.len() >= 20,
        "at least 20 concepts: {concept_columns:?}"
    );
    for t in truth_docs {
        let doc = t["doc"].as_str().expect("doc");
        let row = by_doc
            .get(doc)
            .unwrap_or_else(|| panic!("no row for {doc}"));
        assert_eq!(
            row["region"],
            t["region"].as_str().expect("region"),
            "{doc}"
        );
        assert_eq!(row["year"], t["year"].to_string(), "{doc}");
        assert_eq!(
            row["encoding"],
            t["encoding"].as_str().expect("encoding"),
            "{doc}"
        );
        for col in &concept_columns {
            let expected = t["mentions"][col.as_str()].as_u64().unwrap_or(0);
            assert_eq!(
                row[col.as_str()],
                expected.to_string(),
                "{doc}: concept {col}"
            );
        }
    }

    let summary = stdout(&o);
    assert!(
        summary.contains("2020: 22 of 29 provinces"),
        "summary:\n{summary}"
    );
    assert!(
        summary.contains("hubei 湖北") && summary.contains("xizang 西藏"),
        "{summary}"
    );
}

#[test]
fn findings_carry_provenance_and_original_surface_text() {
    let (o, out) = analyze_into(
        &sample_corpus(),
        &["--analyzers", "keyword", "--concept", "blockchain"],
    );
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let text = std::fs::read_to_string(out.path().join("findings.jsonl")).expect("findings");
    let mut broken_surface = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        for key in [
            "doc", "path", "region", "year", "analyzer", "rule", "start", "end", "line", "text",
            "context", "sha256",
        ] {
            assert!(!v[key].is_null(), "{key} missing in {line}");
        }
        assert_eq!(v["rule"], "keyword/blockchain");
        assert_eq!(v["sha256"].as_str().expect("sha").len(), 64);
        if v["text"] != v["normalized"] {
            broken_surface += 1;
        }
        // Offsets point at the surface text in the decoded original (UTF-8 text files).
        let path = v["path"].as_str().expect("path");
        if path.ends_with(".txt") {
            if let Ok(raw) = std::fs::read_to_string(path) {
                let original = raw.strip_prefix('\u{feff}').unwrap_or(&raw);
                let s = v["start"].as_u64().expect("start") as usize;
                let e = v["end"].as_u64().expect("end") as usize;
                assert_eq!(&original[s..e], v["text"].as_str().expect("text"), "{line}");
            }
        }
    }
    assert!(
        broken_surface >= 2,
        "line-break and zero-width hits keep their original surface"
    );
    let run: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("run.json")).expect("run.json"),
    )
    .expect("run json");
    assert_eq!(run["dictionary_hash"].as_str().expect("hash").len(), 64);
    assert!(run["files"].as_array().expect("files").len() > 90);
    for f in ["coverage.csv", "documents.csv"] {
        assert!(out.path().join(f).is_file(), "{f}");
    }
}

#[test]
fn output_is_identical_for_one_and_two_threads() {
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let out = tempfile::tempdir().expect("tempdir");
        let o = policyscan(&[
            "analyze",
            sample_corpus().to_str().expect("utf8"),
            "--out",
            out.path().to_str().expect("utf8"),
            "--threads",
            threads,
            "--quiet",
        ]);
        assert_eq!(o.status.code(), Some(0));
        let files: Vec<Vec<u8>> = ["findings.jsonl", "documents.csv", "coverage.csv"]
            .iter()
            .map(|f| std::fs::read(out.path().join(f)).expect("output file"))
            .collect();
        outputs.push((files, o.stdout));
    }
    assert!(!outputs[0].0[0].is_empty());
    assert_eq!(outputs[0], outputs[1]);
}

#[test]
fn json_summary_is_valid_and_has_coverage() {
    let o = policyscan(&[
        "analyze",
        sample_corpus().to_str().expect("utf8"),
        "--format",
        "json",
        "--concept",
        "blockchain",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json summary");
    let c = &v["concepts"][0];
    assert_eq!(c["rule"], "keyword/blockchain");
    let y2020 = c["years"]
        .as_array()
        .expect("years")
        .iter()
        .find(|y| y["year"] == 2020)
        .expect("2020");
    assert_eq!(y2020["universe_mentioning"], 22);
    assert_eq!(y2020["regions_present"], 29);
    assert_eq!(
        y2020["regions_missing"],
        serde_json::json!(["hubei", "xizang"])
    );
}
