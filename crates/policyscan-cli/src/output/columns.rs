//! Column names for rules in documents.csv and coverage.csv: a keyword concept by its id
//! alone (`blockchain`) when that is unambiguous, every other rule by its full id with `/`
//! as `.` (`phrase.plus`, `citation.title`), so spreadsheets get short, stable headers and a
//! column `title` is never mistaken for a document's title.

use policyscan_api::RuleInfo;

/// The analyzer whose rules are concepts, named by the concept id alone.
const CONCEPT_ANALYZER: &str = "keyword";

pub fn rule_columns(rules: &[RuleInfo]) -> Vec<String> {
    let short = |r: &RuleInfo| {
        r.id.split_once('/')
            .filter(|(analyzer, _)| *analyzer == CONCEPT_ANALYZER)
            .map(|(_, s)| s.to_string())
    };
    rules
        .iter()
        .map(|r| match short(r) {
            Some(s)
                if rules
                    .iter()
                    .filter(|o| short(o).as_ref() == Some(&s))
                    .count()
                    == 1 =>
            {
                s
            }
            _ => r.id.replace('/', "."),
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
