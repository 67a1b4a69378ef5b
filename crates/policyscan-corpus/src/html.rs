//! HTML → plain text, with an offset map back to the HTML source.
//!
//! Reports saved from government web sites are HTML; analyzers must see the words only, yet
//! every finding has to point at the bytes of the file on disk. So this is not a DOM parser
//! but one forgiving left-to-right pass that records each edit in an [`OffsetMap`]:
//!
//! - tags, comments, `<!DOCTYPE>`, CDATA and processing instructions are deleted;
//! - `<script>`, `<style>`, `<noscript>`, `<template>` and `<title>` are deleted with their
//!   content (the first `<title>` is kept aside as [`ExtractedText::title`]); so is the
//!   other text of `<head>`;
//! - block-level tags, table cells included, become one `"\n"` each, mapped to the tag. Both
//!   the end and the start tag count, so adjacent blocks (`</p><p>`, `</li><li>`,
//!   `</td><td>`, `</div><div>`) are separated by at least two line breaks, which the
//!   normalizer keeps as a paragraph break: `<td>扩大</td><td>数据开放</td>` never becomes
//!   one word. A lone `<br>` inside a paragraph is one line break, which the normalizer may
//!   join like any wrapped line;
//! - character references (`&amp;`, `&ldquo;`, `&shy;`, `&zwj;`, `&#20013;`, `&#x4E2D;` …)
//!   are decoded; unknown or unterminated ones stay verbatim. Invisible characters such as
//!   the soft hyphen and zero-width joiners are decoded, not dropped: the normalizer decides
//!   what to do with them.
//!
//! Malformed input never panics: a `<` that does not start a tag is text, an unclosed
//! comment or tag is text, an unclosed `<script>` runs to the end of the file.

use crate::offset_map::{OffsetMap, OffsetMapBuilder};

/// The visible text of an HTML document.
#[derive(Debug, Clone)]
pub struct ExtractedText {
    pub text: String,
    /// Derived = `text`, source = the HTML.
    pub map: OffsetMap,
    /// Content of the first `<title>`, entities decoded, whitespace collapsed, trimmed.
    pub title: Option<String>,
}

/// Extracts the visible text of `html`; see the module documentation for the rules.
pub fn extract_text(html: &str) -> ExtractedText {
    let mut x = Extractor::new(html);
    x.run();
    ExtractedText {
        text: x.text,
        map: x.map.finish(),
        title: x.title,
    }
}

/// Elements whose content is never visible text.
const HIDDEN_ELEMENTS: &[&str] = &["script", "style", "noscript", "template", "title"];

/// Elements that may appear in `<head>`; any other start tag ends it, as in browsers.
const HEAD_ELEMENTS: &[&str] = &[
    "base", "link", "meta", "noscript", "script", "style", "template", "title",
];

/// Elements whose start and end tags each become a line break (table cells included, so
/// adjacent cells are a paragraph apart rather than one word).
const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Named character references that occur in Chinese and English report pages.
const NAMED_ENTITIES: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{A0}'),
    ("ldquo", '\u{201C}'),
    ("rdquo", '\u{201D}'),
    ("lsquo", '\u{2018}'),
    ("rsquo", '\u{2019}'),
    ("mdash", '\u{2014}'),
    ("ndash", '\u{2013}'),
    ("hellip", '\u{2026}'),
    ("middot", '\u{B7}'),
    ("bull", '\u{2022}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("laquo", '\u{AB}'),
    ("raquo", '\u{BB}'),
    ("times", '\u{D7}'),
    ("divide", '\u{F7}'),
    ("copy", '\u{A9}'),
    ("reg", '\u{AE}'),
    ("deg", '\u{B0}'),
    ("plusmn", '\u{B1}'),
    ("yen", '\u{A5}'),
    ("shy", '\u{AD}'),
    ("zwj", '\u{200D}'),
    ("zwnj", '\u{200C}'),
    ("lrm", '\u{200E}'),
    ("rlm", '\u{200F}'),
];

/// One piece of markup starting at a `<`.
#[derive(Debug, PartialEq, Eq)]
enum Markup {
    /// Comment, doctype, CDATA, processing instruction.
    Other,
    Start {
        name: String,
        self_closing: bool,
    },
    End {
        name: String,
    },
}

