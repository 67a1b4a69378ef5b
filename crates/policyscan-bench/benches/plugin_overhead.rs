//! The cost of loading an analyzer as a plugin: the keyword analyzer built in vs the same
//! analyzer loaded from its cdylib. Target: the loaded one costs no more than 3 % more.
//!
//! Two measurements, each reported by criterion and then as the median of per-round
//! ratios from paired rounds in this same process:
//! - the analyzer alone, on the sample corpus's normalized documents, counting findings
//!   (also the same analyzer behind the ABI but linked in, which isolates the boundary
//!   from the separate library, and other built-in instances as a control: what the
//!   method reads when nothing differs);
//! - a whole run through the engine (read, decode, normalize, analyze, provenance), one
//!   worker, which is what a user waits for.
//!
//! The paired rounds cycle through [`PLACEMENTS`] instances of each variant.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policyscan_api::{Analyzer, AnalyzerFactory};
use policyscan_bench::cdylib::build_cdylib_release;
use policyscan_bench::{
    bench_corpus, count_findings, count_run, describe_ratios, load_documents, paired_rounds,
};
use policyscan_corpus::{plan_corpus, Gazetteer};
use policyscan_host::{in_process_plugin, load_plugin, RunOptions};

/// Instances of each variant that the paired rounds cycle through, one per call. Where an
/// analyzer's tables land in memory moves its speed by a percent or two: with one instance
/// each, the control (two built-in instances) read from 0.98 to 1.02 from one process to
/// the next. Cycling averages that out within a process, so the ratio measures the boundary
/// rather than one allocation's luck.
const PLACEMENTS: usize = 4;

/// Runs `pass` with the next of `instances`, a different one each call (as a slice of
/// one, which is what the engine takes).
fn cycling<'a>(
    instances: &'a [Box<dyn Analyzer>],
    pass: impl Fn(&'a [Box<dyn Analyzer>]) + 'a,
) -> impl FnMut() + 'a {
    let mut next = 0;
    move || {
        pass(std::slice::from_ref(&instances[next % instances.len()]));
        next += 1;
    }
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
    let builtin = || {
        policyscan_keyword::KeywordFactory
            .create(&config)
            .expect("built-in")
            .analyzer
    };
    let library = load_plugin(&build_cdylib_release("policyscan-keyword")).expect("load plugin");
    let in_process =
        in_process_plugin(in_process_entry, "<in-process keyword>").expect("in-process plugin");

    // Instances of each variant, created interleaved so that no variant gets all the
    // early (or late) allocations: built-in, loaded, behind the ABI but linked in, and a
    // second set of built-in ones, the control: its ratio to the first shows what the
    // method reads when there is no difference.
    let mut sets: [Vec<Box<dyn Analyzer>>; 4] = Default::default();
    for _ in 0..PLACEMENTS {
        sets[0].push(builtin());
        sets[1].push(library.create(&config).expect("loaded").analyzer);
        sets[2].push(in_process.create(&config).expect("in-process").analyzer);
        sets[3].push(builtin());
    }
    let [builtins, loadeds, boundaries, controls] = &sets;
    let expected = corpus.expected_keyword_findings;
    for (set, what) in sets
        .iter()
        .zip(["built-in", "loaded", "in-process ABI", "control"])
    {
        for analyzer in set {
            assert_eq!(
                count_findings(analyzer.as_ref(), &docs),
                expected,
                "{what} findings"
            );
        }
    }

    let mut group = c.benchmark_group("plugin_overhead");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(20);
    for (set, name) in [
        (builtins, "keyword_builtin"),
        (loadeds, "keyword_loaded"),
        (boundaries, "keyword_in_process_abi"),
    ] {
        group.bench_function(name, |b| b.iter(|| count_findings(set[0].as_ref(), &docs)));
    }
    group.finish();

    let alone = |set| {
        cycling(set, |one: &[Box<dyn Analyzer>]| {
            count_findings(one[0].as_ref(), &docs);
        })
    };
    let (times, ratios) = paired_rounds(
        120,
        &mut [
            &mut alone(builtins),
            &mut alone(loadeds),
            &mut alone(boundaries),
            &mut alone(controls),
        ],
    );
    println!(
        "analyzer alone, {} ({:.1} MB), 120 paired rounds over {PLACEMENTS} instances each: \
         built-in median {:.3} ms, loaded median {:.3} ms; loaded/built-in per round {} \
         (target ≤ 1.030)",
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
        "control, other built-in instances: ratio per round {}",
        describe_ratios(ratios[2].clone()),
    );

    // The whole run, one worker.
    let plan = plan_corpus(std::slice::from_ref(&corpus.root), Gazetteer::standard());
    let options = RunOptions {
        threads: 1,
        ..RunOptions::default()
    };
    for set in [builtins, loadeds] {
        assert_eq!(
            count_run(&plan, std::slice::from_ref(&set[0]), &options),
            (expected, 0)
        );
    }
    let mut group = c.benchmark_group("plugin_overhead_whole_run");
    group.throughput(Throughput::Bytes(plan.total_bytes()));
    group.sample_size(10);
    for (set, name) in [(builtins, "keyword_builtin"), (loadeds, "keyword_loaded")] {
        group.bench_function(name, |b| {
            b.iter(|| count_run(&plan, std::slice::from_ref(&set[0]), &options))
        });
    }
    group.finish();
    let whole_run = |set| {
        cycling(set, |one: &[Box<dyn Analyzer>]| {
            count_run(&plan, one, &options);
        })
    };
    let (times, ratios) =
        paired_rounds(40, &mut [&mut whole_run(builtins), &mut whole_run(loadeds)]);
    println!(
        "whole run through the engine, one worker, 40 paired rounds over {PLACEMENTS} \
         instances each: built-in median \
         {:.2} ms, loaded median {:.2} ms; loaded/built-in per round {}",
        times[0] * 1e3,
        times[1] * 1e3,
        describe_ratios(ratios[0].clone()),
    );
}

criterion_group!(benches, plugin_overhead);
criterion_main!(benches);
