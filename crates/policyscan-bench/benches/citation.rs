//! The citation analyzer next to the keyword analyzer, on the same normalized
//! documents. Target: the citation analyzer runs at no less than half the keyword analyzer's
//! throughput; a final line gives both medians from interleaved runs and the ratio.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policyscan_api::AnalyzerFactory;
use policyscan_bench::{bench_corpus, count_rule_findings, interleaved_medians, load_documents};

fn citation(c: &mut Criterion) {
    let corpus = bench_corpus();
    let docs = load_documents(&corpus.root);
    let bytes: u64 = docs.iter().map(|d| d.normalized.text.len() as u64).sum();
    let config = serde_json::json!({});
    let keyword = policyscan_keyword::KeywordFactory
        .create(&config)
        .expect("keyword")
        .analyzer;
    let citation = policyscan_citation::CitationFactory
        .create(&config)
        .expect("citation")
        .analyzer;
    assert_eq!(
        count_rule_findings(keyword.as_ref(), &docs, None),
        corpus.expected_keyword_findings
    );
    assert_eq!(
        count_rule_findings(citation.as_ref(), &docs, None),
        corpus.expected_citation_findings,
        "citation findings on {}",
        corpus.root.display()
    );

    let mut group = c.benchmark_group("citation_vs_keyword");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function("keyword", |b| {
        b.iter(|| count_rule_findings(keyword.as_ref(), &docs, None))
    });
    group.bench_function("citation", |b| {
        b.iter(|| count_rule_findings(citation.as_ref(), &docs, None))
    });
    group.finish();

    let (mk, mc) = interleaved_medians(
        11,
        || {
            count_rule_findings(keyword.as_ref(), &docs, None);
        },
        || {
            count_rule_findings(citation.as_ref(), &docs, None);
        },
    );
    let mb = bytes as f64 / 1e6;
    println!(
        "citation vs keyword on {} ({mb:.1} MB): keyword median {:.0} MB/s, citation median \
         {:.0} MB/s, citation/keyword throughput = {:.2} (target ≥ 0.5)",
        corpus.root.display(),
        mb / mk,
        mb / mc,
        mk / mc
    );
}

criterion_group!(benches, citation);
criterion_main!(benches);
