//! Concept dictionaries: the TOML format, parsing with positioned errors, validation and
//! merging of user files over the built-in dictionary.
//!
//! ```toml
//! # optional, default true: keep the built-in concepts and add/replace by id
//! # default_concepts = true
//! [[concept]]
//! id = "blockchain"            # [a-z0-9_-]+, unique within the file
//! label = "区块链 / blockchain"  # optional, defaults to the id
//! terms = ["区块链", "blockchain", "block chain", "distributed ledger"]
//! blockers = []                 # optional: terms that claim a span without counting
//! ```

use policyscan_api::config_file::FileError;
use policyscan_api::text_position::line_column;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Deserialize;
use toml::Spanned;

/// The built-in dictionary source, embedded in the binary.
pub const BUILTIN_SOURCE: &str = include_str!("default_dictionary.toml");

/// The origin name used in errors about the built-in dictionary.
pub const BUILTIN_ORIGIN: &str = "<built-in dictionary>";

/// One concept: a set of terms that all count for it, plus blockers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Concept {
    /// `[a-z0-9_-]+`; the rule id is `keyword/<id>`.
    pub id: String,
    /// Human label (defaults to the id).
    pub label: String,
    /// Terms as written in the dictionary, duplicates removed, in dictionary order.
    pub terms: Vec<String>,
    /// Terms that claim a span without counting (e.g. 海南藏族自治州 for a 海南 concept).
    pub blockers: Vec<String>,
}

/// One parsed dictionary file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictionaryFile {
    /// Where it came from (a path, or [`BUILTIN_ORIGIN`]).
    pub origin: String,
    /// `default_concepts` (default `true`): keep the built-in concepts under this file.
    pub default_concepts: bool,
    /// Concepts in file order.
    pub concepts: Vec<Concept>,
}

/// An error in a dictionary file, with its 1-based position.
///
/// Displays as `<origin>:<line>:<column>: <problem>`; the column counts characters.
pub type DictError = policyscan_api::config_file::FileError;

/// An ordered set of concepts with unique ids. Order is the order rules are listed in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dictionary {
    concepts: Vec<Concept>,
}

impl Dictionary {
    /// A dictionary without concepts.
    pub fn new() -> Dictionary {
        Dictionary::default()
    }

    /// The built-in dictionary (`default_dictionary.toml`), concepts in file order.
    ///
    /// # Panics
    /// Never in a released build: the embedded file is checked by the crate's tests.
    pub fn builtin() -> Dictionary {
        static BUILTIN: OnceLock<Dictionary> = OnceLock::new();
        BUILTIN
            .get_or_init(|| match Dictionary::parse(BUILTIN_SOURCE, BUILTIN_ORIGIN) {
                Ok(file) => Dictionary {
                    concepts: file.concepts,
                },
                Err(e) => panic!("the built-in keyword dictionary is invalid: {e}"),
            })
            .clone()
    }

    /// Parse and validate one dictionary file. `origin` names it in errors.
    pub fn parse(src: &str, origin: &str) -> Result<DictionaryFile, DictError> {
        let at =
            |span: Range<usize>, problem: String| DictError::at(origin, src, span.start, problem);
        let raw: RawFile = toml::from_str(src)
            .map_err(|e| FileError::from_parser(origin, src, e.span(), e.message()))?;

        let mut concepts = Vec::with_capacity(raw.concept.len());
        let mut first_seen: HashMap<String, Range<usize>> = HashMap::new();
        for spanned in raw.concept {
            let table_span = spanned.span();
            let rc = spanned.into_inner();
            let Some(id) = rc.id else {
                return Err(at(table_span, "concept has no `id`".to_string()));
            };
            let id_span = id.span();
            let id = id.into_inner();
            if let Some(problem) = check_id(&id) {
                return Err(at(id_span, problem));
            }
            if let Some(prev) = first_seen.get(&id) {
                let (line, _) = line_column(src, prev.start);
                return Err(at(
                    id_span,
                    format!("duplicate concept id `{id}` (first defined on line {line})"),
                ));
            }
            first_seen.insert(id.clone(), id_span);

            let Some(terms) = rc.terms else {
                return Err(at(table_span, format!("concept `{id}` has no `terms`")));
            };
            let terms_span = terms.span();
            let terms = terms.into_inner();
            if terms.is_empty() {
                return Err(at(
                    terms_span,
                    format!("concept `{id}` has an empty `terms` list"),
                ));
            }
            let terms = check_terms(terms, &id, "term").map_err(|(s, p)| at(s, p))?;
            let blockers = check_terms(rc.blockers, &id, "blocker").map_err(|(s, p)| at(s, p))?;
            let terms: Vec<String> = terms.into_iter().map(Spanned::into_inner).collect();
            if let Some(b) = blockers.iter().find(|b| terms.contains(b.get_ref())) {
                return Err(at(
                    b.span(),
                    format!(
                        "`{}` is both a term and a blocker of concept `{id}`",
                        b.get_ref()
                    ),
                ));
            }
            let label = match rc.label.map(Spanned::into_inner) {
                Some(label) if !label.trim().is_empty() => label,
                _ => id.clone(),
            };
            concepts.push(Concept {
                id,
                label,
                terms,
                blockers: blockers.into_iter().map(Spanned::into_inner).collect(),
            });
        }
        Ok(DictionaryFile {
            origin: origin.to_string(),
            default_concepts: raw.default_concepts.unwrap_or(true),
            concepts,
        })
    }

