//! Checks against the real reports in ../shared/corpus/real (skipped, with a notice, when
//! that folder is absent).

mod common;

use common::*;

#[test]
fn real_corpus_metadata_and_blockchain_in_2026() {
    let Some(real) = real_corpus() else { return };
    let (o, out) = analyze_into(&real, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = read_csv(&out.path().join("documents.csv"));
    assert_eq!(rows.len(), 87);
    for r in &rows {
        assert!(!r["region"].is_empty() && !r["year"].is_empty(), "{r:?}");
    }
    let mentioning: Vec<&str> = rows
        .iter()
        .filter(|r| r["year"] == "2026" && r["region"] != "national" && r["blockchain"] != "0")
        .map(|r| r["region"].as_str())
        .collect();
    assert_eq!(mentioning, ["chongqing"]);
}
