//! 文号, the number a Chinese official document is issued under: issuer code, year in
//! brackets, serial, 号 (国办发〔2019〕58号), and the numbered orders of the State Council
//! and ministries (国务院令第722号). Found by looking back from every 号.

use policyscan_api::text_rules::{is_line_break, line_break_weight};
use policyscan_api::Span;

use crate::issuer::{CENTRAL_BODIES, PROVINCES};

/// Longest issuer code, in characters (工信部联信软 is 6).
const MAX_CODE_CHARS: usize = 8;
/// Longest serial, in digits.
const MAX_SERIAL_DIGITS: usize = 5;

/// A parsed document number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumber {
    /// From the first character of the code to 号, as in the text.
    pub span: Span,
    /// 国办发, or for an order the body and 令 (国务院令).
    pub code: String,
    /// None for orders, which are numbered without a year.
    pub year: Option<u16>,
    pub serial: u32,
    /// The body the code belongs to, when the code table knows it.
    pub issuer: Option<String>,
}

impl DocNumber {
    /// The canonical spelling: 国办发〔2019〕58号, 国务院令第722号.
    pub fn canonical(&self) -> String {
        match self.year {
            Some(year) => format!("{}〔{year}〕{}号", self.code, self.serial),
            None => format!("{}第{}号", self.code, self.serial),
        }
    }
}

/// Codes spelled out in full, with the body they belong to.
const EXACT_CODES: &[(&str, &str)] = &[
    ("国发", "国务院"),
    ("国函", "国务院"),
    ("国阅", "国务院"),
    ("国办发", "国务院办公厅"),
    ("国办函", "国务院办公厅"),
    ("国办发明电", "国务院办公厅"),
    ("中发", "中共中央"),
    ("中办发", "中共中央办公厅"),
    ("中办字", "中共中央办公厅"),
    ("厅字", "中共中央办公厅、国务院办公厅"),
    ("财税", "财政部"),
    ("财金", "财政部"),
    ("财预", "财政部"),
    ("财建", "财政部"),
    ("财社", "财政部"),
    ("财农", "财政部"),
    ("财资", "财政部"),
    ("银发", "中国人民银行"),
    ("署税", "海关总署"),
];

/// Leading characters of ministries' codes (工信部联信软, 发改高技, 商服贸发), longest first
/// where they overlap.
const CODE_PREFIXES: &[(&str, &str)] = &[
    ("工信部", "工业和信息化部"),
    ("工信厅", "工业和信息化部"),
    ("人社部", "人力资源和社会保障部"),
    ("人社厅", "人力资源和社会保障部"),
    ("自然资", "自然资源部"),
    ("国市监", "国家市场监督管理总局"),
    ("银保监", "中国银行保险监督管理委员会"),
    ("国办", "国务院办公厅"),
    ("发改", "国家发展和改革委员会"),
    ("国科", "科学技术部"),
    ("国卫", "国家卫生健康委员会"),
    ("国资", "国务院国有资产监督管理委员会"),
    ("国知", "国家知识产权局"),
    ("国能", "国家能源局"),
    ("国统", "国家统计局"),
    ("国税", "国家税务总局"),
    ("税总", "国家税务总局"),
    ("证监", "中国证券监督管理委员会"),
    ("文旅", "文化和旅游部"),
    ("应急", "应急管理部"),
    ("环办", "生态环境部"),
    ("环发", "生态环境部"),
    ("建办", "住房和城乡建设部"),
    ("建标", "住房和城乡建设部"),
    ("教", "教育部"),
    ("商", "商务部"),
    ("财", "财政部"),
    ("民", "民政部"),
    ("公", "公安部"),
    ("司", "司法部"),
    ("交", "交通运输部"),
    ("水", "水利部"),
    ("农", "农业农村部"),
    ("审", "审计署"),
    ("署", "海关总署"),
];

/// The character a code ends with: 发, 函, 字 …
const CODE_FINALS: &[char] = &['发', '函', '字', '规', '办', '复', '电'];

