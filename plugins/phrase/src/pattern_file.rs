//! Pattern files: the TOML format of named phrase patterns, parsing with positioned errors,
//! validation, and composition of user files over the built-in patterns.
//!
//! See the crate documentation for the format.

use policyscan_api::config_file::FileError;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use policyscan_api::text_rules::fold_char;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// The built-in pattern source, embedded in the binary.
pub const BUILTIN_SOURCE: &str = include_str!("default_patterns.toml");

/// The origin name used in errors about the built-in patterns.
pub const BUILTIN_ORIGIN: &str = "<built-in patterns>";

/// Which characters a slot may capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    /// A run of Han ideographs.
    Han,
    /// ASCII words (letters and digits, at least one letter), e.g. `AI`, `5G`, `blockchain`.
    Latin,
    /// `han` or `latin`, whichever the character next to the literal is.
    Term,
    /// Same as `term`.
    Any,
    /// One ASCII number, e.g. `1`.
    Digits,
    /// One ASCII number or one upper-case ASCII letter, e.g. `4`, `N`, `X`.
    Numeral,
}

/// Whether a pattern may be wrapped in quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteMode {
    Optional,
    /// Only quoted occurrences match (“3+2” as a named system, not 3+2 the sum).
    Required,
    None,
}

/// Whether spaces may surround the literals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpaceMode {
    Optional,
    None,
}

/// The limits of one slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlotSpec {
    pub script: Script,
    /// Minimum length in characters.
    pub min: usize,
    /// Maximum length in characters of a Han, digits or numeral capture.
    pub max: usize,
    /// Maximum length in characters of a Latin capture (default 32).
    pub latin_max: usize,
    /// Maximum number of space-separated words of a Latin capture.
    pub words: usize,
    /// The last slot only: the phrase may end without it (`{x}+` alone).
    pub optional: bool,
    /// A slot before a literal never extends left over these words; a slot after a literal
    /// ends where one of them starts.
    pub stop_words: Vec<String>,
    /// A capture starting with one of these rejects the match (`第一+第二`).
    pub reject_prefixes: Vec<String>,
    /// A capture equal to one of these (ASCII case-insensitive) rejects the match.
    pub reject_values: Vec<String>,
}

impl Default for SlotSpec {
    fn default() -> Self {
        SlotSpec {
            script: Script::Term,
            min: 1,
            max: 8,
            latin_max: 32,
            words: 1,
            optional: false,
            stop_words: Vec::new(),
            reject_prefixes: Vec::new(),
            reject_values: Vec::new(),
        }
    }
}

/// One element of a pattern string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Part {
    /// Literal text (full-width forms folded, as in the normalized view).
    Literal(String),
    /// A named slot.
    Slot(String),
}

/// One validated pattern: an alternative of the rule `phrase/<name>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatternSpec {
    pub name: String,
    pub label: String,
    /// The pattern string as written.
    pub pattern: String,
    pub parts: Vec<Part>,
    pub quotes: QuoteMode,
    pub spaces: SpaceMode,
    /// Repeat the last literal and slot: `{x}+{y}` also matches `x+y+y2+y3`.
    pub chain: bool,
    /// The last captured value must be one of these (`1+N`, `1+4+N`).
    pub last_in: Vec<String>,
    /// The `form` attribute of every finding, instead of the computed one.
    pub form: Option<String>,
    /// Slot name → limits, for every slot of `parts`.
    pub slots: BTreeMap<String, SlotSpec>,
}

/// One parsed pattern file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternFile {
    pub origin: String,
    pub patterns: Vec<PatternSpec>,
}

/// An error in a pattern file, with its 1-based position; displays as
/// `<origin>:<line>:<column>: <problem>` (the column counts characters).
pub type PatternError = policyscan_api::config_file::FileError;

/// The effective patterns of an analyzer, in rule order (rules in order of first appearance).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PatternSet {
    patterns: Vec<PatternSpec>,
}

impl PatternSet {
    /// The built-in patterns (`default_patterns.toml`).
    ///
    /// # Panics
    /// Never in a released build: the embedded file is checked by the crate's tests.
    pub fn builtin() -> PatternSet {
        static BUILTIN: OnceLock<PatternSet> = OnceLock::new();
        BUILTIN
            .get_or_init(|| match PatternSet::parse(BUILTIN_SOURCE, BUILTIN_ORIGIN) {
                Ok(file) => PatternSet {
                    patterns: file.patterns,
                },
                Err(e) => panic!("the built-in phrase patterns are invalid: {e}"),
            })
            .clone()
    }

