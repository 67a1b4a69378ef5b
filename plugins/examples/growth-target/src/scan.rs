//! The hand-written scanner behind the analyzer (see the crate docs for the rules).
//!
//! The scan visits every byte once to find ASCII digit runs; around each number it does a
//! bounded amount of work (word lists of fixed size, look-behind of at most
//! [`MAX_INDICATOR_CHARS`] characters or [`MAX_HEAD_WORDS`] words), so the whole scan is
//! linear in the length of the text. All positions it produces are char boundaries: it only
//! ever moves by whole characters or by whole matched words.

use policyscan_api::Span;

/// An indicator longer than this (in characters) is not reported (the phrase is more likely
/// a whole clause than a noun phrase).
pub const MAX_INDICATOR_CHARS: usize = 16;
/// At most this many English words before the number are read as the indicator phrase.
pub const MAX_HEAD_WORDS: usize = 6;
/// A number with more integer digits than this (phone numbers, ids) is never a target.
const MAX_INT_DIGITS: usize = 9;
/// An ASCII run (GDP, PM2.5, deficit-to-GDP) longer than this ends the look-behind.
const MAX_ASCII_RUN: usize = 40;

/// How the figure is qualified, normalized across languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// 左右 / 上下 / 约 / around / about / approximately / roughly.
    Around,
    /// 以上 / 超过 / 不低于 / above / over / at least / more than / or more.
    Above,
    /// 以内 / 以下 / 不超过 / 低于 / below / under / within / no more than / or less.
    Below,
    /// Two numbers: 8%-9%, 6%至6.5%, 5 to 6 percent.
    Range,
    /// No qualifier.
    Exact,
}

impl Qualifier {
    /// The attribute value: `around`, `above`, `below`, `range` or `exact`.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Around => "around",
            Qualifier::Above => "above",
            Qualifier::Below => "below",
            Qualifier::Range => "range",
            Qualifier::Exact => "exact",
        }
    }
}

/// What the target says about the indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// 增长 / 增加 / 提高 / 涨幅 / growth / increase / rise.
    Increase,
    /// 下降 / 降低 / 减少 / decline / cut / reduction.
    Decrease,
    /// 控制在 / within / kept.
    Cap,
    /// No verb: a level of a known indicator (城镇调查失业率5.5%左右, 赤字率拟按3%安排,
    /// 新增城镇就业1100万人以上, a deficit-to-GDP ratio of 4 percent).
    Level,
}

impl Direction {
    /// The attribute value: `increase`, `decrease`, `cap` or `level`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
            Direction::Cap => "cap",
            Direction::Level => "level",
        }
    }
}

/// One quantitative target found in a (normalized) text. All spans are byte offsets into
/// that text, on char boundaries; every sub-span lies inside `span`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The whole target: indicator (or verb) … unit / qualifier.
    pub span: Span,
    /// The noun phrase naming what is measured (地区生产总值, GDP, new urban jobs), if any.
    pub indicator: Option<Span>,
    /// The number, or both numbers of a range (`8%-9` in 8%-9%).
    pub value: Span,
    /// The number as written; a range is its two numbers joined by `-` (`8-9`, `6-6.5`).
    pub value_text: String,
    /// The unit as written (`%`, `个百分点`, `万人`, `percent`, `million`).
    pub unit: Span,
    /// The qualifier as written (左右, around, at least), if any.
    pub qualifier: Option<Span>,
    pub qualifier_kind: Qualifier,
    pub direction: Direction,
}

// ---------------------------------------------------------------------------------------
// Word lists. Matching always takes the longest entry, so order does not matter.

/// Units written right after the number (no space).
#[rustfmt::skip]
const ZH_UNITS: &[&str] = &[
    "%", "‰", "个百分点", "百分点", "倍", "万亿元", "亿元", "万元", "元", "万亿斤", "亿斤",
    "万斤", "亿吨", "万吨", "万人次", "万人", "人", "万户", "户", "万套", "套", "亿亩", "万亩",
    "万千瓦", "亿千瓦", "万公里", "公里", "万辆", "万家", "家", "万个", "万亿", "亿", "万",
];
/// Units that may follow the number after one space.
#[rustfmt::skip]
const EN_UNITS: &[&str] = &[
    "%", "percent", "per cent", "percentage points", "percentage point", "million", "billion",
    "trillion",
];
/// English count units, after which the indicator may follow (12 million new urban jobs).
const EN_COUNT_UNITS: &[&str] = &["million", "billion", "trillion"];

