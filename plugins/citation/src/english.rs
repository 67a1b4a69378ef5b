//! Citations in English text: the English names of registered documents ("Made in China
//! 2025", "the Paris Agreement"), document names in title case around a form word
//! ("Guidance Opinions", "Opinions on Accelerating …", "the Outline of the 14th Five-Year
//! Plan", "Master Plan for the Construction of …"), named laws ("the Data Security Law"),
//! "Document No. 1", with the issuing body and the date when the same sentence gives them.

use aho_corasick::{AhoCorasick, MatchKind};
use policyscan_api::Span;

use crate::category::Category;
use crate::issuer::CENTRAL_BODIES;

/// A citation found in English text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnglishCitation {
    pub span: Span,
    pub title: String,
    pub category: Category,
    pub issuer: Option<&'static str>,
    pub date: Option<String>,
}

/// A form word and what may follow it.
#[derive(Debug, Clone, Copy)]
struct Form {
    word: &'static str,
    category: Category,
    /// The form word alone is a citation ("Guidance Opinions"); otherwise a name of at
    /// least two title-case words must follow a connector.
    alone: bool,
}

/// Connectors after which a title-case name continues a form word.
const CONNECTORS: &[&str] = &["on", "for", "of", "about", "concerning"];

const fn form(word: &'static str, category: Category, alone: bool) -> Form {
    Form {
        word,
        category,
        alone,
    }
}

const FORMS: &[Form] = &[
    form("Guidance Opinions", Category::Policy, true),
    form("Guiding Opinions", Category::Policy, true),
    form("Implementation Opinions", Category::Policy, true),
    form("Opinions", Category::Policy, false),
    form("Guidelines", Category::Policy, false),
    form("Measures", Category::Policy, false),
    form("Decision", Category::Policy, false),
    form("Notice", Category::Policy, false),
    form("Proposals", Category::Policy, false),
    form("Recommendations", Category::Policy, false),
    form("Regulations", Category::Law, false),
    form("Provisions", Category::Law, false),
    form("Law", Category::Law, false),
    form("Action Plan", Category::Plan, false),
    form("Outline", Category::Plan, false),
    form("Plan", Category::Plan, false),
    form("Agreement", Category::Treaty, false),
    form("Convention", Category::Treaty, false),
];