struct Extractor<'a> {
    src: &'a str,
    text: String,
    map: OffsetMapBuilder,
    title: Option<String>,
    in_head: bool,
    /// Derived (start, len) of every replaced or deleted piece, for the property test.
    #[cfg(test)]
    edits: Vec<(usize, usize)>,
}

impl<'a> Extractor<'a> {
    fn new(src: &'a str) -> Self {
        Extractor {
            src,
            text: String::with_capacity(src.len() / 2),
            map: OffsetMapBuilder::new(),
            title: None,
            in_head: false,
            #[cfg(test)]
            edits: Vec::new(),
        }
    }

    fn run(&mut self) {
        let bytes = self.src.as_bytes();
        let mut i = 0;
        let mut run_start = 0;
        while i < bytes.len() {
            let parsed = match bytes[i] {
                b'<' => parse_markup(self.src, i).map(|(end, m)| (end, Some(m), None)),
                b'&' => parse_entity(self.src, i).map(|(end, c)| (end, None, Some(c))),
                _ => None,
            };
            match parsed {
                Some((mut end, markup, entity)) => {
                    self.text_run(run_start, i);
                    if let Some(m) = markup {
                        end = self.markup(i, end, m);
                    }
                    if let Some(c) = entity {
                        self.entity(end - i, c);
                    }
                    i = end;
                    run_start = end;
                }
                None => i += 1,
            }
        }
        self.text_run(run_start, bytes.len());
    }

    /// Literal text `src[start..end]`: copied, unless it is head whitespace.
    fn text_run(&mut self, start: usize, end: usize) {
        if start == end {
            return;
        }
        let run = &self.src[start..end];
        if self.in_head {
            if run.chars().all(char::is_whitespace) {
                self.delete(end - start);
                return;
            }
            // Visible text ends the head, as in browsers.
            self.in_head = false;
        }
        self.text.push_str(run);
        self.map.copy(end - start);
    }

    fn entity(&mut self, source_len: usize, c: char) {
        if self.in_head {
            if c.is_whitespace() {
                self.delete(source_len);
                return;
            }
            self.in_head = false;
        }
        let mut buf = [0u8; 4];
        self.replace(source_len, c.encode_utf8(&mut buf));
    }

    /// Handles markup `src[start..end]`; returns where the text resumes (past the content
    /// of a hidden element).
    fn markup(&mut self, start: usize, end: usize, markup: Markup) -> usize {
        let len = end - start;
        match markup {
            Markup::Other => self.delete(len),
            Markup::End { name } => {
                if name == "head" {
                    self.in_head = false;
                }
                self.tag(&name, len);
            }
            Markup::Start { name, self_closing } => {
                if self.in_head && !HEAD_ELEMENTS.contains(&name.as_str()) {
                    self.in_head = false;
                }
                if name == "head" {
                    self.in_head = true;
                } else if name == "body" {
                    self.in_head = false;
                }
                if !self_closing && HIDDEN_ELEMENTS.contains(&name.as_str()) {
                    return self.hidden_element(&name, start, end);
                }
                self.tag(&name, len);
            }
        }
        end
    }

    /// A start or end tag of `len` bytes: a line break for block elements, else nothing.
    fn tag(&mut self, name: &str, len: usize) {
        if self.in_head {
            self.delete(len);
        } else if BLOCK_ELEMENTS.contains(&name) {
            self.replace(len, "\n");
        } else {
            self.delete(len);
        }
    }

    /// Deletes an element with invisible content from its start tag `[start, content_start)`
    /// through its end tag (or the end of the file), keeping the first title.
    fn hidden_element(&mut self, name: &str, start: usize, content_start: usize) -> usize {
        let (content_end, end) = find_end_tag(self.src, content_start, name);
        if name == "title" && self.title.is_none() {
            self.title = clean_title(&self.src[content_start..content_end]);
        }
        self.delete(end - start);
        end
    }

    fn replace(&mut self, source_len: usize, with: &str) {
        #[cfg(test)]
        self.edits.push((self.text.len(), with.len()));
        self.text.push_str(with);
        self.map.replace(source_len, with.len());
    }

    fn delete(&mut self, source_len: usize) {
        #[cfg(test)]
        self.edits.push((self.text.len(), 0));
        self.map.delete(source_len);
    }
}

