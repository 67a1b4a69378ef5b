//! Short forms: a second mention such as 《纲要草案》, 《建议》 or 《意见》 resolved to the
//! full title cited before it in the same document — only when exactly one earlier title
//! fits, or when the document defined the short form (（以下简称《意见》）). Never guessed.

use std::collections::HashMap;

use crate::category::strip_qualifiers;
use crate::registry::title_key;

/// A full title cited earlier in the document.
#[derive(Debug, Clone)]
struct Earlier {
    key: String,
    core: String,
    draft: bool,
    title: String,
    registry_id: Option<String>,
}

/// What a short form resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// One earlier title fits (or the document defined the short form).
    Resolved {
        title: String,
        registry_id: Option<String>,
        defined: bool,
    },
    /// Several different earlier titles fit: left unresolved.
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

/// The full titles of one document so far, in order, and the short forms it defined.
#[derive(Debug, Default)]
pub struct ShortForms {
    earlier: Vec<Earlier>,
    defined: HashMap<String, usize>,
}

impl ShortForms {
    /// Records a full title (not a short form, not a work).
    pub fn add_full(&mut self, title: &str, registry_id: Option<&str>) {
        let core = strip_qualifiers(title);
        self.earlier.push(Earlier {
            key: title_key(title),
            core: core.core.to_string(),
            draft: core.draft,
            title: title.to_string(),
            registry_id: registry_id.map(str::to_string),
        });
    }

    /// Binds `short` (as written) to the last full title: the document said
    /// `（以下简称《short》）` right after it. False when there is no earlier title.
    pub fn define(&mut self, short: &str) -> bool {
        if self.earlier.is_empty() {
            return false;
        }
        self.defined
            .insert(title_key(short), self.earlier.len() - 1);
        true
    }

    /// Resolves the short form `short` whose form word is `head` (纲要 for 《纲要草案》).
    pub fn resolve(&self, short: &str, head: &str) -> Resolution {
        if let Some(&i) = self.defined.get(&title_key(short)) {
            return self.resolved(i, true);
        }
        let draft = strip_qualifiers(short).draft;
        let fits: Vec<usize> = (0..self.earlier.len())
            .filter(|&i| self.earlier[i].core.ends_with(head))
            .collect();
        // 《纲要草案》 prefers the draft outline when the document cites both.
        let drafts: Vec<usize> = fits
            .iter()
            .copied()
            .filter(|&i| self.earlier[i].draft)
            .collect();
        let fits = if draft && !drafts.is_empty() {
            drafts
        } else {
            fits
        };
        let mut distinct: Vec<&str> = fits.iter().map(|&i| self.earlier[i].key.as_str()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        match distinct.len() {
            0 => Resolution::Unresolved,
            1 => self.resolved(fits[fits.len() - 1], false),
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
        );
        s.add_full(
            "中共中央关于制定国民经济和社会发展第十五个五年规划的建议",
            None,
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
        s.add_full("关于加快建设全国统一大市场的意见", None);
        s.add_full("关于进一步盘活存量资产的意见", None);
        assert_eq!(s.resolve("意见", "意见"), Resolution::Ambiguous(2));
        // The same title cited twice is still one candidate.
        s.add_full("关于进一步盘活存量资产的意见", None);
        assert_eq!(s.resolve("意见", "意见"), Resolution::Ambiguous(2));
        assert!(s.define("意见"));
        assert_eq!(s.resolve("意见", "意见").as_str(), "defined");
    }
}