    /// The built-in patterns (when `use_default`), then each file in order: a file's
    /// patterns named `n` replace every earlier pattern named `n`.
    pub fn compose(use_default: bool, files: &[PatternFile]) -> PatternSet {
        let mut set = if use_default {
            PatternSet::builtin()
        } else {
            PatternSet::default()
        };
        for file in files {
            set.merge(file);
        }
        set
    }

    /// Merge one file (see [`PatternSet::compose`]).
    pub fn merge(&mut self, file: &PatternFile) {
        let names: Vec<&str> = file.patterns.iter().map(|p| p.name.as_str()).collect();
        self.patterns.retain(|p| !names.contains(&p.name.as_str()));
        self.patterns.extend(file.patterns.iter().cloned());
    }

    /// Parse and validate one pattern file. `origin` names it in errors.
    pub fn parse(src: &str, origin: &str) -> Result<PatternFile, PatternError> {
        let at = |span: Range<usize>, problem: String| {
            PatternError::at(origin, src, span.start, problem)
        };
        let raw: RawFile = toml::from_str(src)
            .map_err(|e| FileError::from_parser(origin, src, e.span(), e.message()))?;
        let mut patterns = Vec::with_capacity(raw.pattern.len());
        for spanned in raw.pattern {
            let table_span = spanned.span();
            let rp = spanned.into_inner();
            let Some(name) = rp.name else {
                return Err(at(table_span, "pattern has no `name`".into()));
            };
            let name_span = name.span();
            let name = name.into_inner();
            if let Some(problem) = check_name(&name) {
                return Err(at(name_span, problem));
            }
            let Some(pattern) = rp.pattern else {
                return Err(at(table_span, format!("pattern `{name}` has no `pattern`")));
            };
            let pattern_span = pattern.span();
            let pattern = pattern.into_inner();
            let parts = parse_parts(&pattern)
                .map_err(|p| at(pattern_span.clone(), format!("pattern `{name}`: {p}")))?;
            let slot_names: Vec<&str> = parts
                .iter()
                .filter_map(|p| match p {
                    Part::Slot(s) => Some(s.as_str()),
                    Part::Literal(_) => None,
                })
                .collect();
            let mut slots = BTreeMap::new();
            for (slot_name, raw_slot) in rp.slots {
                let span = raw_slot.span();
                if !slot_names.contains(&slot_name.as_str()) {
                    return Err(at(
                        span,
                        format!("pattern `{name}` has no slot `{{{slot_name}}}`"),
                    ));
                }
                let spec = raw_slot
                    .into_inner()
                    .into_spec()
                    .map_err(|(s, p)| at(s, format!("slot `{slot_name}`: {p}")))?;
                slots.insert(slot_name, spec);
            }
            for (i, s) in slot_names.iter().enumerate() {
                let spec = slots.entry(s.to_string()).or_default();
                let last = i + 1 == slot_names.len() && matches!(parts.last(), Some(Part::Slot(_)));
                if spec.optional && !last {
                    return Err(at(
                        pattern_span.clone(),
                        format!("pattern `{name}`: only the last slot may be optional (`{s}`)"),
                    ));
                }
            }
            let chain = rp.chain.unwrap_or(false);
            if chain
                && !(parts.len() >= 2
                    && matches!(parts[parts.len() - 1], Part::Slot(_))
                    && matches!(parts[parts.len() - 2], Part::Literal(_)))
            {
                return Err(at(
                    pattern_span,
                    format!(
                        "pattern `{name}`: `chain` needs a pattern ending in a literal and a slot"
                    ),
                ));
            }
            let label = match rp.label {
                Some(l) if !l.trim().is_empty() => l,
                _ => pattern.clone(),
            };
            patterns.push(PatternSpec {
                name,
                label,
                pattern,
                parts,
                quotes: rp.quotes.unwrap_or(QuoteMode::None),
                spaces: rp.spaces.unwrap_or(SpaceMode::None),
                chain,
                last_in: rp.last_in.unwrap_or_default(),
                form: rp.form,
                slots,
            });
        }
        Ok(PatternFile {
            origin: origin.to_string(),
            patterns,
        })
    }

    /// The patterns, in order.
    pub fn patterns(&self) -> &[PatternSpec] {
        &self.patterns
    }