/// Parses the markup starting with `<` at `start`; `None` when the `<` is plain text.
/// Returns the end offset (just past the closing `>`).
fn parse_markup(src: &str, start: usize) -> Option<(usize, Markup)> {
    let bytes = src.as_bytes();
    let rest = &src[start..];
    let after = |needle: &str, from: usize| {
        src[from..]
            .find(needle)
            .map(|pos| from + pos + needle.len())
    };
    if rest.starts_with("<!--") {
        return after("-->", start + 4).map(|end| (end, Markup::Other));
    }
    if rest.starts_with("<![CDATA[") {
        return after("]]>", start + 9).map(|end| (end, Markup::Other));
    }
    let next = *bytes.get(start + 1)?;
    if next == b'!' || next == b'?' {
        return after(">", start + 2).map(|end| (end, Markup::Other));
    }
    let closing = next == b'/';
    let name_start = start + 1 + usize::from(closing);
    if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let name_end = bytes[name_start..]
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'_')))
        .map_or(bytes.len(), |p| name_start + p);
    let name = src[name_start..name_end].to_ascii_lowercase();
    let close = find_tag_close(bytes, name_end)?;
    let end = close + 1;
    if closing {
        return Some((end, Markup::End { name }));
    }
    let self_closing = close > name_end && bytes[close - 1] == b'/';
    Some((end, Markup::Start { name, self_closing }))
}

/// Offset of the `>` closing a tag whose attributes start at `from`. Quoted attribute
/// values may contain `>`; if a quote is never closed, the first `>` is taken instead.
fn find_tag_close(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    let mut after_equals = false;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        if let Some(q) = quote {
            if b == q {
                quote = None;
            }
            continue;
        }
        match b {
            b'>' => return Some(i),
            b'"' | b'\'' if after_equals => quote = Some(b),
            b'=' => {
                after_equals = true;
                continue;
            }
            _ if b.is_ascii_whitespace() => continue,
            _ => {}
        }
        after_equals = false;
    }
    memchr::memchr(b'>', &bytes[from..]).map(|p| from + p)
}

/// Finds the end tag `</name` from `from`: returns (start of the end tag, offset just past
/// its `>`); both are the end of the file when there is none.
fn find_end_tag(src: &str, from: usize, name: &str) -> (usize, usize) {
    let bytes = src.as_bytes();
    let mut pos = from;
    while let Some(p) = memchr::memmem::find(&bytes[pos..], b"</") {
        let tag_start = pos + p;
        let name_start = tag_start + 2;
        let name_end = name_start + name.len();
        let name_matches = bytes
            .get(name_start..name_end)
            .is_some_and(|candidate| candidate.eq_ignore_ascii_case(name.as_bytes()));
        let boundary = bytes
            .get(name_end)
            .is_none_or(|b| !b.is_ascii_alphanumeric());
        if name_matches && boundary {
            let end =
                memchr::memchr(b'>', &bytes[name_end..]).map_or(bytes.len(), |q| name_end + q + 1);
            return (tag_start, end);
        }
        pos = name_start;
    }
    (bytes.len(), bytes.len())
}

/// Parses a character reference starting with `&` at `start`; `None` leaves it verbatim.
/// Returns the end offset (just past `;`) and the character.
fn parse_entity(src: &str, start: usize) -> Option<(usize, char)> {
    let bytes = src.as_bytes();
    let body = start + 1;
    if bytes.get(body) == Some(&b'#') {
        let hex = matches!(bytes.get(body + 1), Some(b'x' | b'X'));
        let digits_start = body + 1 + usize::from(hex);
        let radix = if hex { 16 } else { 10 };
        let digits = bytes[digits_start.min(bytes.len())..]
            .iter()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        let digits_end = digits_start + digits;
        if digits == 0 || digits > 8 || bytes.get(digits_end) != Some(&b';') {
            return None;
        }
        let code = u32::from_str_radix(&src[digits_start..digits_end], radix).ok()?;
        let c = char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}');
        return Some((digits_end + 1, c));
    }
    let name_len = bytes[body.min(bytes.len())..]
        .iter()
        .take(16)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let name_end = body + name_len;
    if name_len == 0 || bytes.get(name_end) != Some(&b';') {
        return None;
    }
    let name = &src[body..name_end];
    NAMED_ENTITIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, c)| (name_end + 1, c))
}

