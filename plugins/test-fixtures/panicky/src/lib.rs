//! Test fixture: reports `panicky/marker` for every 区块链, panics on documents containing
//! `PANIC` and fails on documents containing `FAIL` — so tests can check that one bad
//! document costs one failure record and nothing else.

use std::sync::Arc;

use policyscan_api::{
    AnalyzeError, Analyzer, AnalyzerFactory, AnalyzerInfo, BuiltAnalyzer, Document, Example,
    Finding, FindingSink, RuleInfo, Span,
};

#[derive(Debug, Default)]
pub struct PanickyFactory;

struct Panicky {
    rule: Arc<str>,
}

impl Analyzer for Panicky {
    fn id(&self) -> &str {
        "panicky"
    }

    fn rules(&self) -> Vec<RuleInfo> {
        vec![RuleInfo {
            id: self.rule.to_string(),
            label: "区块链 (test fixture)".into(),
        }]
    }

    fn config_hash(&self) -> String {
        "panicky-1".into()
    }

    fn analyze(&self, doc: &Document<'_>, sink: &mut dyn FindingSink) -> Result<(), AnalyzeError> {
        if doc.text.contains("PANIC") {
            panic!("fixture panic on {}", doc.id);
        }
        if doc.text.contains("FAIL") {
            return Err(AnalyzeError::new(format!("fixture failure on {}", doc.id)));
        }
        for (start, m) in doc.text.match_indices("区块链") {
            sink.push(Finding {
                rule: self.rule.clone(),
                span: Span::new(start, start + m.len()),
                captures: Vec::new(),
                attrs: Arc::default(),
            });
        }
        Ok(())
    }
}

impl AnalyzerFactory for PanickyFactory {
    fn info(&self) -> AnalyzerInfo {
        AnalyzerInfo {
            id: "panicky",
            version: "1.0.0",
            description: "test fixture",
        }
    }

    fn create(&self, _config: &policyscan_api::serde_json::Value) -> Result<BuiltAnalyzer, String> {
        Ok(BuiltAnalyzer {
            analyzer: Box::new(Panicky {
                rule: Arc::from("panicky/marker"),
            }),
            problems: Vec::new(),
        })
    }

    fn examples(&self) -> Vec<Example> {
        vec![Example::new(
            "推进区块链应用",
            &[("panicky/marker", "区块链")],
        )]
    }
}

policyscan_api::export_plugin!(PanickyFactory);
