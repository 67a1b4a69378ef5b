//! Simplified → traditional expansion of dictionary terms.
//!
//! Traditional-script documents (and partly converted ones, 区块鏈) are matched by adding
//! traditional variants of each Chinese term to the automaton, never by rewriting the text.
//! The character table (`s2t.tsv`) is hand-written and character-based: it cannot tell
//! 制度 (stays 制) from 製造, so for such characters every form is generated.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The embedded character table.
pub const S2T_TABLE: &str = include_str!("s2t.tsv");

/// At most this many variants of a term are generated (all mixed forms); a term with more
/// gets only its fully traditional form.
pub const MAX_VARIANTS: usize = 64;

/// The simplified → traditional character table.
#[derive(Debug, Clone, Default)]
pub struct S2t {
    map: HashMap<char, Vec<char>>,
}

impl S2t {
    /// The embedded table, parsed once.
    pub fn embedded() -> &'static S2t {
        static TABLE: OnceLock<S2t> = OnceLock::new();
        TABLE.get_or_init(|| S2t::parse(S2T_TABLE))
    }

    /// Parse a table: `<simplified> TAB <traditional> [<traditional> ...]`, `#` comments.
    /// Malformed lines are skipped (the embedded table is checked by tests).
    pub fn parse(src: &str) -> S2t {
        let mut map: HashMap<char, Vec<char>> = HashMap::new();
        for line in src.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split_whitespace();
            let Some(simplified) = fields.next().and_then(single_char) else {
                continue;
            };
            let forms: Vec<char> = fields.filter_map(single_char).collect();
            if forms.is_empty() {
                continue;
            }
            let entry = map.entry(simplified).or_default();
            for f in forms {
                if !entry.contains(&f) {
                    entry.push(f);
                }
            }
        }
        S2t { map }
    }

    /// The traditional forms of a character, primary first (may include the character
    /// itself); empty when the character is the same in both scripts.
    pub fn forms(&self, c: char) -> &[char] {
        self.map.get(&c).map_or(&[], Vec::as_slice)
    }

    /// Number of characters in the table.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The fully traditional form of `term` (primary form of every character).
    pub fn to_traditional(&self, term: &str) -> String {
        term.chars()
            .map(|c| self.forms(c).first().copied().unwrap_or(c))
            .collect()
    }

    /// The traditional and mixed variants of `term`, without `term` itself, in a stable
    /// order. All combinations when there are at most [`MAX_VARIANTS`], else only the fully
    /// traditional form. Empty when no character of `term` has a traditional form.
    pub fn variants(&self, term: &str) -> Vec<String> {
        let options: Vec<Vec<char>> = term
            .chars()
            .map(|c| {
                let mut opts = vec![c];
                for &f in self.forms(c) {
                    if !opts.contains(&f) {
                        opts.push(f);
                    }
                }
                opts
            })
            .collect();
        let total = options
            .iter()
            .try_fold(1usize, |acc, o| acc.checked_mul(o.len()));
        match total {
            Some(1) => Vec::new(),
            Some(n) if n - 1 <= MAX_VARIANTS => {
                let mut out = Vec::with_capacity(n - 1);
                let mut current = String::with_capacity(term.len() * 2);
                combine(&options, 0, &mut current, &mut out);
                out.retain(|v| v != term);
                out
            }
            _ => {
                let full = self.to_traditional(term);
                if full == term {
                    Vec::new()
                } else {
                    vec![full]
                }
            }
        }
    }
}

fn combine(options: &[Vec<char>], at: usize, current: &mut String, out: &mut Vec<String>) {
    let Some(opts) = options.get(at) else {
        out.push(current.clone());
        return;
    };
    for &c in opts {
        current.push(c);
        combine(options, at + 1, current, out);
        current.pop();
    }
}

