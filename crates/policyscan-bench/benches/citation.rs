//! The citation analyzer next to the keyword analyzer. Target: it runs at no less than
//! half the keyword analyzer's throughput.

use criterion::{criterion_group, criterion_main, Criterion};

#[path = "shared/vs_keyword.rs"]
mod vs_keyword;

fn citation(c: &mut Criterion) {
    vs_keyword::run(
        c,
        vs_keyword::Contender {
            factory: Box::new(policyscan_citation::CitationFactory),
            counted_rule: None,
            expected: |corpus| corpus.expected_citation_findings,
            target: 0.5,
        },
    );
}

criterion_group!(benches, citation);
criterion_main!(benches);
