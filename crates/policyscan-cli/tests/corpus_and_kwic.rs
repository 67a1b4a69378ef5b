//! `policyscan corpus` and `policyscan kwic` end to end.

mod common;

use common::*;

#[test]
fn corpus_inventory_shows_grid_encodings_and_missing() {
    let o = policyscan(&["corpus", sample_corpus().to_str().expect("utf8"), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = stdout(&o);
    for needle in [
        "gb18030",
        "utf-16le",
        "utf-8",
        "Region × year",
        "hubei 湖北",
        "2019",
        "2021",
    ] {
        assert!(s.contains(needle), "missing {needle} in:\n{s}");
    }
    let json = policyscan(&[
        "corpus",
        sample_corpus().to_str().expect("utf8"),
        "--format",
        "json",
        "-q",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert!(v["grid"]["2020"]["hubei"].is_null());
    assert_eq!(v["grid"]["2020"]["beijing"], 1);
}

#[test]
fn corpus_on_broken_inputs_lists_failures_and_skips() {
    let o = policyscan(&["corpus", broken_corpus().to_str().expect("utf8"), "-q"]);
    assert_eq!(o.status.code(), Some(2));
    let s = stdout(&o);
    assert!(s.contains("notes.docx") && s.contains("Failures"), "{s}");
}

#[test]
fn kwic_by_term_and_by_concept() {
    let o = policyscan(&[
        "kwic",
        sample_corpus().to_str().expect("utf8"),
        "区块链",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.lines().count() > 20, "{s}");
    assert!(s.lines().all(|l| l.contains("【")), "{s}");
    assert!(
        s.contains("\tbeijing\t2020\t")
            || s.contains("\tbeijing\t2019\t")
            || s.contains("\tbeijing\t2021\t")
    );

    let o = policyscan(&[
        "kwic",
        sample_corpus().to_str().expect("utf8"),
        "--concept",
        "blockchain",
        "--width",
        "5",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let by_concept = stdout(&o);
    assert!(by_concept.lines().count() >= s.lines().count());
}

#[test]
fn kwic_without_term_is_a_clear_error() {
    let o = policyscan(&["kwic", "区块链"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("at least one corpus path"),
        "{}",
        stderr(&o)
    );
}
