//! On the real national reports, stray line breaks and zero-width spaces inside words do not
//! hide any mention: for each term, the analyzer's count equals an independent count that
//! allows any run of whitespace and zero-width characters between the term's characters.

use std::path::Path;

use policyscan_api::{AnalyzerFactory, Document, Finding};
use policyscan_corpus::{load_file, plan_corpus, Gazetteer};

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
    )
}

fn is_gap(c: char) -> bool {
    c.is_whitespace() || is_invisible(c)
}

/// A gap may sit inside a word unless it is a paragraph break: two or more line breaks and
/// no invisible character (the normalizer's documented rule).
fn gap_allowed(gap: &[char]) -> bool {
    let breaks = gap.iter().filter(|&&c| c == '\n').count();
    breaks < 2 || gap.iter().any(|&c| is_invisible(c))
}

/// Non-overlapping occurrences of `term` in `text`, allowing gaps between its characters.
fn count_with_gaps(text: &str, term: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let want: Vec<char> = term.chars().collect();
    let (mut i, mut count) = (0, 0);
    while i < chars.len() {
        let mut j = i;
        let mut k = 0;
        while k < want.len() && j < chars.len() {
            if chars[j] == want[k] {
                k += 1;
                j += 1;
            } else if k > 0 && is_gap(chars[j]) {
                let gap_start = j;
                while j < chars.len() && is_gap(chars[j]) {
                    j += 1;
                }
                if !gap_allowed(&chars[gap_start..j]) {
                    break;
                }
            } else {
                break;
            }
        }
        if k == want.len() {
            count += 1;
            i = j;
        } else {
            i += 1;
        }
    }
    count
}

#[test]
fn line_breaks_and_zero_width_spaces_hide_no_mention() {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real");
    if !real.join("MANIFEST.tsv").is_file() {
        println!(
            "NOTICE: {} not found; real-corpus check skipped",
            real.display()
        );
        return;
    }
    let gaz = Gazetteer::standard();
    let plan = plan_corpus(&[real], gaz);
    assert!(plan.failures.is_empty(), "{:?}", plan.failures);
    let terms = [
        "经济",
        "改革",
        "发展",
        "社会主义",
        "人民",
        "建设",
        "国家",
        "政府工作报告",
    ];
    let mut hidden_in_raw = 0;
    for term in terms {
        let built = policyscan_keyword::KeywordFactory
            .create(&serde_json::json!({ "terms": [term] }))
            .expect("keyword analyzer");
        for file in plan
            .files
            .iter()
            .filter(|f| f.rel.ends_with("national.txt"))
        {
            let (doc, _) = load_file(file, gaz).expect("load");
            let view = Document {
                id: &doc.meta.id,
                text: &doc.normalized.text,
                region: None,
                year: None,
            };
            let mut found: Vec<Finding> = Vec::new();
            built.analyzer.analyze(&view, &mut found).expect("analyze");
            // The analyzer also matches traditional-script forms (the 1950s reports use them).
            let mut forms = policyscan_keyword::S2t::embedded().variants(term);
            forms.push(term.to_string());
            forms.sort();
            forms.dedup();
            let expected: usize = forms
                .iter()
                .map(|f| count_with_gaps(&doc.original, f))
                .sum();
            assert_eq!(found.len(), expected, "{term} in {}", doc.meta.id);
            let raw: usize = forms
                .iter()
                .map(|f| doc.original.matches(f.as_str()).count())
                .sum();
            hidden_in_raw += expected - raw;
        }
    }
    assert!(
        hidden_in_raw > 0,
        "the real reports should contain broken terms"
    );
    println!("{hidden_in_raw} mentions recovered across line breaks / zero-width spaces");
}