    /// Rule names in order of first appearance.
    pub fn rule_names(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for p in &self.patterns {
            if !out.contains(&p.name.as_str()) {
                out.push(&p.name);
            }
        }
        out
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}

/// Split `{x}赋能{y}` into parts. Literals have full-width forms folded; `{{` / `}}` are not
/// supported (a literal cannot contain braces).
fn parse_parts(pattern: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '{' => {
                let mut slot = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => slot.push(c),
                        None => return Err(format!("unclosed `{{{slot}`")),
                    }
                }
                if let Some(problem) = check_slot_name(&slot) {
                    return Err(problem);
                }
                if !literal.is_empty() {
                    parts.push(Part::Literal(std::mem::take(&mut literal)));
                } else if matches!(parts.last(), Some(Part::Slot(_))) {
                    return Err(format!(
                        "two slots without a literal between them (`{{{slot}}}`)"
                    ));
                }
                if parts
                    .iter()
                    .any(|p| matches!(p, Part::Slot(s) if *s == slot))
                {
                    return Err(format!("slot `{{{slot}}}` used twice"));
                }
                parts.push(Part::Slot(slot));
            }
            '}' => return Err("`}` without `{`".into()),
            c => literal.push(fold_char(c).unwrap_or(c)),
        }
    }
    if !literal.is_empty() {
        parts.push(Part::Literal(literal));
    }
    if parts
        .iter()
        .all(|p| !matches!(p, Part::Literal(l) if !l.trim().is_empty()))
    {
        return Err("a pattern needs at least one literal besides spaces".into());
    }
    if parts
        .iter()
        .any(|p| matches!(p, Part::Literal(l) if l.trim().is_empty()))
    {
        return Err("a literal between slots cannot be only spaces".into());
    }
    Ok(parts)
}

fn check_name(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("empty pattern name".into());
    }
    let ok = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-';
    if name.chars().all(ok) {
        None
    } else {
        Some(format!(
            "pattern name `{name}` may only contain a-z, 0-9, '_' and '-'"
        ))
    }
}