    /// The effective dictionary of a run: the built-in concepts (when `use_default` is true
    /// and no file sets `default_concepts = false`), then each file merged in order.
    pub fn compose(use_default: bool, files: &[DictionaryFile]) -> Dictionary {
        let keep_builtin = use_default && files.iter().all(|f| f.default_concepts);
        let mut dict = if keep_builtin {
            Dictionary::builtin()
        } else {
            Dictionary::new()
        };
        for file in files {
            dict.merge(file);
        }
        dict
    }

    /// Add the file's concepts; a concept with an id already present replaces it in place.
    /// (`default_concepts` is not looked at here; see [`Dictionary::compose`].)
    pub fn merge(&mut self, file: &DictionaryFile) {
        for concept in &file.concepts {
            self.insert(concept.clone());
        }
    }

    /// Add a concept, or replace the one with the same id (keeping its position).
    pub fn insert(&mut self, concept: Concept) {
        match self.concepts.iter_mut().find(|c| c.id == concept.id) {
            Some(slot) => *slot = concept,
            None => self.concepts.push(concept),
        }
    }

    /// An ad-hoc dictionary of one concept with id `term` (used by `kwic TERM`): its label is
    /// the terms joined by ` | `. Errors on an empty list or an empty term.
    pub fn ad_hoc(terms: &[String]) -> Result<Dictionary, String> {
        if terms.is_empty() {
            return Err("no terms given".to_string());
        }
        let mut kept: Vec<String> = Vec::with_capacity(terms.len());
        for t in terms {
            if t.trim().is_empty() {
                return Err("empty term".to_string());
            }
            if !kept.contains(t) {
                kept.push(t.clone());
            }
        }
        Ok(Dictionary {
            concepts: vec![Concept {
                id: "term".to_string(),
                label: kept.join(" | "),
                terms: kept,
                blockers: Vec::new(),
            }],
        })
    }

