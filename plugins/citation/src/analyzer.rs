//! The citation analyzer: titles, document numbers and English citations of one document,
//! linked to each other (a title and the 文号 after it, a short form and its full title)
//! and to the registry.

use std::sync::Arc;

use policyscan_api::text_rules::{is_line_break, normalize_pattern, without_line_breaks};
use policyscan_api::{AnalyzeError, Analyzer, Attrs, Document, Finding, FindingSink, RuleInfo};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::category::{classify, short_head, strip_qualifiers, Category};
use crate::doc_number::{find_doc_numbers, DocNumber};
use crate::english::EnglishMatcher;
use crate::issuer::parse_title_issuers;
use crate::registry::{Registry, RegistryEntry};
use crate::short_form::{Resolution, ShortForms};
use crate::title_scan::{scan_titles, TitleSpan};

/// The analyzer id, the prefix of every rule id.
pub const ANALYZER_ID: &str = "citation";
pub const RULE_TITLE: &str = "citation/title";
pub const RULE_DOC_NUMBER: &str = "citation/doc-number";
pub const RULE_ENGLISH: &str = "citation/english";

const RULES: [(&str, &str); 3] = [
    (
        RULE_TITLE,
        "《》 titles: laws, plans, policies, treaties, official reports, short forms, works",
    ),
    (
        RULE_DOC_NUMBER,
        "文号 (国办发〔2019〕58号) and numbered orders (国务院令第722号)",
    ),
    (
        RULE_ENGLISH,
        "English citations (Guidance Opinions, the Outline of the 14th Five-Year Plan)",
    ),
];

/// Characters of context before a 《 searched for cue words (电视剧, 以下简称).
const CUE_WINDOW_CHARS: usize = 8;

/// Policy-citation extractor. Built once, then shared read-only across threads.
#[derive(Debug, Clone)]
pub struct CitationAnalyzer {
    registry: Registry,
    english: EnglishMatcher,
    rule_ids: [Arc<str>; 3],
    config_hash: String,
}

impl CitationAnalyzer {
    pub fn new(registry: Registry) -> CitationAnalyzer {
        CitationAnalyzer {
            config_hash: config_hash(registry.entries()),
            english: EnglishMatcher::new(&registry.english_names()),
            registry,
            rule_ids: RULES.map(|(id, _)| Arc::from(id)),
        }
    }

    /// The analyzer with the bundled registry only.
    pub fn builtin() -> CitationAnalyzer {
        CitationAnalyzer::new(Registry::compose(true, &[]))
    }

    /// All findings in `text` (taken as already normalized, of a document without a
    /// region), in span order.
    pub fn find_all(&self, text: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        self.scan(text, None, &mut out);
        out
    }

    /// `region` decides whether generic titles may name central documents (see
    /// [`shared_by_provinces`]).
    fn scan(&self, text: &str, region: Option<&str>, sink: &mut dyn FindingSink) {
        let titles = scan_titles(text);
        let numbers = find_doc_numbers(text);
        let mut findings: Vec<(usize, Finding)> = Vec::new();
        let (title_number, number_title) = link_numbers(text, &titles, &numbers);
        let provincial = region.is_some_and(|r| r != "national");
        let mut short_forms = ShortForms::default();
        // Per title: its cleaned text and issuer, for the titles nested in it.
        let mut seen: Vec<Option<(String, Option<TitleIssuer>)>> = Vec::with_capacity(titles.len());
        for (ti, t) in titles.iter().enumerate() {
            let title = clean_title(&text[t.content.start..t.content.end]);
            if title.is_empty() {
                seen.push(None);
                continue;
            }
            let outer = t.outer.and_then(|o| seen.get(o).cloned().flatten());
            let number = title_number[ti].map(|n| &numbers[n]);
            let context = TitleContext {
                outer,
                number,
                provincial,
            };
            let (attrs, issuer) = self.title_attrs(text, t, &title, context, &mut short_forms);
            seen.push(Some((title, issuer)));
            findings.push((
                0,
                Finding {
                    rule: self.rule_ids[0].clone(),
                    span: t.span,
                    captures: Vec::new(),
                    attrs: Arc::new(attrs),
                },
            ));
        }
        for (ni, n) in numbers.iter().enumerate() {
            let linked =
                number_title[ni].and_then(|t| seen[t].as_ref().map(|(title, _)| title.as_str()));
            findings.push((
                1,
                Finding {
                    rule: self.rule_ids[1].clone(),
                    span: n.span,
                    captures: Vec::new(),
                    attrs: Arc::new(self.number_attrs(text, n, linked)),
                },
            ));
        }
        for c in self.english.find(text) {
            let mut attrs = Attrs::new();
            let entry = self.registry.by_english(&c.title);
            let category = entry.map_or(c.category.as_str(), |e| e.category.as_str());
            put(&mut attrs, "category", category);
            put(&mut attrs, "basis", "english");
            put(&mut attrs, "title", &c.title);
            let issuer = c
                .issuer
                .map(str::to_string)
                .or_else(|| entry.map(|e| e.issuer.join("、")));
            put_opt(&mut attrs, "issuer", issuer.as_deref());
            put_opt(&mut attrs, "date", c.date.as_deref());
            put_registry(&mut attrs, entry);
            findings.push((
                2,
                Finding {
                    rule: self.rule_ids[2].clone(),
                    span: c.span,
                    captures: Vec::new(),
                    attrs: Arc::new(attrs),
                },
            ));
        }
        findings.sort_by(|(ra, a), (rb, b)| {
            (a.span.start, a.span.end, ra).cmp(&(b.span.start, b.span.end, rb))
        });
        for (_, f) in findings {
            sink.push(f);
        }
    }

