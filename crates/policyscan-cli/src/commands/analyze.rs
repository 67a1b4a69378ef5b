//! `policyscan analyze`: run the analyzers over a corpus, print the coverage summary and
//! (with `--out`) write findings.jsonl, documents.csv, coverage.csv, run.json and the
//! tables of the phrase and citation analyzers.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::sync::Arc;

use anyhow::{Context, Result};
use policyscan_corpus::{plan_corpus_excluding, Failure, Gazetteer};
use policyscan_host::citation_table::CITATION_ANALYZER;
use policyscan_host::{
    CitationTable, CoverageTable, DocumentResult, Origin, PhraseTable, Renderer, RunSink,
};

use super::option_routing::{route, Routed};
use super::plugin_setup::{plugin_configs, registry_with_plugins};
use crate::args::{AnalyzeArgs, Format};
use crate::failure_log::FailureLog;
use crate::output::columns::rule_columns;
use crate::output::csv_writer::CsvWriter;
use crate::output::phrases_csv::{self, PHRASE_ANALYZER};
use crate::output::run_record::{AnalyzerRecord, Counts, InputFile, RuleRecord, RunRecord};
use crate::output::summary::{render_table, Summary};
use crate::output::{
    citation_matrix_csv, citations_csv, coverage_csv, documents_csv, findings_jsonl,
};

struct OutFiles {
    findings: BufWriter<File>,
    documents: CsvWriter<BufWriter<File>>,
    /// Only when the phrase analyzer runs.
    phrases: Option<CsvWriter<BufWriter<File>>>,
    /// Only when the citation analyzer runs.
    citations: Option<CsvWriter<BufWriter<File>>>,
}

struct AnalyzeSink {
    table: CoverageTable,
    phrases: PhraseTable,
    citations: CitationTable,
    files: Option<OutFiles>,
    config_hash: BTreeMap<String, String>,
    log: FailureLog,
    inputs: Vec<InputFile>,
    documents: usize,
    findings: usize,
}

impl RunSink for AnalyzeSink {
    /// findings.jsonl lines are formatted on the workers; `document` only writes them.
    fn renderer(&self) -> Option<Renderer> {
        self.files.as_ref()?;
        let config_hash = self.config_hash.clone();
        Some(Arc::new(move |result: &DocumentResult| {
            let mut lines = Vec::new();
            // Writing into a Vec cannot fail.
            let _ = findings_jsonl::write_document(&mut lines, result, &config_hash);
            lines
        }))
    }