fn check_slot_name(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let ok_first = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    if ok_first && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        None
    } else {
        Some(format!(
            "slot name `{{{name}}}` must be a-z followed by a-z, 0-9 or '_'"
        ))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    pattern: Vec<Spanned<RawPattern>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    name: Option<Spanned<String>>,
    label: Option<String>,
    pattern: Option<Spanned<String>>,
    quotes: Option<QuoteMode>,
    spaces: Option<SpaceMode>,
    chain: Option<bool>,
    last_in: Option<Vec<String>>,
    form: Option<String>,
    #[serde(default)]
    slots: BTreeMap<String, Spanned<RawSlot>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSlot {
    script: Option<Script>,
    min: Option<Spanned<i64>>,
    max: Option<Spanned<i64>>,
    latin_max: Option<Spanned<i64>>,
    words: Option<Spanned<i64>>,
    optional: Option<bool>,
    #[serde(default)]
    stop_words: Vec<Spanned<String>>,
    #[serde(default)]
    reject_prefixes: Vec<String>,
    #[serde(default)]
    reject_values: Vec<String>,
}

impl RawSlot {
    fn into_spec(self) -> Result<SlotSpec, (Range<usize>, String)> {
        let d = SlotSpec::default();
        let count = |v: Option<Spanned<i64>>, default: usize, what: &str| match v {
            None => Ok((default, None)),
            Some(v) => {
                let span = v.span();
                let n = *v.get_ref();
                if (1..=64).contains(&n) {
                    Ok((n as usize, Some(span)))
                } else {
                    Err((span, format!("`{what}` must be between 1 and 64, not {n}")))
                }
            }
        };
        let (min, _) = count(self.min, d.min, "min")?;
        let (max, max_span) = count(self.max, d.max, "max")?;
        let (latin_max, _) = count(self.latin_max, d.latin_max, "latin_max")?;
        let (words, _) = count(self.words, d.words, "words")?;
        if min > max {
            return Err((
                max_span.unwrap_or(0..0),
                format!("`min` ({min}) is larger than `max` ({max})"),
            ));
        }
        let mut stop_words = Vec::with_capacity(self.stop_words.len());
        for w in self.stop_words {
            if w.get_ref().trim().is_empty() {
                return Err((w.span(), "empty stop word".into()));
            }
            stop_words.push(w.into_inner());
        }
        Ok(SlotSpec {
            script: self.script.unwrap_or(d.script),
            min,
            max,
            latin_max,
            words,
            optional: self.optional.unwrap_or(false),
            stop_words,
            reject_prefixes: self.reject_prefixes,
            reject_values: self.reject_values,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> PatternError {
        match PatternSet::parse(src, "my.toml") {
            Ok(f) => panic!("expected an error, parsed {f:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn builtin_parses() {
        let set = PatternSet::builtin();
        assert_eq!(set.rule_names(), ["plus", "policy-system"]);
        assert_eq!(set.len(), 4);
    }

    #[test]
    fn user_pattern_parses() {
        let f = PatternSet::parse(
            "[[pattern]]\nname = \"empower\"\npattern = \"{x}赋能{y}\"\n\
             [pattern.slots.x]\nscript = \"han\"\nmin = 2\nmax = 6\n",
            "my.toml",
        )
        .expect("parses");
        let p = &f.patterns[0];
        assert_eq!(
            p.parts,
            [
                Part::Slot("x".into()),
                Part::Literal("赋能".into()),
                Part::Slot("y".into())
            ]
        );
        assert_eq!(p.slots["x"].script, Script::Han);
        assert_eq!(p.slots["x"].max, 6);
        assert_eq!(p.slots["y"], SlotSpec::default());
        assert_eq!(p.label, "{x}赋能{y}");
    }

    #[test]
    fn fullwidth_literal_is_folded() {
        let f = PatternSet::parse("[[pattern]]\nname = \"p\"\npattern = \"{x}＋\"\n", "f")
            .expect("parses");
        assert_eq!(f.patterns[0].parts[1], Part::Literal("+".into()));
    }

    #[test]
    fn toml_syntax_error_has_line_and_column() {
        let e = err("[[pattern]]\nname = \"a\"\npattern = \"{x}+\n");
        assert_eq!((e.origin.as_str(), e.line), ("my.toml", 3), "{e}");
        assert!(e.to_string().starts_with("my.toml:3:"), "{e}");
    }

    #[test]
    fn validation_errors_are_positioned() {
        let e = err("[[pattern]]\nname = \"a\"\npattern = \"{x+\"\n");
        assert_eq!((e.line, e.column), (3, 11), "{e}");
        assert!(e.problem.contains("unclosed"), "{e}");

        let e = err("[[pattern]]\nname = \"A b\"\npattern = \"{x}+\"\n");
        assert_eq!((e.line, e.column), (2, 8), "{e}");

        let e = err("[[pattern]]\nname = \"a\"\npattern = \"{x}{y}+\"\n");
        assert!(e.problem.contains("two slots"), "{e}");

        let e = err("[[pattern]]\nname = \"a\"\npattern = \"{x}\"\n");
        assert!(e.problem.contains("at least one literal"), "{e}");

        let e = err("[[pattern]]\nname = \"a\"\npattern = \"{x}+\"\n[pattern.slots.z]\nmin = 1\n");
        assert_eq!(e.line, 4, "{e}");
        assert!(e.problem.contains("no slot `{z}`"), "{e}");

        let e = err(
            "[[pattern]]\nname = \"a\"\npattern = \"{x}+\"\n[pattern.slots.x]\nmin = 5\nmax = 2\n",
        );
        assert_eq!((e.line, e.column), (6, 7), "{e}");
        assert!(e.problem.contains("larger than"), "{e}");

        let e = err(
            "[[pattern]]\nname = \"a\"\npattern = \"{x}+\"\n[pattern.slots.x]\nscript = \"greek\"\n",
        );
        assert_eq!(e.line, 5, "{e}");
        assert!(e.problem.contains("greek"), "{e}");

        let e = err("[[pattern]]\nname = \"a\"\npattern = \"{x}+\"\nchain = true\n");
        assert!(e.problem.contains("chain"), "{e}");

        let e = err("[[pattern]]\nname = \"a\"\npattern = \"{x}+\"\ncolour = 1\n");
        assert!(e.problem.contains("colour"), "{e}");

        let e = err("[[pattern]]\npattern = \"{x}+\"\n");
        assert!(e.problem.contains("no `name`"), "{e}");
    }

    #[test]
    fn later_file_replaces_patterns_by_name() {
        let f = PatternSet::parse(
            "[[pattern]]\nname = \"plus\"\npattern = \"{x}加{y}\"\n",
            "f",
        )
        .expect("parses");
        let set = PatternSet::compose(true, &[f]);
        assert_eq!(set.rule_names(), ["policy-system", "plus"]);
        assert_eq!(set.len(), 3);
    }
}
