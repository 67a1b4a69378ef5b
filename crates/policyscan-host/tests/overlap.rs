//! The engine's overlap of delivery and processing: with batches of a few documents, many
//! batches are delivered while the next one is processed; what the sink receives must be
//! exactly what a one-thread run (no overlap) gives, in the same order.

use std::collections::BTreeMap;
use std::path::PathBuf;

use policyscan_corpus::{plan_corpus, Failure, Gazetteer};
use policyscan_host::{build_analyzers, run, DocumentResult, RunOptions, RunSink};

/// Everything a sink sees, as text, in order.
#[derive(Default)]
struct Record(Vec<String>, usize);

impl RunSink for Record {
    fn document(&mut self, r: DocumentResult) -> Result<(), String> {
        self.0.push(format!(
            "doc {} {} findings",
            r.doc.meta.id,
            r.findings.len()
        ));
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
    let paths = [fixtures().join("sample"), fixtures().join("broken")];
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
    assert_eq!(record(2, 3), one);
    assert_eq!(record(2, 1), one);
    assert_eq!(record(3, 512), one);
}