    /// A registry entry for a title (or the document inside a 印发 notice). In a provincial
    /// document, a title that provinces also give their own documents (《关于制定…的建议》,
    /// 《国民经济和社会发展…纲要》) names a central document only with a central issuer.
    fn registry_for_title(
        &self,
        title: &str,
        inner: Option<&str>,
        central_issuer: bool,
        provincial: bool,
    ) -> Option<&RegistryEntry> {
        let usable = |name: &str| !provincial || central_issuer || !shared_by_provinces(name);
        [Some(title), inner]
            .into_iter()
            .flatten()
            .filter(|name| usable(name))
            .find_map(|name| self.registry.by_title(name))
    }

    /// The attributes of a title and its issuer (for titles nested in it).
    fn title_attrs(
        &self,
        text: &str,
        t: &TitleSpan,
        title: &str,
        context: TitleContext<'_>,
        short_forms: &mut ShortForms,
    ) -> (Attrs, Option<TitleIssuer>) {
        let TitleContext {
            outer,
            number,
            provincial,
        } = context;
        let before = tail_chars(&text[..t.span.start], CUE_WINDOW_CHARS);
        let mut class = classify(title, before);
        // A title with its own 文号 is an official document, whatever its words say.
        if class.category == Category::Work && number.is_some() {
            class.category = Category::Policy;
            class.basis = "doc-number".into();
        }
        let mut attrs = Attrs::new();
        put(&mut attrs, "title", &display_title(title));
        // Issuers: the title's own head; for a document inside a 印发 wrapper, the wrapper's.
        let parsed = parse_title_issuers(title);
        let mut issuer = parsed
            .as_ref()
            .map(|p| TitleIssuer::new(p.display(), &p.bodies));
        if let Some(parsed) = parsed
            .as_ref()
            .filter(|p| p.bodies.len() > 1 || p.departments.is_some())
        {
            attrs.insert("issuers".into(), Value::from(parsed.bodies.clone()));
            if let Some(n) = parsed.departments {
                attrs.insert("departments".into(), Value::from(n));
            }
        }
        if let Some((outer_title, outer_issuer)) = &outer {
            put(&mut attrs, "within", &display_title(outer_title));
            if issuer.is_none() && outer_title.contains("印发") {
                issuer.clone_from(outer_issuer);
            }
        }
        let central_issuer = issuer.as_ref().is_some_and(|i| i.central);
        if let Some(n) = number {
            put_number(&mut attrs, text, n);
        }
        let mut entry: Option<&RegistryEntry> = None;
        match class.category {
            Category::ShortForm => {
                let head = short_head(strip_qualifiers(title).core).unwrap_or_default();
                let before_trimmed = before.trim_end();
                if before_trimmed.ends_with("简称") {
                    short_forms.define(title);
                }
                let resolution = short_forms.resolve(title, head);
                put(&mut attrs, "resolution", resolution.as_str());
                if let Resolution::Resolved {
                    title: full,
                    registry_id,
                    ..
                } = &resolution
                {
                    put(&mut attrs, "resolved_from", &display_title(full));
                    entry = registry_id.as_deref().and_then(|id| self.registry.get(id));
                }
                if let Resolution::Ambiguous(n) = resolution {
                    attrs.insert("candidates".into(), Value::from(n));
                }
                // A short form with its own 文号 names that document.
                entry =
                    entry.or_else(|| number.and_then(|n| self.registry.by_number(&n.canonical())));
            }
            _ => {
                let inner = wrapped_title(title);
                if let Some(inner) = inner.filter(|_| !title.contains(['〈', '<', '《'])) {
                    put(&mut attrs, "inner_title", &display_title(inner));
                }
                entry = self
                    .registry_for_title(title, inner, central_issuer, provincial)
                    .or_else(|| number.and_then(|n| self.registry.by_number(&n.canonical())));
                // A registered document is no work, whatever its title looks like
                // (《数据二十条》, 《中国制造二〇二五》).
                if let (Category::Work, Some(e)) = (class.category, entry) {
                    class.category = Category::parse(&e.category).unwrap_or(Category::Policy);
                    class.basis = "registry".into();
                }
                if class.category != Category::Work {
                    short_forms.add_full(title, entry.map(|e| e.id.as_str()), t.outer.is_none());
                }
            }
        }
        put(&mut attrs, "category", class.category.as_str());
        put(&mut attrs, "basis", &class.basis);
        put_registry(&mut attrs, entry);
        if let Some(e) = entry.filter(|e| issuer.is_none() && !e.issuer.is_empty()) {
            issuer = Some(TitleIssuer::new(e.issuer.join("、"), &e.issuer));
        }
        if issuer.is_none() {
            issuer = number
                .and_then(|n| n.issuer.as_ref())
                .map(|i| TitleIssuer::new(i.clone(), std::slice::from_ref(i)));
        }
        put_opt(
            &mut attrs,
            "issuer",
            issuer.as_ref().map(|i| i.name.as_str()),
        );
        (attrs, issuer)
    }