const ZH_SUFFIX_QUALIFIERS: &[(&str, Qualifier)] = &[
    ("左右", Qualifier::Around),
    ("上下", Qualifier::Around),
    ("以上", Qualifier::Above),
    ("及以上", Qualifier::Above),
    ("以内", Qualifier::Below),
    ("以下", Qualifier::Below),
];
const EN_SUFFIX_QUALIFIERS: &[(&str, Qualifier)] = &[
    ("or more", Qualifier::Above),
    ("or above", Qualifier::Above),
    ("or higher", Qualifier::Above),
    ("or less", Qualifier::Below),
    ("or below", Qualifier::Below),
    ("or lower", Qualifier::Below),
];
const ZH_PREFIX_QUALIFIERS: &[(&str, Qualifier)] = &[
    ("约", Qualifier::Around),
    ("大约", Qualifier::Around),
    ("超过", Qualifier::Above),
    ("不低于", Qualifier::Above),
    ("不少于", Qualifier::Above),
    ("不超过", Qualifier::Below),
    ("不高于", Qualifier::Below),
    ("低于", Qualifier::Below),
];
const EN_PREFIX_QUALIFIERS: &[(&str, Qualifier)] = &[
    ("around", Qualifier::Around),
    ("about", Qualifier::Around),
    ("approximately", Qualifier::Around),
    ("roughly", Qualifier::Around),
    ("above", Qualifier::Above),
    ("over", Qualifier::Above),
    ("more than", Qualifier::Above),
    ("at least", Qualifier::Above),
    ("below", Qualifier::Below),
    ("under", Qualifier::Below),
    ("less than", Qualifier::Below),
    ("no more than", Qualifier::Below),
    ("not more than", Qualifier::Below),
    ("within", Qualifier::Below),
    ("up to", Qualifier::Below),
];

/// Chinese verbs (and verb-like nouns) directly before the number or its connectors.
const ZH_VERBS: &[(&str, Direction)] = &[
    ("增长", Direction::Increase),
    ("增长率", Direction::Increase),
    ("增加", Direction::Increase),
    ("增速", Direction::Increase),
    ("增幅", Direction::Increase),
    ("新增", Direction::Increase),
    ("增", Direction::Increase),
    ("上涨", Direction::Increase),
    ("涨幅", Direction::Increase),
    ("涨", Direction::Increase),
    ("上升", Direction::Increase),
    ("提高", Direction::Increase),
    ("提升", Direction::Increase),
    ("下降", Direction::Decrease),
    ("降低", Direction::Decrease),
    ("降幅", Direction::Decrease),
    ("降", Direction::Decrease),
    ("减少", Direction::Decrease),
    ("压减", Direction::Decrease),
    ("削减", Direction::Decrease),
    ("回落", Direction::Decrease),
    ("减", Direction::Decrease),
    ("控制在", Direction::Cap),
    ("控制", Direction::Cap),
];
/// Words allowed between the verb (or level indicator) and the number.
#[rustfmt::skip]
const ZH_CONNECTORS: &[&str] = &[
    "达到", "达", "保持在", "稳定在", "为", "在", "到", "至", "了", "是", "定为", "拟按", "按",
    "拟", "目标", "预期目标",
];
/// Indicators that are targets without a verb (城镇调查失业率5.5%左右).
const ZH_LEVEL_NOUNS: &[&str] = &["失业率", "赤字率", "通胀率", "就业", "就业人数", "产量"];
/// Where an indicator starts: right after one of these (or after punctuation or a number).
#[rustfmt::skip]
const ZH_STOP_WORDS: &[&str] = &[
    "实现", "确保", "预期", "预计", "力争", "争取", "力求", "努力", "推动", "促进", "主要", "目标",
    "是", "要", "将", "使", "保持", "其中", "全年", "今年", "明年", "的", "和", "与", "及", "并",
    "同时", "均",
];
/// Adverbs between the indicator and the verb, not part of the indicator.
#[rustfmt::skip]
const ZH_TRAILING: &[&str] = &[
    "年均", "平均", "同比", "比上年", "比去年", "较上年", "较去年", "累计", "分别", "实际",
    "预计", "预期", "力争", "争取", "要", "将", "均", "再", "持续", "继续", "稳步", "进一步",
    "大幅", "总体",
];
/// Leftovers at the start of an indicator after a number boundary (2020年GDP → GDP).
#[rustfmt::skip]
const ZH_LEADING: &[&str] = &[
    "全年", "今年", "明年", "年度", "季度", "年", "月", "日", "的",
];