/// What follows a province abbreviation in a provincial code, and the body it names.
const PROVINCIAL_BODIES: &[(&str, &str)] = &[
    ("政办", "人民政府办公厅"),
    ("府办", "人民政府办公厅"),
    ("办", "中共{}委办公厅"),
    ("政", "人民政府"),
    ("府", "人民政府"),
    ("发", "中共{}委"),
];

/// All document numbers of `text` (the normalized view), in order.
pub fn find_doc_numbers(text: &str) -> Vec<DocNumber> {
    let finder = memchr::memmem::Finder::new("号".as_bytes());
    let mut out: Vec<DocNumber> = Vec::new();
    for at in finder.find_iter(text.as_bytes()) {
        if let Some(n) = parse_before(text, at) {
            if out.last().is_none_or(|last| last.span.end <= n.span.start) {
                out.push(n);
            }
        }
    }
    out
}

/// Walks back over `text[..limit]`, character by character.
struct Back<'a> {
    text: &'a str,
    pos: usize,
}

impl Back<'_> {
    fn peek(&self) -> Option<char> {
        self.text[..self.pos].chars().next_back()
    }
    fn take(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos -= c.len_utf8();
        Some(c)
    }
    fn take_if(&mut self, f: impl Fn(char) -> bool) -> Option<char> {
        match self.peek() {
            Some(c) if f(c) => self.take(),
            _ => None,
        }
    }
    /// Spaces and at most one line break (a 文号 wrapped across lines).
    fn skip_spaces(&mut self) {
        let mut breaks = 0;
        while let Some(c) = self.peek() {
            if is_line_break(c) {
                // Read backwards: the character before `c` in the text is the next one.
                let before = self.text[..self.pos - c.len_utf8()].chars().next_back();
                breaks += line_break_weight(c, before);
                if breaks > 1 {
                    return;
                }
            } else if !matches!(c, ' ' | '\t' | '\u{A0}') {
                return;
            }
            self.take();
        }
    }
    /// A run of characters matching `f`, at most `max`, as a string in text order.
    fn run(&mut self, max: usize, f: impl Fn(char) -> bool) -> &str {
        let end = self.pos;
        let mut n = 0;
        while n < max && self.take_if(&f).is_some() {
            n += 1;
        }
        &self.text[self.pos..end]
    }
}

fn is_open_bracket(c: char) -> bool {
    matches!(c, '〔' | '[' | '(' | '﹝' | '【' | '〖')
}

