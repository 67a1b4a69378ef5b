//! An analyzer measured next to the keyword analyzer on the same normalized documents, for
//! the benches whose target is a throughput ratio to it (phrase, citation): both counts are
//! asserted, both are reported by criterion, and a final line gives the medians of
//! interleaved runs and the ratio.

use criterion::{Criterion, Throughput};
use policyscan_api::{Analyzer, AnalyzerFactory};
use policyscan_bench::{
    bench_corpus, count_rule_findings, describe_ratios, load_documents, paired_rounds,
};

/// The analyzer under test and what it must find on the bench corpus.
pub struct Contender {
    pub factory: Box<dyn AnalyzerFactory>,
    /// The rule whose findings are asserted (all rules when `None`).
    pub counted_rule: Option<&'static str>,
    pub expected: fn(&policyscan_bench::BenchCorpus) -> u64,
    /// Lowest acceptable throughput ratio to the keyword analyzer.
    pub target: f64,
}

pub fn run(c: &mut Criterion, contender: Contender) {
    let corpus = bench_corpus();
    let docs = load_documents(&corpus.root);
    let bytes: u64 = docs.iter().map(|d| d.normalized.text.len() as u64).sum();
    let config = serde_json::json!({});
    let build = |f: &dyn AnalyzerFactory| -> Box<dyn Analyzer> {
        f.create(&config).expect("builds").analyzer
    };
    let keyword = build(&policyscan_keyword::KeywordFactory);
    let other = build(contender.factory.as_ref());
    let name = other.id().to_string();
    assert_eq!(
        count_rule_findings(keyword.as_ref(), &docs, None),
        corpus.expected_keyword_findings
    );
    assert_eq!(
        count_rule_findings(other.as_ref(), &docs, contender.counted_rule),
        (contender.expected)(&corpus),
        "{name} findings on {}",
        corpus.root.display()
    );

    let mut group = c.benchmark_group(format!("{name}_vs_keyword"));
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function("keyword", |b| {
        b.iter(|| count_rule_findings(keyword.as_ref(), &docs, None))
    });
    group.bench_function(&name, |b| {
        b.iter(|| count_rule_findings(other.as_ref(), &docs, None))
    });
    group.finish();

    let (times, ratios) = paired_rounds(
        11,
        &mut [
            &mut || {
                count_rule_findings(keyword.as_ref(), &docs, None);
            },
            &mut || {
                count_rule_findings(other.as_ref(), &docs, None);
            },
        ],
    );
    // Per round, time over time is the inverse of throughput over throughput.
    let throughput_ratios = ratios[0].iter().map(|r| 1.0 / r).collect();
    let mb = bytes as f64 / 1e6;
    println!(
        "{name} vs keyword on {} ({mb:.1} MB): keyword median {:.0} MB/s, {name} median \
         {:.0} MB/s; {name}/keyword throughput per round {} (target ≥ {})",
        corpus.root.display(),
        mb / times[0],
        mb / times[1],
        describe_ratios(throughput_ratios),
        contender.target
    );
}
