//! The citation analyzer of policyscan: which documents a report cites, by 《》 title, by
//! 文号 and in English, which of them are laws, plans and policies rather than films and
//! newspapers, who issued them, and — through a registry of central documents — which
//! canonical document each citation is, so that a citation matrix (central document ×
//! province) can be built. Modelled on legal citation extractors (eyecite): each citation
//! is a finding with its parsed parts as attributes, short forms are resolved only when
//! unambiguous, and everything is reported with the reason for its classification.
//!
//! # Rules
//!
//! - `citation/title` — every closed 《…》 (and the 〈…〉, `<…>` or 《…》 nested in one). The
//!   text is the normalized view, so a title broken by a line break between Han characters
//!   reads whole, and one broken elsewhere keeps a space (`…规划和 2035年…`).
//! - `citation/doc-number` — 文号: a code, a year in any bracket (〔〕 [] （） ［］ ﹝﹞ () 【】),
//!   a serial and 号, with spaces or one line break between the parts (`国办发 〔2019〕 58
//!   号`), and numbered orders (`国务院令第722号`, `中华人民共和国主席令第八十四号`).
//! - `citation/english` — English document names (see below).
//!
//! # Attributes
//!
//! `category` (below); `basis`, why: `form:<word>` (the title ends with that form word),
//! `short:<word>`, `cue:<word>` (a work cue right before the 《), `work:<ending>`,
//! `no-form`, `doc-number`, `english`; `title` (without 《》, whitespace between CJK
//! characters removed, full-width parentheses); `issuer` (one string: 中共中央、国务院,
//! 商务部等8部门) with `issuers` (a list) and `departments` (8) for joint issuers;
//! `doc_number` (as written), `doc_number_canonical` (国办发〔2019〕58号), `doc_code`,
//! `doc_year`, `doc_serial` — on a `citation/doc-number` finding and on the title it
//! follows in brackets, whose finding then has `linked_title`; `registry_id` with
//! `registry_title` and `registry_category` (the entry's); for short
//! forms `resolution` (`resolved`, `defined`, `ambiguous` with `candidates`, `unresolved`)
//! and `resolved_from` (the full title); `within` (the title a nested title sits in);
//! `inner_title` (the document an unbracketed 印发 / 转发 notice carries); `date` (English).
//!
//! # Categories of a title
//!
//! Decided in this order, on the title without trailing qualifiers (（草案）, （试行）,
//! （2021—2035年）, 草案):
//!
//! 1. `short-form` — the title is only a form word, perhaps after 该 / 本 / 上述: 《纲要》,
//!    《纲要草案》, 《建议》, 《意见》, 《实施办法》 … (list: [`category::SHORT_HEADS`]).
//! 2. `work` — a work cue right before the 《: 电影, 电视剧, 纪录片, 歌曲, 话剧, 小说,
//!    图书, 杂志, 栏目, 作品 …
//! 3. By the last word: `treaty` (条约, 协定, 公约, 联合声明, 议定书, 宪章, 协议, 备忘录),
//!    `official` (政府工作报告, 报告, 白皮书, 公报, 政策与行动 of white papers), `law` (法典, 宪法, 条例, 规定, 办法,
//!    细则, 规则, 准则, 章程, 规程, 守则, and 法 in a title of three or more characters
//!    unless the word is 兵法, 书法, 方法 …), `plan` (规划, 纲要, 计划, 蓝图, 路线图, 预案),
//!    `policy` (意见, 决定, 通知, 方案, 措施, 建议, 决议, 通告, 公告, 指南, 指引, 批复,
//!    清单, 目录, 倡议, 纪要, 要点, 战略, 政策, 通报, 函).
//! 4. `work` — endings of newspapers, journals and books (日报, 晚报, 学报, 杂志, 周刊,
//!    文选, 文集, 全集, 词典, 通史, 文库, 丛书, 报, 传, 记, 志).
//! 5. `plan` — a programme named by its target year (中国制造2025); `official` — 告…书.
//! 6. `policy` — any other title with 关于 in it.
//! 7. `work` — everything else: a title without a form word (《人民日报》, 《山海情》,
//!    《求是》). A work is never counted as a policy citation.
//!
//! A `citation/doc-number` finding takes its registry entry's category; otherwise `law`
//! for an order and `policy` for a bracketed 文号.
//!
//! # Issuers
//!
//! The words before 关于 (or before 印发 / 转发) are split into bodies by longest match
//! against a table of central bodies and their short names ([`issuer::CENTRAL_BODIES`]:
//! 国办 → 国务院办公厅, 国家发展改革委 → 国家发展和改革委员会), province-level party
//! committees and governments (中共浙江省委, 浙江省人民政府办公厅, 广西壮族自治区党委) and
//! `等N部门`. Words the tables do not know are kept as written. A title with no head takes
//! the issuer of the 印发 wrapper it is nested in, else of its registry entry, else of its
//! 文号's code (国办发 → 国务院办公厅, 京政发 → 北京市人民政府).
//!
//! # Short forms
//!
//! A short form is resolved to the full titles cited *before* it in the same document
//! whose form word it is (《纲要草案》 → the one earlier title ending in 纲要, preferring
//! drafts). One distinct candidate: `resolved`; several: `ambiguous`, left unresolved; none:
//! `unresolved`. A short form defined right after a title (`（以下简称《意见》）`) is bound
//! to that title for the rest of the document (`defined`). Nothing is guessed.
//!
//! # English
//!
//! - The English names of registered documents, as written ("Made in China 2025", "the
//!   Paris Agreement", "the 14th Five-Year Plan" — but not "the 14th Five-Year Plan
//!   period"), also without "of the People's Republic of China" ("the Civil Code").
//! - Title-case names around a form word: "Guidance Opinions", "Guiding Opinions",
//!   "Implementation Opinions" (alone or with a name); "Opinions", "Guidelines", "Measures",
//!   "Decision", "Notice", "Proposals", "Recommendations", "Regulations", "Provisions",
//!   "Law", "Action Plan", "Outline", "Plan", "Agreement", "Convention" followed by on / for
//!   / of / about and a name of at least two title-case words ("Opinions on Accelerating the
//!   Application of Blockchain Technology", "the Outline of the 14th Five-Year Plan"), with
//!   up to six title-case words before the form word ("Master Plan for …"); a name stops at
//!   "and the". Named laws and agreements: title-case words before "Law", "Agreement",
//!   "Convention" ("the Data Security Law"); "the Constitution".
//! - "Document No. 1", "the No. 1 central document".
//!
//! The issuer is the central body named in the citation itself, else nearest before it in
//! its sentence, else after it; the date the first "17 January", "January 17, 2020" or
//! "March 2021" of the sentence. Both are searched within 240 bytes of the citation.

