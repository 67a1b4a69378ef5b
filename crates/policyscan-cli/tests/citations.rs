//! The citation analyzer end to end: citations.csv, citation-matrix.csv against the
//! citations planted in the sample corpus, the most cited documents in the summary, and
//! user registry files given with --registry.

mod common;

use std::collections::BTreeMap;

use common::*;

fn write(path: &std::path::Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// registry id → region → citations, from the sample truth file.
fn planted_matrix() -> BTreeMap<String, BTreeMap<String, u64>> {
    let truth = truth("sample");
    let mut m: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for d in truth["documents"].as_array().expect("documents") {
        let region = d["region"].as_str().expect("region");
        for (id, n) in d["citations"].as_object().into_iter().flatten() {
            *m.entry(id.clone())
                .or_default()
                .entry(region.to_string())
                .or_default() += n.as_u64().expect("count");
        }
    }
    m
}

#[test]
fn citation_matrix_recovers_the_planted_citations() {
    let (o, out) = analyze_into(&sample_corpus(), &["--analyzers", "citation"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let planted = planted_matrix();
    assert_eq!(
        planted.len(),
        4,
        "the sample plants four registered documents"
    );
    let rows = read_csv(&out.path().join("citation-matrix.csv"));
    let mut got: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for row in &rows {
        let id = row["registry_id"].clone();
        let regions: BTreeMap<String, u64> = row
            .iter()
            .filter(|(k, _)| {
                ![
                    "registry_id",
                    "title",
                    "category",
                    "regions",
                    "documents",
                    "citations",
                ]
                .contains(&k.as_str())
            })
            .map(|(k, v)| (k.clone(), v.parse().expect("count")))
            .filter(|(_, n)| *n > 0)
            .collect();
        let total: u64 = regions.values().sum();
        assert_eq!(row["citations"], total.to_string(), "{id}");
        assert_eq!(row["regions"], regions.len().to_string(), "{id}");
        got.insert(id, regions);
    }
    assert_eq!(got, planted);
    // Most regions first; the title comes from the registry.
    assert_eq!(rows[0]["registry_id"], "fyp14-proposal");
    assert_eq!(
        rows[0]["title"],
        "中共中央关于制定国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议"
    );
    let summary = stdout(&o);
    assert!(
        summary.contains("Most cited registered documents"),
        "{summary}"
    );
    assert!(
        summary.contains(
            "12 regions  24 citations in 12 documents  中共中央关于制定国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议  [fyp14-proposal]"
        ),
        "{summary}"
    );
}

#[test]
fn citations_csv_lists_every_citation_with_its_parts() {
    let (o, out) = analyze_into(&sample_corpus(), &["--analyzers", "citation"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = read_csv(&out.path().join("citations.csv"));
    let in_doc = |doc: &str| -> Vec<&BTreeMap<String, String>> {
        rows.iter().filter(|r| r["doc"] == doc).collect()
    };
    // 2021/anhui: the civil code (law) and a TV series (work, no registry id).
    let anhui = in_doc("2021/anhui.txt");
    let cats: Vec<(&str, &str, &str)> = anhui
        .iter()
        .map(|r| {
            (
                r["category"].as_str(),
                r["title"].as_str(),
                r["registry_id"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        cats,
        [
            ("law", "中华人民共和国民法典", "law-civil-code"),
            ("work", "山海情", ""),
        ]
    );
    assert_eq!(anhui[0]["region"], "anhui");
    assert_eq!(anhui[0]["year"], "2021");
    assert_eq!(anhui[0]["text"], "《中华人民共和国民法典》");
    // A title with its 文号, and the 文号 row linked to it.
    let hebei = in_doc("2020/hebei.txt");
    assert_eq!(hebei.len(), 2);
    assert_eq!(hebei[0]["rule"], "citation/title");
    assert_eq!(hebei[0]["issuer"], "国务院");
    assert_eq!(hebei[0]["doc_number"], "国发〔2018〕27号");
    assert_eq!(hebei[1]["rule"], "citation/doc-number");
    assert_eq!(hebei[1]["title"], hebei[0]["title"]);
    assert_eq!(hebei[0]["line"], hebei[1]["line"]);
    // A short form resolved to the full title before it.
    let short: Vec<_> = in_doc("2021/beijing.txt")
        .into_iter()
        .filter(|r| r["category"] == "short-form")
        .collect();
    assert_eq!(short.len(), 1);
    assert_eq!(short[0]["resolution"], "resolved");
    assert_eq!(short[0]["registry_id"], "fyp14-proposal");
    assert!(short[0]["resolved_from"].starts_with("中共中央关于制定"));
    // The line is the original file's line of the citation.
    let text = std::fs::read_to_string(sample_corpus().join("2021/beijing.txt")).expect("read");
    let line: usize = short[0]["line"].parse().expect("line");
    assert!(text
        .lines()
        .nth(line - 1)
        .expect("line")
        .contains("《建议》"));
}

#[test]
fn user_registry_files_add_documents_and_bad_ones_are_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        &dir.path().join("corpus/2021/beijing.txt"),
        "2021年北京市政府工作报告\n贯彻《北京市数字经济促进条例》（京政发〔2021〕9号），\
         落实《中华人民共和国民法典》。\n",
    );
    write(
        &dir.path().join("corpus/2021/tianjin.txt"),
        "2021年天津市政府工作报告\n学习借鉴京政发〔2021〕9号文件经验。\n",
    );
    let mine = dir.path().join("mine.toml");
    write(
        &mine,
        "[[document]]\nid = \"bj-digital-economy\"\ntitle = \"北京市数字经济促进条例\"\n\
         category = \"law\"\nissuer = [\"北京市人民代表大会常务委员会\"]\n\
         doc_number = \"京政发〔2021〕9号\"\n",
    );
    let bad = dir.path().join("bad.toml");
    write(
        &bad,
        "[[document]]\nid = \"x\"\ntitle = \"某法\"\ncategory = \"film\"\n",
    );
    let corpus = dir.path().join("corpus");
    let (o, out) = analyze_into(
        &corpus,
        &[
            "--analyzers",
            "citation",
            "--registry",
            mine.to_str().expect("utf8"),
            "--registry",
            bad.to_str().expect("utf8"),
        ],
    );
    // The bad file is a failure (exit 2) naming file, line and column; the run goes on.
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "{}:4:12: document `x`: category `film`",
            bad.display()
        )),
        "{err}"
    );
    let rows = read_csv(&out.path().join("citation-matrix.csv"));
    let ids: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["registry_id"].as_str(),
                r["regions"].as_str(),
                r["citations"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [
            ("bj-digital-economy", "2", "2"),
            ("law-civil-code", "1", "1")
        ]
    );

    // --registry needs the citation analyzer.
    let o = policyscan(&[
        "analyze",
        corpus.to_str().expect("utf8"),
        "--analyzers",
        "keyword",
        "--registry",
        mine.to_str().expect("utf8"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--registry configures the citation analyzer"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn no_citation_files_without_the_citation_analyzer() {
    let (o, out) = analyze_into(&sample_corpus(), &["--analyzers", "keyword"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!out.path().join("citations.csv").exists());
    assert!(!out.path().join("citation-matrix.csv").exists());
    assert!(!stdout(&o).contains("Most cited registered documents"));
}
