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

#[test]
fn real_corpus_citations_are_classified_and_resolved() {
    let Some(real) = real_corpus() else { return };
    let (o, out) = analyze_into(&real, &["--analyzers", "citation"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = read_csv(&out.path().join("citations.csv"));
    let titles: Vec<_> = rows
        .iter()
        .filter(|r| r["rule"] == "citation/title")
        .collect();
    let mut by_category = std::collections::BTreeMap::<&str, usize>::new();
    for r in &titles {
        *by_category.entry(r["category"].as_str()).or_default() += 1;
    }
    println!(
        "real corpus: {} 《》 titles by category: {by_category:?}",
        titles.len()
    );
    assert!(titles.len() > 300, "{}", titles.len());
    let category_of = |doc: &str, title: &str| -> Vec<&str> {
        titles
            .iter()
            .filter(|r| r["doc"] == doc && r["title"] == title)
            .map(|r| r["category"].as_str())
            .collect()
    };
    // Works next to laws: films, TV series, journals, books are never policy.
    for (doc, work) in [
        ("2026/ningxia.txt", "山海情"),
        ("2026/gansu.txt", "长空之王"),
        ("1982/national.txt", "人民日报"),
        ("1994/national.txt", "邓小平文选"),
        ("2026/shaanxi.txt", "科学"),
    ] {
        assert_eq!(category_of(doc, work), ["work"], "{doc} {work}");
    }
    for (doc, title, category) in [
        ("2026/gansu.txt", "民营经济促进法", "law"),
        ("2005/national.txt", "反分裂国家法（草案）", "law"),
        ("2006/national.txt", "国家突发公共事件总体应急预案", "plan"),
        ("2016/national.txt", "中国制造2025", "plan"),
        ("1998/national.txt", "公民权利和政治权利国际公约", "treaty"),
        ("2026/hainan.txt", "海南自由贸易港建设总体方案", "policy"),
    ] {
        assert_eq!(category_of(doc, title), [category], "{doc} {title}");
    }
    // Short forms in the 2026 provincial reports resolve to the province's own plan and
    // proposal, never to another's (or stay unresolved).
    for (doc, own) in [
        ("2026/beijing.txt", "北京市"),
        ("2026/sichuan.txt", "四川省"),
        ("2026/xinjiang.txt", "新疆维吾尔自治区"),
    ] {
        let resolved: Vec<_> = titles
            .iter()
            .filter(|r| r["doc"] == doc && !r["resolved_from"].is_empty())
            .collect();
        assert!(!resolved.is_empty(), "{doc}");
        for r in resolved {
            assert!(
                r["resolved_from"].contains(own) || r["resolved_from"].contains("自治区"),
                "{doc}: {} → {}",
                r["title"],
                r["resolved_from"]
            );
        }
    }
    // The national outline drafts of the five-year plans carry their registry ids.
    let outline = |doc: &str| -> Vec<&str> {
        titles
            .iter()
            .filter(|r| {
                r["doc"] == doc && r["category"] == "plan" && r["title"].contains("五年规划")
            })
            .map(|r| r["registry_id"].as_str())
            .collect()
    };
    assert!(outline("2016/national.txt").contains(&"fyp13-outline"));
    assert!(outline("2021/national.txt").contains(&"fyp14-outline"));
}
