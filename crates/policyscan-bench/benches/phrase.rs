//! The phrase-pattern analyzer next to the keyword analyzer, on the same normalized
//! documents. Target: the phrase analyzer runs at no less than half the keyword analyzer's
//! throughput; a final line gives both medians from interleaved runs and the ratio.

use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policyscan_api::{Analyzer, AnalyzerFactory, Document, Finding, FindingSink};
use policyscan_bench::{bench_corpus, load_documents};
use policyscan_corpus::LoadedDocument;

/// Counts findings of one rule (all rules when `None`).
struct Count(u64, Option<&'static str>);

impl FindingSink for Count {
    fn push(&mut self, finding: Finding) {
        if self.1.is_none_or(|r| *finding.rule == *r) {
            self.0 += 1;
        }
    }
}

fn run(analyzer: &dyn Analyzer, docs: &[LoadedDocument], rule: Option<&'static str>) -> u64 {
    let mut count = Count(0, rule);
    for d in docs {
        let view = Document {
            id: &d.meta.id,
            text: &d.normalized.text,
            region: None,
            year: None,
        };
        analyzer.analyze(&view, &mut count).expect("analyze");
    }
    count.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn phrase(c: &mut Criterion) {
    let corpus = bench_corpus();
    let docs = load_documents(&corpus.root);
    let bytes: u64 = docs.iter().map(|d| d.normalized.text.len() as u64).sum();
    let config = serde_json::json!({});
    let keyword = policyscan_keyword::KeywordFactory
        .create(&config)
        .expect("keyword")
        .analyzer;
    let phrase = policyscan_phrase::PhraseFactory
        .create(&config)
        .expect("phrase")
        .analyzer;
    assert_eq!(
        run(keyword.as_ref(), &docs, None),
        corpus.expected_keyword_findings
    );
    assert_eq!(
        run(phrase.as_ref(), &docs, Some("phrase/plus")),
        corpus.expected_phrase_findings,
        "phrase/plus findings on {}",
        corpus.root.display()
    );

    let mut group = c.benchmark_group("phrase_vs_keyword");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function("keyword", |b| b.iter(|| run(keyword.as_ref(), &docs, None)));
    group.bench_function("phrase", |b| b.iter(|| run(phrase.as_ref(), &docs, None)));
    group.finish();

    let (mut k, mut p) = (Vec::new(), Vec::new());
    let time = |a: &dyn Analyzer| {
        let t = Instant::now();
        run(a, &docs, None);
        t.elapsed().as_secs_f64()
    };
    for round in 0..11 {
        if round % 2 == 0 {
            k.push(time(keyword.as_ref()));
            p.push(time(phrase.as_ref()));
        } else {
            p.push(time(phrase.as_ref()));
            k.push(time(keyword.as_ref()));
        }
    }
    let (mk, mp) = (median(k), median(p));
    let mb = bytes as f64 / 1e6;
    println!(
        "phrase vs keyword on {} ({mb:.1} MB): keyword median {:.0} MB/s, phrase median {:.0} MB/s, \
         phrase/keyword throughput = {:.2} (target ≥ 0.5)",
        corpus.root.display(),
        mb / mk,
        mb / mp,
        mk / mp
    );
}

criterion_group!(benches, phrase);
criterion_main!(benches);
