//! The phrase-pattern analyzer next to the keyword analyzer. Target: it runs at no less
//! than half the keyword analyzer's throughput.

use criterion::{criterion_group, criterion_main, Criterion};

#[path = "shared/vs_keyword.rs"]
mod vs_keyword;

fn phrase(c: &mut Criterion) {
    vs_keyword::run(
        c,
        vs_keyword::Contender {
            factory: Box::new(policyscan_phrase::PhraseFactory),
            counted_rule: Some("phrase/plus"),
            expected: |corpus| corpus.expected_phrase_findings,
            target: 0.5,
        },
    );
}

criterion_group!(benches, phrase);
criterion_main!(benches);
