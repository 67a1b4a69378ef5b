//! The registry of well-known documents: canonical ids for citations, so that a 《》 title,
//! a 文号, a short form and an English name of the same document count as one document in
//! the citation matrix. The bundled registry (`registry.toml`) lists central documents;
//! users add their own files in the same format.

use std::collections::HashMap;
use std::ops::Range;

use policyscan_api::config_file::FileError;
use policyscan_api::text_rules::normalize_pattern;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::category::{strip_qualifiers, Category};
use crate::doc_number::find_doc_numbers;

/// The bundled registry.
pub const BUILTIN_SOURCE: &str = include_str!("registry.toml");
/// How the bundled registry is named in messages and outputs.
pub const BUILTIN_ORIGIN: &str = "<built-in registry>";

/// One registered document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistryEntry {
    pub id: String,
    pub title: String,
    pub category: String,
    pub issuer: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_kind: Option<String>,
    pub aliases: Vec<String>,
    pub english: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    document: Vec<Spanned<RawEntry>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Spanned<String>,
    title: Spanned<String>,
    category: Spanned<String>,
    #[serde(default)]
    issuer: Vec<String>,
    doc_number: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    date_kind: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    english: Vec<String>,
}

/// A parsed registry file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryFile {
    pub origin: String,
    pub entries: Vec<RegistryEntry>,
}

impl RegistryFile {
    /// Parses and checks one registry file; errors are `<origin>:<line>:<column>: <problem>`.
    pub fn parse(src: &str, origin: &str) -> Result<RegistryFile, FileError> {
        let raw: RawFile = toml::from_str(src)
            .map_err(|e| FileError::from_parser(origin, src, e.span(), e.message()))?;
        let at =
            |span: Range<usize>, problem: String| FileError::at(origin, src, span.start, problem);
        let mut entries = Vec::with_capacity(raw.document.len());
        let mut seen: HashMap<String, String> = HashMap::new();
        for spanned in raw.document {
            let raw = spanned.into_inner();
            let id = raw.id.get_ref().clone();
            if id.is_empty()
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                return Err(at(
                    raw.id.span(),
                    format!("id `{id}` must be lowercase ASCII letters, digits and '-'"),
                ));
            }
            let category = raw.category.get_ref();
            if !Category::parse(category).is_some_and(Category::is_document) {
                return Err(at(
                    raw.category.span(),
                    format!(
                        "document `{id}`: category `{category}` is not one of law, plan, policy, \
                         treaty, official"
                    ),
                ));
            }
            if let Some(number) = &raw.doc_number {
                if canonical_number(number.get_ref()).is_none() {
                    return Err(at(
                        number.span(),
                        format!(
                            "document `{id}`: `{}` is not a document number such as \
                             国办发〔2019〕58号 or 国务院令第722号",
                            number.get_ref()
                        ),
                    ));
                }
            }
            if let Some(date) = &raw.date {
                if !valid_date(date.get_ref()) {
                    return Err(at(
                        date.span(),
                        format!(
                            "document `{id}`: date `{}` is not YYYY, YYYY-MM or YYYY-MM-DD",
                            date.get_ref()
                        ),
                    ));
                }
            }
            let names = std::iter::once((raw.title.get_ref(), raw.title.span()))
                .chain(raw.aliases.iter().map(|a| (a, raw.id.span())));
            for (name, span) in names {
                let key = title_key(name);
                if key.is_empty() {
                    return Err(at(span, format!("document `{id}`: empty title or alias")));
                }
                if let Some(other) = seen.insert(key, id.clone()).filter(|other| *other != id) {
                    return Err(at(
                        span,
                        format!("document `{id}`: title or alias `{name}` is also `{other}`'s"),
                    ));
                }
            }
            if entries.iter().any(|e: &RegistryEntry| e.id == id) {
                return Err(at(raw.id.span(), format!("duplicate id `{id}`")));
            }
            entries.push(RegistryEntry {
                id,
                title: raw.title.into_inner(),
                category: category.clone(),
                issuer: raw.issuer,
                doc_number: raw.doc_number.map(Spanned::into_inner),
                date: raw.date.map(Spanned::into_inner),
                date_kind: raw.date_kind.map(Spanned::into_inner),
                aliases: raw.aliases,
                english: raw.english,
            });
        }
        Ok(RegistryFile {
            origin: origin.to_string(),
            entries,
        })
    }

    /// The bundled registry.
    pub fn builtin() -> RegistryFile {
        RegistryFile::parse(BUILTIN_SOURCE, BUILTIN_ORIGIN)
            .unwrap_or_else(|e| panic!("the bundled registry is invalid: {e}"))
    }
}

