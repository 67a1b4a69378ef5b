//! Compiled patterns and the scan: find the first literal of a pattern (the *anchor*) with a
//! fast substring search, then match the rest of the pattern locally around it.

use std::sync::Arc;

use memchr::memmem;
use policyscan_api::Span;

use crate::pattern_file::{Part, PatternSpec, QuoteMode, Script, SlotSpec, SpaceMode};

/// At most this many extra chain links (`y2` … `y9`).
const MAX_CHAIN: usize = 8;
/// At most this many spaces around a literal.
const MAX_SPACES: usize = 4;

/// One match of one pattern, before it becomes a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawMatch {
    pub start: usize,
    pub end: usize,
    pub captures: Vec<(Arc<str>, Span)>,
    pub form: Arc<str>,
}

#[derive(Debug, Clone)]
struct Lit {
    /// Space-free pieces; the first piece of the first literal is the anchor.
    pieces: Vec<String>,
    lead_space: bool,
    trail_space: bool,
    alnum_start: bool,
    alnum_end: bool,
}

impl Lit {
    fn new(text: &str) -> Lit {
        let pieces: Vec<String> = text.split_whitespace().map(str::to_string).collect();
        Lit {
            lead_space: text.starts_with(char::is_whitespace),
            trail_space: text.ends_with(char::is_whitespace),
            alnum_start: text
                .trim_start()
                .starts_with(|c: char| c.is_ascii_alphanumeric()),
            alnum_end: text
                .trim_end()
                .ends_with(|c: char| c.is_ascii_alphanumeric()),
            pieces,
        }
    }
}

#[derive(Debug, Clone)]
struct Slot {
    name: Arc<str>,
    spec: SlotSpec,
}

#[derive(Debug, Clone)]
struct Forms {
    bare: Arc<str>,
    xy: Arc<str>,
    chain: Arc<str>,
    quoted_bare: Arc<str>,
    quoted_xy: Arc<str>,
    quoted_chain: Arc<str>,
}

/// One pattern ready to scan.
#[derive(Debug, Clone)]
pub(crate) struct CompiledPattern {
    /// Index of the rule (`phrase/<name>`) this pattern reports.
    pub rule: usize,
    lead: Option<Slot>,
    /// Each literal with the slot that follows it, if any.
    items: Vec<(Lit, Option<Slot>)>,
    anchor: memmem::Finder<'static>,
    quotes: bool,
    require_quotes: bool,
    spaces: bool,
    chain_names: Vec<Arc<str>>,
    last_in: Vec<String>,
    forms: Forms,
}

enum SlotHit {
    Span(usize, usize),
    Absent,
}

impl CompiledPattern {
    pub fn new(spec: &PatternSpec, rule: usize) -> CompiledPattern {
        let slot = |name: &str| Slot {
            name: Arc::from(name),
            spec: spec.slots.get(name).cloned().unwrap_or_default(),
        };
        let mut lead = None;
        let mut items: Vec<(Lit, Option<Slot>)> = Vec::new();
        for part in &spec.parts {
            match part {
                Part::Slot(name) => match items.last_mut() {
                    Some(last) => last.1 = Some(slot(name)),
                    None => lead = Some(slot(name)),
                },
                Part::Literal(text) => items.push((Lit::new(text), None)),
            }
        }
        // The parser guarantees a literal with a non-space piece; keep a harmless fallback.
        let anchor_text = items
            .first()
            .and_then(|(l, _)| l.pieces.first())
            .cloned()
            .unwrap_or_else(|| "\u{0}".to_string());
        let chain_names = match (spec.chain, items.last()) {
            (true, Some((_, Some(s)))) => (2..2 + MAX_CHAIN)
                .map(|i| Arc::from(format!("{}{i}", s.name)))
                .collect(),
            _ => Vec::new(),
        };
        let form = |f: &str| -> Arc<str> { Arc::from(spec.form.as_deref().unwrap_or(f)) };
        let quoted = |f: &str| -> Arc<str> {
            Arc::from(format!("quoted-{}", spec.form.as_deref().unwrap_or(f)))
        };
        CompiledPattern {
            rule,
            lead,
            items,
            anchor: memmem::Finder::new(anchor_text.as_bytes()).into_owned(),
            quotes: spec.quotes != QuoteMode::None,
            require_quotes: spec.quotes == QuoteMode::Required,
            spaces: spec.spaces == SpaceMode::Optional,
            chain_names,
            last_in: spec.last_in.clone(),
            forms: Forms {
                bare: form("bare"),
                xy: form("xy"),
                chain: form("chain"),
                quoted_bare: quoted("bare"),
                quoted_xy: quoted("xy"),
                quoted_chain: quoted("chain"),
            },
        }
    }

