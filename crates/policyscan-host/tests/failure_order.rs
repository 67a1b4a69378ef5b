//! Failures met while reading the plan (a JSONL file that cannot be opened) reach the sink
//! in corpus order, between the documents around them, even inside one batch.

use std::collections::BTreeMap;

use policyscan_corpus::{plan_corpus, Failure, Gazetteer};
use policyscan_host::{build_analyzers, run, DocumentResult, RunOptions, RunSink};

#[derive(Default)]
struct Order(Vec<String>);

impl RunSink for Order {
    fn document(&mut self, r: DocumentResult) -> Result<(), String> {
        self.0.push(format!("doc {}", r.doc.meta.id));
        Ok(())
    }
    fn failure(&mut self, f: Failure) -> Result<(), String> {
        self.0.push(format!("failure {f}"));
        Ok(())
    }
}

#[test]
fn a_jsonl_file_that_cannot_be_opened_fails_in_its_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.txt"), "推进区块链应用。").expect("write");
    std::fs::write(
        dir.path().join("b.jsonl"),
        "{\"id\":\"b\",\"text\":\"x\"}\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("c.txt"), "发展人工智能。").expect("write");
    let plan = plan_corpus(&[dir.path().to_path_buf()], Gazetteer::standard());
    // Gone between planning and reading.
    std::fs::remove_file(dir.path().join("b.jsonl")).expect("remove");
    let set = build_analyzers(&[], &BTreeMap::new()).expect("built-ins");
    for threads in [1, 2] {
        let options = RunOptions {
            threads,
            batch_docs: usize::MAX,
            batch_bytes: u64::MAX,
            ..RunOptions::default()
        };
        let mut sink = Order::default();
        run(&plan, &set.analyzers, &options, &mut sink).expect("runs");
        assert_eq!(sink.0.len(), 3, "{:#?}", sink.0);
        assert_eq!(sink.0[0], "doc a.txt", "{:#?}", sink.0);
        assert!(
            sink.0[1].starts_with("failure ") && sink.0[1].contains("b.jsonl: cannot open file"),
            "{:#?}",
            sink.0
        );
        assert_eq!(sink.0[2], "doc c.txt", "{:#?}", sink.0);
    }
}
