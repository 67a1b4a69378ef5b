//! `cargo xtask bench-corpus`: a large deterministic synthetic corpus for benchmarks, outside
//! git, with the exact number of keyword findings planted in it.
//!
//! Document `i` depends only on (seed, i), so a smaller corpus is a prefix of a larger one.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use policyscan_corpus::gazetteer::Gazetteer;
use serde_json::json;

use crate::dictionary_terms::TermIndex;
use crate::plant::normalized;
use crate::prng::Rng;
use crate::report_text::{self, english, SIMPLIFIED};

pub const SEED: u64 = 0xBE0C_C0A2_5000_0001;
const MIN_DOC: usize = 20_000;
const MAX_DOC: usize = 60_000;

/// Parses `100m`, `1g`, `250m`, `5000k` into bytes.
pub fn parse_size(s: &str) -> Result<u64> {
    let lower = s.trim().to_ascii_lowercase();
    let (digits, unit) = match lower.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => lower.split_at(i),
        None => (lower.as_str(), ""),
    };
    let n: u64 = digits
        .parse()
        .with_context(|| format!("bad size {s:?}: expected e.g. 100m, 1g"))?;
    let mult = match unit {
        "k" | "kb" => 1_000,
        "m" | "mb" => 1_000_000,
        "g" | "gb" => 1_000_000_000,
        "" | "b" => 1,
        _ => bail!("bad size unit in {s:?}: use k, m or g"),
    };
    Ok(n * mult)
}

/// The terms bench documents plant: counted, one finding each when bare.
struct PlantTerms {
    cjk: Vec<String>,
    latin: Vec<String>,
}

impl PlantTerms {
    fn from(index: &TermIndex) -> Result<PlantTerms> {
        let mut cjk = Vec::new();
        let mut latin = Vec::new();
        for e in index.entries() {
            let Some(concept) = &e.concept else { continue };
            if !index.atomic_terms(concept).contains(&e.text.as_str()) {
                continue;
            }
            if e.text.is_ascii() {
                latin.push(e.text.clone());
            } else if e
                .text
                .chars()
                .all(|c| !c.is_ascii() && policyscan_api::text_rules::is_cjk(c))
            {
                cjk.push(e.text.clone());
            }
        }
        if cjk.is_empty() || latin.is_empty() {
            bail!("the built-in dictionary offers no plantable terms");
        }
        Ok(PlantTerms { cjk, latin })
    }
}

const CJK_FRAMES: &[(&str, &str)] = &[
    ("加快", "推广应用，"),
    ("推动", "与实体经济深度融合。"),
    ("支持", "相关产业加快发展。"),
    ("探索", "在公共服务领域的应用。"),
    ("谋划一批", "重点项目，"),
];

const PLUS_TAILS: &[&str] = &["政务服务", "医疗", "供应链金融", "司法存证", "制造"];

/// One bench document; returns (text, planted findings).
fn document(i: u64, terms: &PlantTerms, region_zh: &str) -> (String, u64) {
    let mut rng = Rng::for_item(SEED, i);
    let target = rng.range(MIN_DOC, MAX_DOC);
    let year = 2015 + rng.below(10) as u32;
    if rng.chance(20) {
        return english_document(&mut rng, target, year, terms);
    }
    let v = &SIMPLIFIED;
    let mut out = String::with_capacity(target + 512);
    let mut plants = 0u64;
    out.push_str(&format!(
        "{year}年{region_zh}政府工作报告\n各位代表：\n{}\n",
        v.w.opening
    ));
    let (mut major, mut minor) = (0usize, 0usize);
    while out.len() < target {
        if minor % 3 == 0 {
            out.push_str(&report_text::major_heading(&mut rng, v, major, year));
            out.push('\n');
            major += 1;
        }
        out.push_str(&report_text::minor_heading(&mut rng, v, minor % 3));
        out.push('\n');
        minor += 1;
        for _ in 0..rng.range(2, 4) {
            for _ in 0..rng.range(3, 7) {
                out.push_str(&report_text::sentence(&mut rng, v));
                match rng.below(1000) {
                    0..=84 => {
                        let (before, after) = *rng.pick(CJK_FRAMES);
                        out.push_str(before);
                        out.push_str(rng.pick(&terms.cjk).as_str());
                        out.push_str(after);
                        plants += 1;
                    }
                    85..=94 => {
                        out.push_str("推广“");
                        out.push_str(rng.pick(&terms.cjk).as_str());
                        out.push('+');
                        let tail: &&str = rng.pick(PLUS_TAILS);
                        out.push_str(tail);
                        out.push_str("”模式。");
                        plants += 1;
                    }
                    95..=99 => {
                        out.push_str("推动 ");
                        out.push_str(rng.pick(&terms.latin).as_str());
                        out.push_str(" 技术攻关。");
                        plants += 1;
                    }
                    100..=109 => out.push_str("深化“互联网+政务服务”改革，"),
                    110..=119 => {
                        out.push_str(&format!(
                            "落实《国务院办公厅关于{}{}的指导意见》（国办发〔{}〕{}号），",
                            rng.pick(v.verbs),
                            rng.pick(v.objects),
                            rng.range(2014, 2023),
                            rng.range(1, 90)
                        ));
                    }
                    _ => {}
                }
            }
            if out.ends_with('，') || out.ends_with('；') {
                out.push_str("各项工作有序推进。");
            }
            out.push('\n');
        }
    }
    out.push_str(v.w.closing);
    out.push('\n');
    (out, plants)
}