fn single_char(s: &str) -> Option<char> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dictionary;

    #[test]
    fn embedded_table_is_well_formed() {
        let mut simplified_seen = std::collections::HashSet::new();
        for (n, line) in S2T_TABLE.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (s, forms) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("line {}", n + 1));
            let s = single_char(s).unwrap_or_else(|| panic!("line {}: {s:?}", n + 1));
            assert!(
                simplified_seen.insert(s),
                "line {}: {s} listed twice",
                n + 1
            );
            let forms: Vec<&str> = forms.split(' ').collect();
            assert!(!forms.is_empty(), "line {}", n + 1);
            assert!(
                forms.iter().all(|f| single_char(f).is_some()),
                "line {}",
                n + 1
            );
            assert!(
                forms.iter().any(|f| single_char(f) != Some(s)),
                "line {}",
                n + 1
            );
        }
        assert!(S2t::embedded().len() >= 400, "{}", S2t::embedded().len());
    }

    #[test]
    fn builtin_terms_have_their_traditional_forms() {
        let t = S2t::embedded();
        let expected = [
            ("区块链", "區塊鏈"),
            ("人工智能", "人工智能"),
            ("大数据", "大數據"),
            ("云计算", "雲計算"),
            ("物联网", "物聯網"),
            ("第五代移动通信", "第五代移動通信"),
            ("数字经济", "數字經濟"),
            ("工业互联网", "工業互聯網"),
            ("量子科技", "量子科技"),
            ("量子计算", "量子計算"),
            ("量子通信", "量子通信"),
            ("量子信息", "量子信息"),
            ("量子技术", "量子技術"),
            ("新能源汽车", "新能源汽車"),
            ("新能源车", "新能源車"),
            ("碳达峰", "碳達峰"),
            ("碳中和", "碳中和"),
            ("双碳", "雙碳"),
            ("数字政府", "數字政府"),
            ("智慧城市", "智慧城市"),
            ("电子商务", "電子商務"),
            ("电商", "電商"),
            ("金融科技", "金融科技"),
            ("集成电路", "集成電路"),
            ("芯片", "芯片"),
            ("农业芯片", "農業芯片"),
            ("农业的芯片", "農業的芯片"),
            ("数据要素", "數據要素"),
            ("算力", "算力"),
            ("预算力", "預算力"),
            ("打算力", "打算力"),
            ("扩大数据", "擴大數據"),
            ("加大数据", "加大數據"),
            ("低空经济", "低空經濟"),
            ("新质生产力", "新質生產力"),
            ("平台经济", "平臺經濟"),
            ("营商环境", "營商環境"),
            ("共同富裕", "共同富裕"),
            ("乡村振兴", "鄉村振興"),
            ("一带一路", "一帶一路"),
            ("生态文明", "生態文明"),
            ("供给侧结构性改革", "供給側結構性改革"),
            ("供给侧改革", "供給側改革"),
            ("高质量发展", "高質量發展"),
            ("创新驱动", "創新驅動"),
        ];
        let mut covered = std::collections::HashSet::new();
        for (s, tr) in expected {
            assert_eq!(t.to_traditional(s), tr, "{s}");
            covered.insert(s);
        }
        // the list above covers every Chinese term and blocker of the built-in dictionary
        for c in Dictionary::builtin().concepts() {
            for term in c.terms.iter().chain(&c.blockers) {
                if !term.is_ascii() {
                    assert!(
                        covered.contains(term.as_str()),
                        "{term} has no expected form"
                    );
                }
            }
        }
    }

    #[test]
    fn variants_include_mixed_forms() {
        let t = S2t::embedded();
        let v = t.variants("区块链");
        assert_eq!(v.len(), 7);
        assert!(v.contains(&"區塊鏈".to_string()));
        assert!(v.contains(&"区块鏈".to_string()));
        assert!(v.contains(&"區块链".to_string()));
        assert!(!v.contains(&"区块链".to_string()));
        assert!(t.variants("人工智能").is_empty());
        assert!(t.variants("blockchain").is_empty());
    }

    #[test]
    fn one_to_many_lists_every_form() {
        let t = S2t::embedded();
        let v = t.variants("发展");
        assert!(v.contains(&"發展".to_string()));
        assert!(v.contains(&"髮展".to_string()));
        assert_eq!(t.to_traditional("高质量发展"), "高質量發展");
    }

    #[test]
    fn too_many_combinations_give_only_the_full_form() {
        let t = S2t::embedded();
        // 7 differing characters: 2^7 - 1 > 64
        let term = "区块链数据经济";
        assert_eq!(t.variants(term), vec!["區塊鏈數據經濟".to_string()]);
        // 6 differing characters: 2^6 - 1 = 63 ≤ 64
        assert_eq!(t.variants("区块链数据经").len(), 63);
    }
}
