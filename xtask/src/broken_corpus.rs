//! `fixtures/corpus/broken/`: a small corpus for failure tests — two good documents, an
//! empty file, a binary file, undecodable bytes, a manifest row for an absent file and one
//! with an unknown region, and a file of an unsupported kind — with `broken.truth.json`.

use std::path::Path;

use anyhow::Result;
use serde_json::json;

use crate::dictionary_terms::TermIndex;
use crate::fs_out::{write_file, write_json};
use crate::plant::{DocText, Plant};
use crate::prng::Rng;
use crate::report_text::SIMPLIFIED;
use crate::sample_corpus::{chinese_report, frame};

const SEED: u64 = 0xB20C_E220_2000;

fn good_doc(
    region_zh: &str,
    label: &str,
    term: &str,
    index: &TermIndex,
) -> Result<(String, serde_json::Value)> {
    let mut rng = Rng::for_label(SEED, label);
    let mut plant = DocText::default();
    frame(&mut plant, "加快", Plant::bare(term), "推广应用，");
    let title = format!("2020年{region_zh}政府工作报告");
    let doc = chinese_report(
        &mut rng,
        &SIMPLIFIED,
        2020,
        &title,
        region_zh,
        vec![plant].into(),
        3000,
    );
    let mentions = doc.verified_counts(index, label)?;
    Ok((doc.surface(), json!(mentions)))
}

pub fn write(corpus_dir: &Path, index: &TermIndex) -> Result<()> {
    let dir = corpus_dir.join("broken");
    let (beijing, beijing_mentions) = good_doc("北京市", "2020/beijing.txt", "区块链", index)?;
    let (tianjin, tianjin_mentions) = good_doc("天津市", "2020/tianjin.txt", "大数据", index)?;
    write_file(&dir.join("2020/beijing.txt"), beijing.as_bytes())?;
    write_file(&dir.join("2020/tianjin.txt"), tianjin.as_bytes())?;
    write_file(&dir.join("2020/empty.txt"), b"")?;

    let mut binary =
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
            .to_vec();
    let mut rng = Rng::new(SEED);
    for i in 0..512 {
        binary.push(if i % 7 == 0 {
            0
        } else {
            (rng.next_u64() & 0xFF) as u8
        });
    }
    write_file(&dir.join("2020/binary.txt"), &binary)?;

    let undecodable: Vec<u8> = [0x80u8, 0xFF].iter().copied().cycle().take(64).collect();
    write_file(&dir.join("2020/undecodable.txt"), &undecodable)?;

    // A .docx is a zip archive; only its first bytes matter here: it must be skipped.
    write_file(
        &dir.join("notes.docx"),
        b"PK\x03\x04\x14\x00\x06\x00synthetic placeholder, not a real document\n",
    )?;

    let manifest = "path\tregion\tyear\tkind\ttitle\n\
                    2020/beijing.txt\tbeijing\t2020\twork_report\t2020年北京市政府工作报告\n\
                    2020/tianjin.txt\tAtlantis\t2020\twork_report\t2020年天津市政府工作报告\n\
                    2020/missing.txt\thebei\t2020\twork_report\t2020年河北省政府工作报告\n";
    write_file(&dir.join("MANIFEST.tsv"), manifest.as_bytes())?;

    let truth = json!({
        "about": "Expected outcome per path of the broken corpus, written by `cargo xtask fixtures`.",
        "documents": [
            { "doc": "2020/beijing.txt", "region": "beijing", "year": 2020, "encoding": "utf-8", "mentions": beijing_mentions },
            { "doc": "2020/tianjin.txt", "region": "tianjin", "year": 2020, "encoding": "utf-8", "mentions": tianjin_mentions,
              "note": "manifest region Atlantis is unknown: reported as a metadata problem; the document is still analyzed and its region falls back to the path" },
        ],
        "failures": [
            { "path": "2020/binary.txt", "kind": "binary" },
            { "path": "2020/empty.txt", "kind": "empty" },
            { "path": "2020/missing.txt", "kind": "missing", "note": "listed in MANIFEST.tsv, absent on disk" },
            { "path": "2020/undecodable.txt", "kind": "undecodable", "note": "bytes 0x80 0xFF repeated: neither UTF-8 nor GB18030" },
        ],
        "skipped": [ { "path": "notes.docx", "reason": "unsupported extension" } ],
        "manifest_problems": [ { "path": "2020/tianjin.txt", "column": "region", "value": "Atlantis" } ],
    });
    write_json(&corpus_dir.join("broken.truth.json"), &truth)
}