/// Title text: entities decoded, whitespace runs collapsed to one space, trimmed.
fn clean_title(raw: &str) -> Option<String> {
    let mut decoded = String::with_capacity(raw.len());
    let mut i = 0;
    let mut run_start = 0;
    while let Some(p) = raw[i..].find('&') {
        let amp = i + p;
        match parse_entity(raw, amp) {
            Some((end, c)) => {
                decoded.push_str(&raw[run_start..amp]);
                decoded.push(c);
                i = end;
                run_start = end;
            }
            None => i = amp + 1,
        }
    }
    decoded.push_str(&raw[run_start..]);
    let title = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn source_of<'a>(html: &'a str, x: &ExtractedText, needle: &str) -> &'a str {
        let start = x.text.find(needle).expect("needle in text");
        let (s, e) = x.map.map_span(start, start + needle.len());
        &html[s..e]
    }

    #[test]
    fn inline_tags_inside_a_word_map_back_to_the_source() {
        let html = "<p>区块<b>链</b></p>";
        let x = extract_text(html);
        assert_eq!(x.text, "\n区块链\n");
        assert_eq!(source_of(html, &x, "区块链"), "区块<b>链");
        assert_eq!(source_of(html, &x, "链"), "链");
        assert_eq!(x.map.source_len(), html.len());
        assert_eq!(x.map.derived_len(), x.text.len());
    }

    #[test]
    fn block_tags_become_newlines_mapped_to_the_tag() {
        let html = "<div>一</div><br/>二<li>三";
        let x = extract_text(html);
        assert_eq!(x.text, "\n一\n\n二\n三");
        assert_eq!(x.map.map_span(0, 1), (0, 5));
        assert_eq!(x.map.map_span(4, 5), (8, 14));
        assert_eq!(x.map.map_span(5, 6), (14, 19));
    }

    #[test]
    fn scripts_styles_comments_and_head_are_dropped() {
        let html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">\n<title> 2020年 &amp; 北京\n \
                    </title><style>p { color: red }</style><script>var a = '<p>x</p>';</script>\
                    </head><body><!-- 注释 <p> --><p>正文</p><noscript>开启</noscript>\
                    <template><p>模板</p></template><SCRIPT type=x>if (a<b) {}</SCRIPT >尾</body></html>";
        let x = extract_text(html);
        assert_eq!(x.text, "\n正文\n尾");
        assert_eq!(x.title.as_deref(), Some("2020年 & 北京"));
        assert_eq!(source_of(html, &x, "尾"), "尾");
    }

    #[test]
    fn head_without_end_tag_ends_at_first_body_element() {
        let x = extract_text("<html><head><title>T</title><p>正文");
        assert_eq!(x.text, "\n正文");
        assert_eq!(x.title.as_deref(), Some("T"));
    }

    #[test]
    fn entities_are_decoded_and_unknown_ones_kept() {
        let html =
            "&ldquo;区块链+&rdquo;&nbsp;&#20013;&#x56FD;&amp;&lt;a&gt; &foo; &amp &#; &#xZZ;";
        let x = extract_text(html);
        assert_eq!(x.text, "“区块链+”\u{A0}中国&<a> &foo; &amp &#; &#xZZ;");
        assert_eq!(source_of(html, &x, "中"), "&#20013;");
        assert_eq!(source_of(html, &x, "“区块链+”"), "&ldquo;区块链+&rdquo;");
        let x = extract_text("&#0;&#x110000;&#55296;");
        assert_eq!(x.text, "\u{FFFD}\u{FFFD}\u{FFFD}");
        let html = "区&shy;块&zwj;链&zwnj;+&lrm;a&rlm;b";
        let x = extract_text(html);
        assert_eq!(x.text, "区\u{AD}块\u{200D}链\u{200C}+\u{200E}a\u{200F}b");
        assert_eq!(source_of(html, &x, "\u{AD}"), "&shy;");
        assert_eq!(source_of(html, &x, "\u{200F}"), "&rlm;");
    }

    #[test]
    fn malformed_html_does_not_panic_and_keeps_text() {
        let cases = [
            ("a < b > c", "a < b > c"),
            ("x<y", "x<y"),
            ("<p", "<p"),
            ("<!-- open", "<!-- open"),
            ("1 &amp", "1 &amp"),
            ("&", "&"),
            ("<", "<"),
            ("</", "</"),
            ("<script>alert(1)", ""),
            ("<a href=\"x>y\">链接</a>", "链接"),
            ("<a title='它's'>字</a>", "字"),
            ("<a href=\"unterminated>文</a>", "文"),
        ];
        for (html, text) in cases {
            let x = extract_text(html);
            assert_eq!(x.text, text, "{html}");
            assert_eq!(x.map.source_len(), html.len(), "{html}");
        }
    }

    #[test]
    fn table_cells_are_separated_like_paragraphs() {
        let x = extract_text("<table><tr><td>北京</td><td>2020</td></tr></table>");
        assert_eq!(x.text, "\n\n\n北京\n\n2020\n\n\n");
        let html = "<tr><td>扩大</td><th>数据开放</th></tr>";
        let x = extract_text(html);
        assert_eq!(x.text, "\n\n扩大\n\n数据开放\n\n");
        assert!(!x.text.contains('\t'));
        assert_eq!(source_of(html, &x, "扩大\n\n"), "扩大</td><th>");
    }

    #[test]
    fn adjacent_blocks_are_two_line_breaks_apart_and_br_is_one() {
        for (html, a, b) in [
            (
                "<ul><li>二、区块</li><li>链条延伸</li></ul>",
                "区块",
                "链条",
            ),
            ("<p>区块</p><p>链条</p>", "区块", "链条"),
            (
                "<table><tr><td>区块</td><td>链条</td></tr></table>",
                "区块",
                "链条",
            ),
            ("<div>区块</div><div>链条</div>", "区块", "链条"),
            ("<TD class=x>区块</TD>\n<TH>链条</TH>", "区块", "链条"),
        ] {
            let text = extract_text(html).text;
            let (start, end) = (text.find(a).expect(a) + a.len(), text.find(b).expect(b));
            let between = &text[start..end];
            assert!(between.contains("\n\n"), "{html:?} -> {text:?}");
            assert!(
                between.chars().all(char::is_whitespace),
                "{html:?} -> {text:?}"
            );
        }
        assert_eq!(
            extract_text("<ul><li>二、区块</li><li>链条延伸</li></ul>").text,
            "\n\n二、区块\n\n链条延伸\n\n"
        );
        assert_eq!(extract_text("<p>区块<br>链条</p>").text, "\n区块\n链条\n");
        assert_eq!(extract_text("<p>区块<br/>链条</p>").text, "\n区块\n链条\n");
    }

    /// Derived spans `[a, b)` that neither overlap a replacement nor contain a deletion
    /// strictly inside were copied verbatim.
    fn copied_verbatim(edits: &[(usize, usize)], a: usize, b: usize) -> bool {
        edits.iter().all(|&(start, len)| {
            if len == 0 {
                !(a < start && start < b)
            } else {
                b <= start || start + len <= a
            }
        })
    }

    proptest! {
        #[test]
        fn every_span_maps_into_the_source(
            pieces in prop::collection::vec(prop::sample::select(vec![
                "<p>", "</p>", "<b>", "</b>", "<br/>", "<div class=\"a>b\">", "<script>", "</script>",
                "<!--", "-->", "<title>", "</title>", "<head>", "</head>", "&amp;", "&#x4E2D;",
                "&#20013;", "&nbsp;", "&bogus;", "&", "<", ">", "/", "\"", "区", "块", "链", "a",
                " ", "\n", "é", "<td>", "</td>", "&shy;", "&zwj;", "<!DOCTYPE html>",
            ]), 0..40)
        ) {
            let html: String = pieces.concat();
            let mut x = Extractor::new(&html);
            x.run();
            let edits = std::mem::take(&mut x.edits);
            let text = x.text.clone();
            let map = x.map.finish();
            prop_assert_eq!(map.derived_len(), text.len());
            prop_assert_eq!(map.source_len(), html.len());
            let bounds: Vec<usize> =
                text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            for (ai, &a) in bounds.iter().enumerate() {
                for &b in &bounds[ai..] {
                    let (s, e) = map.map_span(a, b);
                    prop_assert!(s <= e && e <= html.len(), "{a}..{b} -> {s}..{e}");
                    prop_assert!(html.is_char_boundary(s) && html.is_char_boundary(e));
                    if copied_verbatim(&edits, a, b) {
                        prop_assert_eq!(&html[s..e], &text[a..b], "span {}..{}", a, b);
                    }
                }
            }
        }
    }
}