    fn number_attrs(&self, text: &str, n: &DocNumber, linked_title: Option<&str>) -> Attrs {
        let mut attrs = Attrs::new();
        let entry = self.registry.by_number(&n.canonical());
        let category = match (entry, n.year) {
            (Some(e), _) => e.category.as_str(),
            (None, None) => Category::Law.as_str(),
            (None, Some(_)) => Category::Policy.as_str(),
        };
        put(&mut attrs, "category", category);
        put(&mut attrs, "basis", "doc-number");
        put_number(&mut attrs, text, n);
        put_opt(&mut attrs, "issuer", n.issuer.as_deref());
        put_opt(
            &mut attrs,
            "linked_title",
            linked_title.map(display_title).as_deref(),
        );
        put_registry(&mut attrs, entry);
        attrs
    }
}

fn put(attrs: &mut Attrs, key: &str, value: &str) {
    attrs.insert(key.to_string(), Value::from(value));
}

fn put_opt(attrs: &mut Attrs, key: &str, value: Option<&str>) {
    if let Some(v) = value.filter(|v| !v.is_empty()) {
        put(attrs, key, v);
    }
}

/// The registry entry a citation matched: its id, and its title and category so that
/// outputs (the citation matrix) can name it without the registry.
fn put_registry(attrs: &mut Attrs, entry: Option<&RegistryEntry>) {
    if let Some(e) = entry {
        put(attrs, "registry_id", &e.id);
        put(attrs, "registry_title", &e.title);
        put(attrs, "registry_category", &e.category);
    }
}

/// The document-number attributes: as written (without line breaks), canonical, parts.
fn put_number(attrs: &mut Attrs, text: &str, n: &DocNumber) {
    put(
        attrs,
        "doc_number",
        &without_line_breaks(&text[n.span.start..n.span.end]),
    );
    put(attrs, "doc_number_canonical", &n.canonical());
    put(attrs, "doc_code", &n.code);
    if let Some(year) = n.year {
        attrs.insert("doc_year".into(), Value::from(year));
    }
    attrs.insert("doc_serial".into(), Value::from(n.serial));
}

/// Who issued a title's document, as its `issuer` attribute says, and whether a central
/// body is among them: in a provincial report only then may a title that provinces use too
/// name a central document. Kept together so that a nested title inherits both.
#[derive(Debug, Clone)]
struct TitleIssuer {
    name: String,
    central: bool,
}

impl TitleIssuer {
    fn new(name: String, bodies: &[String]) -> TitleIssuer {
        let central = bodies
            .iter()
            .any(|b| crate::issuer::central_body(b).is_some());
        TitleIssuer { name, central }
    }
}

/// What a title's attributes depend on besides its own words.
struct TitleContext<'a> {
    /// The title it is nested in, and that title's issuer.
    outer: Option<(String, Option<TitleIssuer>)>,
    /// Its 文号, written in brackets right after it.
    number: Option<&'a DocNumber>,
    /// The document belongs to a province (not national, not unknown).
    provincial: bool,
}