fn valid_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let in_range = |s: &str, max: u32| s.parse::<u32>().is_ok_and(|v| (1..=max).contains(&v));
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && in_range(m, 12),
        [y, m, d] => {
            digits(y, 4) && digits(m, 2) && digits(d, 2) && in_range(m, 12) && in_range(d, 31)
        }
        _ => false,
    }
}

/// The canonical form of a document number written alone (国办发〔2019〕58号).
pub fn canonical_number(written: &str) -> Option<String> {
    let text = normalize_pattern(written);
    let numbers = find_doc_numbers(&text);
    match numbers.as_slice() {
        [n] if n.span.start == 0 && n.span.end == text.len() => Some(n.canonical()),
        _ => None,
    }
}

/// The key a title is looked up by: whitespace, quotes, inner brackets and 、 dropped,
/// dashes unified, a leading 中华人民共和国 and trailing qualifiers (（草案）, （试行）,
/// （2021—2035年）) removed, so 《数据安全法》 finds 中华人民共和国数据安全法 and a draft
/// outline finds the outline.
pub fn title_key(title: &str) -> String {
    let normalized = normalize_pattern(title);
    let mut key = String::with_capacity(normalized.len());
    for c in normalized.chars() {
        match c {
            '“' | '”' | '‘' | '’' | '"' | '\'' | '「' | '」' | '『' | '』' | '〈' | '〉' | '《'
            | '》' | '<' | '>' | '、' | '·' | '・' | ' ' => {}
            '—' | '–' | '－' | '~' | '～' => key.push('-'),
            c => key.push(c),
        }
    }
    let key = key.strip_prefix("中华人民共和国").unwrap_or(&key);
    strip_qualifiers(key).core.to_string()
}

/// English names are looked up case-insensitively, without a leading "the" and without
/// "of the People's Republic of China" or "for National Economic and Social Development",
/// which official translations add and reports often drop.
pub fn english_key(name: &str) -> String {
    let lower = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let key = lower.strip_prefix("the ").unwrap_or(&lower);
    key.replace(" for national economic and social development", "")
        .replace(" of the people's republic of china", "")
}

/// The registry a run uses: entries with lookup tables.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    entries: Vec<RegistryEntry>,
    by_title: HashMap<String, usize>,
    by_number: HashMap<String, usize>,
    by_english: HashMap<String, usize>,
    by_id: HashMap<String, usize>,
}

impl Registry {
    /// The bundled registry (when `use_builtin`) with `files` merged over it in order: an
    /// entry whose id is already registered replaces it, and a title, alias, number or
    /// English name claimed by a later entry points to that entry.
    pub fn compose(use_builtin: bool, files: &[RegistryFile]) -> Registry {
        let builtin = use_builtin.then(RegistryFile::builtin);
        let mut entries: Vec<RegistryEntry> = Vec::new();
        for file in builtin.iter().chain(files) {
            for entry in &file.entries {
                match entries.iter_mut().find(|e| e.id == entry.id) {
                    Some(existing) => *existing = entry.clone(),
                    None => entries.push(entry.clone()),
                }
            }
        }
        let mut registry = Registry {
            entries,
            ..Registry::default()
        };
        registry.index();
        registry
    }

