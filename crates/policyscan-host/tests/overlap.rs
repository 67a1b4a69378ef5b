//! The engine's overlap of delivery and processing: with batches of a few documents, many
//! batches are delivered while the next one is processed; what the sink receives must be
//! exactly what a one-thread run (no overlap) gives, in the same order — documents,
//! failures of unreadable JSONL lines, renamed duplicate ids and what the renderer made.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use policyscan_corpus::{plan_corpus, Failure, Gazetteer};
use policyscan_host::{build_analyzers, run, DocumentResult, Renderer, RunOptions, RunSink};

/// Everything a sink sees, as text, in order.
#[derive(Default)]
struct Record(Vec<String>, usize);

impl RunSink for Record {
    fn renderer(&self) -> Option<Renderer> {
        Some(Arc::new(|r: &DocumentResult| {
            format!("rendered {}", r.doc.meta.id).into_bytes()
        }))
    }

    fn document(&mut self, r: DocumentResult) -> Result<(), String> {
        self.0.push(format!(
            "doc {} {} findings",
            r.doc.meta.id,
            r.findings.len()
        ));
        self.0
            .push(String::from_utf8_lossy(&r.rendered).into_owned());
        for f in &r.findings {
            self.0
                .push(format!("  {} {}..{} {:?}", f.rule, f.start, f.end, f.attrs));
        }
        Ok(())
    }
    fn failure(&mut self, f: Failure) -> Result<(), String> {
        self.0.push(format!("failure {f}"));
        Ok(())
    }
    fn progress(&mut self, documents: usize, _done: u64, _total: u64) {
        self.1 = documents;
    }
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus")
}

fn record(threads: usize, batch_docs: usize) -> Vec<String> {
    // A JSONL file with a bad line (a failure) and a repeated id (renamed `dup#2`).
    let dir = std::env::temp_dir().join(format!("policyscan-overlap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let dup = dir.join("dup.jsonl");
    std::fs::write(
        &dup,
        "{\"id\":\"dup\",\"text\":\"推进区块链应用。\"}\nnot json\n\
         {\"id\":\"dup\",\"text\":\"发展人工智能。\"}\n",
    )
    .expect("write jsonl");
    let paths = [
        fixtures().join("sample"),
        fixtures().join("broken"),
        fixtures().join("jsonl/reports.jsonl"),
        dup,
    ];
    let plan = plan_corpus(&paths, Gazetteer::standard());
    let set = build_analyzers(&[], &BTreeMap::new()).expect("built-ins");
    let options = RunOptions {
        threads,
        batch_docs,
        ..RunOptions::default()
    };
    let mut sink = Record::default();
    let stats = run(&plan, &set.analyzers, &options, &mut sink).expect("runs");
    assert_eq!(sink.1, stats.documents, "progress reports every document");
    sink.0
}

#[test]
fn overlapped_delivery_gives_the_same_results_in_the_same_order() {
    let one = record(1, 3);
    assert!(one.iter().filter(|l| l.starts_with("doc ")).count() > 90);
    assert!(one.iter().any(|l| l.starts_with("failure ")));
    // A renamed document is rendered with its new id.
    assert!(one.iter().any(|l| l == "rendered dup#2"), "{one:#?}");
    assert_eq!(record(2, 3), one);
    assert_eq!(record(2, 1), one);
    assert_eq!(record(3, 512), one);
}