#[rustfmt::skip]
const EN_INCREASE: &[&str] = &[
    "growth", "grow", "grows", "grew", "grown", "increase", "increases", "increased", "rise",
    "rises", "rose", "risen", "expand", "expanded", "expansion", "up",
];
#[rustfmt::skip]
const EN_DECREASE: &[&str] = &[
    "decline", "declines", "declined", "decrease", "decreased", "cut", "cuts", "drop", "dropped",
    "fall", "fell", "reduction", "reduce", "reduced", "lower", "lowered", "down",
];
#[rustfmt::skip]
const EN_CAP: &[&str] = &[
    "keep", "kept", "contain", "contained", "control", "controlled", "cap", "capped", "hold",
    "held",
];
/// Indicators that are targets without a direction word (parts of hyphenated words count:
/// deficit-to-GDP).
#[rustfmt::skip]
const EN_LEVEL: &[&str] = &[
    "unemployment", "deficit", "inflation", "jobs", "job", "employment", "output",
];
/// Link words between the phrase and the qualifier or number (growth *of* 5%).
const EN_LINKS: &[&str] = &["of", "by", "at", "to", "is", "be", "was", "were", "are"];
/// Words that end the English phrase (not part of it).
#[rustfmt::skip]
const EN_STOP: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "to", "for", "with", "we", "will", "would", "should",
    "shall", "set", "sets", "aim", "aims", "at", "is", "are", "was", "were", "be", "been", "this",
    "that", "these", "those", "it", "its", "our", "their", "in", "on", "by", "from", "of", "as",
    "expect", "expects", "expected", "achieve", "achieved", "reach", "reached", "register",
    "registered", "see", "saw", "pursue", "deliver", "delivered", "create", "created", "add",
    "added", "year", "year's", "than",
];

// ---------------------------------------------------------------------------------------
// Small helpers on byte positions (always char boundaries).

fn prev_char(text: &str, floor: usize, pos: usize) -> Option<char> {
    text[floor..pos].chars().next_back()
}

/// The longest entry of `list` that `text[floor..pos]` ends with.
fn ends_with_any<'a, T: Copy>(
    text: &str,
    floor: usize,
    pos: usize,
    list: &[(&'a str, T)],
) -> Option<(&'a str, T)> {
    let hay = &text[floor..pos];
    list.iter()
        .copied()
        .filter(|(w, _)| hay.ends_with(w))
        .max_by_key(|(w, _)| w.len())
}

fn ends_with_word<'a>(text: &str, floor: usize, pos: usize, list: &[&'a str]) -> Option<&'a str> {
    let hay = &text[floor..pos];
    list.iter()
        .copied()
        .filter(|w| hay.ends_with(w))
        .max_by_key(|w| w.len())
}

/// The longest entry of `list` that `text[pos..]` starts with, ASCII case-insensitively;
/// entries starting or ending with an ASCII letter must end at a non-letter.
fn starts_with_any<'a>(text: &str, pos: usize, list: &[&'a str]) -> Option<&'a str> {
    let rest = &text.as_bytes()[pos..];
    list.iter()
        .copied()
        .filter(|w| {
            let w = w.as_bytes();
            rest.len() >= w.len()
                && rest[..w.len()].eq_ignore_ascii_case(w)
                && !(w.last().is_some_and(u8::is_ascii_alphabetic)
                    && rest.get(w.len()).is_some_and(u8::is_ascii_alphabetic))
        })
        .max_by_key(|w| w.len())
}

