//! The keyword analyzer alone, on documents already loaded and normalized in memory.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policyscan_api::AnalyzerFactory;
use policyscan_bench::{bench_corpus, count_findings, load_documents};

fn keyword(c: &mut Criterion) {
    let corpus = bench_corpus();
    let docs = load_documents(&corpus.root);
    let bytes: u64 = docs.iter().map(|d| d.normalized.text.len() as u64).sum();
    let analyzer = policyscan_keyword::KeywordFactory
        .create(&serde_json::json!({}))
        .expect("default dictionary")
        .analyzer;
    assert_eq!(
        count_findings(analyzer.as_ref(), &docs),
        corpus.expected_keyword_findings,
        "keyword findings on {}",
        corpus.root.display()
    );

    let mut group = c.benchmark_group("keyword");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function("analyze_normalized_docs", |b| {
        b.iter(|| count_findings(analyzer.as_ref(), &docs))
    });
    group.finish();
}

criterion_group!(benches, keyword);
criterion_main!(benches);
