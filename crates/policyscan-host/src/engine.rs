//! The parallel engine: documents stream through in bounded batches; inside a batch rayon
//! loads, normalizes and analyzes them in parallel; results go to the sink in corpus order.
//!
//! Determinism: the batch is processed with an order-preserving parallel map and findings
//! within a document are sorted by (span, analyzer, rule), so outputs are byte-identical for
//! any thread count.
//!
//! Overlap: with more than one worker, the calling thread hands batch k to the sink (which
//! writes the outputs) while the workers process batch k + 1; with one worker everything
//! runs in turn, so `--threads 1` uses one core. Memory: at most two batches of documents
//! and their findings are alive.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use policyscan_api::{Analyzer, Document, Finding};
use policyscan_corpus::{
    load_file, load_record, CorpusPlan, DocumentMeta, Failure, FailureStage, FileFormat, Gazetteer,
    JsonlLines, Loaded, LoadedDocument, PlannedFile,
};
use rayon::prelude::*;

use crate::resolve::{ResolvedFinding, Resolver};
use policyscan_api::span_check::first_bad_span;

/// Tuning of a run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Worker threads (0 = one per core).
    pub threads: usize,
    /// A batch is closed when its documents reach this many bytes …
    pub batch_bytes: u64,
    /// … or this many documents.
    pub batch_docs: usize,
    /// Cut keyword-in-context windows of this many characters around each finding.
    pub kwic_width: Option<usize>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            threads: 0,
            batch_bytes: 32 << 20,
            batch_docs: 512,
            kwic_width: None,
        }
    }
}

/// One analyzed document with its findings in original coordinates. The document is kept
/// so that writers can slice the texts of findings from it.
#[derive(Debug, Clone)]
pub struct DocumentResult {
    pub doc: LoadedDocument,
    /// Characters of the normalized text (denominator of per-10k rates).
    pub chars: usize,
    pub findings: Vec<ResolvedFinding>,
    /// What the sink's [`Renderer`] made of this document on a worker thread (empty when
    /// the sink has none).
    pub rendered: Vec<u8>,
}

/// Per-document work a sink wants done on the worker threads — typically formatting its
/// output lines — so that the calling thread, which delivers results in order, only
/// writes bytes.
pub type Renderer = Arc<dyn Fn(&DocumentResult) -> Vec<u8> + Send + Sync>;

impl DocumentResult {
    pub fn meta(&self) -> &DocumentMeta {
        &self.doc.meta
    }

    /// The findings of the analyzer with id `analyzer`, in order.
    pub fn findings_of<'r>(
        &'r self,
        analyzer: &'r str,
    ) -> impl Iterator<Item = &'r ResolvedFinding> + 'r {
        self.findings
            .iter()
            .filter(move |f| &*f.analyzer == analyzer)
    }
}

/// Receives the results of a run, in corpus order, on the calling thread.
pub trait RunSink {
    /// Work to run for each document on the workers before [`RunSink::document`]; its
    /// output arrives as [`DocumentResult::rendered`]. Asked once, before the run.
    fn renderer(&self) -> Option<Renderer> {
        None
    }
    /// One analyzed document. An error stops the run (e.g. the output disk is full).
    fn document(&mut self, result: DocumentResult) -> Result<(), String>;
    /// Something that could not be read or analyzed; the run goes on.
    fn failure(&mut self, failure: Failure) -> Result<(), String>;
    /// Called after each batch.
    fn progress(&mut self, _documents: usize, _bytes_done: u64, _bytes_total: u64) {}
}

/// Totals of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunStats {
    pub documents: usize,
    pub findings: usize,
    pub failures: usize,
    /// Analyzers disabled during the run after repeated panics.
    pub disabled: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("cannot start {threads} worker threads: {message}")]
    Threads { threads: usize, message: String },
    #[error("writing results failed: {0}")]
    Sink(String),
}

/// Work for one worker: a whole file, or one line of a JSONL file.
enum Pending<'p> {
    File(&'p PlannedFile),
    Record {
        file: &'p PlannedFile,
        line_no: usize,
        line: Vec<u8>,
    },
    /// A failure met while reading the plan (a JSONL file that cannot be opened, a bad
    /// line): it takes its place in the batch like a document, so it reaches the sink in
    /// corpus order.
    Failed(Failure),
}

impl Pending<'_> {
    fn size(&self) -> u64 {
        match self {
            Pending::File(f) => f.size,
            Pending::Record { line, .. } => line.len() as u64,
            Pending::Failed(_) => 0,
        }
    }
}

struct Processed {
    result: Option<DocumentResult>,
    failures: Vec<Failure>,
    /// Indexes of the analyzers that panicked on this document.
    panicked: Vec<usize>,
}

/// An analyzer that panics this many times is not run on the following batches: a broken
/// plugin should cost a few failure records, not one per document of a large corpus.
pub const MAX_PANICS: usize = 3;

