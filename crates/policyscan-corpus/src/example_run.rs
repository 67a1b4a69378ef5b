//! Running an analyzer's self-test [`Example`]s the way the host would: on the normalized
//! view of the example text. Shared by `policyscan plugins check` and the built-in
//! analyzers' tests, so both judge an example alike.

use policyscan_api::span_check::first_bad_span;
use policyscan_api::{AnalyzeError, Analyzer, Document, Example, ExpectedFinding, Finding};

use crate::normalize::normalize;

/// What `analyzer` finds on `example`: (rule, normalized text) of each finding, in order.
pub fn run_example(
    analyzer: &dyn Analyzer,
    example: &Example,
) -> Result<Vec<ExpectedFinding>, AnalyzeError> {
    let normalized = normalize(&example.text);
    let doc = Document {
        id: "example",
        text: &normalized.text,
        region: None,
        year: None,
    };
    let mut found: Vec<Finding> = Vec::new();
    analyzer
        .analyze(&doc, &mut found)
        .map_err(|e| AnalyzeError {
            message: format!("the analyzer returned an error: {}", e.message),
            ..e
        })?;
    if let Some(bad) = first_bad_span(analyzer.id(), &normalized.text, &found) {
        return Err(AnalyzeError::new(bad));
    }
    Ok(found
        .iter()
        .map(|f| ExpectedFinding {
            rule: f.rule.to_string(),
            // Checked above: a span of the text on character boundaries.
            text: normalized.text[f.span.start..f.span.end].into(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use policyscan_api::{Attrs, FindingSink, RuleInfo, Span};

    use super::*;

    /// Reports 区块链 starting one byte late, inside 区.
    struct OffByOne;

    impl Analyzer for OffByOne {
        fn id(&self) -> &str {
            "off"
        }
        fn rules(&self) -> Vec<RuleInfo> {
            Vec::new()
        }
        fn config_hash(&self) -> String {
            String::new()
        }
        fn analyze(
            &self,
            doc: &Document<'_>,
            sink: &mut dyn FindingSink,
        ) -> Result<(), AnalyzeError> {
            if let Some(start) = doc.text.find("区块链") {
                sink.push_shared(
                    &Arc::from("off/word"),
                    Span::new(start + 1, start + 9),
                    &Arc::new(Attrs::new()),
                );
            }
            Ok(())
        }
    }

    #[test]
    fn a_span_inside_a_character_fails_the_example_with_the_reason() {
        let example = Example::new("推进区块链。", &[("off/word", "区块链")]);
        let error = run_example(&OffByOne, &example).expect_err("a bad span");
        assert!(
            error
                .message
                .contains("analyzer 'off' reported a span 7..15")
                && error.message.contains("character boundaries"),
            "{}",
            error.message
        );
    }
}