fn english_document(rng: &mut Rng, target: usize, year: u32, terms: &PlantTerms) -> (String, u64) {
    let mut out = String::with_capacity(target + 512);
    let mut plants = 0u64;
    out.push_str(&format!(
        "Report on the Work of the Government ({year}, synthetic)\n"
    ));
    let mut h = 0;
    while out.len() < target {
        out.push_str(english::HEADINGS[h % english::HEADINGS.len()]);
        out.push('\n');
        h += 1;
        for _ in 0..rng.range(4, 8) {
            out.push_str(&english::sentence(rng));
            if rng.chance(120) {
                out.push_str(" We will promote ");
                out.push_str(rng.pick(&terms.latin).as_str());
                out.push_str(" in key sectors.");
                plants += 1;
            }
            out.push(' ');
        }
        out.push('\n');
    }
    (out, plants)
}

/// Number of documents for `size` bytes: the first N whose target lengths reach it.
fn document_count(size: u64) -> usize {
    let mut total = 0u64;
    let mut n = 0u64;
    while total < size {
        let mut rng = Rng::for_item(SEED, n);
        total += rng.range(MIN_DOC, MAX_DOC) as u64;
        n += 1;
    }
    n as usize
}

pub fn run(size_arg: &str, out: Option<PathBuf>, workspace: &Path) -> Result<()> {
    let size = parse_size(size_arg)?;
    let out = out.unwrap_or_else(|| workspace.join("target").join("bench-corpus").join(size_arg));
    let started = Instant::now();
    let index = TermIndex::builtin()?;
    let terms = PlantTerms::from(&index)?;
    let regions: Vec<&'static str> = Gazetteer::standard()
        .mainland_universe()
        .map(|r| r.zh_full)
        .collect();
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("clearing {}", out.display()))?;
    }
    for p in 1..=regions.len() {
        std::fs::create_dir_all(out.join(format!("p{p:02}")))?;
    }
    let n = document_count(size);
    let next = AtomicUsize::new(0);
    let totals = Mutex::new((0u64, 0u64, 0u64, 0u64));
    let first_error: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    let workers = std::thread::available_parallelism().map_or(4, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                let (mut bytes, mut findings, mut phrases, mut citations) =
                    (0u64, 0u64, 0u64, 0u64);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    let p = i % regions.len();
                    let (text, plants) = document(i as u64, &terms, regions[p]);
                    let result = check_document(&index, &text, plants, i).and_then(|()| {
                        let path = out
                            .join(format!("p{:02}", p + 1))
                            .join(format!("{}_{i:06}.txt", &text_year(&text)));
                        std::fs::write(&path, text.as_bytes())
                            .with_context(|| format!("writing {}", path.display()))
                    });
                    if let Err(e) = result {
                        if let Ok(mut slot) = first_error.lock() {
                            slot.get_or_insert(e);
                        }
                        next.store(n, Ordering::Relaxed);
                        break;
                    }
                    bytes += text.len() as u64;
                    findings += plants;
                    // Every '+' of the bench corpus belongs to one planted “X+Y” phrase
                    // (the filler and the English documents have none).
                    phrases += text.matches('+').count() as u64;
                    // Every 《 opens one planted title followed by its 文号 (two citation
                    // findings); the filler has neither.
                    citations += 2 * text.matches('《').count() as u64;
                }
                if let Ok(mut t) = totals.lock() {
                    t.0 += bytes;
                    t.1 += findings;
                    t.2 += phrases;
                    t.3 += citations;
                }
            });
        }
    });
    if let Some(e) = first_error
        .into_inner()
        .map_err(|_| anyhow!("worker panicked"))?
    {
        return Err(e);
    }
    let (bytes, findings, phrases, citations) = totals
        .into_inner()
        .map_err(|_| anyhow!("worker panicked"))?;
    let truth = json!({
        "files": n,
        "bytes": bytes,
        "keyword_findings": findings,
        "phrase_findings": phrases,
        "citation_findings": citations,
        "seed": format!("{SEED:#x}"),
    });
    let truth_path = out.with_extension("truth.json");
    crate::fs_out::write_json(&truth_path, &truth)?;
    println!(
        "bench corpus: {n} files, {bytes} bytes, {findings} planted keyword findings in {} ({:.1} s); truth: {}",
        out.display(),
        started.elapsed().as_secs_f64(),
        truth_path.display()
    );
    Ok(())
}

/// The year a document was written for (its first four characters, or its English title's).
fn text_year(text: &str) -> String {
    if let Some(y) = text
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
    {
        return y.to_string();
    }
    text.find('(')
        .and_then(|i| text.get(i + 1..i + 5))
        .unwrap_or("0000")
        .to_string()
}

/// Every dictionary-term occurrence in the normalized text must be a plant.
fn check_document(index: &TermIndex, text: &str, plants: u64, i: usize) -> Result<()> {
    let found = index.count(&normalized(text)) as u64;
    if found != plants {
        let norm = normalized(text);
        let extra: Vec<String> = index
            .occurrences(&norm)
            .into_iter()
            .map(|(at, t)| format!("{t}@{at}"))
            .collect();
        bail!("bench document {i}: {found} term occurrences but {plants} planted; a term slipped into the filler: {extra:?}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse() -> Result<()> {
        assert_eq!(parse_size("100m")?, 100_000_000);
        assert_eq!(parse_size("1g")?, 1_000_000_000);
        assert_eq!(parse_size("250M")?, 250_000_000);
        assert!(parse_size("10x").is_err());
        Ok(())
    }

    #[test]
    fn documents_depend_on_index_only() -> Result<()> {
        let index = TermIndex::builtin()?;
        let terms = PlantTerms::from(&index)?;
        let a = document(17, &terms, "北京市");
        let _ = document(3, &terms, "北京市");
        let b = document(17, &terms, "北京市");
        assert_eq!(a, b);
        check_document(&index, &a.0, a.1, 17)?;
        assert!(document_count(100_000_000) <= document_count(1_000_000_000));
        Ok(())
    }
}