/// `pos` moved back over whitespace, not below `floor`.
fn trim_ws_back(text: &str, floor: usize, pos: usize) -> usize {
    let trimmed = text[floor..pos].trim_end();
    floor + trimmed.len()
}

/// Digits, then optionally `.` and digits: the end of the number starting at `i`.
fn number_end(bytes: &[u8], i: usize) -> usize {
    let mut j = i;
    while j < bytes.len() && bytes[j].is_ascii_digit() {
        j += 1;
    }
    if j + 1 < bytes.len() && bytes[j] == b'.' && bytes[j + 1].is_ascii_digit() {
        j += 1;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
    }
    j
}

fn int_digits(text: &str, start: usize, end: usize) -> usize {
    text[start..end]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count()
}

/// The unit right after a number at `pos`: `(span, is an English count unit)`.
fn unit_at(text: &str, pos: usize) -> Option<(Span, bool)> {
    if let Some(w) = starts_with_any(text, pos, ZH_UNITS) {
        return Some((Span::new(pos, pos + w.len()), false));
    }
    let at = if text[pos..].starts_with(' ') {
        pos + 1
    } else {
        pos
    };
    let w = starts_with_any(text, at, EN_UNITS)?;
    let count = EN_COUNT_UNITS.iter().any(|c| c.eq_ignore_ascii_case(w));
    Some((Span::new(at, at + w.len()), count))
}

/// A range separator at `pos` followed by a number: the number's start.
fn range_second(text: &str, pos: usize) -> Option<usize> {
    const SEPS: &[&str] = &["-", "~", "〜", "—", "–", "至", "到", " to ", " - "];
    let sep = starts_with_any(text, pos, SEPS)?;
    let at = pos + sep.len();
    text.as_bytes()
        .get(at)
        .is_some_and(u8::is_ascii_digit)
        .then_some(at)
}

/// Value, unit and what follows them, for the number `[start, end)`.
struct Figure {
    value: Span,
    value_text: String,
    unit: Span,
    count_unit: bool,
    range: bool,
}

fn figure(text: &str, start: usize, end: usize) -> Option<Figure> {
    let bytes = text.as_bytes();
    let first_unit = unit_at(text, end);
    let after_first = first_unit.map_or(end, |(u, _)| u.end);
    if let Some(second) = range_second(text, after_first) {
        let second_end = number_end(bytes, second);
        if int_digits(text, second, second_end) <= MAX_INT_DIGITS {
            if let Some((unit, count_unit)) = unit_at(text, second_end) {
                let same = first_unit
                    .is_none_or(|(u, _)| text[u.start..u.end] == text[unit.start..unit.end]);
                if same {
                    return Some(Figure {
                        value: Span::new(start, second_end),
                        value_text: format!("{}-{}", &text[start..end], &text[second..second_end]),
                        unit,
                        count_unit,
                        range: true,
                    });
                }
            }
        }
    }
    let (unit, count_unit) = first_unit?;
    Some(Figure {
        value: Span::new(start, end),
        value_text: text[start..end].to_string(),
        unit,
        count_unit,
        range: false,
    })
}

// ---------------------------------------------------------------------------------------
// The scan.

/// Every target in `text`, in span order, never overlapping.
pub fn find_targets(text: &str) -> Vec<Target> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut floor = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let end = number_end(bytes, i);
        // Part of a word or of a longer number (G20, PM2.5, the 5 of 1.5.3).
        let glued =
            i > 0 && (bytes[i - 1].is_ascii_alphabetic() || matches!(bytes[i - 1], b'.' | b'_'));
        if !glued && int_digits(text, i, end) <= MAX_INT_DIGITS {
            if let Some(target) = target_at(text, floor, i, end) {
                floor = target.span.end;
                i = target.span.end;
                out.push(target);
                continue;
            }
        }
        i = end;
    }
    out
}