//! # Registry
//!
//! `registry.toml` (bundled) lists central documents with canonical id, full title,
//! aliases, 文号, issuer, date and English names. A title matches an entry by its key
//! (whitespace, quotes, 〈〉 and 、 dropped, a leading 中华人民共和国 and trailing qualifiers
//! removed, so 《数据安全法》 and the draft outline match), a title without its issuer head
//! (《关于制定…的建议》), the document inside a 印发 notice, or its linked 文号; a 文号 by
//! its canonical form; an English name case-insensitively; a short form through the title
//! it resolved to. User registry files in the same format merge over it (an entry with an
//! existing id replaces it).
//!
//! # Known limits
//!
//! - A title without a form word is a `work`: an unusual policy name (《中国教育现代化
//!   2035》 is caught by its year, 《“数字中国”》 is not) reads as a work, and a work whose
//!   name ends in a form word (a film called 《…计划》) as a document unless a cue word
//!   precedes it.
//! - An unclosed 《 (no 》 before a sentence end, a paragraph break or 200 characters) is
//!   not reported.
//! - A 文号 with an unknown code is found only when the code stands alone (not preceded by
//!   other Han characters); 文号 written without 号 or with a Chinese-numeral year are not.
//! - Short forms outside 《》 (上述文件, 该意见) are not resolved.
//! - English names must be in title case, with at least two title-case words after the
//!   connector ("Decision on Reform" is not a citation), and a name is cut at "and the".
//! - In a provincial report, titles that provinces also give their own documents
//!   (《关于制定…的建议》, 《国民经济和社会发展…纲要》, 《“十四五”规划纲要》) are matched
//!   to the registry only with a central issuer in the title or a 文号: they are usually the
//!   province's own.
//! - The title scan looks up to 200 characters ahead of every 《, so text made of
//!   thousands of unclosed 《 is slow (linear, with that constant).

pub mod analyzer;
pub mod category;
pub mod doc_number;
pub mod english;
pub mod factory;
pub mod issuer;
pub mod registry;
pub mod short_form;
pub mod title_scan;

pub use analyzer::{CitationAnalyzer, ANALYZER_ID, RULE_DOC_NUMBER, RULE_ENGLISH, RULE_TITLE};
pub use factory::{CitationConfig, CitationFactory};
pub use registry::{Registry, RegistryEntry, RegistryFile, BUILTIN_ORIGIN};

policyscan_api::export_plugin!(CitationFactory);
