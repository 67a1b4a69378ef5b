//! The keyword analyzer: a dictionary compiled into one automaton, reporting one finding
//! per (matched span, concept).

use policyscan_api::hex::to_hex as hex;
use std::fmt;

use std::sync::Arc;

use policyscan_api::{AnalyzeError, Analyzer, Document, Finding, FindingSink, RuleInfo, Span};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::dictionary::{Concept, Dictionary};
use crate::matcher::{Hit, Matcher, Role};
use crate::traditional::{S2t, S2T_TABLE};

/// The analyzer id, the prefix of every rule id (`keyword/blockchain`).
pub const ANALYZER_ID: &str = "keyword";

/// Hits reported at a time (see `KeywordAnalyzer::scan`): 1 KB of stack.
const HITS_PER_BURST: usize = 32;

/// The dictionary could not be compiled (the automaton would exceed its size limits).
#[derive(Debug, Clone)]
pub struct BuildError(String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot compile the keyword dictionary: {}", self.0)
    }
}

impl std::error::Error for BuildError {}

/// Concept dictionary matcher. Built once, then shared read-only across threads.
#[derive(Debug, Clone)]
pub struct KeywordAnalyzer {
    dict: Dictionary,
    rule_ids: Vec<Arc<str>>,
    matcher: Matcher,
    config_hash: String,
}

impl KeywordAnalyzer {
    /// Compile `dict` (with traditional-script expansion).
    ///
    /// # Panics
    /// If the automaton exceeds the `aho-corasick` size limits, which takes millions of
    /// terms; use [`KeywordAnalyzer::try_new`] to get an error instead.
    pub fn new(dict: &Dictionary) -> KeywordAnalyzer {
        match KeywordAnalyzer::try_new(dict) {
            Ok(a) => a,
            Err(e) => panic!("{e}"),
        }
    }

    /// Compile `dict` (with traditional-script expansion).
    pub fn try_new(dict: &Dictionary) -> Result<KeywordAnalyzer, BuildError> {
        let matcher =
            Matcher::build(dict, S2t::embedded()).map_err(|e| BuildError(e.to_string()))?;
        Ok(KeywordAnalyzer {
            dict: dict.clone(),
            rule_ids: dict
                .concepts()
                .iter()
                .map(|c| Arc::from(rule_id(&c.id)))
                .collect(),
            matcher,
            config_hash: config_hash(dict),
        })
    }

    /// The concepts, in rule order.
    pub fn concepts(&self) -> &[Concept] {
        self.dict.concepts()
    }

    /// Number of distinct automaton patterns (terms, blockers and traditional variants).
    pub fn pattern_count(&self) -> usize {
        self.matcher.pattern_count()
    }

    /// The distinct automaton patterns (terms, blockers and traditional variants, matched
    /// ASCII case-insensitively): what a baseline scanner must search for to do the same
    /// work.
    pub fn patterns(&self) -> &[String] {
        self.matcher.keys()
    }

    /// The dictionary this analyzer was built from.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dict
    }

    /// All findings in `text` (taken as already normalized), in span order.
    pub fn find_all(&self, text: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        self.scan(text, &mut out);
        out
    }

    /// Scans `text`, reporting hits in bursts of [`HITS_PER_BURST`]: between two hits the
    /// automaton's tables fill the cache and evict what reporting touches (the rule and
    /// attribute reference counts and, behind the plugin boundary, the pin cache and the
    /// batch), so a burst pays those misses once instead of at every hit. It halved the
    /// cost of loading this analyzer as a plugin (`benches/plugin_overhead.rs`).
    fn scan(&self, text: &str, sink: &mut dyn FindingSink) {
        let mut burst = [Hit::NONE; HITS_PER_BURST];
        let mut len = 0;
        self.matcher.scan(text, |hit| {
            burst[len] = hit;
            len += 1;
            if len == HITS_PER_BURST {
                self.report(&burst, sink);
                len = 0;
            }
        });
        self.report(&burst[..len], sink);
    }

    /// One finding per (hit, concept that owns the hit's pattern as a term).
    fn report(&self, hits: &[Hit<'_>], sink: &mut dyn FindingSink) {
        for hit in hits {
            for owner in hit.owners {
                let Role::Term { attrs, .. } = &owner.role else {
                    continue;
                };
                let span = Span::new(hit.start, hit.end);
                sink.push_shared(&self.rule_ids[owner.concept], span, attrs);
            }
        }
    }
}

impl Analyzer for KeywordAnalyzer {
    fn id(&self) -> &str {
        ANALYZER_ID
    }

