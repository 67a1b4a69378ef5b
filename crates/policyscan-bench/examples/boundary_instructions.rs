//! Runs one analyzer variant over the bench corpus a few times, for instruction counting
//! under `valgrind --tool=callgrind`, which unlike wall time does not depend on what else the
//! machine is doing:
//!
//! ```text
//! cargo build --release -p policyscan-bench --example boundary_instructions
//! valgrind --tool=callgrind target/release/examples/boundary_instructions builtin
//! valgrind --tool=callgrind target/release/examples/boundary_instructions loaded
//! ```
//!
//! A second argument sets the number of passes (default 5). The cost of one pass is
//! (Collected with 25 passes − Collected with 5) / 20: set-up cancels out. Variant `both`
//! alternates the two in one process, for `perf record -e cpu-clock` (the report tells them
//! apart by library). A third argument `run` makes a pass a whole engine run over the
//! corpus (read, decode, normalize, analyze), one worker, instead of the analyzer alone.

use policyscan_api::{Analyzer, AnalyzerFactory};
use policyscan_bench::cdylib::build_cdylib_release;
use policyscan_bench::{bench_corpus, count_findings, count_run, load_documents};
use policyscan_corpus::{plan_corpus, Gazetteer};
use policyscan_host::RunOptions;

fn main() {
    let variant = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "builtin".to_string());
    let passes: u64 = std::env::args()
        .nth(2)
        .and_then(|p| p.parse().ok())
        .unwrap_or(5);
    let whole_run = match std::env::args().nth(3).as_deref() {
        None => false,
        Some("run") => true,
        Some(other) => panic!("the third argument can only be `run`, not {other}"),
    };
    let corpus = bench_corpus();
    let docs = load_documents(&corpus.root);
    let config = serde_json::json!({});
    let builtin = || {
        policyscan_keyword::KeywordFactory
            .create(&config)
            .expect("built-in")
            .analyzer
    };
    let loaded = || {
        let path = build_cdylib_release("policyscan-keyword");
        let lib = policyscan_host::load_plugin(&path).expect("load plugin");
        lib.create(&config).expect("loaded").analyzer
    };
    // "both" alternates the two in one process, for sampling with `perf record`: the
    // loaded analyzer's code lives in its own library, so the report tells them apart.
    let analyzers: Vec<Box<dyn Analyzer>> = match variant.as_str() {
        "builtin" => vec![builtin()],
        "loaded" => vec![loaded()],
        "both" => vec![builtin(), loaded()],
        other => panic!("variant must be builtin, loaded or both, not {other}"),
    };
    let plan = plan_corpus(std::slice::from_ref(&corpus.root), Gazetteer::standard());
    let options = RunOptions {
        threads: 1,
        ..RunOptions::default()
    };
    let mut total = 0;
    for _ in 0..passes {
        for analyzer in &analyzers {
            let found = if whole_run {
                let (found, failures) = count_run(&plan, std::slice::from_ref(analyzer), &options);
                assert_eq!(failures, 0);
                found
            } else {
                count_findings(analyzer.as_ref(), &docs)
            };
            assert_eq!(found, corpus.expected_keyword_findings);
            total += found;
        }
    }
    println!("{variant}: {total} findings in {passes} passes");
}
