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

use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policyscan_api::{Analyzer, AnalyzerFactory};
use policyscan_bench::cdylib::build_cdylib_release;
use policyscan_bench::{bench_corpus, count_findings, load_documents, median};
use policyscan_corpus::{plan_corpus, CorpusPlan, Failure, Gazetteer, LoadedDocument};
use policyscan_host::{in_process_plugin, load_plugin, DocumentResult, RunOptions, RunSink};

fn run(analyzer: &dyn Analyzer, docs: &[LoadedDocument]) -> u64 {
    count_findings(analyzer, docs)
}

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
    assert_eq!(run(builtin.as_ref(), &docs), expected, "built-in findings");
    assert_eq!(run(loaded.as_ref(), &docs), expected, "loaded findings");
    assert_eq!(
        run(boundary.as_ref(), &docs),
        expected,
        "in-process ABI findings"
    );

    let mut group = c.benchmark_group("plugin_overhead");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(20);
    group.bench_function("keyword_builtin", |b| {
        b.iter(|| run(builtin.as_ref(), &docs))
    });
    group.bench_function("keyword_loaded", |b| b.iter(|| run(loaded.as_ref(), &docs)));
    group.bench_function("keyword_in_process_abi", |b| {
        b.iter(|| run(boundary.as_ref(), &docs))
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
        &[
            &|| {
                run(builtin.as_ref(), &docs);
            },
            &|| {
                run(loaded.as_ref(), &docs);
            },
            &|| {
                run(boundary.as_ref(), &docs);
            },
            &|| {
                run(control.as_ref(), &docs);
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
        describe(ratios[0].clone()),
    );
    println!(
        "the same analyzer behind the ABI but linked in (no dlopen): median {:.3} ms; \
         ratio per round {}",
        times[2] * 1e3,
        describe(ratios[1].clone()),
    );
    println!(
        "control, a second built-in instance: ratio per round {}",
        describe(ratios[2].clone()),
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
    assert_eq!(whole_run(&plan, &engine_builtin, &options), expected);
    assert_eq!(whole_run(&plan, &engine_loaded, &options), expected);
    let mut group = c.benchmark_group("plugin_overhead_whole_run");
    group.throughput(Throughput::Bytes(plan.total_bytes()));
    group.sample_size(10);
    group.bench_function("keyword_builtin", |b| {
        b.iter(|| whole_run(&plan, &engine_builtin, &options))
    });
    group.bench_function("keyword_loaded", |b| {
        b.iter(|| whole_run(&plan, &engine_loaded, &options))
    });
    group.finish();
    let (times, ratios) = paired_rounds(
        40,
        &[
            &|| {
                whole_run(&plan, &engine_builtin, &options);
            },
            &|| {
                whole_run(&plan, &engine_loaded, &options);
            },
        ],
    );
    println!(
        "whole run through the engine, one worker, 40 paired rounds: built-in median \
         {:.2} ms, loaded median {:.2} ms; loaded/built-in per round {}",
        times[0] * 1e3,
        times[1] * 1e3,
        describe(ratios[0].clone()),
    );
}

/// Counts what a run finds, keeping nothing.
struct CountSink(u64);

impl RunSink for CountSink {
    fn document(&mut self, result: DocumentResult) -> Result<(), String> {
        self.0 += result.findings.len() as u64;
        Ok(())
    }
    fn failure(&mut self, failure: Failure) -> Result<(), String> {
        panic!("the bench corpus has no bad input: {failure:?}")
    }
}

fn whole_run(plan: &CorpusPlan, analyzers: &[Box<dyn Analyzer>], options: &RunOptions) -> u64 {
    let mut sink = CountSink(0);
    policyscan_host::engine::run(plan, analyzers, options, &mut sink).expect("run");
    sink.0
}

/// Paired rounds: in each, every variant runs for about 20 ms (at least once), in an order
/// that rotates and reverses from round to round, and the round yields each other
/// variant's time as a ratio to the first one's. The median of those ratios is robust to
/// the machine's drift, which moves all variants of a round alike. Returns each variant's
/// median time (seconds per run) and, for variants 1.., the per-round ratios.
fn paired_rounds(rounds: usize, variants: &[&dyn Fn()]) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = variants.len();
    let once = {
        let t = Instant::now();
        variants[0]();
        t.elapsed().as_secs_f64()
    };
    let repeats = ((0.02 / once.max(1e-9)) as usize).clamp(1, 50);
    let mut times = vec![Vec::new(); n];
    let mut ratios = vec![Vec::new(); n - 1];
    for round in 0..rounds {
        let mut order: Vec<usize> = (0..n).map(|k| (round + k) % n).collect();
        if (round / n) % 2 == 1 {
            order.reverse();
        }
        let mut t = vec![0.0; n];
        for v in order {
            let start = Instant::now();
            for _ in 0..repeats {
                variants[v]();
            }
            t[v] = start.elapsed().as_secs_f64() / repeats as f64;
        }
        for v in 1..n {
            ratios[v - 1].push(t[v] / t[0]);
        }
        for v in 0..n {
            times[v].push(t[v]);
        }
    }
    (times.into_iter().map(median).collect(), ratios)
}

/// "median M (quartiles Q1–Q3)".
fn describe(mut ratios: Vec<f64>) -> String {
    ratios.sort_by(f64::total_cmp);
    let at = |q: usize| ratios[(ratios.len() * q / 4).min(ratios.len() - 1)];
    format!("median {:.3} (quartiles {:.3}–{:.3})", at(2), at(1), at(3))
}

criterion_group!(benches, plugin_overhead);
criterion_main!(benches);
