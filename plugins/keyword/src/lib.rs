//! The keyword analyzer of policyscan: counts mentions of *concepts* (区块链 / blockchain /
//! 區塊鏈 …) in the normalized text of a document.
//!
//! A concept is a set of terms in any script and language plus *blockers*
//! ([`dictionary`]). The built-in dictionary (`default_dictionary.toml`, 29 concepts of
//! technology and economic policy) can be extended or overridden by TOML files, filtered by
//! concept id, or replaced by ad-hoc terms ([`KeywordConfig`]).
//!
//! # Matching rules
//!
//! - The host has already normalized the text (full-width ASCII folded, zero-width characters
//!   removed, breaks between CJK characters removed); spans are byte offsets in it.
//! - Every term, blocker and traditional variant of every concept is a pattern of **one**
//!   Aho-Corasick automaton, searched leftmost-longest and ASCII case-insensitively.
//! - CJK terms match as plain substrings.
//! - A term that starts (ends) with an ASCII letter or digit only matches when the character
//!   before (after) it is not a word character: ASCII letters and digits, or letters and
//!   digits of other alphabetic scripts (é, ж). CJK characters, spaces and punctuation are
//!   boundaries, so `发展AI产业`, `AI+` and `(5G)` match, `SAID`, `AIIB`, `15G` do not.
//!   English plurals are therefore separate terms (`blockchain`, `blockchains`).
//! - A candidate rejected by the boundary rule never hides a valid match: shorter patterns
//!   at the same start are tried ("big data" in "big data centers" when "big data center"
//!   is also a term), then scanning resumes one character after the rejected start
//!   (`SAID AI` → one hit, the second `AI`).
//! - Traditional-script and mixed forms (區塊鏈, 区块鏈) are matched by expanding each Chinese
//!   term with a hand-written simplified → traditional character table ([`traditional`]),
//!   never by rewriting the text. Their findings carry `script = "traditional"`.
//!
//! # Overlap policy
//!
//! Matches never overlap. Of the patterns matching at the leftmost position the longest
//! wins, whatever concept it belongs to: in 工业互联网 an `industrial_internet` term hides a
//! `互联网` term, and in 大数据要素 the earlier-starting 大数据 hides 数据要素. A blocker is an
//! ordinary pattern that reports nothing, so it claims its span for *every* concept (海南藏族
//! 自治州 hides 海南 whichever concept lists 海南). When one pattern (case-insensitively) is a
//! term of several concepts, each concept gets its own finding on the same span, in
//! dictionary order.
//!
//! # Findings
//!
//! Rule `keyword/<concept id>`; attributes `term` (the dictionary term as written, also for
//! traditional variants and case-insensitive matches), `concept` (the id) and, for
//! generated variants only, `script = "traditional"`. Findings are pushed in span order.
//!
//! # Known limits
//!
//! - Case folding is ASCII only; "AI" also matches "ai" and "Ai" (e.g. a romanized name).
//! - No word segmentation for Chinese: 扩大数据 contains 大数据; such cases need blockers.
//! - The character table is one character at a time: 制 has the forms 制 and 製 and both are
//!   generated; a term with more than 64 variants gets only its fully traditional form
//!   (primary form of each character), so some mixed forms of long terms are missed.
//! - Traditional *vocabulary* differences (信息 vs 資訊, 软件 vs 軟體) are not generated; add
//!   such terms to the dictionary explicitly.

pub mod analyzer;
pub mod dictionary;
pub mod factory;
mod matcher;
pub mod traditional;

pub use analyzer::{BuildError, KeywordAnalyzer, ANALYZER_ID};
pub use dictionary::{Concept, DictError, Dictionary, DictionaryFile, BUILTIN_ORIGIN};
pub use factory::{KeywordConfig, KeywordFactory};
pub use traditional::S2t;

policyscan_api::export_plugin!(KeywordFactory);
