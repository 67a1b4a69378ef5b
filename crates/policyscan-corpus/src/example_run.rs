//! Running an analyzer's self-test [`Example`]s the way the host would: on the normalized
//! view of the example text. Shared by `policyscan plugins check` and the analyzers' own
//! tests, so both judge an example alike.

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
    analyzer.analyze(&doc, &mut found)?;
    Ok(found
        .iter()
        .map(|f| ExpectedFinding {
            rule: f.rule.to_string(),
            text: normalized
                .text
                .get(f.span.start..f.span.end)
                .unwrap_or("<bad span>")
                .into(),
        })
        .collect())
}
