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
//! (Collected with 25 passes − Collected with 5) / 20: set-up cancels out.

use policyscan_api::{Analyzer, AnalyzerFactory};
use policyscan_bench::cdylib::build_cdylib_release;
use policyscan_bench::{bench_corpus, count_findings, load_documents};

fn main() {
    let variant = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "builtin".to_string());
    let passes: u64 = std::env::args()
        .nth(2)
        .and_then(|p| p.parse().ok())
        .unwrap_or(5);
    let corpus = bench_corpus();
    let docs = load_documents(&corpus.root);
    let config = serde_json::json!({});
    let analyzer: Box<dyn Analyzer> = match variant.as_str() {
        "builtin" => {
            policyscan_keyword::KeywordFactory
                .create(&config)
                .expect("built-in")
                .analyzer
        }
        "loaded" => {
            let path = build_cdylib_release("policyscan-keyword");
            let lib = policyscan_host::load_plugin(&path).expect("load plugin");
            lib.create(&config).expect("loaded").analyzer
        }
        other => panic!("variant must be builtin or loaded, not {other}"),
    };
    let mut total = 0;
    for _ in 0..passes {
        let found = count_findings(analyzer.as_ref(), &docs);
        assert_eq!(found, corpus.expected_keyword_findings);
        total += found;
    }
    println!("{variant}: {total} findings in {passes} passes");
}
