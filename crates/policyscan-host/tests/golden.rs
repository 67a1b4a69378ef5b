//! Golden fixtures of every built-in analyzer: each `fixtures/<analyzer>/cases/NAME.txt` must
//! give exactly `NAME.expected.json` (regenerate with `cargo xtask fixtures` and review the
//! diff). Every built-in analyzer must have hand-written cases.

use std::path::Path;

use policyscan_host::builtin_factories;
use policyscan_host::golden::render_golden;

#[test]
fn every_builtin_analyzer_matches_its_golden_files() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    for factory in builtin_factories() {
        let id = factory.info().id;
        let dir = fixtures.join(id).join("cases");
        let analyzer = factory
            .create(&serde_json::json!({}))
            .expect("default config")
            .analyzer;
        let mut cases: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| {
                panic!(
                    "{} missing: every built-in needs golden cases",
                    dir.display()
                )
            })
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        cases.sort();
        assert!(
            cases.len() >= 6,
            "expected hand-written cases in {}",
            dir.display()
        );
        let mut total_findings = 0;
        for case in cases {
            let text = std::fs::read_to_string(&case).expect("case text");
            let expected_path = case.with_extension("expected.json");
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
                panic!(
                    "{} missing: run `cargo xtask fixtures`",
                    expected_path.display()
                )
            });
            let actual = render_golden(analyzer.as_ref(), &text);
            assert_eq!(
                actual,
                expected,
                "{} differs from its golden file; if the change is intended, run `cargo xtask fixtures` and review the diff",
                case.display()
            );
            let v: serde_json::Value = serde_json::from_str(&actual).expect("json");
            total_findings += v["findings"].as_array().map_or(0, Vec::len);
        }
        assert!(
            total_findings > 20,
            "the {id} cases should exercise many hits"
        );
    }
}