fn target_at(text: &str, floor: usize, start: usize, end: usize) -> Option<Target> {
    let fig = figure(text, start, end)?;
    let mut stop = fig.unit.end;
    // A qualifier after the unit (左右, or more).
    let mut qualifier = None;
    if let Some((w, q)) = ZH_SUFFIX_QUALIFIERS
        .iter()
        .copied()
        .filter(|(w, _)| text[stop..].starts_with(w))
        .max_by_key(|(w, _)| w.len())
    {
        qualifier = Some((Span::new(stop, stop + w.len()), q));
    } else if text[stop..].starts_with(' ') {
        let words: Vec<&str> = EN_SUFFIX_QUALIFIERS.iter().map(|(w, _)| *w).collect();
        if let Some(w) = starts_with_any(text, stop + 1, &words) {
            let q = EN_SUFFIX_QUALIFIERS
                .iter()
                .find(|(x, _)| *x == w)
                .map(|(_, q)| *q);
            qualifier = q.map(|q| (Span::new(stop + 1, stop + 1 + w.len()), q));
        }
    }
    if let Some((q, _)) = qualifier {
        stop = q.end;
    }

    let before = trim_ws_back(text, floor, start);
    let c = prev_char(text, floor, before)?;
    let back = if !c.is_ascii() && c.is_alphabetic() {
        zh_back(text, floor, before)?
    } else if c.is_ascii_alphabetic() {
        en_back(text, floor, before, &fig, stop)?
    } else {
        return None;
    };

    let qualifier = qualifier.or(back.prefix_qualifier);
    let qualifier_kind = if fig.range {
        Qualifier::Range
    } else {
        qualifier.map_or(Qualifier::Exact, |(_, q)| q)
    };
    let direction = match back.direction {
        Direction::Level if qualifier.is_some_and(|(s, _)| is_within(&text[s.start..s.end])) => {
            Direction::Cap
        }
        d => d,
    };
    Some(Target {
        span: Span::new(back.start, back.end.max(stop)),
        indicator: back.indicator,
        value: fig.value,
        value_text: fig.value_text,
        unit: fig.unit,
        qualifier: qualifier.map(|(s, _)| s),
        qualifier_kind,
        direction,
    })
}

fn is_within(q: &str) -> bool {
    q == "以内" || q.eq_ignore_ascii_case("within")
}

/// What the look-behind (and, for English counts, look-ahead) found.
struct Back {
    start: usize,
    /// End of a trailing indicator (English counts), else 0.
    end: usize,
    indicator: Option<Span>,
    prefix_qualifier: Option<(Span, Qualifier)>,
    direction: Direction,
}

// ---------------------------------------------------------------------------------------
// Chinese: [indicator] verb [connectors] [prefix qualifier] number, or
//          level-indicator [connectors] [prefix qualifier] number.

fn zh_back(text: &str, floor: usize, num_start: usize) -> Option<Back> {
    let mut pos = num_start;
    let mut prefix_qualifier = None;
    if let Some((w, q)) = ends_with_any(text, floor, pos, ZH_PREFIX_QUALIFIERS) {
        prefix_qualifier = Some((Span::new(pos - w.len(), pos), q));
        pos -= w.len();
    }
    let mut verb = None;
    for _ in 0..4 {
        if let Some((w, d)) = ends_with_any(text, floor, pos, ZH_VERBS) {
            verb = Some((pos - w.len(), d));
            break;
        }
        match ends_with_word(text, floor, pos, ZH_CONNECTORS) {
            Some(w) => pos -= w.len(),
            None => break,
        }
    }
    let (start, indicator, direction) = if let Some((verb_start, direction)) = verb {
        let indicator = zh_indicator(text, floor, verb_start);
        (
            indicator.map_or(verb_start, |s| s.start),
            indicator,
            direction,
        )
    } else {
        let noun = ends_with_word(text, floor, pos, ZH_LEVEL_NOUNS)?;
        let noun_start = pos - noun.len();
        let start = zh_scan_back(text, floor, noun_start)
            .map(|s| zh_strip_leading(text, s, noun_start))
            .unwrap_or(noun_start);
        (start, Some(Span::new(start, pos)), Direction::Level)
    };
    Some(Back {
        start,
        end: 0,
        indicator,
        prefix_qualifier,
        direction,
    })
}

