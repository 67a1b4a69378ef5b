//! `analyze` end to end through the engine: read, decode, normalize, match, resolve
//! provenance — everything but writing the output files.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policyscan_bench::{bench_corpus, count_run};
use policyscan_corpus::{plan_corpus, Gazetteer};
use policyscan_host::{build_analyzers, RunOptions};

fn analyze(c: &mut Criterion) {
    let corpus = bench_corpus();
    let gaz = Gazetteer::standard();
    let plan = plan_corpus(std::slice::from_ref(&corpus.root), gaz);
    let set = build_analyzers(&["keyword".to_string()], &Default::default()).expect("analyzers");
    let options = RunOptions::default();
    let run = || count_run(&plan, &set.analyzers, &options);
    assert_eq!(
        run(),
        (corpus.expected_keyword_findings, 0),
        "findings on {}",
        corpus.root.display()
    );

    let mut group = c.benchmark_group("analyze");
    group.throughput(Throughput::Bytes(plan.total_bytes()));
    group.sample_size(10);
    group.bench_function("end_to_end_keyword", |b| b.iter(run));
    group.finish();
}

criterion_group!(benches, analyze);
criterion_main!(benches);
