//! Column names for rules in documents.csv and coverage.csv: a keyword concept by its id
//! alone (`blockchain`; concept ids are unique), every other rule by its full id with `/`
//! as `.` (`phrase.plus`, `citation.title`), so spreadsheets get short, stable headers and a
//! column `title` is never mistaken for a document's title.

use policyscan_api::RuleInfo;

/// The rule-id prefix of concepts, which are named by the concept id alone.
const CONCEPT_PREFIX: &str = "keyword/";

pub fn rule_columns(rules: &[RuleInfo]) -> Vec<String> {
    rules
        .iter()
        .map(|r| match r.id.strip_prefix(CONCEPT_PREFIX) {
            Some(concept) => concept.to_string(),
            None => r.id.replace('/', "."),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: &str) -> RuleInfo {
        RuleInfo {
            id: id.to_string(),
            label: String::new(),
        }
    }

    #[test]
    fn concepts_short_other_rules_qualified() {
        let rules = [
            rule("keyword/blockchain"),
            rule("phrase/plus"),
            rule("citation/title"),
            rule("my-plugin/title"),
        ];
        assert_eq!(
            rule_columns(&rules),
            [
                "blockchain",
                "phrase.plus",
                "citation.title",
                "my-plugin.title"
            ]
        );
    }
}
