//! `policyscan kwic`: keyword in context, one line per mention, with document, region,
//! year and line, so a reader can check every hit.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};
use policyscan_corpus::{plan_corpus, Failure, Gazetteer};
use policyscan_host::{build_analyzers, DocumentResult, RunOptions, RunSink};

use super::keyword_config::keyword_config;
use crate::args::KwicArgs;
use crate::failure_log::FailureLog;

struct KwicSink<W: Write> {
    out: W,
    log: FailureLog,
    mentions: usize,
}

impl<W: Write> RunSink for KwicSink<W> {
    fn document(&mut self, r: DocumentResult) -> Result<(), String> {
        for f in &r.findings {
            self.mentions += 1;
            let (left, right) = f.kwic.clone().unwrap_or_default();
            writeln!(
                self.out,
                "{}:{}:{}\t{}\t{}\t{}【{}】{}",
                r.doc.meta.id,
                f.line,
                f.column,
                r.doc.meta.region.unwrap_or("-"),
                r.doc
                    .meta
                    .year
                    .map_or_else(|| "-".to_string(), |y| y.to_string()),
                left,
                r.doc
                    .normalized
                    .text
                    .get(f.normalized_start..f.normalized_end)
                    .unwrap_or_default(),
                right
            )
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    crate::STDOUT_CLOSED.to_string()
                } else {
                    e.to_string()
                }
            })?;
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

pub fn run(args: &KwicArgs) -> Result<usize> {
    let (paths, terms): (Vec<PathBuf>, Vec<String>) = if args.concepts.is_empty() {
        let Some((term, paths)) = args.args.split_last() else {
            bail!("kwic needs corpus paths and a term (or --concept ID)");
        };
        if paths.is_empty() {
            bail!("kwic needs at least one corpus path before the term '{term}'");
        }
        if term.trim().is_empty() {
            bail!("the term to look for is empty");
        }
        (
            paths.iter().map(PathBuf::from).collect(),
            vec![term.clone()],
        )
    } else {
        (args.args.iter().map(PathBuf::from).collect(), Vec::new())
    };
    let mut configs = BTreeMap::new();
    configs.insert(
        "keyword".to_string(),
        keyword_config(&args.dicts, &args.concepts, &terms),
    );
    let set = build_analyzers(&["keyword".to_string()], &configs)?;
    let plan = plan_corpus(&paths, Gazetteer::standard());
    let stdout = std::io::stdout();
    let mut sink = KwicSink {
        out: std::io::BufWriter::new(stdout.lock()),
        log: FailureLog::new(args.common.quiet),
        mentions: 0,
    };
    for p in &set.problems {
        sink.failure(p.clone()).map_err(anyhow::Error::msg)?;
    }
    let options = RunOptions {
        kwic_width: Some(args.width),
        ..args.common.run_options()
    };
    policyscan_host::engine::run(&plan, &set.analyzers, &options, &mut sink)?;
    sink.out.flush()?;
    sink.log.progress.clear();
    if !args.common.quiet {
        eprintln!("policyscan: {} mentions", sink.mentions);
    }
    Ok(sink.log.failures().len())
}