    fn index(&mut self) {
        // Titles without their issuer head (关于制定…的建议 cited without 中共中央) are
        // indexed too, unless two entries share one.
        let mut headless: HashMap<String, Option<usize>> = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            for name in std::iter::once(&e.title).chain(&e.aliases) {
                self.by_title.insert(title_key(name), i);
                if let Some(at) = name.find("关于") {
                    if at > 0 {
                        let slot = headless.entry(title_key(&name[at..])).or_insert(Some(i));
                        if *slot != Some(i) {
                            *slot = None;
                        }
                    }
                }
            }
            if let Some(number) = e.doc_number.as_deref().and_then(canonical_number) {
                self.by_number.insert(number, i);
            }
            for name in &e.english {
                self.by_english.insert(english_key(name), i);
            }
            self.by_id.insert(e.id.clone(), i);
        }
        for (key, slot) in headless {
            if let Some(i) = slot {
                self.by_title.entry(key).or_insert(i);
            }
        }
    }

    pub fn entries(&self) -> &[RegistryEntry] {
        &self.entries
    }

    pub fn by_title(&self, title: &str) -> Option<&RegistryEntry> {
        self.by_title
            .get(&title_key(title))
            .map(|&i| &self.entries[i])
    }

    /// By canonical document number (国办发〔2019〕58号).
    pub fn by_number(&self, canonical: &str) -> Option<&RegistryEntry> {
        self.by_number.get(canonical).map(|&i| &self.entries[i])
    }

    /// The English names to look for in text: each entry's names, and (when two words or
    /// more remain) the same without "of the People's Republic of China" ("Civil Code").
    pub fn english_names(&self) -> Vec<String> {
        const PRC: &str = " of the People's Republic of China";
        let mut names: Vec<String> = Vec::new();
        for name in self.entries.iter().flat_map(|e| &e.english) {
            names.push(name.clone());
            if let Some(short) = name.strip_suffix(PRC) {
                if short.split_whitespace().count() >= 2 {
                    names.push(short.to_string());
                }
            }
        }
        names.sort();
        names.dedup();
        names
    }

    pub fn by_english(&self, name: &str) -> Option<&RegistryEntry> {
        self.by_english
            .get(&english_key(name))
            .map(|&i| &self.entries[i])
    }

    pub fn get(&self, id: &str) -> Option<&RegistryEntry> {
        self.by_id.get(id).map(|&i| &self.entries[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_registry_is_valid_and_large_enough() {
        let file = RegistryFile::builtin();
        assert!(file.entries.len() >= 60, "{}", file.entries.len());
        let registry = Registry::compose(true, &[]);
        assert_eq!(registry.entries().len(), file.entries.len());
    }

    #[test]
    fn keys() {
        assert_eq!(
            title_key("中华人民共和国数据安全法"),
            title_key("数据安全法")
        );
        assert_eq!(
            title_key("国民经济和社会发展第十五个五年规划纲要（草案）"),
            title_key("中华人民共和国国民经济和社会发展第十五个五年规划纲要")
        );
        assert_eq!(title_key("“十四五”规划 纲要"), "十四五规划纲要");
        assert_eq!(
            english_key("the  Outline of THE 14th Five-Year Plan"),
            "outline of the 14th five-year plan"
        );
        assert_eq!(
            english_key("Data Security Law of the People's Republic of China"),
            "data security law"
        );
    }

    #[test]
    fn user_files_merge_and_errors_point_at_the_field() {
        let user = RegistryFile::parse(
            "[[document]]\nid = \"my-plan\"\ntitle = \"某省数字经济发展规划\"\ncategory = \"plan\"\n\
             doc_number = \"某政发〔2021〕7号\"\naliases = [\"数字经济规划\"]\n",
            "mine.toml",
        )
        .expect("parses");
        let registry = Registry::compose(true, &[user]);
        assert_eq!(
            registry.by_title("数字经济规划").map(|e| e.id.as_str()),
            Some("my-plan")
        );
        assert_eq!(
            registry
                .by_number("某政发〔2021〕7号")
                .map(|e| e.id.as_str()),
            Some("my-plan")
        );
        let e = RegistryFile::parse(
            "[[document]]\nid = \"x\"\ntitle = \"t\"\ncategory = \"work\"\n",
            "bad.toml",
        )
        .expect_err("bad category");
        assert_eq!((e.line, e.column), (4, 12), "{e}");
        let e = RegistryFile::parse(
            "[[document]]\nid = \"x\"\ntitle = \"t\"\ncategory = \"law\"\ndoc_number = \"2019年\"\n",
            "bad.toml",
        )
        .expect_err("bad number");
        assert!(e.problem.contains("not a document number"), "{e}");
        let e =
            RegistryFile::parse("[[document]]\nid = \"x\"\n", "bad.toml").expect_err("no title");
        assert!(e.to_string().starts_with("bad.toml:"), "{e}");
        let e = RegistryFile::parse(
            "[[document]]\nid = \"a\"\ntitle = \"甲法\"\ncategory = \"law\"\n\
             [[document]]\nid = \"b\"\ntitle = \"中华人民共和国甲法\"\ncategory = \"law\"\n",
            "dup.toml",
        )
        .expect_err("same key");
        assert!(e.problem.contains("also `a`"), "{e}");
    }
}
