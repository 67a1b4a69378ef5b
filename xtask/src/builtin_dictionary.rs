//! Reads the built-in keyword dictionary through policyscan-keyword's public API, including
//! the traditional-script forms the analyzer adds, as [`TermEntry`]s.

use anyhow::{bail, Result};

use crate::dictionary_terms::TermEntry;

/// Every term and blocker of the built-in dictionary, traditional forms included.
pub fn entries() -> Result<Vec<TermEntry>> {
    let dictionary = policyscan_keyword::Dictionary::builtin();
    let mut out = Vec::new();
    for concept in dictionary.concepts() {
        for term in &concept.terms {
            for form in script_forms(term) {
                out.push(TermEntry {
                    text: form,
                    concept: Some(concept.id.clone()),
                });
            }
        }
        for blocker in &concept.blockers {
            for form in script_forms(blocker) {
                out.push(TermEntry {
                    text: form,
                    concept: None,
                });
            }
        }
    }
    out.sort_by_key(|e| e.text.to_lowercase());
    // One pattern in two concepts would give two findings per plant; the generators count one.
    for pair in out.windows(2) {
        if pair[0].text.to_lowercase() == pair[1].text.to_lowercase()
            && pair[0].concept != pair[1].concept
        {
            bail!(
                "dictionary pattern {:?} belongs to {:?} and {:?}; the generators assume one concept per pattern",
                pair[0].text,
                pair[0].concept,
                pair[1].concept
            );
        }
    }
    out.dedup_by(|a, b| a.text.to_lowercase() == b.text.to_lowercase());
    Ok(out)
}

/// The term as written plus the traditional-script forms the analyzer matches.
fn script_forms(term: &str) -> Vec<String> {
    let mut forms = vec![term.to_string()];
    forms.extend(policyscan_keyword::S2t::embedded().variants(term));
    forms
}
