//! The phrase analyzer of policyscan: "X+" programme names of Chinese policy writing
//! (“区块链+”, 互联网+政务服务, 人工智能+制造, 互联网+教育+医疗, AI+, 5G+, Blockchain+,
//! "blockchain + industry", "Internet Plus") with their X and Y captured, told apart from
//! arithmetic, numbers and `1+N` policy-system numerals. Every pattern, the built-in ones
//! included, is data in one small TOML format ([`pattern_file`]), so users add their own
//! (`{x}赋能{y}`, `{x} + industry`) without writing Rust.
//!
//! # Rules
//!
//! - `phrase/plus` — X+ models. Attributes: `x`, `y` (and `y2`, `y3` … for chains) as
//!   text, and `form`: `bare` (`区块链+`), `xy` (`区块链+政务服务`), `chain`
//!   (`互联网+教育+医疗`), `plus-word` (`Internet Plus`), each prefixed `quoted-` when the
//!   phrase is wrapped in quotes that the finding then includes (`“人工智能+”` →
//!   `quoted-bare`). Captures: `x`, then `y`, `y2` … each its own span inside the finding.
//! - `phrase/policy-system` — `1+N`, `1+X`, `1+4+N`, `1+1+N` (captures `x`, `y`, `y2` …);
//!   the last member must be `N` or `X`, so `1+1` and `3+2` are not reported — except
//!   inside quotes, where all-number systems are named devices too (“3+2”现代化产业体系,
//!   “2+3+6+6”, “1+9”).
//! - `phrase/<name>` — one rule per user pattern name.
//!
//! The text is the normalized view: `＋` is already `+`, `ＡＩ` is `AI`, and line breaks
//! between CJK characters are gone. Chinese quotes are not folded; `“” 「」 『』 ‘’` and ASCII
//! `"` `'` are recognized. Spans are byte offsets in that text; findings are pushed in span
//! order and never overlap within a rule (leftmost, then longest).
//!
//! # Where X and Y end
//!
//! Chinese has no spaces, so the left edge of X is decided by the shape of policy language:
//! X is the shortest noun phrase before the plus, not the clause it sits in.
//!
//! 1. **Quoted X.** If at most `max` Han characters run back from the plus to an opening
//!    quote, X is all of them, whatever words they contain: 实施“人工智能+”行动 → 人工智能,
//!    “数字政府建设+” → 数字政府建设. The same holds for a quoted Latin word (“AI+”).
//! 2. **Unquoted Han X.** X grows left from the plus one Han character at a time and stops
//!    at anything that is not a Han ideograph (punctuation, a quote, a digit, a Latin
//!    letter, a space), at `max` characters (8 built in), or — once X has `min` characters
//!    (2 built in) — as soon as the text before X ends with a *stop word*: a verb or adverb
//!    that introduces the phrase (推进, 实施, 深化, 加快, 发展, 推动, 探索, 开展, 打造, 建设,
//!    构建, 促进, 强化, 拓展, 深入, 大力, 积极, 全面, 持续, 着力, 推广, 建成, 形成, 实现 …;
//!    the full list is in `default_patterns.toml`), a place subject (我省,
//!    全市 …) or a function word (以, 和, 与, 及, 的, 在, 等, 了, 是, 为, 把, 将 …). So
//!    深入实施人工智能+ → 人工智能, 大力推进“互联网+政务服务” → 互联网 (rule 1),
//!    加快发展区块链+供应链金融 → 区块链 (the text before ends with 发展). When no stop word is
//!    met within `max` characters, X is the last `max` characters.
//! 3. **Latin X** is one whole ASCII word of letters and digits with at least one letter
//!    (`AI`, `5G`, `Blockchain`), at least 2 characters: single letters are not X, so grades
//!    `A+` and `C++` are not reported; `AA`/`AAA`/`BBB`-style ratings are rejected by value.
//!    A word touching `/ @ . : = & ? # % _ \ - +` on its left is part of a URL, an address,
//!    a number or a chain and is not X.
//! 4. **Y** runs right from the plus (spaces allowed around it) over Han characters up to
//!    `max` (8), stopping at anything else — punctuation, quotes, digits, Latin, the next
//!    plus (which continues a chain: 互联网+教育+医疗 → y=教育, y2=医疗) — or where a *stop
//!    word* begins. Y stop words are words that follow the phrase rather than belong to it:
//!    行动, 模式, 战略, 计划, 试点, 改革, 体系, 示范, 专项, 应用, 场景, 新业态, 融合,
//!    发展, 建设, 推进, 实施, 加快, 推动, 深化, 促进, 取得, the adverbs 深度, 深入, 全面,
//!    加速, 广泛, 有序, 规范, 协同, 联动 and 等, 的, 和, 与, 及, 为, 在, 是, 了. Thus “互联网+政务服务”改革 → y=政务服务, 区块链+政务服务应用 → y=政务服务 (应用
//!    ends Y), while 平台, 服务, 中心 belong to Y (区块链+政务服务平台 → y=政务服务平台). A
//!    Latin Y is one whole word ("blockchain + industry" → y=industry), not followed by
//!    `@`, `_` or `.`/`/`/`:` plus a letter or digit (e-mail addresses, URLs). A Latin
//!    word run on by Han characters is one mixed Y (“互联网+AI监管” → y=AI监管).
//!    Inside quotes, the last Y is taken whole when its Han run (at most `max`) reaches the
//!    closing quote or the next plus of the chain, stop words or not: “大景区+新业态” →
//!    y=新业态, “科学家+工程师” → y=工程师, “市场+资源+应用场景” → y2=应用场景; the quotes
//!    delimit the term, so one character is enough there (“AI+车” → y=车). Inside quotes a
//!    space after the plus is allowed without one before it (“1+ N”).
//! 5. **No Y** (bare `X+`) is accepted only when the plus is followed by the end of the
//!    text, a closing quote, a space, ordinary punctuation or a Y stop word (实施人工智能+行动);
//!    not when a word, a digit, an opening bracket, a circled number or an operator follows
//!    (`热线+86`, `数字经济+（1）`, `C++`). A Y that is too short or not a term (区块链+链,
//!    AI+2) rejects the whole match.
//!
//! Look-alikes: `3+2`, `1+1>2`, `5+2=7`, `100+`, `2020+` have no term as X and are not
//! `phrase/plus`; `1+N`, `1+X`, `1+4+N` are `phrase/policy-system`; `0571-88888888` has no
//! plus; `项目1+项目2`, `①+②`, `（1）+（2）` fail (X is a number or missing) and `第一+第二` is
//! rejected by the `第` prefix; `a+b@x.com` fails (one-letter X) and `news+tech@x.com` fails
//! (Y runs into an address).
//!
//! # Pattern files
//!
//! ```toml
//! [[pattern]]
//! name = "empower"           # rule phrase/empower: a-z 0-9 _ -; several [[pattern]]s may share a name
//! label = "X赋能Y"            # optional, defaults to the pattern string
//! pattern = "{x}赋能{y}"      # literals between {slot}s; no two slots side by side
//! quotes = "optional"        # "none" (default) | "optional" | "required": “…” 「…」 『…』 ‘…’ "…" '…'
//! spaces = "optional"        # "none" (default) | "optional": spaces around literals
//! chain = false              # repeat the last literal + slot: y2, y3 … (up to y9)
//! last_in = []               # the last captured value must be one of these (["N", "X"])
//! form = "empower"           # optional fixed `form` attribute instead of bare/xy/chain
//! [pattern.slots.x]          # one table per slot; missing tables take the defaults
//! script = "han"             # han | latin | term | any | digits | numeral (default term)
//! min = 2                    # characters (default 1)
//! max = 6                    # characters of a Han/digit capture (default 8)
//! latin_max = 32             # characters of a Latin capture (default 32)
//! words = 1                  # Latin words in a Latin capture (default 1)
//! optional = false           # the last slot only: the phrase may end without it
//! stop_words = []            # see "Where X and Y end"
//! reject_prefixes = []       # a capture starting with one of these rejects the match
//! reject_values = []         # a capture equal to one of these (ASCII case-insensitive) rejects it
//! ```
//!
//! A slot before the first literal is matched leftwards (rules 1–3 above, with its own
//! stop words); a slot between two literals takes the shortest length after which the next
//! literal follows; the last slot takes the longest length its stop words allow. Literals
//! are folded like the text (`＋` → `+`); a literal starting or ending with an ASCII letter
//! or digit matches only at word boundaries; a space written in a literal (`{x} Plus`) needs
//! at least one space in the text unless `spaces = "optional"`, which allows up to four
//! spaces around and inside every literal. Files merge over the built-in patterns
//! (`default_patterns.toml`, [`pattern_file::BUILTIN_SOURCE`]): the patterns of a file
//! named `n` replace every earlier pattern named `n`. A malformed file is reported as a
//! `ConfigProblem` `<file>:<line>:<column>: <problem>` and left out; the run goes on.
//!
//! # Speed
//!
//! Each pattern's first literal piece (`+`, `Plus`, `赋能`) is found with `memchr::memmem`;
//! all other work is local to the hit, so text without anchors costs one memchr pass per
//! pattern.
//!
//! # Known limits
//!
//! - Unquoted X without a stop word before it takes up to 8 characters: 我国新一代人工智能+
//!   → 国新一代人工智能. Place names, subjects and rare verbs before X are not all listed.
//! - A stop word can cut a term that contains it at its left edge (为民服务+ → 民服务).
//! - Y without a stop word after it runs up to 8 Han characters
//!   (人工智能+先进制造业集群高地 → 先进制造业集群高). Latin X and Y are one word each
//!   ("big data + finance" → x=data): raise `words` in a user pattern for more.
//! - A plus after a closing quote (“互联网”+政务服务) is not matched, nor is X split by
//!   other punctuation (“互联网＋”, “区块链＋” lists are matched one by one).
//! - `Internet Plus` is matched with a capital P only ("two plus two" is arithmetic), and
//!   any capitalized word before ` Plus` counts (a product name such as "Disney Plus").
//! - Latin words with hyphens (e-commerce+) are not X; chains stop after `y9`.

pub mod analyzer;
pub mod factory;
mod matcher;
pub mod pattern_file;

pub use analyzer::{PhraseAnalyzer, ANALYZER_ID};
pub use factory::{PhraseConfig, PhraseFactory};
pub use pattern_file::{
    Part, PatternError, PatternFile, PatternSet, PatternSpec, QuoteMode, Script, SlotSpec,
    SpaceMode, BUILTIN_ORIGIN,
};

policyscan_api::export_plugin!(PhraseFactory);
