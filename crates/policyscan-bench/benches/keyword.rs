//! The keyword analyzer alone, on documents already loaded and normalized in memory.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policyscan_api::{AnalyzerFactory, Document, Finding, FindingSink};
use policyscan_bench::bench_corpus;
use policyscan_corpus::{load_file, plan_corpus, FileFormat, Gazetteer, LoadedDocument};

/// Counts findings without keeping them, as a streaming consumer would.
struct Count(u64);

impl FindingSink for Count {
    fn push(&mut self, _finding: Finding) {
        self.0 += 1;
    }
}

fn keyword(c: &mut Criterion) {
    let corpus = bench_corpus();
    let gaz = Gazetteer::standard();
    let plan = plan_corpus(std::slice::from_ref(&corpus.root), gaz);
    let docs: Vec<LoadedDocument> = plan
        .files
        .iter()
        .filter(|f| f.format != FileFormat::Jsonl)
        .filter_map(|f| load_file(f, gaz).ok().map(|(d, _)| d))
        .collect();
    let bytes: u64 = docs.iter().map(|d| d.normalized.text.len() as u64).sum();
    let analyzer = policyscan_keyword::KeywordFactory
        .create(&serde_json::json!({}))
        .expect("default dictionary")
        .analyzer;

    let run = || {
        let mut count = Count(0);
        for d in &docs {
            let view = Document {
                id: &d.meta.id,
                text: &d.normalized.text,
                region: None,
                year: None,
            };
            analyzer.analyze(&view, &mut count).expect("analyze");
        }
        count.0
    };
    assert_eq!(
        run(),
        corpus.expected_keyword_findings,
        "keyword findings on {}",
        corpus.root.display()
    );

    let mut group = c.benchmark_group("keyword");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function("analyze_normalized_docs", |b| b.iter(run));
    group.finish();
}

criterion_group!(benches, keyword);
criterion_main!(benches);
