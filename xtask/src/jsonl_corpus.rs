//! `fixtures/corpus/jsonl/reports.jsonl`: five lines — three good records (one with a
//! Chinese region name), one without "text", one that is not JSON — and `jsonl.truth.json`.

use std::path::Path;

use anyhow::{Context, Result};
use serde_json::json;

use crate::dictionary_terms::TermIndex;
use crate::fs_out::{write_file, write_json};
use crate::plant::{DocText, Plant};
use crate::prng::Rng;
use crate::report_text::{paragraph, SIMPLIFIED};
use crate::sample_corpus::frame;

const SEED: u64 = 0x1500_2020;

fn text(
    label: &str,
    title: &str,
    terms: &[&str],
    index: &TermIndex,
) -> Result<(String, serde_json::Value)> {
    let mut rng = Rng::for_label(SEED, label);
    let mut d = DocText::default();
    d.line(title);
    d.line(&paragraph(&mut rng, &SIMPLIFIED, 3));
    for term in terms {
        frame(&mut d, "推动", Plant::bare(term), "与实体经济深度融合。");
    }
    d.text(&paragraph(&mut rng, &SIMPLIFIED, 2));
    let mentions = d.verified_counts(index, label)?;
    Ok((d.surface(), json!(mentions)))
}

pub fn write(corpus_dir: &Path, index: &TermIndex) -> Result<()> {
    let (t1, m1) = text(
        "jl-001",
        "2020年北京市政府工作报告（摘要）",
        &["区块链", "人工智能"],
        index,
    )?;
    let (t2, m2) = text(
        "jl-002",
        "2020年广东省政府工作报告（摘要）",
        &["区块链", "区块链", "数字经济"],
        index,
    )?;
    let (t5, m5) = text(
        "jl-005",
        "2021年四川省政府工作报告（摘要）",
        &["大数据"],
        index,
    )?;
    let lines = [
        json!({"id": "jl-001", "region": "beijing", "year": 2020, "title": "2020年北京市政府工作报告（摘要）", "text": t1}),
        json!({"id": "jl-002", "region": "广东省", "year": 2020, "title": "2020年广东省政府工作报告（摘要）", "text": t2}),
        json!({"id": "jl-003", "region": "hebei", "year": 2020, "title": "2020年河北省政府工作报告（摘要）"}),
    ];
    let mut out = String::new();
    for l in &lines {
        out.push_str(&serde_json::to_string(l).context("rendering a JSONL line")?);
        out.push('\n');
    }
    out.push_str("{\"id\": \"jl-004\", \"region\": \"shanxi\", \"year\": 2020, \"title\": \"2020年山西省政府工作报告\", \"text\": \"未闭合的字符串\n");
    let last = json!({"id": "jl-005", "region": "sichuan", "year": 2021, "title": "2021年四川省政府工作报告（摘要）", "text": t5});
    out.push_str(&serde_json::to_string(&last).context("rendering a JSONL line")?);
    out.push('\n');
    write_file(&corpus_dir.join("jsonl/reports.jsonl"), out.as_bytes())?;

    let truth = json!({
        "about": "Expected outcome per line of jsonl/reports.jsonl, written by `cargo xtask fixtures`.",
        "documents": [
            { "line": 1, "id": "jl-001", "region": "beijing", "year": 2020, "mentions": m1 },
            { "line": 2, "id": "jl-002", "region": "guangdong", "year": 2020, "mentions": m2 },
            { "line": 5, "id": "jl-005", "region": "sichuan", "year": 2021, "mentions": m5 },
        ],
        "failures": [
            { "line": 3, "id": "jl-003", "kind": "missing_text" },
            { "line": 4, "kind": "invalid_json" },
        ],
    });
    write_json(&corpus_dir.join("jsonl.truth.json"), &truth)
}