/// Lowercase words allowed inside a title-case name.
const SMALL_WORDS: &[&str] = &[
    "and", "of", "the", "for", "in", "to", "on", "with", "by", "a", "an", "at", "under", "from",
    "into",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Longest name, in words.
const MAX_NAME_WORDS: usize = 24;
/// Title-case words taken before a form word ("Master Plan", "14th Five-Year Plan").
const MAX_WORDS_BEFORE: usize = 6;
/// Bytes searched on each side of a citation for its issuer and date: a normalized Chinese
/// report can be one long "sentence", and the search must stay linear.
const DETAILS_WINDOW: usize = 240;

/// What an anchor of the automaton is.
#[derive(Debug, Clone, Copy)]
enum Anchor {
    Form(usize),
    DocumentNo,
    CentralDocument,
    Constitution,
    /// The English name of a registered document.
    Registered,
}

/// Finds English citations; built once, shared across threads.
#[derive(Debug, Clone)]
pub struct EnglishMatcher {
    automaton: AhoCorasick,
    anchors: Vec<Anchor>,
}

impl EnglishMatcher {
    /// A matcher for the form words, plus the English names of registered documents
    /// (`registered`, matched as written, ASCII case-insensitively).
    pub fn new(registered: &[String]) -> EnglishMatcher {
        let mut words: Vec<String> = Vec::new();
        let mut anchors = Vec::new();
        for (i, f) in FORMS.iter().enumerate() {
            words.push(f.word.to_string());
            anchors.push(Anchor::Form(i));
        }
        for (word, anchor) in [
            ("Document No.", Anchor::DocumentNo),
            ("Central Document", Anchor::CentralDocument),
            ("central document", Anchor::CentralDocument),
            ("Constitution", Anchor::Constitution),
        ] {
            words.push(word.to_string());
            anchors.push(anchor);
        }
        for name in registered {
            words.push(name.clone());
            anchors.push(Anchor::Registered);
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&words)
            .unwrap_or_else(|e| panic!("English anchors: {e}"));
        EnglishMatcher { automaton, anchors }
    }

    /// Every English citation of `text`, in order, not overlapping.
    pub fn find(&self, text: &str) -> Vec<EnglishCitation> {
        let mut out: Vec<EnglishCitation> = Vec::new();
        let mut consumed = 0;
        let matches = english_stretches(text).flat_map(|range| {
            self.automaton
                .find_iter(aho_corasick::Input::new(text).range(range))
        });
        for m in matches {
            let (start, end) = (m.start(), m.end());
            // An anchor ending in a dot ("Document No.") may run into its number.
            let bounded = word_start(text, start)
                && (text.as_bytes()[end - 1] == b'.' || word_end(text, end));
            if start < consumed || !bounded {
                continue;
            }
            let found = match self.anchors[m.pattern().as_usize()] {
                Anchor::DocumentNo => document_number(text, start, end),
                Anchor::CentralDocument => central_document(text, start, end),
                Anchor::Constitution => {
                    let the = text[..start].ends_with("the ") || text[..start].ends_with("The ");
                    the.then(|| (Span::new(start, end), Category::Law))
                }
                Anchor::Registered => {
                    // "the 14th Five-Year Plan period" names a period, not the plan.
                    let period = text[end..].starts_with(" period");
                    (!period).then(|| (Span::new(start, end), Category::Policy))
                }
                Anchor::Form(i) => form_citation(text, &FORMS[i], start, end),
            };
            let Some((span, category)) = found else {
                continue;
            };
            if span.start < consumed {
                continue;
            }
            consumed = span.end;
            let (issuer, date) = sentence_details(text, span);
            out.push(EnglishCitation {
                span,
                title: text[span.start..span.end].to_string(),
                category,
                issuer,
                date,
            });
        }
        out
    }
}

/// Shortest stretch of ASCII text searched for English citations: the shortest citation,
/// "Document No.1", is 13 bytes.
const MIN_STRETCH: usize = 12;

/// The stretches of ASCII text long enough to hold an English citation. Every citation
/// has a space in it, and spaces are rare in normalized Chinese text, so stretches are
/// grown around the spaces that SIMD memchr finds: a Chinese report costs one memchr pass.
fn english_stretches(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut spaces = memchr::memchr_iter(b' ', bytes);
    let mut covered = 0;
    std::iter::from_fn(move || {
        for space in spaces.by_ref() {
            if space < covered {
                continue;
            }
            let start = space
                - bytes[..space]
                    .iter()
                    .rev()
                    .take_while(|b| b.is_ascii())
                    .count();
            let end = space + bytes[space..].iter().take_while(|b| b.is_ascii()).count();
            covered = end;
            if end - start >= MIN_STRETCH {
                return Some(start..end);
            }
        }
        None
    })
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'\''
}

fn word_start(text: &str, at: usize) -> bool {
    at == 0 || !is_word_byte(text.as_bytes()[at - 1])
}

fn word_end(text: &str, at: usize) -> bool {
    at == text.len() || !is_word_byte(text.as_bytes()[at])
}

/// The word at `at` (letters, digits, '-', '\''), if any.
fn word_at(text: &str, at: usize) -> Option<&str> {
    let b = text.as_bytes();
    let len = b[at..].iter().take_while(|&&c| is_word_byte(c)).count();
    (len > 0).then(|| &text[at..at + len])
}

/// A word of a title-case name: capitalized ("Blockchain"), an ordinal or alphanumeric
/// ("14th", "5G") or a number ("2030").
fn is_title_word(w: &str) -> bool {
    let first = w.as_bytes()[0];
    first.is_ascii_uppercase() || first.is_ascii_digit()
}

/// A title-case name starting at `at`: words separated by single spaces, lowercase small
/// words allowed inside, ending on a title-case word. Returns its end and its number of
/// title-case words.
fn name_from(text: &str, at: usize) -> Option<(usize, usize)> {
    let mut pos = at;
    let mut end = None;
    let mut title_words = 0;
    let mut previous = "";
    for _ in 0..MAX_NAME_WORDS {
        let Some(w) = word_at(text, pos) else { break };
        // "… Technology on March 3": a date, not part of the name.
        if MONTHS.contains(&w) && matches!(previous, "on" | "in" | "since" | "by") {
            break;
        }
        previous = w;
        // A name does not start with a bare number ("Opinions on 17 January"), and "and
        // the" starts the next thing named ("… Free Trade Port and the Action Plan …").
        if title_words == 0 && w.bytes().all(|b| b.is_ascii_digit()) {
            break;
        }
        if w == "and" && text[pos + w.len()..].starts_with(" the ") {
            break;
        }
        if is_title_word(w) {
            title_words += 1;
            end = Some((pos + w.len(), title_words));
        } else if !SMALL_WORDS.contains(&w) {
            break;
        }
        pos += w.len();
        if text.as_bytes().get(pos) != Some(&b' ') {
            break;
        }
        pos += 1;
    }
    end
}

/// Where a name extends left of `start` over up to [`MAX_WORDS_BEFORE`] title-case words
/// ("Master Plan", "Data Security Law"), stopping at "the", a small word or punctuation.
fn title_words_before(text: &str, start: usize) -> (usize, usize) {
    let mut from = start;
    let mut words = 0;
    while words < MAX_WORDS_BEFORE {
        let Some(before) = text[..from].strip_suffix(' ') else {
            break;
        };
        let len = before
            .bytes()
            .rev()
            .take_while(|&b| is_word_byte(b))
            .count();
        let word = &before[before.len() - len..];
        if len == 0 || !is_title_word(word) || word == "The" {
            break;
        }
        from = before.len() - len;
        words += 1;
    }
    (from, words)
}

/// A form word with its name: "Opinions on Accelerating the Application of Blockchain
/// Technology", "Guidance Opinions", "Master Plan for the Construction of …", "the Data
/// Security Law" (title-case words before the form word belong to the name).
fn form_citation(text: &str, form: &Form, start: usize, end: usize) -> Option<(Span, Category)> {
    let (from, words_before) = title_words_before(text, start);
    let mut title_end = None;
    for connector in CONNECTORS {
        let after = end + 1 + connector.len() + 1;
        if text.get(end..after) == Some(&format!(" {connector} ")) {
            title_end = name_from(text, after).filter(|(_, words)| *words >= 2);
            if title_end.is_some() {
                break;
            }
        }
    }
    let title_end = match title_end {
        Some((e, _)) => e,
        // "the Data Security Law", "the Paris Agreement": named by the words before it.
        None if words_before > 0 && matches!(form.word, "Law" | "Agreement" | "Convention") => end,
        None if form.alone => end,
        None => return None,
    };
    Some((Span::new(from, title_end), form.category))
}

/// "Document No. 1" (the number is required).
fn document_number(text: &str, start: usize, end: usize) -> Option<(Span, Category)> {
    let rest = &text[end..];
    let rest_trim = rest.strip_prefix(' ').unwrap_or(rest);
    let digits = rest_trim.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let stop = end + (rest.len() - rest_trim.len()) + digits;
    if text
        .as_bytes()
        .get(stop)
        .is_some_and(u8::is_ascii_alphanumeric)
    {
        return None;
    }
    Some((Span::new(start, stop), Category::Policy))
}

/// "the No. 1 central document".
fn central_document(text: &str, start: usize, end: usize) -> Option<(Span, Category)> {
    let before = text[..start].strip_suffix(' ')?;
    let digits = before.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let number_start = before.len() - digits;
    let no = before[..number_start]
        .strip_suffix("No. ")
        .or_else(|| before[..number_start].strip_suffix("No."))?;
    Some((Span::new(no.len(), end), Category::Policy))
}

/// The window around `span` searched for details: within [`DETAILS_WINDOW`] bytes, cut at
/// the sentence ends (". " or a line break) on either side.
fn window(text: &str, span: Span) -> (usize, usize) {
    let b = text.as_bytes();
    let mut s = span.start;
    let floor = span.start.saturating_sub(DETAILS_WINDOW);
    while s > floor && !(b[s - 1] == b'\n' || (s >= 2 && b[s - 2] == b'.' && b[s - 1] == b' ')) {
        s -= 1;
    }
    let ceiling = (span.end + DETAILS_WINDOW).min(b.len());
    let mut e = span.end;
    while e < ceiling && b[e] != b'\n' && !(b[e] == b'.' && b.get(e + 1).is_none_or(|c| *c == b' '))
    {
        e += 1;
    }
    while !text.is_char_boundary(s) {
        s += 1;
    }
    while !text.is_char_boundary(e) {
        e -= 1;
    }
    (s, e.max(s))
}

/// The issuing body named in the citation itself ("Recommendations of the Central
/// Committee …"), else nearest before it in its sentence, else nearest after; and the first
/// date ("on 17 January", "January 17, 2020", "in March 2021") in the sentence.
fn sentence_details(text: &str, span: Span) -> (Option<&'static str>, Option<String>) {
    let (s, e) = window(text, span);
    let date = find_date(&text[s..e]);
    // (rank, distance, longer first, body): inside the citation, then before it, then after.
    let mut best: Option<(u8, usize, std::cmp::Reverse<usize>, &'static str)> = None;
    for body in CENTRAL_BODIES {
        for name in body.english {
            // Without the leading "the", which a sentence may capitalize or drop.
            let name = name.strip_prefix("the ").unwrap_or(name);
            for (at, _) in text[s..e].match_indices(name) {
                let at = s + at;
                let name_end = at + name.len();
                if !word_start(text, at) || !word_end(text, name_end) {
                    continue;
                }
                let (rank, distance) = if at >= span.start && name_end <= span.end {
                    (0, at - span.start)
                } else if name_end <= span.start {
                    (1, span.start - name_end)
                } else if at >= span.end {
                    (2, at - span.end)
                } else {
                    continue;
                };
                let candidate = (rank, distance, std::cmp::Reverse(name.len()), body.name);
                if best.is_none_or(|b| (candidate.0, candidate.1, candidate.2) < (b.0, b.1, b.2)) {
                    best = Some(candidate);
                }
            }
        }
    }
    (best.map(|b| b.3), date)
}

/// The first date in `sentence`, in text order.
fn find_date(sentence: &str) -> Option<String> {
    let mut first: Option<(usize, String)> = None;
    for month in MONTHS {
        for (at, _) in sentence.match_indices(month) {
            if first.as_ref().is_some_and(|(f, _)| *f < at) {
                break;
            }
            let end = at + month.len();
            if !word_start(sentence, at) || !word_end(sentence, end) {
                continue;
            }
            let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
            let before = &sentence[..at];
            let day_before = before
                .strip_suffix(' ')
                .map(|b| b.bytes().rev().take_while(u8::is_ascii_digit).count())
                .filter(|&n| (1..=2).contains(&n));
            let from = day_before.map_or(at, |n| at - 1 - n);
            let mut to = end;
            if let Some(rest) = sentence[end..].strip_prefix(' ') {
                let n = digits(rest);
                if day_before.is_none() && (1..=2).contains(&n) {
                    to = end + 1 + n;
                    if let Some(year) = sentence[to..].strip_prefix(", ") {
                        if digits(year) == 4 {
                            to += 2 + 4;
                        }
                    }
                } else if n == 4 {
                    to = end + 1 + 4;
                }
            }
            if from == at && to == end {
                continue; // a bare month name ("May") is not a date
            }
            first = Some((from, sentence[from..to].to_string()));
            break;
        }
    }
    first.map(|(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> EnglishMatcher {
        EnglishMatcher::new(&[
            "Made in China 2025".to_string(),
            "Paris Agreement".to_string(),
            "14th Five-Year Plan".to_string(),
        ])
    }

    fn found(text: &str) -> Vec<(String, &'static str, Option<&'static str>, Option<String>)> {
        matcher()
            .find(text)
            .into_iter()
            .map(|c| {
                assert_eq!(&text[c.span.start..c.span.end], c.title);
                (c.title, c.category.as_str(), c.issuer, c.date)
            })
            .collect()
    }

    fn titles(text: &str) -> Vec<String> {
        found(text).into_iter().map(|f| f.0).collect()
    }

    #[test]
    fn forms_issuers_and_dates() {
        let got = found("The State Council released the Guidance Opinions on 17 January.");
        assert_eq!(
            got,
            [(
                "Guidance Opinions".into(),
                "policy",
                Some("国务院"),
                Some("17 January".into())
            )]
        );
        let got = found("The General Office of the State Council issued Opinions on Accelerating the Application of Blockchain Technology on March 3, 2021, and more in January 2022.");
        assert_eq!(
            got[0].0,
            "Opinions on Accelerating the Application of Blockchain Technology"
        );
        assert_eq!(got[0].2, Some("国务院办公厅"));
        assert_eq!(got[0].3.as_deref(), Some("March 3, 2021"));
        let got = found("We drafted the Outline of the 14th Five-Year Plan for National Economic and Social Development.");
        assert_eq!(
            got[0].0,
            "Outline of the 14th Five-Year Plan for National Economic and Social Development"
        );
        assert_eq!(got[0].1, "plan");
        let got = found("The Recommendations of the Central Committee of the Communist Party of China for Formulating the 15th Five-Year Plan were adopted.");
        assert_eq!(got[0].2, Some("中共中央"));
    }

    #[test]
    fn named_laws_registered_names_and_numbers() {
        assert_eq!(
            titles("We enforced the Data Security Law of the People's Republic of China, the Constitution, Document No.1 and the No. 1 central document."),
            [
                "Data Security Law of the People's Republic of China",
                "Constitution",
                "Document No.1",
                "No. 1 central document"
            ]
        );
        assert_eq!(
            titles("We followed the Master Plan for the Construction of Hainan Free Trade Port and the Action Plan for Carbon Dioxide Peaking Before 2030."),
            [
                "Master Plan for the Construction of Hainan Free Trade Port",
                "Action Plan for Carbon Dioxide Peaking Before 2030"
            ]
        );
        assert_eq!(
            titles(
                "Made in China 2025 and the Paris Agreement guide us in the 14th Five-Year Plan."
            ),
            [
                "Made in China 2025",
                "Paris Agreement",
                "14th Five-Year Plan"
            ]
        );
    }

    #[test]
    fn look_alikes() {
        for text in [
            "Opinions differ on this.",
            "the plan to build roads",
            "our opinions on growth",
            "No. 1 in the world",
            "Document No without a number",
            "in accordance with the law",
            "the Law",
            "the rule of Law",
            "during the 14th Five-Year Plan period",
            "Measures were taken.",
            "Show the Health Code and the QR Code.",
            "A Notice on Monday.",
            "A Plan for Tomorrow.",
            "Recommendations for Reading.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn english_inside_chinese_text() {
        assert_eq!(
            titles("我们落实了Made in China 2025和《中国制造2025》，the Paris Agreement很重要。"),
            ["Made in China 2025", "Paris Agreement"]
        );
        assert!(titles("发展AI和5G，推动Law").is_empty());
        assert_eq!(titles("按照Document No.1要求"), ["Document No.1"]);
    }

    #[test]
    fn many_citations_in_one_sentence() {
        // One "sentence" with many citations: details are searched in a bounded window, so
        // this stays linear (it took minutes when the whole sentence was searched).
        let text = "the Data Security Law, ".repeat(20_000);
        assert_eq!(found(&text).len(), 20_000);
    }
}
