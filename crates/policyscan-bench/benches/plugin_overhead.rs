//! The cost of loading an analyzer as a plugin: the keyword analyzer built in vs the same
//! analyzer loaded from its cdylib. Target: the loaded one costs no more than 3 % more.
//!
//! Two measurements, each reported by criterion and then as the median of per-round
//! ratios from paired rounds in this same process:
//! - the analyzer alone, on the sample corpus's normalized documents, counting findings
//!   (also the same analyzer behind the ABI but linked in, which isolates the boundary
//!   from the separate library, and a second built-in instance as a control: what the
//!   method reads when nothing differs);
//! - a whole run through the engine (read, decode, normalize, analyze, provenance), one
//!   worker, which is what a user waits for.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policyscan_api::AnalyzerFactory;
use policyscan_bench::cdylib::build_cdylib_release;
use policyscan_bench::{
    bench_corpus, count_findings, count_run, describe_ratios, load_documents, paired_rounds,
};
use policyscan_corpus::{plan_corpus, Gazetteer};
use policyscan_host::{in_process_plugin, load_plugin, RunOptions};

/// The keyword analyzer behind the C ABI, linked into this binary: measures the boundary
/// alone, with the analyzer compiled exactly like the built-in one.
extern "C" fn in_process_entry() -> *const policyscan_api::ffi::PluginDecl {
    let build = policyscan_api::ffi::PluginBuild {
        panic_unwind: true,
        quiet_panic_hook: false,
    };
    policyscan_api::ffi::plugin_entry(|| Box::new(policyscan_keyword::KeywordFactory), build)
}

fn plugin_overhead(c: &mut Criterion) {
    let corpus = bench_corpus();
    let docs = load_documents(&corpus.root);
    let bytes: u64 = docs.iter().map(|d| d.normalized.text.len() as u64).sum();
    let config = serde_json::json!({});
    let builtin = policyscan_keyword::KeywordFactory
        .create(&config)
        .expect("built-in")
        .analyzer;
    let library = load_plugin(&build_cdylib_release("policyscan-keyword")).expect("load plugin");
    let loaded = library.create(&config).expect("loaded").analyzer;
    let boundary = in_process_plugin(in_process_entry, "<in-process keyword>")
        .expect("in-process plugin")
        .create(&config)
        .expect("in-process")
        .analyzer;
    let expected = corpus.expected_keyword_findings;
    assert_eq!(
        count_findings(builtin.as_ref(), &docs),
        expected,
        "built-in findings"
    );
    assert_eq!(
        count_findings(loaded.as_ref(), &docs),
        expected,
        "loaded findings"
    );
    assert_eq!(
        count_findings(boundary.as_ref(), &docs),
        expected,
        "in-process ABI findings"
    );

    let mut group = c.benchmark_group("plugin_overhead");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(20);
    group.bench_function("keyword_builtin", |b| {
        b.iter(|| count_findings(builtin.as_ref(), &docs))
    });
    group.bench_function("keyword_loaded", |b| {
        b.iter(|| count_findings(loaded.as_ref(), &docs))
    });
    group.bench_function("keyword_in_process_abi", |b| {
        b.iter(|| count_findings(boundary.as_ref(), &docs))
    });
    group.finish();

    // A second built-in instance: its ratio to the first shows what the method reads
    // when there is no difference at all.
    let control = policyscan_keyword::KeywordFactory
        .create(&config)
        .expect("built-in")
        .analyzer;
    let (times, ratios) = paired_rounds(
        120,
        &mut [
            &mut || {
                count_findings(builtin.as_ref(), &docs);
            },
            &mut || {
                count_findings(loaded.as_ref(), &docs);
            },
            &mut || {
                count_findings(boundary.as_ref(), &docs);
            },
            &mut || {
                count_findings(control.as_ref(), &docs);
            },
        ],
    );
    println!(
        "analyzer alone, {} ({:.1} MB), 120 paired rounds: built-in median {:.3} ms, loaded \
         median {:.3} ms; loaded/built-in per round {} (target ≤ 1.030)",
        corpus.root.display(),
        bytes as f64 / 1e6,
        times[0] * 1e3,
        times[1] * 1e3,
        describe_ratios(ratios[0].clone()),
    );
    println!(
        "the same analyzer behind the ABI but linked in (no dlopen): median {:.3} ms; \
         ratio per round {}",
        times[2] * 1e3,
        describe_ratios(ratios[1].clone()),
    );
    println!(
        "control, a second built-in instance: ratio per round {}",
        describe_ratios(ratios[2].clone()),
    );

    // The whole run, one worker.
    let plan = plan_corpus(std::slice::from_ref(&corpus.root), Gazetteer::standard());
    let options = RunOptions {
        threads: 1,
        ..RunOptions::default()
    };
    let engine_builtin = vec![
        policyscan_keyword::KeywordFactory
            .create(&config)
            .expect("built-in")
            .analyzer,
    ];
    let engine_loaded = vec![library.create(&config).expect("loaded").analyzer];
    assert_eq!(count_run(&plan, &engine_builtin, &options), (expected, 0));
    assert_eq!(count_run(&plan, &engine_loaded, &options), (expected, 0));
    let mut group = c.benchmark_group("plugin_overhead_whole_run");
    group.throughput(Throughput::Bytes(plan.total_bytes()));
    group.sample_size(10);
    group.bench_function("keyword_builtin", |b| {
        b.iter(|| count_run(&plan, &engine_builtin, &options))
    });
    group.bench_function("keyword_loaded", |b| {
        b.iter(|| count_run(&plan, &engine_loaded, &options))
    });
    group.finish();
    let (times, ratios) = paired_rounds(
        40,
        &mut [
            &mut || {
                count_run(&plan, &engine_builtin, &options);
            },
            &mut || {
                count_run(&plan, &engine_loaded, &options);
            },
        ],
    );
    println!(
        "whole run through the engine, one worker, 40 paired rounds: built-in median \
         {:.2} ms, loaded median {:.2} ms; loaded/built-in per round {}",
        times[0] * 1e3,
        times[1] * 1e3,
        describe_ratios(ratios[0].clone()),
    );
}

criterion_group!(benches, plugin_overhead);
criterion_main!(benches);
