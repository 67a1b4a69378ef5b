//! The citation matrix: which registered documents (central documents with a canonical
//! `registry_id`) are cited, how often, by which regions. Built from the citation
//! analyzer's findings; small whatever the corpus size (one entry per cited document).

use std::collections::{BTreeMap, BTreeSet};

use policyscan_corpus::Gazetteer;
use serde::Serialize;

use crate::engine::DocumentResult;
use crate::resolve::ResolvedFinding;

/// The analyzer whose findings make the table.
pub const CITATION_ANALYZER: &str = "citation";

/// How documents without a region are counted.
pub const UNKNOWN_REGION: &str = "unknown";

/// One registered document that was cited.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CitedDocument {
    pub registry_id: String,
    pub title: String,
    pub category: String,
    /// Citations (see [`counted_citations`]).
    pub citations: usize,
    /// Corpus documents citing it.
    pub documents: usize,
    /// Citations per region.
    pub by_region: BTreeMap<String, usize>,
}

impl CitedDocument {
    /// Regions citing it (documents without a region not counted).
    pub fn regions(&self) -> usize {
        self.by_region
            .keys()
            .filter(|r| r.as_str() != UNKNOWN_REGION)
            .count()
    }
}

/// All cited registered documents of a run, and the regions of the corpus.
#[derive(Debug, Clone, Default)]
pub struct CitationTable {
    entries: BTreeMap<String, CitedDocument>,
    /// Regions of the corpus's documents (gazetteer ids; `None` for documents without one).
    regions: BTreeSet<Option<&'static str>>,
}

/// The citation findings of a document that count as separate citations of a registered
/// document, with its id. One act of citing counts once: a 文号 written in brackets right
/// after its title (`linked_title`) is part of the title's citation, and a document nested
/// in a 印发 notice that resolves to the same entry as the notice is part of the notice's.
/// Short forms resolved to a registered document count: each is a mention of it.
pub fn counted_citations(result: &DocumentResult) -> Vec<(&ResolvedFinding, &str)> {
    let mut out: Vec<(&ResolvedFinding, &str)> = Vec::new();
    for f in result.findings_of(CITATION_ANALYZER) {
        let Some(id) = f.attr("registry_id") else {
            continue;
        };
        if f.attr("linked_title").is_some() {
            continue;
        }
        let inside_same = out
            .iter()
            .any(|(g, gid)| *gid == id && g.start <= f.start && f.end <= g.end);
        if !inside_same {
            out.push((f, id));
        }
    }
    out
}

impl CitationTable {
    pub fn add(&mut self, result: &DocumentResult) {
        let region = result.meta().region;
        self.regions.insert(region);
        let region = region.unwrap_or(UNKNOWN_REGION);
        let mut seen_in_doc: BTreeSet<&str> = BTreeSet::new();
        for (f, id) in counted_citations(result) {
            let entry = self
                .entries
                .entry(id.to_string())
                .or_insert_with(|| CitedDocument {
                    registry_id: id.to_string(),
                    title: f.attr("registry_title").unwrap_or_default().to_string(),
                    category: f.attr("registry_category").unwrap_or_default().to_string(),
                    ..Default::default()
                });
            entry.citations += 1;
            if seen_in_doc.insert(id) {
                entry.documents += 1;
            }
            match entry.by_region.get_mut(region) {
                Some(n) => *n += 1,
                None => {
                    entry.by_region.insert(region.to_string(), 1);
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Cited documents, cited by the most regions first, then by the most citations (ties
    /// by id, so the order is stable).
    pub fn ranked(&self) -> Vec<&CitedDocument> {
        let mut v: Vec<(usize, &CitedDocument)> =
            self.entries.values().map(|d| (d.regions(), d)).collect();
        v.sort_by(|(regions_a, a), (regions_b, b)| {
            regions_b
                .cmp(regions_a)
                .then(b.citations.cmp(&a.citations))
                .then_with(|| a.registry_id.cmp(&b.registry_id))
        });
        v.into_iter().map(|(_, d)| d).collect()
    }

    /// The regions of the corpus's documents, in gazetteer order (national first), then
    /// `unknown` for documents without a region (the order of coverage.csv's rows).
    pub fn regions(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Gazetteer::standard()
            .regions()
            .iter()
            .map(|g| g.id)
            .filter(|id| self.regions.contains(&Some(*id)))
            .collect();
        if self.regions.contains(&None) {
            out.push(UNKNOWN_REGION);
        }
        out
    }
}
