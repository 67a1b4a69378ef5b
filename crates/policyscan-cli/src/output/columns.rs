//! Column names for rules: the concept id alone (`blockchain`) when it is unambiguous, the
//! full rule id with `/` as `.` otherwise, so spreadsheets get short, stable headers.

use policyscan_api::RuleInfo;

pub fn rule_columns(rules: &[RuleInfo]) -> Vec<String> {
    let short = |r: &RuleInfo| {
        r.id.split_once('/')
            .map_or(r.id.clone(), |(_, s)| s.to_string())
    };
    rules
        .iter()
        .map(|r| {
            let s = short(r);
            if rules.iter().filter(|o| short(o) == s).count() > 1 {
                r.id.replace('/', ".")
            } else {
                s
            }
        })
        .collect()
}
