//! Inputs found in the wild that once went wrong: each must be analyzed correctly or
//! reported, never silently dropped or miscounted.

mod common;

use common::*;

fn write(path: &std::path::Path, text: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

#[test]
fn files_given_directly_keep_their_folders_apart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a/2020/zhejiang.txt");
    let b = dir.path().join("b/2021/zhejiang.txt");
    write(&a, "推进区块链技术应用。".as_bytes());
    write(&b, "发展数字经济。".as_bytes());
    let o = policyscan(&[
        "analyze",
        a.to_str().expect("utf8"),
        b.to_str().expect("utf8"),
        "--format",
        "json",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["documents"], 2);
    let years: Vec<_> = v["years"]
        .as_array()
        .expect("years")
        .iter()
        .map(|y| y["year"].clone())
        .collect();
    assert_eq!(years, [2020, 2021], "years come from the folders");
}

#[test]
fn output_directory_inside_the_corpus_is_not_read_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        &dir.path().join("2020/beijing.txt"),
        "推进区块链技术应用。".as_bytes(),
    );
    let corpus = dir.path().to_str().expect("utf8");
    let run1 = dir.path().join("run");
    let run2 = dir.path().join("run2");
    for out in [&run1, &run2] {
        let o = policyscan(&[
            "analyze",
            corpus,
            "--out",
            out.to_str().expect("utf8"),
            "-q",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(
            stdout(&o).starts_with("1 documents, 1 findings"),
            "{}",
            stdout(&o)
        );
    }
}

#[test]
fn empty_directory_is_a_failure_not_a_clean_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = policyscan(&["analyze", dir.path().to_str().expect("utf8"), "-q"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("holds no documents"), "{}", stderr(&o));
}

#[test]
fn jsonl_with_byte_order_mark_keeps_its_first_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("reports.jsonl");
    write(
        &path,
        "\u{feff}{\"text\":\"推进区块链。\",\"region\":\"beijing\",\"year\":2020.0}\n\u{feff}\n"
            .as_bytes(),
    );
    let o = policyscan(&[
        "analyze",
        path.to_str().expect("utf8"),
        "--concept",
        "blockchain",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("1 mention in 1 of 1 documents"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn kwic_terms_are_normalized_like_the_text() {
    let sample = sample_corpus();
    let count = |term: &str| {
        let o = policyscan(&["kwic", sample.to_str().expect("utf8"), term, "-q"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o).lines().count()
    };
    let plain = count("AI");
    assert!(plain > 0);
    assert_eq!(count("ＡＩ"), plain);
    assert_eq!(count(" 区块链 "), count("区块链"));
}

#[test]
fn documents_without_year_do_not_make_provinces_missing() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        &dir.path().join("beijing.txt"),
        "推进区块链技术应用。".as_bytes(),
    );
    let o = policyscan(&["analyze", dir.path().to_str().expect("utf8"), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stdout(&o).contains("not in corpus"), "{}", stdout(&o));
}

#[test]
fn paragraph_breaks_are_never_joined_into_a_term() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        &dir.path().join("2020/beijing.txt"),
        "二、区块\n\n链条延伸\n区块\n链技术".as_bytes(),
    );
    let o = policyscan(&[
        "analyze",
        dir.path().to_str().expect("utf8"),
        "--concept",
        "blockchain",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("1 mention in 1 of 1 documents"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn excel_option_starts_csv_files_with_a_byte_order_mark() {
    let (o, out) = analyze_into(
        &sample_corpus().join("2020"),
        &["--excel", "--concept", "blockchain"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in ["documents.csv", "coverage.csv"] {
        let bytes = std::fs::read(out.path().join(f)).expect("csv");
        assert!(
            bytes.starts_with("\u{feff}doc".as_bytes())
                || bytes.starts_with("\u{feff}concept".as_bytes()),
            "{f}"
        );
    }
    let (_, plain) = analyze_into(&sample_corpus().join("2020"), &["--concept", "blockchain"]);
    let bytes = std::fs::read(plain.path().join("documents.csv")).expect("csv");
    assert!(bytes.starts_with(b"doc,"));
}