    /// Every match in `text`, in order, not overlapping.
    pub fn scan(&self, text: &str, out: &mut Vec<RawMatch>) {
        let bytes = text.as_bytes();
        let step = self.anchor.needle().len().max(1);
        let mut from = 0;
        while from < bytes.len() {
            let Some(i) = self.anchor.find(&bytes[from..]) else {
                break;
            };
            let p = from + i;
            match self.match_at(text, p) {
                Some(m) => {
                    from = m.end.max(p + step);
                    out.push(m);
                }
                None => from = p + step,
            }
        }
    }

    /// Try the pattern with its anchor at byte `p`.
    fn match_at(&self, text: &str, p: usize) -> Option<RawMatch> {
        let (lit0, _) = self.items.first()?;
        if lit0.alnum_start && prev_char(text, p).is_some_and(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        let lit_start = self.gap_left(text, p, lit0.lead_space)?;
        // Spaces after a literal only when there were spaces before it ("AI + x", not
        // "Blockchain+ model").
        let mut spaced = lit_start < p;
        let mut pos = p + lit0.pieces.first()?.len();
        for piece in lit0.pieces.iter().skip(1) {
            pos = self.gap_right(text, pos, true)?;
            pos = text[pos..]
                .starts_with(piece.as_str())
                .then(|| pos + piece.len())?;
        }

        let mut captures: Vec<(Arc<str>, Span)> = Vec::new();
        let mut start = lit_start;
        let mut open: Option<char> = None;
        if let Some(slot) = &self.lead {
            let (s, quote) = self.left_slot(text, lit_start, &slot.spec)?;
            captures.push((slot.name.clone(), Span::new(s, lit_start)));
            start = s;
            open = quote;
        } else if self.quotes {
            open = prev_char(text, lit_start).filter(|c| closing_quote(*c).is_some());
        }

        let mut absent = false;
        for (k, (lit, slot)) in self.items.iter().enumerate() {
            if k > 0 {
                let q = self.match_lit(text, pos, lit)?;
                spaced = self.gap_right(text, pos, false) != Some(pos);
                pos = q;
            }
            if lit.alnum_end && next_char(text, pos).is_some_and(|c| c.is_ascii_alphanumeric()) {
                return None;
            }
            let Some(slot) = slot else { continue };
            let next = self.items.get(k + 1).map(|(l, _)| l);
            let close = open.and_then(closing_quote);
            match self.right_slot(text, pos, lit, spaced, close, &slot.spec, next)? {
                SlotHit::Span(a, b) => {
                    captures.push((slot.name.clone(), Span::new(a, b)));
                    pos = b;
                }
                SlotHit::Absent => {
                    absent = true;
                    break;
                }
            }
        }

        let mut links = 0;
        if !absent {
            if let Some((lit, Some(slot))) = self.items.last() {
                while links < self.chain_names.len() {
                    let Some(lp) = self.match_lit(text, pos, lit) else {
                        break;
                    };
                    let spaced = self.gap_right(text, pos, false) != Some(pos);
                    let close = open.and_then(closing_quote);
                    match self.right_slot(text, lp, lit, spaced, close, &slot.spec, None) {
                        Some(SlotHit::Span(a, b)) => {
                            captures.push((self.chain_names[links].clone(), Span::new(a, b)));
                            pos = b;
                            links += 1;
                        }
                        _ => break,
                    }
                }
            }
        }

        if !self.last_in.is_empty() {
            let (_, last) = captures.last()?;
            let value = &text[last.start..last.end];
            if !self.last_in.iter().any(|v| v == value) {
                return None;
            }
        }

        let mut quoted = false;
        if let Some(o) = open {
            let close = closing_quote(o)?;
            if next_char(text, pos) == Some(close) {
                start -= o.len_utf8();
                pos += close.len_utf8();
                quoted = true;
            }
        }
        if self.require_quotes && !quoted {
            return None;
        }
        let f = &self.forms;
        let form = match (quoted, links > 0, absent) {
            (false, true, _) => &f.chain,
            (false, false, true) => &f.bare,
            (false, false, false) => &f.xy,
            (true, true, _) => &f.quoted_chain,
            (true, false, true) => &f.quoted_bare,
            (true, false, false) => &f.quoted_xy,
        };
        Some(RawMatch {
            start,
            end: pos,
            captures,
            form: form.clone(),
        })
    }

    /// Start of the spaces before a literal starting at `p`.
    fn gap_left(&self, text: &str, p: usize, lead_space: bool) -> Option<usize> {
        let mut s = p;
        let mut n = 0;
        if self.spaces || lead_space {
            while n < MAX_SPACES {
                match prev_char(text, s) {
                    Some(c) if is_space(c) => {
                        s -= c.len_utf8();
                        n += 1;
                    }
                    _ => break,
                }
            }
        }
        (n > 0 || self.spaces || !lead_space).then_some(s)
    }

    /// End of the spaces after `pos`; `required` when the pattern wrote a space there.
    fn gap_right(&self, text: &str, pos: usize, required: bool) -> Option<usize> {
        let mut q = pos;
        let mut n = 0;
        if self.spaces || required {
            while n < MAX_SPACES {
                match next_char(text, q) {
                    Some(c) if is_space(c) => {
                        q += c.len_utf8();
                        n += 1;
                    }
                    _ => break,
                }
            }
        }
        (n > 0 || self.spaces || !required).then_some(q)
    }

    /// Match a whole literal (with the spaces before it) at `pos`; the end of its last piece.
    fn match_lit(&self, text: &str, pos: usize, lit: &Lit) -> Option<usize> {
        let mut q = self.gap_right(text, pos, lit.lead_space)?;
        if lit.alnum_start && prev_char(text, q).is_some_and(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        for (i, piece) in lit.pieces.iter().enumerate() {
            if i > 0 {
                q = self.gap_right(text, q, true)?;
            }
            q = text[q..]
                .starts_with(piece.as_str())
                .then(|| q + piece.len())?;
        }
        Some(q)
    }

    /// The slot ending at byte `e` (just before a literal): its start, and the opening
    /// quote right before it, if any.
    fn left_slot(&self, text: &str, e: usize, spec: &SlotSpec) -> Option<(usize, Option<char>)> {
        let c = prev_char(text, e)?;
        let open_before =
            |s: usize| prev_char(text, s).filter(|q| self.quotes && closing_quote(*q).is_some());
        if is_han(c) && allows_han(spec.script) {
            // Rule 1: a run of at most `max` Han characters right after an opening quote is
            // the whole X, whatever words it contains.
            let mut s = e;
            let mut n = 0;
            while n <= spec.max {
                match prev_char(text, s) {
                    Some(c) if is_han(c) => {
                        s -= c.len_utf8();
                        n += 1;
                    }
                    _ => break,
                }
            }
            if n <= spec.max && open_before(s).is_some() && valid(&text[s..e], spec) {
                return Some((s, open_before(s)));
            }
            // Rule 2: grow leftwards until the text before ends with a stop word.
            let mut s = e;
            let mut n = 0;
            while n < spec.max {
                match prev_char(text, s) {
                    Some(c) if is_han(c) => {
                        s -= c.len_utf8();
                        n += 1;
                    }
                    _ => break,
                }
                if n >= spec.min
                    && spec
                        .stop_words
                        .iter()
                        .any(|w| text[..s].ends_with(w.as_str()))
                {
                    break;
                }
            }
            return valid(&text[s..e], spec).then_some((s, None));
        }
        if c.is_ascii_alphanumeric() && allows_ascii(spec.script) {
            let mut s = word_start(text, e);
            let mut words = 1;
            while words < spec.words {
                let Some(' ') = prev_char(text, s) else { break };
                match prev_char(text, s - 1) {
                    Some(c) if c.is_ascii_alphanumeric() => {
                        s = word_start(text, s - 1);
                        words += 1;
                    }
                    _ => break,
                }
            }
            if prev_char(text, s).is_some_and(is_url_char) {
                return None;
            }
            return valid(&text[s..e], spec).then_some((s, open_before(s)));
        }
        None
    }

    /// The slot after a literal ending at `pos`. `next` is the literal that must follow it;
    /// `close` is the closing quote expected at the end of the phrase, if it began with one.
    #[allow(clippy::too_many_arguments)]
    fn right_slot(
        &self,
        text: &str,
        pos: usize,
        after: &Lit,
        spaced: bool,
        close: Option<char>,
        spec: &SlotSpec,
        next: Option<&Lit>,
    ) -> Option<SlotHit> {
        let b = self.gap_right(text, pos, after.trail_space)?;
        if b > pos && !spaced && !after.trail_space && close.is_none() {
            let ok = spec.optional && next.is_none() && absent_ok(text, pos);
            return ok.then_some(SlotHit::Absent);
        }
        let mut ends: Vec<usize> = Vec::new();
        let mut consumed = 0;
        match next_char(text, b) {
            Some(c) if is_han(c) && allows_han(spec.script) => {
                // Inside quotes, a last slot running up to the closing quote or to the next
                // link of the chain is taken whole, stop words or not (“大景区+新业态”).
                if let (Some(close), None) = (close, next) {
                    let mut q = b;
                    let mut n = 0;
                    while n <= spec.max {
                        match next_char(text, q) {
                            Some(c) if is_han(c) => {
                                q += c.len_utf8();
                                n += 1;
                            }
                            _ => break,
                        }
                    }
                    let link = after.pieces.first().map(String::as_str).unwrap_or("");
                    let at_end = next_char(text, q) == Some(close)
                        || (!self.chain_names.is_empty() && !link.is_empty() && {
                            let g = self.gap_right(text, q, false).unwrap_or(q);
                            text[g..].starts_with(link)
                        });
                    // The quotes delimit the term, so one character is enough (“AI+车”).
                    if n <= spec.max && at_end && valid_min(&text[b..q], spec, 1) {
                        return Some(SlotHit::Span(b, q));
                    }
                }
                let mut q = b;
                while consumed < spec.max {
                    if spec
                        .stop_words
                        .iter()
                        .any(|w| text[q..].starts_with(w.as_str()))
                    {
                        break;
                    }
                    match next_char(text, q) {
                        Some(c) if is_han(c) => {
                            q += c.len_utf8();
                            consumed += 1;
                            ends.push(q);
                        }
                        _ => break,
                    }
                }
            }
            Some(c) if c.is_ascii_alphanumeric() && allows_ascii(spec.script) => {
                let mut q = b;
                let mut words = 0;
                loop {
                    q = word_end(text, q);
                    words += 1;
                    consumed = text[b..q].chars().count();
                    ends.push(q);
                    if words >= spec.words {
                        break;
                    }
                    match (next_char(text, q), text[q..].chars().nth(1)) {
                        (Some(' '), Some(c)) if c.is_ascii_alphanumeric() => q += 1,
                        _ => break,
                    }
                }
                // A Latin word run on by Han characters is one mixed term (AI监管, 5G网络).
                if words == 1 && matches!(spec.script, Script::Term | Script::Any) {
                    let mut n = 0;
                    while n < spec.max {
                        if spec
                            .stop_words
                            .iter()
                            .any(|w| text[q..].starts_with(w.as_str()))
                        {
                            break;
                        }
                        match next_char(text, q) {
                            Some(c) if is_han(c) => {
                                q += c.len_utf8();
                                n += 1;
                            }
                            _ => break,
                        }
                    }
                    if n > 0 {
                        consumed += n;
                        ends.push(q);
                    }
                }
            }
            _ => {}
        }
        if consumed == 0 {
            let ok = spec.optional && next.is_none() && absent_ok(text, pos);
            return ok.then_some(SlotHit::Absent);
        }
        let fits = |e: usize| valid(&text[b..e], spec) && !url_after(text, e);
        let end = match next {
            Some(lit) => ends
                .iter()
                .copied()
                .find(|&e| fits(e) && self.match_lit(text, e, lit).is_some())?,
            // The longest capture that fits (a mixed AI监管 too long falls back to AI).
            None => ends.iter().rev().copied().find(|&e| fits(e))?,
        };
        Some(SlotHit::Span(b, end))
    }
}

/// Is `value` an acceptable capture for `spec`?
fn valid(value: &str, spec: &SlotSpec) -> bool {
    valid_min(value, spec, spec.min)
}

/// [`valid`] with another minimum length.
fn valid_min(value: &str, spec: &SlotSpec, min: usize) -> bool {
    let n = value.chars().count();
    let han = value.chars().all(is_han);
    let latin = value.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ')
        && value.chars().any(|c| c.is_ascii_alphabetic());
    let mixed = value.starts_with(|c: char| c.is_ascii_alphanumeric())
        && value.ends_with(is_han)
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || is_han(c))
        && value.chars().any(|c| c.is_ascii_alphabetic());
    let digits = !value.is_empty() && value.chars().all(|c| c.is_ascii_digit());
    let ok_script = match spec.script {
        Script::Han => han,
        Script::Latin => latin,
        Script::Term | Script::Any => han || latin || mixed,
        Script::Digits => digits,
        Script::Numeral => digits || (n == 1 && value.chars().all(|c| c.is_ascii_uppercase())),
    };
    let max = if latin { spec.latin_max } else { spec.max };
    ok_script
        && n >= min
        && n <= max
        && !spec
            .reject_prefixes
            .iter()
            .any(|p| value.starts_with(p.as_str()))
        && !spec
            .reject_values
            .iter()
            .any(|v| v.eq_ignore_ascii_case(value))
}

/// May an optional last slot be missing when the literal ends at `pos`? Not when a word,
/// a number, a bracket (a numbered list item) or another operator follows.
fn absent_ok(text: &str, pos: usize) -> bool {
    match next_char(text, pos) {
        None => true,
        Some(c) if c.is_ascii_alphanumeric() => false,
        Some('.') => !text[pos + 1..].starts_with(|c: char| c.is_ascii_alphanumeric()),
        Some(c) => !matches!(
            c,
            '(' | '（'
                | '['
                | '【'
                | '〔'
                | '《'
                | '+'
                | '-'
                | '='
                | '/'
                | '@'
                | '&'
                | '_'
                | '<'
                | '>'
                | '%'
                | '*'
                | '①'..='⑳'
        ),
    }
}

/// Characters that make a Latin word part of a URL, an e-mail address or a file name.
fn is_url_char(c: char) -> bool {
    matches!(
        c,
        '/' | '@' | '.' | ':' | '=' | '&' | '?' | '#' | '%' | '_' | '\\' | '-' | '+'
    )
}

/// Does a URL, e-mail address or decimal continue at `e`?
fn url_after(text: &str, e: usize) -> bool {
    let mut it = text[e..].chars();
    match (it.next(), it.next()) {
        (Some('@' | '_'), _) => true,
        (Some('.' | '/' | ':'), Some(c)) => c.is_ascii_alphanumeric(),
        _ => false,
    }
}

fn allows_han(s: Script) -> bool {
    matches!(s, Script::Han | Script::Term | Script::Any)
}

fn allows_ascii(s: Script) -> bool {
    !matches!(s, Script::Han)
}

/// A Han ideograph (not CJK punctuation).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{A0}')
}

/// The closing quote of an opening quote.
fn closing_quote(open: char) -> Option<char> {
    match open {
        '“' => Some('”'),
        '「' => Some('」'),
        '『' => Some('』'),
        '‘' => Some('’'),
        '"' => Some('"'),
        '\'' => Some('\''),
        _ => None,
    }
}

fn prev_char(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

fn next_char(text: &str, i: usize) -> Option<char> {
    text[i..].chars().next()
}

fn word_start(text: &str, e: usize) -> usize {
    let bytes = text.as_bytes();
    let mut s = e;
    while s > 0 && bytes[s - 1].is_ascii_alphanumeric() {
        s -= 1;
    }
    s
}

fn word_end(text: &str, b: usize) -> usize {
    let bytes = text.as_bytes();
    let mut e = b;
    while e < bytes.len() && bytes[e].is_ascii_alphanumeric() {
        e += 1;
    }
    e
}
