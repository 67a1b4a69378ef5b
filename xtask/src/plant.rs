//! A generated document as a sequence of filler text and *planted* dictionary terms, and the
//! check that makes the generated truth exact: in the normalized text, every occurrence of
//! every dictionary term (blockers included, overlapping, Latin terms at word boundaries)
//! must lie inside a plant, and each counted plant holds exactly one occurrence.

use std::collections::BTreeMap;

use anyhow::{bail, ensure, Result};

use crate::dictionary_terms::TermIndex;

/// A planted term.
#[derive(Debug, Clone)]
pub struct Plant {
    /// What is written to the file (may be broken by a line break, full-width, in HTML …).
    pub surface: String,
    /// What the surface reads as after decoding, tag stripping and normalization.
    pub logical: String,
    /// The dictionary term counted once for this plant; `None` for a blocker plant, which
    /// must count nothing.
    pub counted: Option<String>,
}

impl Plant {
    /// A bare term, written as is.
    pub fn bare(term: &str) -> Plant {
        Plant {
            surface: term.to_string(),
            logical: term.to_string(),
            counted: Some(term.to_string()),
        }
    }

    /// A term written in a hard form that normalizes to `logical`, counting `term`.
    pub fn hard(surface: &str, logical: &str, term: &str) -> Plant {
        Plant {
            surface: surface.to_string(),
            logical: logical.to_string(),
            counted: Some(term.to_string()),
        }
    }

    /// A blocker: text that contains a counted term but must count nothing.
    pub fn blocker(text: &str) -> Plant {
        Plant {
            surface: text.to_string(),
            logical: text.to_string(),
            counted: None,
        }
    }
}

/// One piece of a generated document.
#[derive(Debug, Clone)]
pub enum Segment {
    Text(String),
    Plant(Plant),
}

/// A generated document before encoding.
#[derive(Debug, Clone, Default)]
pub struct DocText {
    pub segments: Vec<Segment>,
}

impl DocText {
    pub fn text(&mut self, s: &str) {
        if let Some(Segment::Text(last)) = self.segments.last_mut() {
            last.push_str(s);
        } else {
            self.segments.push(Segment::Text(s.to_string()));
        }
    }

    pub fn line(&mut self, s: &str) {
        self.text(s);
        self.text("\n");
    }

    pub fn plant(&mut self, p: Plant) {
        self.segments.push(Segment::Plant(p));
    }

    pub fn append(&mut self, other: DocText) {
        for s in other.segments {
            match s {
                Segment::Text(t) => self.text(&t),
                Segment::Plant(p) => self.plant(p),
            }
        }
    }

    /// The text as written (before encoding).
    pub fn surface(&self) -> String {
        self.render(|p| &p.surface)
    }

    /// The text as the analyzer should read it, plants in logical form.
    pub fn logical(&self) -> String {
        self.render(|p| &p.logical)
    }

    fn render(&self, pick: impl Fn(&Plant) -> &String) -> String {
        let mut out = String::new();
        for s in &self.segments {
            match s {
                Segment::Text(t) => out.push_str(t),
                Segment::Plant(p) => out.push_str(pick(p)),
            }
        }
        out
    }

    pub fn plants(&self) -> impl Iterator<Item = &Plant> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Plant(p) => Some(p),
            Segment::Text(_) => None,
        })
    }

    /// Checks the document against the dictionary and returns its exact mention counts per
    /// concept. Fails loudly when filler text (or a join of filler and plant) contains a
    /// dictionary term, or when a plant does not count as planned.
    pub fn verified_counts(&self, index: &TermIndex, name: &str) -> Result<BTreeMap<String, u64>> {
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        let mut expected_occurrences = 0usize;
        for p in self.plants() {
            let inside = index.occurrences(&normalized(&p.logical));
            expected_occurrences += inside.len();
            match &p.counted {
                Some(term) => {
                    let Some(concept) = index.concept_of(term) else {
                        bail!("{name}: planted term {term:?} is not a counted term of the built-in dictionary");
                    };
                    ensure!(
                        inside.len() == 1 && index.same_term(&inside[0].1, term),
                        "{name}: plant {:?} should hold exactly the term {term:?}, holds {:?}",
                        p.logical,
                        inside
                    );
                    *counts.entry(concept.to_string()).or_default() += 1;
                }
                None => {
                    ensure!(
                        index.is_blocker(&p.logical),
                        "{name}: blocker plant {:?} is not a blocker term of the built-in dictionary",
                        p.logical
                    );
                }
            }
        }
        let text = normalized(&self.logical());
        let found = index.occurrences(&text);
        if found.len() != expected_occurrences {
            let shown: Vec<String> = found
                .iter()
                .map(|(at, term)| {
                    let from = text.floor_char_boundary_compat(at.saturating_sub(12));
                    let to = text.ceil_char_boundary_compat((at + term.len() + 12).min(text.len()));
                    format!("  {term:?} at byte {at}: …{}…", &text[from..to])
                })
                .collect();
            bail!(
                "{name}: the normalized text holds {} dictionary-term occurrences but the plants account for {}; \
                 a term slipped into the filler vocabulary or across a join:\n{}",
                found.len(),
                expected_occurrences,
                shown.join("\n")
            );
        }
        Ok(counts)
    }
}

/// The normalized view the analyzers see (the corpus crate's normalizer).
pub fn normalized(text: &str) -> String {
    policyscan_corpus::normalize::normalize(text).text
}

/// `str::floor_char_boundary` is unstable; a small stand-in for error messages.
trait CharBoundaryCompat {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
    fn ceil_char_boundary_compat(&self, i: usize) -> usize;
}

impl CharBoundaryCompat for str {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        while i > 0 && !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    fn ceil_char_boundary_compat(&self, mut i: usize) -> usize {
        while i < self.len() && !self.is_char_boundary(i) {
            i += 1;
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(parts: &[(&str, Option<Plant>)]) -> DocText {
        let mut d = DocText::default();
        for (text, plant) in parts {
            d.text(text);
            if let Some(p) = plant {
                d.plant(p.clone());
            }
        }
        d
    }

    #[test]
    fn plants_are_counted_and_filler_terms_are_caught() -> Result<()> {
        let index = TermIndex::builtin()?;
        let good = doc(&[
            ("推动", Some(Plant::hard("区块\n链", "区块链", "区块链"))),
            ("发展。稳步", Some(Plant::blocker("扩大数据"))),
            ("开放。", None),
        ]);
        let counts = good.verified_counts(&index, "good")?;
        assert_eq!(counts.get("blockchain"), Some(&1));
        assert_eq!(counts.len(), 1);
        // A term in the filler, and a term made across a line break between filler pieces.
        assert!(doc(&[("发展区块链。", None)])
            .verified_counts(&index, "filler")
            .is_err());
        assert!(doc(&[("建设大数\n据中心。", None)])
            .verified_counts(&index, "join")
            .is_err());
        // A plant whose neighbours extend it into another term.
        assert!(doc(&[("工业", Some(Plant::bare("互联网")))])
            .verified_counts(&index, "extend")
            .is_err());
        // Latin look-alikes are not occurrences.
        assert!(doc(&[("The SAID and FAIR reviews.", None)])
            .verified_counts(&index, "latin")
            .is_ok());
        Ok(())
    }
}