    fn rules(&self) -> Vec<RuleInfo> {
        self.dict
            .concepts()
            .iter()
            .zip(&self.rule_ids)
            .map(|(c, id)| RuleInfo {
                id: id.to_string(),
                label: c.label.clone(),
            })
            .collect()
    }

    fn config_hash(&self) -> String {
        self.config_hash.clone()
    }

    fn analyze(&self, doc: &Document<'_>, sink: &mut dyn FindingSink) -> Result<(), AnalyzeError> {
        self.scan(doc.text, sink);
        Ok(())
    }
}

fn rule_id(concept_id: &str) -> String {
    format!("{ANALYZER_ID}/{concept_id}")
}

/// SHA-256 (hex) of a canonical JSON serialization of the effective concepts: sorted by id,
/// terms and blockers sorted. The character table is hashed in too, since it decides which
/// traditional variants match.
fn config_hash(dict: &Dictionary) -> String {
    #[derive(Serialize)]
    struct Canonical<'a> {
        format: &'static str,
        concepts: Vec<CanonicalConcept<'a>>,
        s2t_sha256: String,
    }
    #[derive(Serialize)]
    struct CanonicalConcept<'a> {
        id: &'a str,
        label: &'a str,
        terms: Vec<&'a str>,
        blockers: Vec<&'a str>,
    }
    let mut concepts: Vec<CanonicalConcept<'_>> = dict
        .concepts()
        .iter()
        .map(|c| {
            let mut terms: Vec<&str> = c.terms.iter().map(String::as_str).collect();
            let mut blockers: Vec<&str> = c.blockers.iter().map(String::as_str).collect();
            terms.sort_unstable();
            blockers.sort_unstable();
            CanonicalConcept {
                id: &c.id,
                label: &c.label,
                terms,
                blockers,
            }
        })
        .collect();
    concepts.sort_by(|a, b| a.id.cmp(b.id));
    let canonical = Canonical {
        format: "policyscan-keyword/1",
        concepts,
        s2t_sha256: hex(&Sha256::digest(S2T_TABLE.as_bytes())),
    };
    // Serializing plain strings and vectors cannot fail.
    let bytes = serde_json::to_vec(&canonical).unwrap_or_default();
    hex(&Sha256::digest(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concept(id: &str, terms: &[&str], blockers: &[&str]) -> Concept {
        Concept {
            id: id.into(),
            label: id.into(),
            terms: terms.iter().map(|s| s.to_string()).collect(),
            blockers: blockers.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn builtin() -> KeywordAnalyzer {
        KeywordAnalyzer::new(&Dictionary::builtin())
    }

    /// (rule without prefix, matched text, term attr)
    fn hits(a: &KeywordAnalyzer, text: &str) -> Vec<(String, String, String)> {
        a.find_all(text)
            .into_iter()
            .map(|f| {
                let rule = f.rule.trim_start_matches("keyword/").to_string();
                let term = f
                    .attrs
                    .get("term")
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string();
                (rule, text[f.span.start..f.span.end].to_string(), term)
            })
            .collect()
    }

    fn rules_of(a: &KeywordAnalyzer, text: &str) -> Vec<String> {
        hits(a, text).into_iter().map(|h| h.0).collect()
    }

    #[test]
    fn cjk_substring_match() {
        let a = builtin();
        let text = "加快推进区块链技术应用，发展区块链+政务服务。";
        let f = a.find_all(text);
        assert_eq!(f.len(), 2);
        assert_eq!(&*f[0].rule, "keyword/blockchain");
        assert_eq!(&text[f[0].span.start..f[0].span.end], "区块链");
        assert_eq!(f[0].attrs.get("term"), Some(&"区块链".into()));
        assert_eq!(f[0].attrs.get("concept"), Some(&"blockchain".into()));
        assert_eq!(f[0].attrs.get("script"), None);
        assert!(f[0].span < f[1].span);
    }

    #[test]
    fn latin_word_boundaries_and_case() {
        let a = builtin();
        assert_eq!(
            rules_of(&a, "Blockchain and BLOCKCHAIN and blockchain."),
            ["blockchain"; 3]
        );
        let h = hits(&a, "BLOCKCHAIN");
        assert_eq!(
            h[0].2, "blockchain",
            "term attr is the dictionary's spelling"
        );
        // "blockchains" is listed, "blockchainization" is not
        assert_eq!(hits(&a, "blockchains")[0].2, "blockchains");
        assert!(a.find_all("blockchainization").is_empty());
        assert!(a.find_all("myblockchain").is_empty());
        assert!(a.find_all("blockchain2").is_empty());
        assert!(a.find_all("éblockchain").is_empty());
        // CJK neighbours and punctuation are boundaries
        assert_eq!(
            rules_of(&a, "推进5G建设，发展AI产业"),
            ["5g", "artificial_intelligence"]
        );
        assert_eq!(rules_of(&a, "AI+制造"), ["artificial_intelligence"]);
        assert_eq!(rules_of(&a, "(AI)"), ["artificial_intelligence"]);
        assert!(a.find_all("15G 5GHz").is_empty());
        assert!(a.find_all("MAIN CAIRO AIIB").is_empty());
    }

    #[test]
    fn rejected_candidate_does_not_hide_a_later_match() {
        let a = builtin();
        let text = "SAID AI";
        let f = a.find_all(text);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].span, Span::new(5, 7));
        assert_eq!(rules_of(&a, "xAI AI"), ["artificial_intelligence"]);
        assert_eq!(rules_of(&a, "paid,AI"), ["artificial_intelligence"]);
    }

    #[test]
    fn shorter_pattern_at_the_same_start_is_tried() {
        let dict: Dictionary = [
            concept("bd", &["big data"], &[]),
            concept("bdc", &["big data center"], &[]),
        ]
        .into_iter()
        .collect();
        let a = KeywordAnalyzer::new(&dict);
        assert_eq!(
            hits(&a, "big data centers"),
            [("bd".into(), "big data".into(), "big data".into())]
        );
        assert_eq!(rules_of(&a, "big data center."), ["bdc"]);
    }

    #[test]
    fn leftmost_longest() {
        let dict: Dictionary = [
            concept("internet", &["互联网"], &[]),
            concept("industrial_internet", &["工业互联网"], &[]),
        ]
        .into_iter()
        .collect();
        let a = KeywordAnalyzer::new(&dict);
        assert_eq!(rules_of(&a, "建设工业互联网平台"), ["industrial_internet"]);
        assert_eq!(
            rules_of(&a, "互联网+和工业互联网"),
            ["internet", "industrial_internet"]
        );
        // the built-in dictionary has no 互联网 concept
        assert_eq!(rules_of(&builtin(), "工业互联网"), ["industrial_internet"]);
    }

    #[test]
    fn blockers_claim_spans_without_counting() {
        let dict: Dictionary = [concept("hainan", &["海南"], &["海南藏族自治州"])]
            .into_iter()
            .collect();
        let a = KeywordAnalyzer::new(&dict);
        let text = "海南藏族自治州和海南省";
        let f = a.find_all(text);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].span.start, "海南藏族自治州和".len());
        assert_eq!(&text[f[0].span.start..f[0].span.end], "海南");
        // traditional variant of the blocker blocks too
        assert!(a.find_all("海南藏族自治州").is_empty());
    }

    #[test]
    fn builtin_blockers() {
        let a = builtin();
        assert!(a.find_all("扩大数据开放范围，加大数据共享力度").is_empty());
        assert_eq!(rules_of(&a, "建设大数据中心"), ["big_data"]);
        assert!(a.find_all("加大预算力度").is_empty());
        assert_eq!(rules_of(&a, "提升算力水平"), ["computing_power"]);
        assert!(a.find_all("种业是农业的芯片").is_empty());
        assert_eq!(rules_of(&a, "突破芯片技术"), ["integrated_circuits"]);
        assert!(a.find_all("blue chips rallied").is_empty());
        assert_eq!(rules_of(&a, "advanced chips"), ["integrated_circuits"]);
    }

    #[test]
    fn traditional_forms() {
        let a = builtin();
        for text in ["區塊鏈", "区块鏈", "區块链"] {
            let f = a.find_all(text);
            assert_eq!(f.len(), 1, "{text}");
            assert_eq!(&*f[0].rule, "keyword/blockchain");
            assert_eq!(f[0].attrs.get("term"), Some(&"区块链".into()));
            assert_eq!(
                f[0].attrs.get("script"),
                Some(&"traditional".into()),
                "{text}"
            );
        }
        assert_eq!(
            rules_of(&a, "推動高質量發展和數字經濟"),
            ["high_quality_development", "digital_economy"]
        );
        assert_eq!(rules_of(&a, "鄉村振興"), ["rural_revitalization"]);
        // traditional variants of blockers block as well
        assert!(a.find_all("擴大數據開放").is_empty());
    }

    #[test]
    fn variant_equal_to_an_existing_term_is_not_duplicated() {
        let dict: Dictionary = [concept("b", &["区块链", "區塊鏈"], &[])]
            .into_iter()
            .collect();
        let a = KeywordAnalyzer::new(&dict);
        let f = a.find_all("區塊鏈");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].attrs.get("term"), Some(&"區塊鏈".into()));
        assert_eq!(f[0].attrs.get("script"), None);
    }

    #[test]
    fn same_term_in_two_concepts() {
        let dict: Dictionary = [
            concept("a", &["区块链", "AI"], &[]),
            concept("b", &["区块链"], &[]),
            concept("c", &["ai"], &[]),
        ]
        .into_iter()
        .collect();
        let a = KeywordAnalyzer::new(&dict);
        assert_eq!(rules_of(&a, "区块链"), ["a", "b"]);
        let h = hits(&a, "Ai");
        assert_eq!(h.len(), 2);
        assert_eq!(h[0], ("a".into(), "Ai".into(), "AI".into()));
        assert_eq!(h[1], ("c".into(), "Ai".into(), "ai".into()));
    }

    #[test]
    fn findings_are_in_span_order() {
        let a = builtin();
        let text = "区块链、人工智能、blockchain, AI, 5G, 云计算与大数据。";
        let f = a.find_all(text);
        assert_eq!(f.len(), 7);
        assert!(f.windows(2).all(|w| w[0].span <= w[1].span));
        let doc = Document {
            id: "d",
            text,
            region: None,
            year: None,
        };
        let mut sink: Vec<Finding> = Vec::new();
        a.analyze(&doc, &mut sink).expect("analyzes");
        assert_eq!(sink, f);
    }

    #[test]
    fn hits_across_several_bursts_are_all_reported_in_order() {
        // Two full bursts, then a partial one; every hit owned by two concepts, so a
        // burst's findings outnumber its hits.
        let dict: Dictionary = [concept("a", &["链"], &[]), concept("b", &["链"], &[])]
            .into_iter()
            .collect();
        let a = KeywordAnalyzer::new(&dict);
        let hits_in_text = 2 * HITS_PER_BURST + 5;
        let text = "区块链。".repeat(hits_in_text);
        let f = a.find_all(&text);
        assert_eq!(f.len(), 2 * hits_in_text);
        let step = "区块链。".len();
        for (i, pair) in f.chunks(2).enumerate() {
            let start = i * step + "区块".len();
            assert_eq!(pair[0].span, Span::new(start, start + "链".len()));
            assert_eq!(pair[1].span, pair[0].span);
            assert_eq!((&*pair[0].rule, &*pair[1].rule), ("keyword/a", "keyword/b"));
        }
    }

    #[test]
    fn rules_follow_dictionary_order() {
        let a = builtin();
        let rules = a.rules();
        assert_eq!(rules.len(), a.concepts().len());
        assert_eq!(rules[0].id, "keyword/blockchain");
        assert_eq!(rules[0].label, "区块链 / blockchain");
        assert_eq!(a.id(), ANALYZER_ID);
    }

    #[test]
    fn config_hash_is_stable() {
        let a = builtin();
        let h = a.config_hash();
        assert_eq!(h.len(), 64);
        assert!(h.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(h, builtin().config_hash());
        // order of concepts and terms does not matter
        let dict: Dictionary = [concept("x", &["a", "b"], &["c"]), concept("y", &["d"], &[])]
            .into_iter()
            .collect();
        let reordered: Dictionary = [concept("y", &["d"], &[]), concept("x", &["b", "a"], &["c"])]
            .into_iter()
            .collect();
        assert_eq!(config_hash(&dict), config_hash(&reordered));
        // content does
        let changed: Dictionary = [concept("x", &["a", "b"], &[]), concept("y", &["d"], &[])]
            .into_iter()
            .collect();
        assert_ne!(config_hash(&dict), config_hash(&changed));
        assert_ne!(h, config_hash(&dict));
    }

    #[test]
    fn traditional_variants_are_added() {
        let a = builtin();
        let terms: usize = a
            .concepts()
            .iter()
            .map(|c| c.terms.len() + c.blockers.len())
            .sum();
        assert!(
            a.pattern_count() > terms + 100,
            "{} patterns",
            a.pattern_count()
        );
    }

    #[test]
    fn empty_dictionary_and_text() {
        let a = KeywordAnalyzer::new(&Dictionary::new());
        assert!(a.find_all("区块链").is_empty());
        assert!(builtin().find_all("").is_empty());
    }
}