/// Runs `analyzers` over every document of `plan`, handing results to `sink`.
pub fn run(
    plan: &CorpusPlan,
    analyzers: &[Box<dyn Analyzer>],
    options: &RunOptions,
    sink: &mut dyn RunSink,
) -> Result<RunStats, EngineError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .thread_name(|i| format!("policyscan-worker-{i}"))
        .build()
        .map_err(|e| EngineError::Threads {
            threads: options.threads,
            message: e.to_string(),
        })?;
    let gazetteer = Gazetteer::standard();
    let ids: Vec<Arc<str>> = analyzers.iter().map(|a| Arc::from(a.id())).collect();
    let total_bytes = plan.total_bytes();
    let mut stats = RunStats::default();
    let renderer = sink.renderer();

    for failure in &plan.failures {
        report_failure(failure.clone(), &mut stats, sink)?;
    }

    let mut delivery = Delivery {
        seen_ids: Default::default(),
        bytes_done: 0,
        total_bytes,
        renderer: renderer.clone(),
    };
    let mut panics = vec![0usize; analyzers.len()];
    let mut disabled = vec![false; analyzers.len()];
    let mut filling = Filling::default();
    // The processed batch whose results the sink has not had yet: with more than one worker
    // it is delivered on this thread while the workers process the next batch.
    let mut in_flight: Option<Batch> = None;
    let overlap = pool.current_num_threads() > 1;
    let mut flush = |filling: &mut Filling<'_>,
                     in_flight: &mut Option<Batch>,
                     stats: &mut RunStats,
                     sink: &mut dyn RunSink|
     -> Result<(), EngineError> {
        if filling.work.is_empty() {
            return Ok(());
        }
        let Filling { work, bytes } = std::mem::take(filling);
        let process_batch = |disabled: &[bool]| -> Vec<Processed> {
            pool.install(|| {
                work.into_par_iter()
                    .map(|p| {
                        let mut processed =
                            process(p, analyzers, &ids, disabled, gazetteer, options.kwic_width);
                        if let (Some(render), Some(result)) = (&renderer, &mut processed.result) {
                            result.rendered = render(result);
                        }
                        processed
                    })
                    .collect()
            })
        };
        let previous = in_flight.take();
        let processed = match previous {
            Some(previous) if overlap => std::thread::scope(|scope| {
                let worker = scope.spawn(|| process_batch(&disabled));
                let delivered = delivery.deliver(previous, stats, sink);
                let processed = worker
                    .join()
                    .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
                delivered.map(|()| processed)
            })?,
            previous => {
                if let Some(previous) = previous {
                    delivery.deliver(previous, stats, sink)?;
                }
                process_batch(&disabled)
            }
        };
        // Disable only between batches, so which documents an analyzer saw does not depend
        // on thread timing: the panics of this batch decide for the batches after it.
        let mut notices = Vec::new();
        for p in &processed {
            for &i in &p.panicked {
                panics[i] += 1;
            }
        }
        for (i, &n) in panics.iter().enumerate() {
            if n >= MAX_PANICS && !disabled[i] {
                disabled[i] = true;
                let id = analyzers[i].id();
                let message = format!(
                    "analyzer '{id}' disabled after {n} panics; it did not run on the rest of the corpus"
                );
                stats.disabled.push(id.to_string());
                notices.push(Failure::new(
                    FailureStage::Analyze,
                    format!("<{id}>"),
                    message,
                ));
            }
        }
        *in_flight = Some(Batch {
            processed,
            notices,
            bytes,
        });
        Ok(())
    };

    for file in &plan.files {
        match file.format {
            FileFormat::Jsonl => match JsonlLines::open(file) {
                Ok(lines) => {
                    for line in lines {
                        match line {
                            Ok((line_no, line)) => filling.push(Pending::Record {
                                file,
                                line_no,
                                line,
                            }),
                            Err(f) => filling.push(Pending::Failed(f)),
                        }
                        if filling.is_full(options) {
                            flush(&mut filling, &mut in_flight, &mut stats, sink)?;
                        }
                    }
                }
                Err(f) => filling.push(Pending::Failed(f)),
            },
            _ => filling.push(Pending::File(file)),
        }
        if filling.is_full(options) {
            flush(&mut filling, &mut in_flight, &mut stats, sink)?;
        }
    }
    flush(&mut filling, &mut in_flight, &mut stats, sink)?;
    if let Some(last) = in_flight.take() {
        delivery.deliver(last, &mut stats, sink)?;
    }
    Ok(stats)
}

/// The batch being filled from the plan.
#[derive(Default)]
struct Filling<'p> {
    work: Vec<Pending<'p>>,
    bytes: u64,
}

impl<'p> Filling<'p> {
    fn push(&mut self, pending: Pending<'p>) {
        self.bytes += pending.size();
        self.work.push(pending);
    }

    fn is_full(&self, options: &RunOptions) -> bool {
        self.bytes >= options.batch_bytes || self.work.len() >= options.batch_docs
    }
}

/// A processed batch waiting for the sink, with the analyzers it caused to be disabled.
struct Batch {
    processed: Vec<Processed>,
    notices: Vec<Failure>,
    bytes: u64,
}

