//! The cost of loading an analyzer as a plugin: the keyword analyzer built in vs the same
//! analyzer loaded from its cdylib, on the same normalized documents. Target: the loaded one
//! costs no more than 3 % more. Both are reported by criterion; a final line gives the
//! median of interleaved runs and the ratio, measured in this same process.

use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policyscan_api::{Analyzer, AnalyzerFactory};
use policyscan_bench::cdylib::build_cdylib_release;
use policyscan_bench::{bench_corpus, count_findings, load_documents, median};
use policyscan_corpus::LoadedDocument;
use policyscan_host::{in_process_plugin, load_plugin};

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

    // Interleaved samples of about 20 ms each (at least one pass), so drift of the machine
    // affects all variants alike.
    let once = {
        let t = Instant::now();
        run(builtin.as_ref(), &docs);
        t.elapsed().as_secs_f64()
    };
    let passes = ((0.02 / once.max(1e-9)) as usize).clamp(1, 50);
    let (mut a, mut b, mut c) = (Vec::new(), Vec::new(), Vec::new());
    let time = |analyzer: &dyn Analyzer| {
        let t = Instant::now();
        for _ in 0..passes {
            run(analyzer, &docs);
        }
        t.elapsed().as_secs_f64() / passes as f64
    };
    for round in 0..61 {
        // Alternate which goes first, so neither always runs on a warmer cache.
        if round % 2 == 0 {
            a.push(time(builtin.as_ref()));
            b.push(time(loaded.as_ref()));
            c.push(time(boundary.as_ref()));
        } else {
            c.push(time(boundary.as_ref()));
            b.push(time(loaded.as_ref()));
            a.push(time(builtin.as_ref()));
        }
    }
    let fastest = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    let (fa, fb, fc) = (fastest(&a), fastest(&b), fastest(&c));
    let (ma, mb, mc) = (median(a), median(b), median(c));
    println!(
        "plugin overhead on {} ({:.1} MB): built-in median {:.2} ms, loaded median {:.2} ms, \
         loaded/built-in = {:.3} (target ≤ 1.030); the same analyzer behind the ABI but \
         linked in: median {:.2} ms, ratio {:.3}",
        corpus.root.display(),
        bytes as f64 / 1e6,
        ma * 1e3,
        mb * 1e3,
        mb / ma,
        mc * 1e3,
        mc / ma
    );
    // Noise on a shared machine only ever adds time, so the fastest sample is the other
    // robust estimate of what each variant costs.
    println!(
        "fastest samples: built-in {:.2} ms, loaded {:.2} ms (ratio {:.3}), in-process ABI {:.2} ms (ratio {:.3})",
        fa * 1e3,
        fb * 1e3,
        fb / fa,
        fc * 1e3,
        fc / fa
    );
}

criterion_group!(benches, plugin_overhead);
criterion_main!(benches);