fn is_close_bracket(c: char) -> bool {
    matches!(c, '〕' | ']' | ')' | '﹞' | '】' | '〗')
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// The number ending with the 号 at byte `hao`.
fn parse_before(text: &str, hao: usize) -> Option<DocNumber> {
    let end = hao + "号".len();
    let mut back = Back { text, pos: hao };
    back.skip_spaces();
    let serial_text = back
        .run(MAX_SERIAL_DIGITS + 1, |c| c.is_ascii_digit())
        .to_string();
    let serial = if serial_text.is_empty() {
        // Orders are also numbered in Chinese numerals: 主席令第八十四号.
        let numeral = back
            .run(6, |c| "零一二三四五六七八九十百".contains(c))
            .to_string();
        chinese_number(&numeral)?
    } else {
        if serial_text.len() > MAX_SERIAL_DIGITS {
            return None;
        }
        serial_text.parse().ok()?
    };
    back.skip_spaces();
    let ordinal = back.take_if(|c| c == '第').is_some();
    back.skip_spaces();
    if ordinal && back.peek() == Some('令') {
        return parse_order(text, back, serial, end);
    }
    back.take_if(is_close_bracket)?;
    back.skip_spaces();
    let year_text = back.run(5, |c| c.is_ascii_digit());
    if year_text.len() != 4 {
        return None;
    }
    let year: u16 = year_text.parse().ok()?;
    if !(1949..=2100).contains(&year) {
        return None;
    }
    back.skip_spaces();
    back.take_if(is_open_bracket)?;
    back.skip_spaces();
    let run = back.run(MAX_CODE_CHARS + 8, is_han).to_string();
    let run_start = back.pos;
    let bounded_left = back.peek().is_none_or(|c| !is_han(c));
    let (offset, code, issuer) = split_code(&run, bounded_left)?;
    // 〔2021〕第3号 with a code no table knows is an announcement number, not a 文号.
    if ordinal && issuer.is_none() {
        return None;
    }
    Some(DocNumber {
        span: Span::new(run_start + offset, end),
        code,
        year: Some(year),
        serial,
        issuer,
    })
}

/// 国务院令第722号: the body before 令 must be one the table knows.
fn parse_order(text: &str, mut back: Back<'_>, serial: u32, end: usize) -> Option<DocNumber> {
    back.take(); // 令
    let ling = back.pos;
    let run = back.run(20, is_han).to_string();
    let run_start = back.pos;
    const HEADS: &[(&str, &str)] = &[
        ("中华人民共和国主席", "中华人民共和国主席"),
        ("国家主席", "中华人民共和国主席"),
        ("主席", "中华人民共和国主席"),
    ];
    let names = CENTRAL_BODIES
        .iter()
        .flat_map(|b| {
            std::iter::once(&b.name)
                .chain(b.aliases)
                .map(move |n| (*n, b.name))
        })
        .chain(HEADS.iter().copied());
    let (written, issuer) = names
        .filter(|(n, _)| run.ends_with(n))
        .max_by_key(|(n, _)| n.len())?;
    Some(DocNumber {
        span: Span::new(run_start + run.len() - written.len(), end),
        code: format!("{}令", &text[ling - written.len()..ling]),
        year: None,
        serial,
        issuer: Some(issuer.to_string()),
    })
}

/// Picks the code at the end of a run of Han characters before the year bracket (the run
/// may start with other words: 根据国办发, 财政部财税). Every suffix of the run is rated, and
/// the strongest wins, the longest among equals: a code spelled out in the table (国办发,
/// 财税), then a ministry prefix of two or more characters (工信部联信软, 发改高技) or a
/// province abbreviation with its body (京政发, 川府发), then a one-character ministry
/// prefix or a province department (商服贸发, 浙财发), which must end like a code (发, 函,
/// 字 …). A run that is nothing but an unknown code-like word (bounded by non-Han text on
/// its left) is taken as a code without issuer.
/// Returns (byte offset of the code in `run`, code, issuer).
fn split_code(run: &str, bounded_left: bool) -> Option<(usize, String, Option<String>)> {
    let mut best: Option<(u8, usize, Option<String>)> = None;
    for (i, _) in run.char_indices() {
        let code = &run[i..];
        if code.chars().count() > MAX_CODE_CHARS {
            continue;
        }
        if let Some((strength, issuer)) = rate_code(code) {
            if best.as_ref().is_none_or(|(s, _, _)| strength > *s) {
                best = Some((strength, i, issuer));
            }
        }
    }
    if let Some((_, i, issuer)) = best {
        return Some((i, run[i..].to_string(), issuer));
    }
    let n = run.chars().count();
    if bounded_left && (2..=6).contains(&n) && ends_like_code(run) {
        return Some((0, run.to_string(), None));
    }
    None
}

fn ends_like_code(code: &str) -> bool {
    code.chars()
        .next_back()
        .is_some_and(|c| CODE_FINALS.contains(&c))
}

/// How strongly `code` looks like a document code (3 strongest), and its issuer when the
/// tables know it; None when it does not look like one.
fn rate_code(code: &str) -> Option<(u8, Option<String>)> {
    if let Some((_, issuer)) = EXACT_CODES.iter().find(|(c, _)| *c == code) {
        return Some((3, Some(issuer.to_string())));
    }
    if code.chars().count() < 2 {
        return None;
    }
    if let Some((prefix, issuer)) = CODE_PREFIXES.iter().find(|(p, _)| code.starts_with(p)) {
        // A one-character prefix is weak evidence (公告, 交通 are words): the code must have
        // three characters or more and end in 发, 函 or 字 (商服贸发, 公通字).
        let one_char = prefix.chars().count() == 1;
        if one_char && (code.chars().count() < 3 || !code.ends_with(['发', '函', '字'])) {
            return None;
        }
        return Some((if one_char { 1 } else { 2 }, Some(issuer.to_string())));
    }
    for (full, _, abbreviations) in PROVINCES {
        for abbr in *abbreviations {
            let Some(rest) = code.strip_prefix(abbr) else {
                continue;
            };
            if rest.is_empty() || !ends_like_code(code) {
                continue;
            }
            let body = PROVINCIAL_BODIES.iter().find(|(p, _)| rest.starts_with(p));
            return Some(match body {
                Some((_, body)) if body.contains("{}") => (2, Some(body.replace("{}", full))),
                Some((_, body)) => (2, Some(format!("{full}{body}"))),
                // A department's code (浙财发, 粤教函) names the province only.
                None => (1, Some(full.to_string())),
            });
        }
    }
    None
}

/// 八十四 → 84 (up to 999).
fn chinese_number(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let mut total = 0;
    let mut current = 0;
    for c in s.chars() {
        match c {
            '百' => {
                total += current.max(1) * 100;
                current = 0;
            }
            '十' => {
                total += current.max(1) * 10;
                current = 0;
            }
            c => current = digit(c)?,
        }
    }
    Some(total + current)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Vec<(String, String, Option<String>)> {
        find_doc_numbers(text)
            .into_iter()
            .map(|n| {
                (
                    text[n.span.start..n.span.end].to_string(),
                    n.canonical(),
                    n.issuer,
                )
            })
            .collect()
    }

    #[test]
    fn bracket_variants_and_spaces() {
        for written in [
            "国办发〔2019〕58号",
            "国办发[2019]58号",
            "国办发(2019)58号",
            "国办发﹝2019﹞58号",
            "国办发 〔2019〕 58 号",
            "国办发\n〔2019〕58号",
            "国办发\r\n〔2019〕58号",
        ] {
            let text = format!("按照{written}文件要求");
            assert_eq!(
                numbers(&text),
                [(
                    written.to_string(),
                    "国办发〔2019〕58号".to_string(),
                    Some("国务院办公厅".into())
                )],
                "{written}"
            );
        }
    }

    #[test]
    fn codes_and_issuers() {
        let n = numbers("依据工信部联信软〔2021〕62号、商服贸发〔2020〕12号、京政发〔2020〕3号、财政部财税〔2019〕13号和浙政办发〔2021〕5号。");
        let got: Vec<(&str, Option<&str>)> = n
            .iter()
            .map(|(_, c, i)| (c.as_str(), i.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("工信部联信软〔2021〕62号", Some("工业和信息化部")),
                ("商服贸发〔2020〕12号", Some("商务部")),
                ("京政发〔2020〕3号", Some("北京市人民政府")),
                ("财税〔2019〕13号", Some("财政部")),
                ("浙政办发〔2021〕5号", Some("浙江省人民政府办公厅")),
            ]
        );
        let n = numbers("根据国发〔2020〕1号和（中发〔2019〕1号）");
        assert_eq!(n[0].1, "国发〔2020〕1号");
        assert_eq!(n[1].2.as_deref(), Some("中共中央"));
    }

    #[test]
    fn orders() {
        let n = numbers("《优化营商环境条例》（国务院令第722号）和中华人民共和国主席令第八十四号");
        assert_eq!(n[0].0, "国务院令第722号");
        assert_eq!(n[0].2.as_deref(), Some("国务院"));
        assert_eq!(n[1].1, "中华人民共和国主席令第84号");
        assert!(numbers("命令第3号").is_empty());
    }

    #[test]
    fn look_alikes() {
        for text in [
            "（2019）京0105民初12345号",
            "第5号台风",
            "地铁1号线和2号楼",
            "发出号召，喊出口号",
            "〔2019〕5号",
            "（2021—2025年）",
            "GB/T 12345-2019",
            "上年（2019）同期",
            "电话（010）12345号",
            "国发展〔2020〕",
            "发布公告(2021)第3号",
            "交通(2020)3号",
        ] {
            assert!(numbers(text).is_empty(), "{text}: {:?}", numbers(text));
        }
    }
}
