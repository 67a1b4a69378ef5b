//! An analyzer that reports a span outside the text or inside a character costs a failure
//! record for that document, whether it is built in or loaded; the other analyzers' findings
//! and the other documents are kept, and the run does not panic.

use std::sync::Arc;

use policyscan_api::{
    AnalyzeError, Analyzer, AnalyzerFactory, Attrs, Capture, Document, FindingSink, RuleInfo, Span,
};
use policyscan_corpus::{plan_corpus, CorpusPlan, Failure, Gazetteer};
use policyscan_host::{in_process_plugin, run, DocumentResult, RunOptions, RunSink};

/// Reports 区块链 everywhere, and in documents containing 标记 a bad span of the given kind.
struct Sloppy {
    bad: BadSpan,
}

#[derive(Debug, Clone, Copy)]
enum BadSpan {
    InsideACharacter,
    PastTheEnd,
    ACaptureInsideACharacter,
}

impl Analyzer for Sloppy {
    fn id(&self) -> &str {
        "sloppy"
    }
    fn rules(&self) -> Vec<RuleInfo> {
        vec![RuleInfo {
            id: "sloppy/word".into(),
            label: "word".into(),
        }]
    }
    fn config_hash(&self) -> String {
        String::new()
    }
    fn analyze(&self, doc: &Document<'_>, sink: &mut dyn FindingSink) -> Result<(), AnalyzeError> {
        let rule: Arc<str> = Arc::from("sloppy/word");
        let attrs = Arc::new(Attrs::new());
        let marked = doc.text.contains("标记");
        for (start, word) in doc.text.match_indices("区块链") {
            let span = Span::new(start, start + word.len());
            if !marked {
                sink.push_shared(&rule, span, &attrs);
                continue;
            }
            let (span, captures) = match self.bad {
                BadSpan::InsideACharacter => (Span::new(start + 1, span.end), Vec::new()),
                BadSpan::PastTheEnd => (Span::new(start, doc.text.len() + 3), Vec::new()),
                BadSpan::ACaptureInsideACharacter => (
                    span,
                    vec![Capture {
                        name: Arc::from("head"),
                        span: Span::new(start, start + 1),
                    }],
                ),
            };
            sink.push(policyscan_api::Finding {
                rule: rule.clone(),
                span,
                captures,
                attrs: attrs.clone(),
            });
        }
        Ok(())
    }
}

#[derive(Default)]
struct Collect {
    findings: Vec<(String, String)>,
    failures: Vec<Failure>,
}

impl RunSink for Collect {
    fn document(&mut self, r: DocumentResult) -> Result<(), String> {
        for f in &r.findings {
            self.findings
                .push((r.doc.meta.id.clone(), f.rule.to_string()));
        }
        Ok(())
    }
    fn failure(&mut self, f: Failure) -> Result<(), String> {
        self.failures.push(f);
        Ok(())
    }
}

/// `a.txt`, where the sloppy analyzer behaves, and `b.txt`, marked, where it does not.
fn two_documents() -> (tempfile::TempDir, CorpusPlan) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.txt"), "推进区块链应用。").expect("write");
    std::fs::write(dir.path().join("b.txt"), "标记：区块链试点。").expect("write");
    let plan = plan_corpus(&[dir.path().to_path_buf()], Gazetteer::standard());
    (dir, plan)
}

#[test]
fn a_bad_span_costs_a_failure_record_not_the_run() {
    let (_dir, plan) = two_documents();
    for bad in [
        BadSpan::InsideACharacter,
        BadSpan::PastTheEnd,
        BadSpan::ACaptureInsideACharacter,
    ] {
        let analyzers: Vec<Box<dyn Analyzer>> = vec![
            Box::new(Sloppy { bad }),
            policyscan_keyword::KeywordFactory
                .create(&serde_json::json!({}))
                .expect("keyword")
                .analyzer,
        ];
        for threads in [1, 2] {
            let mut sink = Collect::default();
            let options = RunOptions {
                threads,
                ..RunOptions::default()
            };
            run(&plan, &analyzers, &options, &mut sink).expect("the run goes on");
            let case = format!("{bad:?}, {threads} threads");
            assert_eq!(sink.failures.len(), 1, "{case}: {:?}", sink.failures);
            let message = &sink.failures[0].message;
            assert!(
                message.contains("analyzer 'sloppy'") && message.contains("character boundaries"),
                "{case}: {message}"
            );
            assert_eq!(sink.failures[0].doc.as_deref(), Some("b.txt"), "{case}");
            // The sloppy analyzer's findings in the good document, and the keyword
            // analyzer's in both, are kept.
            let sloppy: Vec<_> = sink
                .findings
                .iter()
                .filter(|(_, r)| r == "sloppy/word")
                .collect();
            assert_eq!(sloppy.len(), 1, "{case}: {sloppy:?}");
            assert_eq!(sloppy[0].0, "a.txt");
            for doc in ["a.txt", "b.txt"] {
                assert!(
                    sink.findings
                        .iter()
                        .any(|(d, r)| d == doc && r.starts_with("keyword/")),
                    "{case}: keyword findings of {doc}"
                );
            }
        }
    }
}

/// The sloppy analyzer as a plugin (behind the C ABI, linked into this test binary).
struct SloppyFactory;

impl AnalyzerFactory for SloppyFactory {
    fn info(&self) -> policyscan_api::AnalyzerInfo {
        policyscan_api::AnalyzerInfo {
            id: "sloppy",
            version: "1.0.0",
            description: "reports a span inside a character",
        }
    }
    fn create(&self, _config: &serde_json::Value) -> Result<policyscan_api::BuiltAnalyzer, String> {
        Ok(policyscan_api::BuiltAnalyzer {
            analyzer: Box::new(Sloppy {
                bad: BadSpan::InsideACharacter,
            }),
            problems: Vec::new(),
        })
    }
}

extern "C" fn sloppy_entry() -> *const policyscan_api::ffi::PluginDecl {
    let build = policyscan_api::ffi::PluginBuild {
        panic_unwind: true,
        quiet_panic_hook: false,
    };
    policyscan_api::ffi::plugin_entry(|| Box::new(SloppyFactory), build)
}

#[test]
fn a_loaded_plugin_bad_span_costs_a_failure_record_too() {
    let (_dir, plan) = two_documents();
    let loaded = in_process_plugin(sloppy_entry, "<sloppy plugin>")
        .expect("declares")
        .create(&serde_json::json!({}))
        .expect("creates")
        .analyzer;
    let mut sink = Collect::default();
    run(&plan, &[loaded], &RunOptions::default(), &mut sink).expect("the run goes on");
    assert_eq!(sink.failures.len(), 1, "{:?}", sink.failures);
    assert!(
        sink.failures[0].message.contains("character boundaries"),
        "{}",
        sink.failures[0].message
    );
    assert_eq!(
        sink.findings,
        vec![("a.txt".to_string(), "sloppy/word".to_string())]
    );
}