/// The indicator ending where the verb starts, after dropping adverbs (年均, 同比, 比2020年).
fn zh_indicator(text: &str, floor: usize, verb_start: usize) -> Option<Span> {
    let mut end = trim_ws_back(text, floor, verb_start);
    for _ in 0..4 {
        if let Some(w) = ends_with_word(text, floor, end, ZH_TRAILING) {
            end = trim_ws_back(text, floor, end - w.len());
        } else if let Some(s) = comparison_year_start(text, floor, end) {
            end = trim_ws_back(text, floor, s);
        } else {
            break;
        }
    }
    let start = zh_scan_back(text, floor, end)?;
    let start = zh_strip_leading(text, start, end);
    (start < end).then(|| Span::new(start, end))
}

/// `比2020年` / `较2019年` ending at `end`: its start.
fn comparison_year_start(text: &str, floor: usize, end: usize) -> Option<usize> {
    let hay = &text[floor..end];
    let rest = hay.strip_suffix('年')?;
    let digits = rest
        .bytes()
        .rev()
        .take_while(u8::is_ascii_digit)
        .take(4)
        .count();
    if digits == 0 {
        return None;
    }
    let rest = &rest[..rest.len() - digits];
    let rest = rest
        .strip_suffix('比')
        .or_else(|| rest.strip_suffix('较'))?;
    Some(floor + rest.len())
}

/// Where the indicator ending at `end` starts: after punctuation, a number, a stop word or
/// `floor`; `None` when that is more than [`MAX_INDICATOR_CHARS`] characters back.
fn zh_scan_back(text: &str, floor: usize, end: usize) -> Option<usize> {
    let mut p = end;
    let mut chars = 0;
    loop {
        if p <= floor || ends_with_word(text, floor, p, ZH_STOP_WORDS).is_some() {
            return Some(p.max(floor));
        }
        let c = prev_char(text, floor, p)?;
        if c.is_ascii_alphanumeric() || c == '.' {
            // An ASCII run: part of the indicator if it has a letter (GDP, PM2.5), a
            // boundary if it is a number (2020年).
            let run = text[floor..p]
                .bytes()
                .rev()
                .take(MAX_ASCII_RUN + 1)
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'.')
                .count();
            let run_text = &text[p - run..p];
            if run > MAX_ASCII_RUN || !run_text.bytes().any(|b| b.is_ascii_alphabetic()) {
                return Some(p);
            }
            p -= run;
            chars += run;
        } else if !c.is_alphanumeric() {
            return Some(p);
        } else {
            p -= c.len_utf8();
            chars += 1;
        }
        if chars > MAX_INDICATOR_CHARS {
            return None;
        }
    }
}

fn zh_strip_leading(text: &str, mut start: usize, end: usize) -> usize {
    for _ in 0..3 {
        match ZH_LEADING
            .iter()
            .find(|w| text[start..end].starts_with(**w))
        {
            Some(w) if start + w.len() < end => start += w.len(),
            _ => break,
        }
    }
    start
}

// ---------------------------------------------------------------------------------------
// English: [phrase] [link] [prefix qualifier] number unit [trailing indicator].

fn en_word_eq(list: &[&str], word: &str) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// The English word (letters, digits, `-`, `'`, with at least one letter) ending at `pos`.
fn en_word_before(text: &str, floor: usize, pos: usize) -> Option<Span> {
    let run = text[floor..pos]
        .bytes()
        .rev()
        .take(MAX_ASCII_RUN + 1)
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'\''))
        .count();
    let word = &text[pos - run..pos];
    (run > 0 && run <= MAX_ASCII_RUN && word.bytes().any(|b| b.is_ascii_alphabetic()))
        .then(|| Span::new(pos - run, pos))
}

fn en_word_after(text: &str, pos: usize) -> Option<Span> {
    let run = text[pos..]
        .bytes()
        .take(MAX_ASCII_RUN + 1)
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'\''))
        .count();
    let word = &text[pos..pos + run];
    (run > 0 && run <= MAX_ASCII_RUN && word.bytes().any(|b| b.is_ascii_alphabetic()))
        .then(|| Span::new(pos, pos + run))
}

