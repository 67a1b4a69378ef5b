//! Short forms: a second mention such as 《纲要草案》, 《建议》 or 《意见》 resolved to the
//! full title cited before it in the same document — only when exactly one earlier document
//! fits, or when the document defined the short form (（以下简称《意见》）). Never guessed.

use std::collections::HashMap;

use crate::category::{strip_qualifiers, SHORT_HEADS};
use crate::registry::title_key;

/// A full title cited earlier in the document.
#[derive(Debug, Clone)]
struct Earlier {
    title: String,
    registry_id: Option<String>,
}

/// What a short form resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// One earlier document fits (or the document defined the short form).
    Resolved {
        title: String,
        registry_id: Option<String>,
        defined: bool,
    },
    /// Several different earlier documents fit: left unresolved.
    Ambiguous(usize),
    /// No earlier title fits.
    Unresolved,
}

impl Resolution {
    /// The `resolution` attribute.
    pub fn as_str(&self) -> &'static str {
        match self {
            Resolution::Resolved { defined: true, .. } => "defined",
            Resolution::Resolved { .. } => "resolved",
            Resolution::Ambiguous(_) => "ambiguous",
            Resolution::Unresolved => "unresolved",
        }
    }
}

/// The earlier titles one form word can stand for: each distinct document (its registry
/// id, else its title key) with the index of its latest mention.
#[derive(Debug, Default)]
struct Candidates {
    all: HashMap<String, usize>,
    drafts: HashMap<String, usize>,
}

/// The full titles of one document so far, filed under the form words they end with, and
/// the short forms it defined. Adding and resolving cost the same however many titles came
/// before.
#[derive(Debug, Default)]
pub struct ShortForms {
    earlier: Vec<Earlier>,
    by_head: HashMap<&'static str, Candidates>,
    defined: HashMap<String, usize>,
    /// The last title that is not nested in another: what 以下简称 refers to.
    last_outer: Option<usize>,
}

impl ShortForms {
    /// Records a full title (not a short form, not a work); `outer` when it is not nested
    /// in another title.
    pub fn add_full(&mut self, title: &str, registry_id: Option<&str>, outer: bool) {
        let index = self.earlier.len();
        let core = strip_qualifiers(title);
        let identity = match registry_id {
            Some(id) => format!("registry:{id}"),
            None => title_key(title),
        };
        for head in SHORT_HEADS.iter().filter(|h| core.core.ends_with(*h)) {
            let candidates = self.by_head.entry(head).or_default();
            candidates.all.insert(identity.clone(), index);
            if core.draft {
                candidates.drafts.insert(identity.clone(), index);
            }
        }
        self.earlier.push(Earlier {
            title: title.to_string(),
            registry_id: registry_id.map(str::to_string),
        });
        if outer {
            self.last_outer = Some(index);
        }
    }

    /// Binds `short` (as written) to the last outer title: the document said
    /// `（以下简称《short》）` right after it. False when there is no earlier title.
    pub fn define(&mut self, short: &str) -> bool {
        let Some(index) = self.last_outer else {
            return false;
        };
        self.defined.insert(title_key(short), index);
        true
    }

    /// Resolves the short form `short` whose form word is `head` (纲要 for 《纲要草案》).
    pub fn resolve(&self, short: &str, head: &str) -> Resolution {
        if let Some(&i) = self.defined.get(&title_key(short)) {
            return self.resolved(i, true);
        }
        let Some(candidates) = self.by_head.get(head) else {
            return Resolution::Unresolved;
        };
        // 《纲要草案》 prefers the draft outline when the document cites both.
        let pool = if strip_qualifiers(short).draft && !candidates.drafts.is_empty() {
            &candidates.drafts
        } else {
            &candidates.all
        };
        match pool.len() {
            0 => Resolution::Unresolved,
            1 => pool
                .values()
                .next()
                .map_or(Resolution::Unresolved, |&i| self.resolved(i, false)),
            n => Resolution::Ambiguous(n),
        }
    }

    fn resolved(&self, i: usize, defined: bool) -> Resolution {
        let e = &self.earlier[i];
        Resolution::Resolved {
            title: e.title.clone(),
            registry_id: e.registry_id.clone(),
            defined,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_only_when_unambiguous() {
        let mut s = ShortForms::default();
        assert_eq!(s.resolve("方案", "方案"), Resolution::Unresolved);
        s.add_full(
            "中华人民共和国国民经济和社会发展第十五个五年规划纲要(草案)",
            Some("fyp15-outline"),
            true,
        );
        s.add_full(
            "中共中央关于制定国民经济和社会发展第十五个五年规划的建议",
            None,
            true,
        );
        match s.resolve("纲要草案", "纲要") {
            Resolution::Resolved {
                title,
                registry_id,
                defined,
            } => {
                assert!(title.starts_with("中华人民共和国国民经济"));
                assert_eq!(registry_id.as_deref(), Some("fyp15-outline"));
                assert!(!defined);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(s.resolve("建议", "建议").as_str(), "resolved");
        s.add_full("关于加快建设全国统一大市场的意见", None, true);
        s.add_full("关于进一步盘活存量资产的意见", None, true);
        assert_eq!(s.resolve("意见", "意见"), Resolution::Ambiguous(2));
        // The same title cited twice is still one candidate.
        s.add_full("关于进一步盘活存量资产的意见", None, true);
        assert_eq!(s.resolve("意见", "意见"), Resolution::Ambiguous(2));
        assert!(s.define("意见"));
        assert_eq!(s.resolve("意见", "意见").as_str(), "defined");
    }

    #[test]
    fn one_registered_document_cited_two_ways_is_one_candidate() {
        let mut s = ShortForms::default();
        s.add_full(
            "国务院关于积极推进“互联网+”行动的指导意见",
            Some("gf-40"),
            true,
        );
        s.add_full("关于积极推进“互联网+”行动的指导意见", Some("gf-40"), true);
        assert_eq!(s.resolve("意见", "意见").as_str(), "resolved");
    }

    #[test]
    fn a_definition_refers_to_the_outer_title() {
        let mut s = ShortForms::default();
        s.add_full("国务院关于印发〈甲行动方案〉的通知", None, true);
        s.add_full("甲行动方案", None, false);
        assert!(s.define("通知"));
        match s.resolve("通知", "通知") {
            Resolution::Resolved { title, .. } => {
                assert_eq!(title, "国务院关于印发〈甲行动方案〉的通知")
            }
            other => panic!("{other:?}"),
        }
    }
}