    fn document(&mut self, result: DocumentResult) -> Result<(), String> {
        self.documents += 1;
        self.findings += result.findings.len();
        let counts = self.table.add(&result);
        self.phrases.add(&result);
        self.citations.add(&result);
        if let Some(files) = &mut self.files {
            files
                .findings
                .write_all(&result.rendered)
                .map_err(|e| format!("findings.jsonl: {e}"))?;
            documents_csv::write_row(&mut files.documents, &result, &counts)
                .map_err(|e| format!("documents.csv: {e}"))?;
            if let Some(phrases) = &mut files.phrases {
                phrases_csv::write_document(phrases, &result)
                    .map_err(|e| format!("phrases.csv: {e}"))?;
            }
            if let Some(citations) = &mut files.citations {
                citations_csv::write_document(citations, &result)
                    .map_err(|e| format!("citations.csv: {e}"))?;
            }
        }
        let doc = result.doc;
        self.inputs.push(InputFile {
            doc: doc.meta.id,
            path: doc.meta.path,
            sha256: doc.sha256,
            bytes: doc.bytes,
            encoding: doc.encoding.to_string(),
        });
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

fn create(dir: &std::path::Path, name: &str) -> Result<BufWriter<File>> {
    let path = dir.join(name);
    let f = File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
    Ok(BufWriter::with_capacity(1 << 20, f))
}

pub fn run(args: &AnalyzeArgs) -> Result<usize> {
    let selection: Vec<String> = args
        .analyzers
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let (registry, plugin_failures) =
        registry_with_plugins(&args.plugins.plugins, !args.no_builtin);
    // Whether analyzer `id` will run: available, and chosen (or no choice made).
    let selected = |id: &str| {
        registry.factory(id).is_some()
            && (selection.is_empty() || selection.iter().any(|s| s == id))
    };
    let mut configs = plugin_configs(&args.plugin_configs)?;
    let paths = |paths: &[std::path::PathBuf]| -> Vec<String> {
        paths.iter().map(|p| p.display().to_string()).collect()
    };
    let options = [
        Routed {
            flag: "--dict",
            analyzer: "keyword",
            key: "dict_files",
            values: paths(&args.dicts),
        },
        Routed {
            flag: "--concept",
            analyzer: "keyword",
            key: "concepts",
            values: args.concepts.clone(),
        },
        Routed {
            flag: "--patterns",
            analyzer: PHRASE_ANALYZER,
            key: "pattern_files",
            values: paths(&args.patterns),
        },
        Routed {
            flag: "--registry",
            analyzer: CITATION_ANALYZER,
            key: "registry_files",
            values: paths(&args.registries),
        },
    ];
    route(&mut configs, &options, selected)?;
    let set = match registry.build(&selection, &configs) {
        Ok(set) => set,
        Err(e) => {
            for f in &plugin_failures {
                eprintln!("policyscan: {f}");
            }
            return Err(e.into());
        }
    };
    let origins: BTreeMap<String, String> = registry
        .entries()
        .map(|(info, origin)| {
            let shown = match origin {
                Origin::BuiltIn => "built-in".to_string(),
                Origin::Plugin(p) => p.display().to_string(),
            };
            (info.id.to_string(), shown)
        })
        .collect();
    let rules: Vec<_> = set.analyzers.iter().flat_map(|a| a.rules()).collect();
    let columns = rule_columns(&rules);
    let config_hash: BTreeMap<String, String> = set
        .analyzers
        .iter()
        .map(|a| (a.id().to_string(), a.config_hash()))
        .collect();

    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create output directory {}", dir.display()))?;
    }
    // The output directory may lie inside the corpus: never read our own output back.
    let exclude: Vec<_> = args.out.iter().cloned().collect();
    let plan = plan_corpus_excluding(&args.paths, Gazetteer::standard(), &exclude);
    let writes_phrases = set.analyzers.iter().any(|a| a.id() == PHRASE_ANALYZER);
    let writes_citations = set.analyzers.iter().any(|a| a.id() == CITATION_ANALYZER);
    let files = match &args.out {
        Some(dir) => {
            let mut documents = CsvWriter::new(create(dir, "documents.csv")?, args.excel)?;
            documents.row(documents_csv::header(&columns))?;
            let table = |wanted: bool, name: &str, header: &[&str]| -> Result<_> {
                if !wanted {
                    return Ok(None);
                }
                let mut csv = CsvWriter::new(create(dir, name)?, args.excel)?;
                csv.row(header)?;
                Ok(Some(csv))
            };
            let phrases = table(writes_phrases, "phrases.csv", &phrases_csv::HEADER)?;
            let citations = table(writes_citations, "citations.csv", &citations_csv::HEADER)?;
            Some(OutFiles {
                findings: create(dir, "findings.jsonl")?,
                documents,
                phrases,
                citations,
            })
        }
        None => None,
    };
    let mut sink = AnalyzeSink {
        table: CoverageTable::new(rules.clone()),
        phrases: PhraseTable::default(),
        citations: CitationTable::default(),
        files,
        config_hash: config_hash.clone(),
        log: FailureLog::new(args.common.quiet),
        inputs: Vec::new(),
        documents: 0,
        findings: 0,
    };
    for problem in plugin_failures.iter().chain(&set.problems) {
        sink.failure(problem.clone()).map_err(anyhow::Error::msg)?;
    }
    let options = args.common.run_options();
    policyscan_host::engine::run(&plan, &set.analyzers, &options, &mut sink)?;
    sink.log.progress.clear();

    let summary = Summary::build(
        &sink.table,
        &sink.phrases,
        &sink.citations,
        sink.documents,
        sink.findings,
        sink.log.failures().to_vec(),
        plan.skipped.clone(),
    );
    if let (Some(dir), Some(mut files)) = (&args.out, sink.files.take()) {
        files.findings.flush().context("writing findings.jsonl")?;
        files.documents.flush().context("writing documents.csv")?;
        if let Some(phrases) = &mut files.phrases {
            phrases.flush().context("writing phrases.csv")?;
        }
        if let Some(citations) = &mut files.citations {
            citations.flush().context("writing citations.csv")?;
            let mut matrix = CsvWriter::new(create(dir, "citation-matrix.csv")?, args.excel)?;
            citation_matrix_csv::write(&mut matrix, &sink.citations)?;
            matrix.flush().context("writing citation-matrix.csv")?;
        }
        let mut cov = CsvWriter::new(create(dir, "coverage.csv")?, args.excel)?;
        cov.row(coverage_csv::HEADER)?;
        for (c, col) in summary.concepts.iter().zip(&columns) {
            coverage_csv::write_concept(&mut cov, col, c)?;
        }
        cov.flush().context("writing coverage.csv")?;
        let record = RunRecord {
            tool: "policyscan",
            version: env!("CARGO_PKG_VERSION"),
            arguments: std::env::args().skip(1).collect(),
            threads: options.threads,
            analyzers: set
                .analyzers
                .iter()
                .map(|a| AnalyzerRecord {
                    id: a.id().to_string(),
                    origin: origins.get(a.id()).cloned().unwrap_or_default(),
                    config_hash: config_hash.get(a.id()).cloned().unwrap_or_default(),
                    rules: a
                        .rules()
                        .into_iter()
                        .map(|r| RuleRecord {
                            id: r.id,
                            label: r.label,
                        })
                        .collect(),
                })
                .collect(),
            dictionary_hash: config_hash.get("keyword").cloned(),
            inputs: args.paths.iter().map(|p| p.display().to_string()).collect(),
            manifests: plan.manifests.clone(),
            counts: Counts {
                documents: sink.documents,
                findings: sink.findings,
                failures: sink.log.failures().len(),
                skipped: plan.skipped.len(),
            },
            files: std::mem::take(&mut sink.inputs),
            failures: sink.log.failures().to_vec(),
            skipped: plan.skipped.clone(),
        };
        let mut w = create(dir, "run.json")?;
        serde_json::to_writer_pretty(&mut w, &record)?;
        w.write_all(b"\n")?;
        w.flush().context("writing run.json")?;
    }

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        Format::Table => out.write_all(render_table(&summary, &columns).as_bytes())?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &summary)?;
            out.write_all(b"\n")?;
        }
    }
    if let Some(dir) = &args.out {
        if !args.common.quiet {
            let phrases = if writes_phrases { ", phrases.csv" } else { "" };
            let citations = if writes_citations {
                ", citations.csv, citation-matrix.csv"
            } else {
                ""
            };
            eprintln!(
                "policyscan: wrote findings.jsonl, documents.csv, coverage.csv{phrases}{citations}, \
                 run.json to {}",
                dir.display()
            );
        }
    }
    Ok(summary.failures.len())
}