    /// Keep only the concepts whose ids are listed (dictionary order is kept). An unknown
    /// id is an error naming it and listing the valid ids; nothing is changed then.
    pub fn retain_ids(&mut self, ids: &[String]) -> Result<(), String> {
        let unknown: Vec<&str> = ids
            .iter()
            .filter(|id| self.get(id).is_none())
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            let valid: Vec<&str> = self.concepts.iter().map(|c| c.id.as_str()).collect();
            return Err(format!(
                "unknown concept id{} {}; valid ids: {}",
                if unknown.len() > 1 { "s" } else { "" },
                unknown
                    .iter()
                    .map(|u| format!("`{u}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                valid.join(", ")
            ));
        }
        self.concepts.retain(|c| ids.contains(&c.id));
        Ok(())
    }

    /// The concepts in order.
    pub fn concepts(&self) -> &[Concept] {
        &self.concepts
    }

    /// The concept with this id.
    pub fn get(&self, id: &str) -> Option<&Concept> {
        self.concepts.iter().find(|c| c.id == id)
    }

    pub fn len(&self) -> usize {
        self.concepts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty()
    }
}

impl FromIterator<Concept> for Dictionary {
    /// Collect concepts; a later concept replaces an earlier one with the same id.
    fn from_iter<I: IntoIterator<Item = Concept>>(iter: I) -> Self {
        let mut dict = Dictionary::new();
        for c in iter {
            dict.insert(c);
        }
        dict
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    default_concepts: Option<bool>,
    #[serde(default)]
    concept: Vec<Spanned<RawConcept>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConcept {
    id: Option<Spanned<String>>,
    label: Option<Spanned<String>>,
    terms: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    blockers: Vec<Spanned<String>>,
}

fn check_id(id: &str) -> Option<String> {
    if id.is_empty() {
        return Some("empty concept id".to_string());
    }
    let ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-';
    if id.chars().all(ok) {
        None
    } else {
        Some(format!(
            "concept id `{id}` may only contain a-z, 0-9, '_' and '-'"
        ))
    }
}

/// Reject empty and whitespace-padded entries; drop exact duplicates (keeping the first).
fn check_terms(
    terms: Vec<Spanned<String>>,
    id: &str,
    kind: &str,
) -> Result<Vec<Spanned<String>>, (Range<usize>, String)> {
    let mut kept: Vec<Spanned<String>> = Vec::with_capacity(terms.len());
    for t in terms {
        let s = t.get_ref();
        if s.trim().is_empty() {
            return Err((t.span(), format!("empty {kind} in concept `{id}`")));
        }
        if s.trim() != s {
            return Err((
                t.span(),
                format!("{kind} `{s}` in concept `{id}` has leading or trailing whitespace"),
            ));
        }
        if !kept.iter().any(|k| k.get_ref() == s) {
            kept.push(t);
        }
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> DictError {
        match Dictionary::parse(src, "my.toml") {
            Ok(f) => panic!("expected an error, parsed {f:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn builtin_parses_and_is_big_enough() {
        let file = Dictionary::parse(BUILTIN_SOURCE, BUILTIN_ORIGIN).expect("builtin parses");
        assert!(
            file.concepts.len() >= 24,
            "{} concepts",
            file.concepts.len()
        );
        let dict = Dictionary::builtin();
        assert_eq!(dict.concepts(), &file.concepts[..]);
        for id in [
            "blockchain",
            "artificial_intelligence",
            "5g",
            "innovation_driven",
        ] {
            assert!(dict.get(id).is_some(), "{id}");
        }
        // every concept has a Chinese and a Latin term
        for c in dict.concepts() {
            assert!(c.terms.iter().any(|t| !t.is_ascii()), "{}", c.id);
            assert!(c.terms.iter().any(|t| t.is_ascii()), "{}", c.id);
        }
        assert!(dict.concepts().iter().any(|c| !c.blockers.is_empty()));
    }

    #[test]
    fn parses_a_file() {
        let src = r#"
default_concepts = false
[[concept]]
id = "hainan"
terms = ["海南", "Hainan", "海南"]
blockers = ["海南藏族自治州"]
"#;
        let f = Dictionary::parse(src, "x.toml").expect("parses");
        assert!(!f.default_concepts);
        assert_eq!(f.origin, "x.toml");
        assert_eq!(f.concepts.len(), 1);
        let c = &f.concepts[0];
        assert_eq!(c.label, "hainan");
        assert_eq!(c.terms, vec!["海南".to_string(), "Hainan".to_string()]);
        assert_eq!(c.blockers, vec!["海南藏族自治州".to_string()]);
    }

    #[test]
    fn syntax_error_has_position() {
        let e = err("[[concept]]\nid = \"a\"\nterms = [\"x\"\nlabel = 3\n");
        assert_eq!(e.origin, "my.toml");
        assert!(e.line >= 3, "{e}");
        assert!(e
            .to_string()
            .starts_with(&format!("my.toml:{}:{}: ", e.line, e.column)));
    }

    #[test]
    fn unknown_key_is_reported_at_the_key() {
        let e = err("[[concept]]\nid = \"a\"\nterms = [\"x\"]\nterm = [\"y\"]\n");
        assert_eq!(e.line, 4, "{e}");
        assert!(e.problem.contains("unknown field"), "{e}");
        let e = err("defaults = true\n");
        assert_eq!((e.line, e.column), (1, 1), "{e}");
    }

    #[test]
    fn missing_id_and_terms() {
        let e = err("[[concept]]\nid = \"a\"\nterms = [\"x\"]\n\n[[concept]]\nterms = [\"y\"]\n");
        assert_eq!(e.line, 5, "{e}");
        assert!(e.problem.contains("no `id`"), "{e}");
        let e = err("[[concept]]\nid = \"a\"\nlabel = \"A\"\n");
        assert_eq!(e.line, 1, "{e}");
        assert!(e.problem.contains("no `terms`"), "{e}");
        let e = err("[[concept]]\nid = \"a\"\nterms = []\n");
        assert_eq!(e.line, 3, "{e}");
        assert!(e.problem.contains("empty `terms`"), "{e}");
    }

    #[test]
    fn bad_id() {
        let e = err("[[concept]]\nid = \"Block Chain\"\nterms = [\"x\"]\n");
        assert_eq!((e.line, e.column), (2, 6), "{e}");
        assert!(e.problem.contains("a-z, 0-9"), "{e}");
        let e = err("[[concept]]\nid = \"\"\nterms = [\"x\"]\n");
        assert!(e.problem.contains("empty concept id"), "{e}");
    }

    #[test]
    fn empty_term_and_blocker() {
        let e = err("[[concept]]\nid = \"a\"\nterms = [\"x\", \"\"]\n");
        assert_eq!((e.line, e.column), (3, 15), "{e}");
        assert!(e.problem.contains("empty term"), "{e}");
        let e = err("[[concept]]\nid = \"a\"\nterms = [\"x\"]\nblockers = [\"  \"]\n");
        assert_eq!(e.line, 4, "{e}");
        assert!(e.problem.contains("empty blocker"), "{e}");
        let e = err("[[concept]]\nid = \"a\"\nterms = [\" AI\"]\n");
        assert!(e.problem.contains("whitespace"), "{e}");
    }

    #[test]
    fn duplicate_id() {
        let e = err(
            "[[concept]]\nid = \"a\"\nterms = [\"x\"]\n[[concept]]\nid = \"a\"\nterms = [\"y\"]\n",
        );
        assert_eq!((e.line, e.column), (5, 6), "{e}");
        assert!(e.problem.contains("duplicate concept id `a`"), "{e}");
        assert!(e.problem.contains("line 2"), "{e}");
    }

    #[test]
    fn term_that_is_also_a_blocker() {
        let e = err("[[concept]]\nid = \"a\"\nterms = [\"x\", \"海南\"]\nblockers = [\"海南\"]\n");
        assert_eq!((e.line, e.column), (4, 13), "{e}");
        assert!(e.problem.contains("both a term and a blocker"), "{e}");
        assert_eq!(e.to_string(), format!("my.toml:4:13: {}", e.problem));
    }

    #[test]
    fn wrong_type_has_position() {
        let e = err("[[concept]]\nid = 5\nterms = [\"x\"]\n");
        assert_eq!(e.line, 2, "{e}");
    }

    #[test]
    fn merging_adds_and_replaces_in_place() {
        let src = r#"
[[concept]]
id = "blockchain"
label = "Blockchain only"
terms = ["区块链"]
[[concept]]
id = "hainan"
terms = ["海南"]
"#;
        let file = Dictionary::parse(src, "user.toml").expect("parses");
        let builtin = Dictionary::builtin();
        let dict = Dictionary::compose(true, std::slice::from_ref(&file));
        assert_eq!(dict.len(), builtin.len() + 1);
        assert_eq!(dict.concepts()[0].id, "blockchain");
        assert_eq!(dict.concepts()[0].label, "Blockchain only");
        assert_eq!(dict.concepts()[0].terms, vec!["区块链".to_string()]);
        assert_eq!(
            dict.concepts().last().map(|c| c.id.as_str()),
            Some("hainan")
        );

        let only = Dictionary::compose(false, std::slice::from_ref(&file));
        assert_eq!(only.len(), 2);

        let mut no_defaults = file.clone();
        no_defaults.default_concepts = false;
        let dict = Dictionary::compose(true, &[no_defaults]);
        assert_eq!(dict.len(), 2);

        // a later file replaces an earlier one's concept
        let second = Dictionary::parse(
            "[[concept]]\nid = \"hainan\"\nterms = [\"Hainan\"]\n",
            "b.toml",
        )
        .expect("parses");
        let dict = Dictionary::compose(false, &[file, second]);
        assert_eq!(
            dict.get("hainan").map(|c| c.terms.clone()),
            Some(vec!["Hainan".to_string()])
        );
    }

    #[test]
    fn retain_ids_and_unknown_ids() {
        let mut dict = Dictionary::builtin();
        let e = dict
            .retain_ids(&["blockchain".to_string(), "blokchain".to_string()])
            .expect_err("unknown id");
        assert!(e.contains("`blokchain`"), "{e}");
        assert!(e.contains("blockchain, artificial_intelligence"), "{e}");
        assert_eq!(dict.len(), Dictionary::builtin().len());
        dict.retain_ids(&["5g".to_string(), "blockchain".to_string()])
            .expect("known ids");
        let ids: Vec<&str> = dict.concepts().iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["blockchain", "5g"]);
    }

    #[test]
    fn ad_hoc_dictionary() {
        let d =
            Dictionary::ad_hoc(&["区块链".to_string(), "blockchain".to_string()]).expect("valid");
        assert_eq!(d.len(), 1);
        assert_eq!(d.concepts()[0].id, "term");
        assert_eq!(d.concepts()[0].label, "区块链 | blockchain");
        assert!(Dictionary::ad_hoc(&[]).is_err());
        assert!(Dictionary::ad_hoc(&[" ".to_string()]).is_err());
    }

    #[test]
    fn line_column_counts_characters() {
        let src = "ab\n区块链x";
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 3), (2, 1));
        assert_eq!(line_column(src, 3 + 9), (2, 4));
        assert_eq!(line_column(src, 100), (2, 5));
    }
}
