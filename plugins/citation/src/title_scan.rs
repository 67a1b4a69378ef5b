//! Finding 《…》 title spans in the normalized text, with the titles nested inside them
//! (〈…〉, `<…>` or a second 《…》), across single line breaks but never across a paragraph.

use policyscan_api::text_rules::{is_line_break, line_break_weight};
use policyscan_api::Span;

/// The longest title content, in characters: the longest real titles (five-year plan
/// outlines inside a 印发 wrapper) are about 80.
pub const MAX_TITLE_CHARS: usize = 200;

/// One bracketed title: `span` includes the brackets, `content` is what is between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleSpan {
    pub span: Span,
    pub content: Span,
    /// Index (in the returned list) of the outermost title this one is nested in.
    pub outer: Option<usize>,
}

const OPEN: &str = "《";

/// Every closed title of `text`, in order of their opening bracket: an outer title is
/// followed by the titles nested in it. An unclosed 《 (no 》 before the paragraph ends,
/// a sentence end or [`MAX_TITLE_CHARS`]) is not a title; the scan resumes after it, so a
/// title that follows it is still found.
pub fn scan_titles(text: &str) -> Vec<TitleSpan> {
    let finder = memchr::memmem::Finder::new(OPEN.as_bytes());
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(found) = finder.find(&text.as_bytes()[pos..]) {
        let start = pos + found;
        match parse_at(text, start) {
            Some((end, nested)) => {
                let content = Span::new(start + OPEN.len(), end - "》".len());
                // An empty 《》 is no title, and has nothing nested in it.
                if !content.is_empty() {
                    let outer_index = out.len();
                    out.push(TitleSpan {
                        span: Span::new(start, end),
                        content,
                        outer: None,
                    });
                    out.extend(
                        nested
                            .into_iter()
                            .filter(|(_, content)| !content.is_empty())
                            .map(|(span, content)| TitleSpan {
                                span,
                                content,
                                outer: Some(outer_index),
                            }),
                    );
                }
                pos = end;
            }
            None => pos = start + OPEN.len(),
        }
    }
    out
}

/// Brackets that can open a nested title, and the one closing each.
fn closing_of(open: char) -> Option<char> {
    match open {
        '《' => Some('》'),
        '〈' => Some('〉'),
        '<' => Some('>'),
        _ => None,
    }
}

/// Parses the title opening at `start` (a 《): its end (after the closing 》) and the
/// nested titles (span, content), sorted by start.
fn parse_at(text: &str, start: usize) -> Option<(usize, Vec<(Span, Span)>)> {
    let mut stack: Vec<(char, usize)> = vec![('《', start)];
    let mut nested = Vec::new();
    let mut chars = 0usize;
    let mut line_breaks = 0usize;
    let mut before = None;
    for (offset, c) in text[start + OPEN.len()..].char_indices() {
        let at = start + OPEN.len() + offset;
        chars += 1;
        if chars > MAX_TITLE_CHARS {
            return None;
        }
        let weight = line_break_weight(c, before);
        before = Some(c);
        if is_line_break(c) {
            line_breaks += weight;
            if line_breaks >= 2 {
                return None; // a paragraph break: the title never closed
            }
            continue;
        }
        if !c.is_whitespace() {
            line_breaks = 0;
        }
        if matches!(c, '。' | '！' | '？' | '；') {
            return None;
        }
        if closing_of(c).is_some() {
            stack.push((c, at));
            continue;
        }
        let Some(open_index) = stack.iter().rposition(|(o, _)| closing_of(*o) == Some(c)) else {
            continue;
        };
        // A closer pops its opener and any unclosed openers inside it.
        let (_, open_at) = stack[open_index];
        stack.truncate(open_index);
        let end = at + c.len_utf8();
        if stack.is_empty() {
            nested.sort_by_key(|(s, _): &(Span, Span)| (s.start, std::cmp::Reverse(s.end)));
            return Some((end, nested));
        }
        let open_len = text[open_at..].chars().next().map_or(1, char::len_utf8);
        nested.push((Span::new(open_at, end), Span::new(open_at + open_len, at)));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(text: &str) -> Vec<(&str, Option<usize>)> {
        scan_titles(text)
            .iter()
            .map(|t| (&text[t.content.start..t.content.end], t.outer))
            .collect()
    }

    #[test]
    fn plain_and_nested_titles() {
        assert_eq!(
            contents("根据《数据安全法》和《国务院关于印发〈新一代人工智能发展规划〉的通知》。"),
            [
                ("数据安全法", None),
                ("国务院关于印发〈新一代人工智能发展规划〉的通知", None),
                ("新一代人工智能发展规划", Some(1)),
            ]
        );
        assert_eq!(
            contents("《国务院关于印发《中国制造2025》的通知》"),
            [
                ("国务院关于印发《中国制造2025》的通知", None),
                ("中国制造2025", Some(0)),
            ]
        );
        assert_eq!(
            contents("《关于印发<方案>的通知》"),
            [("关于印发<方案>的通知", None), ("方案", Some(0))]
        );
    }

    #[test]
    fn line_breaks_paragraphs_and_unclosed() {
        assert_eq!(
            contents("《规划和\n2035年远景目标纲要》"),
            [("规划和\n2035年远景目标纲要", None)]
        );
        // Unclosed before a paragraph break: not a title, and the next one is still found.
        assert_eq!(
            contents("学习《未完的标题\n\n第二段《数据安全法》。"),
            [("数据安全法", None)]
        );
        assert_eq!(contents("《》和《 》"), [(" ", None)]);
        assert_eq!(contents("《没有结尾。后面《条例》"), [("条例", None)]);
        let long = format!("《{}》", "字".repeat(MAX_TITLE_CHARS + 1));
        assert!(contents(&long).is_empty());
    }

    /// Line breaks count as the normalizer counts them: CR LF is one, and two CRs or a
    /// paragraph separator end a paragraph.
    #[test]
    fn every_kind_of_line_break() {
        assert_eq!(contents("《规划和\r\n纲要》"), [("规划和\r\n纲要", None)]);
        for paragraph in ["\r\r", "\u{2029}", "\r\n\r\n"] {
            assert_eq!(
                contents(&format!(
                    "学习《未完的标题{paragraph}第二段《数据安全法》。"
                )),
                [("数据安全法", None)],
                "{paragraph:?}"
            );
        }
    }
}
