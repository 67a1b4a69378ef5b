//! Citations in English text: document names in title case after a form word ("Guidance
//! Opinions", "Opinions on Accelerating …", "the Outline of the 14th Five-Year Plan",
//! "Measures for Promoting …"), named laws ("the Data Security Law", "the Civil Code"),
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
    /// Connectors after which a title-case name continues the title.
    connectors: &'static [&'static str],
    /// The form word alone is a citation ("Guidance Opinions"); otherwise a name must follow.
    alone: bool,
}

const ON: &[&str] = &["on", "for", "of", "about", "concerning"];

/// "Law on the Protection of …"; "the Data Security Law" is a named law instead.
const LAW_FORM: Form = Form {
    word: "Law",
    category: Category::Law,
    connectors: ON,
    alone: false,
};

const FORMS: &[Form] = &[
    Form {
        word: "Guidance Opinions",
        category: Category::Policy,
        connectors: ON,
        alone: true,
    },
    Form {
        word: "Guiding Opinions",
        category: Category::Policy,
        connectors: ON,
        alone: true,
    },
    Form {
        word: "Implementation Opinions",
        category: Category::Policy,
        connectors: ON,
        alone: true,
    },
    Form {
        word: "Several Opinions",
        category: Category::Policy,
        connectors: ON,
        alone: false,
    },
    Form {
        word: "Opinions",
        category: Category::Policy,
        connectors: ON,
        alone: false,
    },
    Form {
        word: "Guidelines",
        category: Category::Policy,
        connectors: ON,
        alone: false,
    },
    Form {
        word: "Measures",
        category: Category::Policy,
        connectors: ON,
        alone: false,
    },
    Form {
        word: "Decision",
        category: Category::Policy,
        connectors: ON,
        alone: false,
    },
    Form {
        word: "Notice",
        category: Category::Policy,
        connectors: ON,
        alone: false,
    },
    Form {
        word: "Proposals",
        category: Category::Policy,
        connectors: ON,
        alone: false,
    },
    Form {
        word: "Recommendations",
        category: Category::Policy,
        connectors: ON,
        alone: false,
    },
    Form {
        word: "Regulations",
        category: Category::Law,
        connectors: ON,
        alone: false,
    },
    Form {
        word: "Provisions",
        category: Category::Law,
        connectors: ON,
        alone: false,
    },
    LAW_FORM,
    Form {
        word: "Action Plan",
        category: Category::Plan,
        connectors: ON,
        alone: false,
    },
    Form {
        word: "Outline",
        category: Category::Plan,
        connectors: ON,
        alone: false,
    },
    Form {
        word: "Plan",
        category: Category::Plan,
        connectors: &["for", "on"],
        alone: false,
    },
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

/// Finds English citations; built once, shared across threads.
#[derive(Debug, Clone)]
pub struct EnglishMatcher {
    anchors: AhoCorasick,
    anchor_words: Vec<&'static str>,
}

impl Default for EnglishMatcher {
    fn default() -> Self {
        EnglishMatcher::new()
    }
}

impl EnglishMatcher {
    pub fn new() -> EnglishMatcher {
        let mut anchor_words: Vec<&'static str> = FORMS.iter().map(|f| f.word).collect();
        anchor_words.extend([
            "Code",
            "Constitution",
            "Document No.",
            "Central Document",
            "central document",
        ]);
        let anchors = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&anchor_words)
            .unwrap_or_else(|e| panic!("English anchors: {e}"));
        EnglishMatcher {
            anchors,
            anchor_words,
        }
    }

    /// Every English citation of `text`, in order, not overlapping.
    pub fn find(&self, text: &str) -> Vec<EnglishCitation> {
        let mut out: Vec<EnglishCitation> = Vec::new();
        let mut consumed = 0;
        for m in self.anchors.find_iter(text) {
            if m.start() < consumed || !word_bounded(text, m.start(), m.end()) {
                continue;
            }
            let word = self.anchor_words[m.pattern().as_usize()];
            let found = match word {
                "Document No." => document_number(text, m.start(), m.end()),
                "Central Document" | "central document" => {
                    central_document(text, m.start(), m.end())
                }
                "Code" | "Constitution" => named_law(text, m.start(), m.end()),
                "Law" => form_citation(text, &LAW_FORM, m.start(), m.end())
                    .or_else(|| named_law(text, m.start(), m.end())),
                _ => FORMS
                    .iter()
                    .find(|f| f.word == word)
                    .and_then(|form| form_citation(text, form, m.start(), m.end())),
            };
            if let Some((span, title, category)) = found {
                if span.start < consumed {
                    continue;
                }
                consumed = span.end;
                let (issuer, date) = sentence_details(text, span);
                out.push(EnglishCitation {
                    span,
                    title,
                    category,
                    issuer,
                    date,
                });
            }
        }
        out
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'\''
}

fn word_bounded(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    (start == 0 || !is_word_byte(b[start - 1])) && (end == b.len() || !is_word_byte(b[end]))
}

/// The word at `at` (letters, digits, '-', '\''), if any.
fn word_at(text: &str, at: usize) -> Option<&str> {
    let b = text.as_bytes();
    let len = b[at..].iter().take_while(|&&c| is_word_byte(c)).count();
    (len > 0).then(|| &text[at..at + len])
}

fn is_title_word(w: &str) -> bool {
    let first = w.as_bytes()[0];
    first.is_ascii_uppercase()
        || (first.is_ascii_digit() && w.bytes().any(|b| b.is_ascii_alphabetic()))
}

/// A title-case name starting at `at`: words separated by single spaces, lowercase small
/// words allowed inside, ending on a title-case word. Returns its end.
fn name_from(text: &str, at: usize) -> Option<usize> {
    let mut pos = at;
    let mut end = None;
    let mut previous = "";
    for _ in 0..MAX_NAME_WORDS {
        let Some(w) = word_at(text, pos) else { break };
        // "… Technology on March 3": a date, not part of the name.
        if MONTHS.contains(&w) && matches!(previous, "on" | "in" | "since" | "by") {
            break;
        }
        previous = w;
        if is_title_word(w) {
            end = Some(pos + w.len());
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

/// "Opinions on Accelerating the Application of Blockchain Technology", "Guidance
/// Opinions", "the Outline of the 14th Five-Year Plan".
fn form_citation(
    text: &str,
    form: &Form,
    start: usize,
    end: usize,
) -> Option<(Span, String, Category)> {
    let mut title_end = None;
    for connector in form.connectors {
        let after = end + 1 + connector.len() + 1;
        if text.get(end..after) == Some(&format!(" {connector} ")) {
            title_end = name_from(text, after);
            if title_end.is_some() {
                break;
            }
        }
    }
    let title_end = match title_end {
        Some(e) => e,
        None if form.alone => end,
        None => return None,
    };
    Some((
        Span::new(start, title_end),
        text[start..title_end].to_string(),
        form.category,
    ))
}

/// "Document No. 1" (the number is required).
fn document_number(text: &str, start: usize, end: usize) -> Option<(Span, String, Category)> {
    let rest = text.get(end..)?;
    let rest_trim = rest.strip_prefix(' ').unwrap_or(rest);
    let digits = rest_trim.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let stop = end + (rest.len() - rest_trim.len()) + digits;
    if text
        .as_bytes()
        .get(stop)
        .is_some_and(|b| b.is_ascii_alphanumeric())
    {
        return None;
    }
    Some((
        Span::new(start, stop),
        text[start..stop].to_string(),
        Category::Policy,
    ))
}

/// "the No. 1 central document".
fn central_document(text: &str, start: usize, end: usize) -> Option<(Span, String, Category)> {
    let before = &text[..start];
    let before = before.strip_suffix(' ')?;
    let digits = before.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let number_start = before.len() - digits;
    let no = before[..number_start]
        .strip_suffix("No. ")
        .or_else(|| before[..number_start].strip_suffix("No."))?;
    let from = no.len();
    Some((
        Span::new(from, end),
        text[from..end].to_string(),
        Category::Policy,
    ))
}

/// "the Data Security Law", "the Civil Code": one to six title-case words after "the".
fn named_law(text: &str, start: usize, end: usize) -> Option<(Span, String, Category)> {
    let mut from = start;
    let mut words = 0;
    loop {
        let before = text[..from].strip_suffix(' ')?;
        if before.ends_with("the") && !before.ends_with("the-") {
            let the = before.len() - 3;
            if the == 0 || !is_word_byte(text.as_bytes()[the - 1]) {
                break;
            }
        }
        let word_len = before
            .bytes()
            .rev()
            .take_while(|&b| is_word_byte(b))
            .count();
        let word = &before[before.len() - word_len..];
        if word_len == 0 || !is_title_word(word) || words == 6 {
            return None;
        }
        from = before.len() - word_len;
        words += 1;
    }
    if words == 0 && !text[start..end].starts_with("Constitution") {
        return None;
    }
    Some((
        Span::new(from, end),
        text[from..end].to_string(),
        Category::Law,
    ))
}

/// The sentence around `span`: from after the previous ". " (or line break) to the next.
fn sentence(text: &str, span: Span) -> (usize, usize) {
    let b = text.as_bytes();
    let mut s = span.start;
    while s > 0 && !(b[s - 1] == b'\n' || (s >= 2 && b[s - 2] == b'.' && b[s - 1] == b' ')) {
        s -= 1;
    }
    let mut e = span.end;
    while e < b.len() && b[e] != b'\n' && !(b[e] == b'.' && b.get(e + 1).is_none_or(|c| *c == b' '))
    {
        e += 1;
    }
    (s, e)
}

/// The issuing body nearest before the citation in its sentence (else nearest after),
/// and a date ("on 17 January", "January 17, 2020", "in March 2021") in the sentence.
fn sentence_details(text: &str, span: Span) -> (Option<&'static str>, Option<String>) {
    let (s, e) = sentence(text, span);
    let date = find_date(&text[s..e]);
    // A name that contains its issuer: "Recommendations of the Central Committee of the
    // Communist Party of China for …".
    let cited = &text[span.start..span.end];
    let inside = CENTRAL_BODIES
        .iter()
        .flat_map(|b| {
            b.english
                .iter()
                .map(move |n| (b.name, n.strip_prefix("the ").unwrap_or(n)))
        })
        .filter_map(|(body, n)| {
            cited
                .find(n)
                .map(|at| (at, std::cmp::Reverse(n.len()), body))
        })
        .min();
    if let Some((_, _, body)) = inside {
        return (Some(body), date);
    }
    // (distance, name length, body): the nearest name wins, measured from its end, and
    // the longest at equal distance ("General Office of the State Council" over "State
    // Council" inside it). Names after the citation count only when none precedes it.
    let mut best: Option<(usize, std::cmp::Reverse<usize>, &'static str)> = None;
    for body in CENTRAL_BODIES {
        for name in body.english {
            // Without the leading "the", which a sentence may capitalize or drop.
            let name = name.strip_prefix("the ").unwrap_or(name);
            for (at, _) in text[s..e].match_indices(name) {
                let at = s + at;
                let name_end = at + name.len();
                if !word_bounded(text, at, name_end) || (at < span.end && span.start < name_end) {
                    continue;
                }
                let distance = if name_end <= span.start {
                    span.start - name_end
                } else {
                    at - span.end + text.len()
                };
                let candidate = (distance, std::cmp::Reverse(name.len()), body.name);
                if best.is_none_or(|b| (candidate.0, candidate.1) < (b.0, b.1)) {
                    best = Some(candidate);
                }
            }
        }
    }
    (best.map(|(_, _, n)| n), date)
}

fn find_date(sentence: &str) -> Option<String> {
    for month in MONTHS {
        for (at, _) in sentence.match_indices(month) {
            let end = at + month.len();
            if !word_bounded(sentence, at, end) {
                continue;
            }
            let before = &sentence[..at];
            let after = &sentence[end..];
            let day_before = before
                .strip_suffix(' ')
                .map(|b| b.bytes().rev().take_while(u8::is_ascii_digit).count())
                .filter(|&n| (1..=2).contains(&n));
            let from = day_before.map_or(at, |n| at - 1 - n);
            let mut to = end;
            let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
            if let Some(rest) = after.strip_prefix(' ') {
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
            return Some(sentence[from..to].to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, &'static str, Option<&'static str>, Option<String>)> {
        EnglishMatcher::new()
            .find(text)
            .into_iter()
            .map(|c| {
                assert_eq!(&text[c.span.start..c.span.end], c.title);
                (c.title, c.category.as_str(), c.issuer, c.date)
            })
            .collect()
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
        let got = found("The General Office of the State Council issued Opinions on Accelerating the Application of Blockchain Technology on March 3, 2021, and more.");
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
        let got = found("We enforced the Data Security Law and the Civil Code; Document No. 1 and the No. 1 central document.");
        let titles: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Data Security Law",
                "Civil Code",
                "Document No. 1",
                "No. 1 central document"
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
            "the 14th Five-Year Plan period",
            "Measures were taken.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