/// The longest `(phrase, value)` ending at `pos` as whole words.
fn en_phrase_before<T: Copy>(
    text: &str,
    floor: usize,
    pos: usize,
    list: &[(&str, T)],
) -> Option<(Span, T)> {
    let hay = &text.as_bytes()[floor..pos];
    list.iter()
        .copied()
        .filter(|(w, _)| {
            let w = w.as_bytes();
            hay.len() >= w.len()
                && hay[hay.len() - w.len()..].eq_ignore_ascii_case(w)
                && !hay[..hay.len() - w.len()]
                    .last()
                    .is_some_and(u8::is_ascii_alphanumeric)
        })
        .max_by_key(|(w, _)| w.len())
        .map(|(w, v)| (Span::new(pos - w.len(), pos), v))
}

fn is_level_word(word: &str) -> bool {
    word.split('-').any(|part| en_word_eq(EN_LEVEL, part))
}

fn en_back(text: &str, floor: usize, num_start: usize, fig: &Figure, stop: usize) -> Option<Back> {
    let mut pos = num_start;
    let prefix_qualifier = en_phrase_before(text, floor, pos, EN_PREFIX_QUALIFIERS);
    if let Some((s, _)) = prefix_qualifier {
        pos = trim_ws_back(text, floor, s.start);
    }
    let links: Vec<(&str, ())> = EN_LINKS.iter().map(|w| (*w, ())).collect();
    if let Some((s, ())) = en_phrase_before(text, floor, pos, &links) {
        pos = trim_ws_back(text, floor, s.start);
    }
    // The phrase: up to MAX_HEAD_WORDS words separated by spaces, back to a stop word.
    let mut words = Vec::new();
    while words.len() < MAX_HEAD_WORDS {
        let Some(w) = en_word_before(text, floor, pos) else {
            break;
        };
        if en_word_eq(EN_STOP, &text[w.start..w.end]) {
            break;
        }
        words.push(w);
        let before = trim_ws_back(text, floor, w.start);
        if before == w.start {
            break;
        }
        pos = before;
    }
    words.reverse();
    let word = |s: &Span| &text[s.start..s.end];
    let fallback_start = prefix_qualifier.map_or(num_start, |(s, _)| s.start);

    let direction_at = words.iter().enumerate().rev().find_map(|(i, w)| {
        let w = word(w);
        if en_word_eq(EN_INCREASE, w) {
            Some((i, Direction::Increase))
        } else if en_word_eq(EN_DECREASE, w) {
            Some((i, Direction::Decrease))
        } else if en_word_eq(EN_CAP, w) {
            Some((i, Direction::Cap))
        } else {
            None
        }
    });
    if let Some((i, direction)) = direction_at {
        let indicator = (i > 0).then(|| Span::new(words[0].start, words[i - 1].end));
        return Some(Back {
            start: words[0].start,
            end: 0,
            indicator,
            prefix_qualifier,
            direction,
        });
    }
    if let (Some(first), Some(last)) = (words.first(), words.last()) {
        if words.iter().any(|w| is_level_word(word(w))) {
            return Some(Back {
                start: first.start,
                end: 0,
                indicator: Some(Span::new(first.start, last.end)),
                prefix_qualifier,
                direction: Direction::Level,
            });
        }
    }
    // A count followed by what is counted: over 12 million new urban jobs.
    if fig.count_unit {
        let mut p = stop;
        let mut after: Vec<Span> = Vec::new();
        while after.len() < 4 && text[p..].starts_with(' ') {
            let Some(w) = en_word_after(text, p + 1) else {
                break;
            };
            if en_word_eq(EN_STOP, word(&w)) {
                break;
            }
            after.push(w);
            p = w.end;
        }
        // Stop at the last level word: "new urban jobs this year" → "new urban jobs".
        let last_level = after.iter().rposition(|w| is_level_word(word(w)))?;
        let (first, last) = (after[0], after[last_level]);
        return Some(Back {
            start: fallback_start,
            end: last.end,
            indicator: Some(Span::new(first.start, last.end)),
            prefix_qualifier,
            direction: Direction::Level,
        });
    }
    None
}
