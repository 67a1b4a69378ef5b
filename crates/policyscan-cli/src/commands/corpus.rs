//! `policyscan corpus`: an inventory of a corpus before analyzing it — documents, encodings,
//! where region and year came from, the region × year grid against the gazetteer, and files
//! skipped or failed and why.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write;

use anyhow::Result;
use policyscan_corpus::{plan_corpus, Failure, Gazetteer, MetaOrigin, SkippedFile};
use policyscan_host::{DocumentResult, RunSink};
use serde::Serialize;

use crate::args::{CorpusArgs, Format};
use crate::failure_log::FailureLog;

#[derive(Debug, Default, Serialize)]
struct Inventory {
    documents: usize,
    bytes: usize,
    chars: usize,
    encodings: BTreeMap<String, usize>,
    /// How region and year were found: `manifest`, `path`, `title_line`, `record`, `none`.
    region_from: BTreeMap<String, usize>,
    year_from: BTreeMap<String, usize>,
    /// year → region → documents.
    grid: BTreeMap<String, BTreeMap<String, usize>>,
    documents_without_region: Vec<String>,
    documents_without_year: Vec<String>,
    skipped: Vec<SkippedFile>,
    failures: Vec<Failure>,
}

struct InventorySink {
    inv: Inventory,
    log: FailureLog,
}

fn origin_name(o: Option<MetaOrigin>) -> String {
    o.map_or("none", |o| o.as_str()).to_string()
}

impl RunSink for InventorySink {
    fn document(&mut self, result: DocumentResult) -> Result<(), String> {
        let chars = result.chars;
        let r = result.doc;
        let inv = &mut self.inv;
        inv.documents += 1;
        inv.bytes += r.bytes;
        inv.chars += chars;
        *inv.encodings.entry(r.encoding.to_string()).or_default() += 1;
        *inv.region_from
            .entry(origin_name(r.meta.region_origin))
            .or_default() += 1;
        *inv.year_from
            .entry(origin_name(r.meta.year_origin))
            .or_default() += 1;
        let year = r
            .meta
            .year
            .map_or_else(|| "no year".to_string(), |y| y.to_string());
        let region = r.meta.region.unwrap_or("unknown").to_string();
        *inv.grid.entry(year).or_default().entry(region).or_default() += 1;
        if r.meta.region.is_none() {
            inv.documents_without_region.push(r.meta.id.clone());
        }
        if r.meta.year.is_none() {
            inv.documents_without_year.push(r.meta.id);
        }
        Ok(())
    }

    fn failure(&mut self, failure: Failure) -> Result<(), String> {
        self.log.record(failure);
        Ok(())
    }

    fn progress(&mut self, documents: usize, done: u64, total: u64) {
        self.log.progress.update(documents, done, total);
    }
}

pub fn run(args: &CorpusArgs) -> Result<usize> {
    let plan = plan_corpus(&args.paths, Gazetteer::standard());
    let mut sink = InventorySink {
        inv: Inventory::default(),
        log: FailureLog::new(args.common.quiet),
    };
    let options = args.common.run_options();
    policyscan_host::engine::run(&plan, &[], &options, &mut sink)?;
    sink.log.progress.clear();
    let mut inv = sink.inv;
    inv.skipped = plan.skipped.clone();
    inv.failures = sink.log.failures().to_vec();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &inv)?;
            out.write_all(b"\n")?;
        }
        Format::Table => out.write_all(render(&inv).as_bytes())?,
    }
    Ok(inv.failures.len())
}

fn counts(m: &BTreeMap<String, usize>) -> String {
    m.iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn render(inv: &Inventory) -> String {
    let gaz = Gazetteer::standard();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} documents, {:.1} MB, {} characters; {} skipped files, {} failures",
        inv.documents,
        inv.bytes as f64 / 1e6,
        inv.chars,
        inv.skipped.len(),
        inv.failures.len()
    );
    let _ = writeln!(out, "encodings: {}", counts(&inv.encodings));
    let _ = writeln!(out, "region from: {}", counts(&inv.region_from));
    let _ = writeln!(out, "year from: {}", counts(&inv.year_from));

    let years: Vec<&String> = inv.grid.keys().collect();
    if !years.is_empty() {
        let _ = writeln!(out, "\nRegion × year (documents; · = no document):");
        let _ = write!(out, "  {:<14}", "region");
        for y in &years {
            let _ = write!(out, "{:>8}", y);
        }
        out.push('\n');
        let present: BTreeSet<&str> = inv
            .grid
            .values()
            .flat_map(|m| m.keys().map(String::as_str))
            .collect();
        let mut rows: Vec<(String, String)> = Vec::new();
        for r in gaz.regions() {
            if r.in_mainland_universe() || present.contains(r.id) {
                rows.push((r.id.to_string(), format!("{} {}", r.id, r.zh_short)));
            }
        }
        if present.contains("unknown") {
            rows.push(("unknown".into(), "unknown".into()));
        }
        for (id, label) in rows {
            let shown: String = label.chars().take(14).collect();
            // Pad by display width: CJK characters take two columns.
            let width: usize = shown
                .chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum();
            let _ = write!(
                out,
                "  {shown}{}",
                " ".repeat(16usize.saturating_sub(width))
            );
            for y in &years {
                match inv.grid.get(*y).and_then(|m| m.get(&id)) {
                    Some(n) => {
                        let _ = write!(out, "{n:>8}");
                    }
                    None => {
                        let _ = write!(out, "{:>8}", "·");
                    }
                }
            }
            out.push('\n');
        }
    }
    if !inv.documents_without_region.is_empty() {
        let _ = writeln!(
            out,
            "\nDocuments without a region ({}):",
            inv.documents_without_region.len()
        );
        for d in &inv.documents_without_region {
            let _ = writeln!(out, "  {d}");
        }
    }
    if !inv.documents_without_year.is_empty() {
        let _ = writeln!(
            out,
            "\nDocuments without a year ({}):",
            inv.documents_without_year.len()
        );
        for d in &inv.documents_without_year {
            let _ = writeln!(out, "  {d}");
        }
    }
    if !inv.skipped.is_empty() {
        let _ = writeln!(out, "\nSkipped files ({}):", inv.skipped.len());
        for k in &inv.skipped {
            let _ = writeln!(out, "  {}: {}", k.path, k.reason);
        }
    }
    if !inv.failures.is_empty() {
        let _ = writeln!(out, "\nFailures ({}):", inv.failures.len());
        for f in &inv.failures {
            let _ = writeln!(out, "  {f}");
        }
    }
    out
}