/// Hands a failure to the sink and counts it.
fn report_failure(
    failure: Failure,
    stats: &mut RunStats,
    sink: &mut dyn RunSink,
) -> Result<(), EngineError> {
    stats.failures += 1;
    sink.failure(failure).map_err(EngineError::Sink)
}

/// Hands processed batches to the sink, in corpus order, on the calling thread.
struct Delivery {
    seen_ids: std::collections::HashMap<String, usize>,
    bytes_done: u64,
    total_bytes: u64,
    /// To render a document again when its id changes here.
    renderer: Option<Renderer>,
}

impl Delivery {
    fn deliver(
        &mut self,
        batch: Batch,
        stats: &mut RunStats,
        sink: &mut dyn RunSink,
    ) -> Result<(), EngineError> {
        for p in batch.processed {
            for f in p.failures {
                report_failure(f, stats, sink)?;
            }
            if let Some(mut r) = p.result {
                // Ids must be unique: outputs join on them. Files are unique by path; JSONL
                // records carry their own ids, which may repeat.
                let n = self.seen_ids.entry(r.doc.meta.id.clone()).or_insert(0usize);
                *n += 1;
                if *n > 1 {
                    let renamed = format!("{}#{}", r.doc.meta.id, n);
                    let failure = Failure::new(
                        FailureStage::Record,
                        r.doc.meta.path.clone(),
                        format!(
                            "duplicate document id '{}'; this one is reported as '{renamed}'",
                            r.doc.meta.id
                        ),
                    )
                    .with_doc(renamed.clone());
                    report_failure(failure, stats, sink)?;
                    r.doc.meta.id = renamed;
                    // What the workers rendered carries the old id.
                    if let Some(render) = &self.renderer {
                        r.rendered = render(&r);
                    }
                }
                stats.documents += 1;
                stats.findings += r.findings.len();
                sink.document(r).map_err(EngineError::Sink)?;
            }
        }
        for notice in batch.notices {
            report_failure(notice, stats, sink)?;
        }
        self.bytes_done += batch.bytes;
        sink.progress(stats.documents, self.bytes_done, self.total_bytes);
        Ok(())
    }
}

fn process(
    pending: Pending<'_>,
    analyzers: &[Box<dyn Analyzer>],
    ids: &[Arc<str>],
    disabled: &[bool],
    gaz: &Gazetteer,
    kwic_width: Option<usize>,
) -> Processed {
    let loaded: Loaded = match pending {
        Pending::File(file) => load_file(file, gaz),
        Pending::Record {
            file,
            line_no,
            line,
        } => load_record(file, line_no, &line, gaz),
        Pending::Failed(failure) => Err(failure),
    };
    let (doc, mut failures) = match loaded {
        Ok(x) => x,
        Err(f) => {
            return Processed {
                result: None,
                failures: vec![f],
                panicked: Vec::new(),
            }
        }
    };
    let view = Document {
        id: &doc.meta.id,
        text: &doc.normalized.text,
        region: doc.meta.region,
        year: doc.meta.year,
    };
    let mut raw: Vec<(usize, Finding)> = Vec::new();
    let mut panicked = Vec::new();
    // One buffer for all analyzers: a failed analyzer's partial findings are dropped.
    let mut found: Vec<Finding> = Vec::new();
    for (index, analyzer) in analyzers.iter().enumerate() {
        if disabled[index] {
            continue;
        }
        found.clear();
        let outcome = catch_unwind(AssertUnwindSafe(|| analyzer.analyze(&view, &mut found)));
        let problem = match outcome {
            Ok(Ok(())) => first_bad_span(analyzer.id(), &doc.normalized.text, &found),
            Ok(Err(e)) if e.panicked => {
                panicked.push(index);
                Some(format!("analyzer '{}' {e}", analyzer.id()))
            }
            Ok(Err(e)) => Some(format!("analyzer '{}' failed: {e}", analyzer.id())),
            Err(payload) => {
                panicked.push(index);
                Some(format!(
                    "analyzer '{}' panicked: {}",
                    analyzer.id(),
                    panic_message(payload.as_ref())
                ))
            }
        };
        match problem {
            None => raw.extend(found.drain(..).map(|f| (index, f))),
            Some(message) => failures.push(
                Failure::new(FailureStage::Analyze, doc.meta.path.clone(), message)
                    .with_doc(doc.meta.id.clone()),
            ),
        }
    }
    raw.sort_by(|(ia, a), (ib, b)| {
        (a.span.start, a.span.end, &ids[*ia], &a.rule).cmp(&(
            b.span.start,
            b.span.end,
            &ids[*ib],
            &b.rule,
        ))
    });
    let mut resolver = Resolver::new(&doc).with_kwic(kwic_width);
    let findings = raw
        .into_iter()
        .map(|(i, f)| resolver.resolve(&ids[i], f))
        .collect();
    let chars = doc.char_count();
    Processed {
        result: Some(DocumentResult {
            doc,
            chars,
            findings,
            rendered: Vec::new(),
        }),
        failures,
        panicked,
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_string()
    }
}