/// Titles that provinces give their own documents too: in a provincial report,
/// 《关于制定国民经济和社会发展第十五个五年规划的建议》 is the provincial party committee's
/// proposal and 《国民经济和社会发展第十五个五年规划纲要（草案）》 the province's plan.
fn shared_by_provinces(title: &str) -> bool {
    let key = crate::registry::title_key(title);
    key.starts_with("关于")
        || key.starts_with("国民经济和社会发展")
        || (key.starts_with('十') && key.contains("五规划"))
}

/// For each title, the index of the 文号 written in brackets right after it
/// (`《…意见》（国办发〔2019〕58号）`), and for each number, the index of that title.
fn link_numbers(
    text: &str,
    titles: &[TitleSpan],
    numbers: &[DocNumber],
) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let mut title_number = vec![None; titles.len()];
    let mut number_title = vec![None; numbers.len()];
    for (ti, t) in titles.iter().enumerate().filter(|(_, t)| t.outer.is_none()) {
        let after = text[t.span.end..].trim_start_matches([' ', '\t']);
        let Some(inside) = after.strip_prefix('(') else {
            continue;
        };
        let at = text.len() - inside.trim_start_matches([' ', '\t']).len();
        if let Ok(ni) = numbers.binary_search_by_key(&at, |n| n.span.start) {
            title_number[ti] = Some(ni);
            number_title[ni] = Some(ti);
        }
    }
    (title_number, number_title)
}

/// A title as the `title` attribute gives it: a line break (with the spaces around it)
/// removed unless it separates two Latin words — a title broken across lines is one title
/// (规划和\n2035年 → 规划和2035年) — and other whitespace as in patterns: removed between
/// CJK characters, one space elsewhere.
fn clean_title(raw: &str) -> String {
    let mut joined = String::with_capacity(raw.len());
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !c.is_whitespace() {
            joined.push(c);
            continue;
        }
        let mut end = i + c.len_utf8();
        let mut has_break = is_line_break(c);
        while let Some(&(j, d)) = chars.peek().filter(|(_, d)| d.is_whitespace()) {
            has_break |= is_line_break(d);
            end = j + d.len_utf8();
            chars.next();
        }
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
        if !has_break || (latin(joined.chars().next_back()) && latin(raw[end..].chars().next())) {
            joined.push(' ');
        }
    }
    normalize_pattern(&joined)
}

/// Chinese titles are written with full-width parentheses, which the normalized view
/// folds to ASCII: the attribute puts them back (（草案）).
fn display_title(title: &str) -> String {
    title.replace('(', "（").replace(')', "）")
}

/// The document a 印发 / 转发 notice carries: 国务院关于印发X的通知 → X.
fn wrapped_title(title: &str) -> Option<&str> {
    let at = title.find("印发").or_else(|| title.find("转发"))?;
    let inner = title[at + "印发".len()..].strip_suffix("的通知")?;
    let inner = inner
        .trim_start_matches(['〈', '<', '《'])
        .trim_end_matches(['〉', '>', '》']);
    (!inner.is_empty()).then_some(inner)
}

/// The last `n` characters of `s`.
fn tail_chars(s: &str, n: usize) -> &str {
    let start = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &s[start..]
}

impl Analyzer for CitationAnalyzer {
    fn id(&self) -> &str {
        ANALYZER_ID
    }

    fn rules(&self) -> Vec<RuleInfo> {
        RULES
            .iter()
            .map(|(id, label)| RuleInfo {
                id: id.to_string(),
                label: label.to_string(),
            })
            .collect()
    }

    fn config_hash(&self) -> String {
        self.config_hash.clone()
    }

    fn analyze(&self, doc: &Document<'_>, sink: &mut dyn FindingSink) -> Result<(), AnalyzeError> {
        self.scan(doc.text, doc.region, sink);
        Ok(())
    }
}

/// SHA-256 (hex) of the canonical JSON of the effective registry.
fn config_hash(entries: &[RegistryEntry]) -> String {
    #[derive(Serialize)]
    struct Canonical<'a> {
        format: &'static str,
        registry: &'a [RegistryEntry],
    }
    let bytes = serde_json::to_vec(&Canonical {
        format: "policyscan-citation/1",
        registry: entries,
    })
    .unwrap_or_default();
    policyscan_api::hex::to_hex(&Sha256::digest(&bytes))
}

#[cfg(test)]
#[path = "analyzer_tests.rs"]
mod tests;
