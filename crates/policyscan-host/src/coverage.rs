//! Coverage: for each concept and year, which regions mention it, which have documents that
//! do not, and which regions of the expected universe have no document at all.
//!
//! "Missing" is not "zero": a province whose report is not in the corpus cannot be said not
//! to mention anything. The universe is the 31 mainland province-level units; it applies to
//! a year only when that year has at least one provincial document (a corpus of national
//! reports is not "missing 31 provinces").

use std::collections::{BTreeMap, BTreeSet};

use policyscan_api::RuleInfo;
use policyscan_corpus::Gazetteer;
use serde::Serialize;

use crate::engine::DocumentResult;

/// A region's status for one concept in one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionStatus {
    /// At least one of its documents mentions the concept.
    Mentioned,
    /// It has documents, none mentions the concept.
    Zero,
    /// No document of this region and year is in the corpus.
    Missing,
}

impl RegionStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            RegionStatus::Mentioned => "mentioned",
            RegionStatus::Zero => "zero",
            RegionStatus::Missing => "missing",
        }
    }
}

/// Counts for one (year, region) cell.
#[derive(Debug, Clone, Default)]
struct Cell {
    documents: usize,
    /// Per rule: mentions and documents mentioning.
    mentions: Vec<usize>,
    documents_mentioning: Vec<usize>,
}

/// One row of `coverage.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageRow {
    pub year: Option<i32>,
    /// Canonical region id, or `unknown` for documents without a region.
    pub region: String,
    pub status: RegionStatus,
    pub documents: usize,
    pub documents_mentioning: usize,
    pub mentions: usize,
}

/// One concept's coverage in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearCoverage {
    pub year: Option<i32>,
    pub documents: usize,
    pub documents_mentioning: usize,
    pub mentions: usize,
    /// Universe regions with a document this year.
    pub regions_present: usize,
    /// Universe regions whose documents mention the concept (the k of "k of n").
    pub universe_mentioning: usize,
    /// Regions (any, including national) whose documents mention the concept.
    pub regions_mentioning: Vec<String>,
    /// Universe regions with no document this year (empty when the year has no provincial
    /// documents at all).
    pub regions_missing: Vec<String>,
    pub rows: Vec<CoverageRow>,
}

/// One concept's coverage over the whole corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConceptCoverage {
    pub rule: String,
    pub label: String,
    pub documents: usize,
    pub documents_mentioning: usize,
    pub mentions: usize,
    pub years: Vec<YearCoverage>,
}

/// Accumulates per-document counts into (year, region) cells; small whatever the corpus size.
#[derive(Debug, Clone)]
pub struct CoverageTable {
    rules: Vec<RuleInfo>,
    /// Rule id → index in `rules`, so counting a finding is one lookup.
    rule_index: std::collections::HashMap<String, usize>,
    cells: BTreeMap<(Option<i32>, Option<&'static str>), Cell>,
}

impl CoverageTable {
    pub fn new(rules: Vec<RuleInfo>) -> Self {
        let rule_index = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        CoverageTable {
            rules,
            rule_index,
            cells: BTreeMap::new(),
        }
    }

    pub fn rules(&self) -> &[RuleInfo] {
        &self.rules
    }

    /// Per-rule mention counts of one document, in rule order.
    pub fn counts_for(&self, result: &DocumentResult) -> Vec<usize> {
        let mut counts = vec![0; self.rules.len()];
        for f in &result.findings {
            if let Some(&i) = self.rule_index.get(&*f.rule) {
                counts[i] += 1;
            }
        }
        counts
    }

    /// Adds a document; returns its per-rule counts (what [`CoverageTable::counts_for`]
    /// gives), so writers need not count again.
    pub fn add(&mut self, result: &DocumentResult) -> Vec<usize> {
        let counts = self.counts_for(result);
        let n = self.rules.len();
        let cell = self
            .cells
            .entry((result.doc.meta.year, result.doc.meta.region))
            .or_insert_with(|| Cell {
                documents: 0,
                mentions: vec![0; n],
                documents_mentioning: vec![0; n],
            });
        cell.documents += 1;
        for (i, &c) in counts.iter().enumerate() {
            cell.mentions[i] += c;
            cell.documents_mentioning[i] += usize::from(c > 0);
        }
        counts
    }

    /// Years present in the corpus, ascending (`None` = documents without a year, last).
    pub fn years(&self) -> Vec<Option<i32>> {
        let mut years: Vec<Option<i32>> = self
            .cells
            .keys()
            .map(|(y, _)| *y)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        // Put "no year" last, where readers look for leftovers.
        if years.first() == Some(&None) {
            years.remove(0);
            years.push(None);
        }
        years
    }

    /// Universe regions with no document in `year` (empty when the year has no provincial
    /// document at all).
    pub fn missing_regions(&self, year: Option<i32>) -> Vec<&'static str> {
        // Documents without a year are not a year: no region can be missing from them.
        if year.is_none() {
            return Vec::new();
        }
        let gaz = Gazetteer::standard();
        let present: BTreeSet<&str> = self
            .cells
            .keys()
            .filter(|(y, _)| *y == year)
            .filter_map(|(_, r)| *r)
            .collect();
        let any_provincial = gaz.mainland_universe().any(|r| present.contains(r.id));
        if !any_provincial {
            return Vec::new();
        }
        gaz.mainland_universe()
            .filter(|r| !present.contains(r.id))
            .map(|r| r.id)
            .collect()
    }

    /// The coverage of rule number `index`.
    pub fn concept(&self, index: usize) -> ConceptCoverage {
        let gaz = Gazetteer::standard();
        let rule = &self.rules[index];
        let mut out = ConceptCoverage {
            rule: rule.id.clone(),
            label: rule.label.clone(),
            documents: 0,
            documents_mentioning: 0,
            mentions: 0,
            years: Vec::new(),
        };
        for year in self.years() {
            let mut yc = YearCoverage {
                year,
                documents: 0,
                documents_mentioning: 0,
                mentions: 0,
                regions_present: 0,
                universe_mentioning: 0,
                regions_mentioning: Vec::new(),
                regions_missing: Vec::new(),
                rows: Vec::new(),
            };
            let missing = self.missing_regions(year);
            // Rows in gazetteer order (national first), then unknown regions.
            let mut ordered: Vec<Option<&'static str>> =
                gaz.regions().iter().map(|r| Some(r.id)).collect();
            ordered.push(None);
            for region in ordered {
                let cell = self.cells.get(&(year, region));
                let status = match cell {
                    Some(c) if c.documents_mentioning[index] > 0 => RegionStatus::Mentioned,
                    Some(_) => RegionStatus::Zero,
                    None if region.is_some_and(|r| missing.contains(&r)) => RegionStatus::Missing,
                    None => continue,
                };
                let (documents, documents_mentioning, mentions) = cell
                    .map(|c| {
                        (
                            c.documents,
                            c.documents_mentioning[index],
                            c.mentions[index],
                        )
                    })
                    .unwrap_or_default();
                let is_universe = region
                    .and_then(|r| gaz.get(r))
                    .is_some_and(|r| r.in_mainland_universe());
                if is_universe && status != RegionStatus::Missing {
                    yc.regions_present += 1;
                }
                let name = region.unwrap_or("unknown").to_string();
                if status == RegionStatus::Mentioned {
                    yc.universe_mentioning += usize::from(is_universe);
                    yc.regions_mentioning.push(name.clone());
                }
                if status == RegionStatus::Missing {
                    yc.regions_missing.push(name.clone());
                }
                yc.documents += documents;
                yc.documents_mentioning += documents_mentioning;
                yc.mentions += mentions;
                yc.rows.push(CoverageRow {
                    year,
                    region: name,
                    status,
                    documents,
                    documents_mentioning,
                    mentions,
                });
            }
            out.documents += yc.documents;
            out.documents_mentioning += yc.documents_mentioning;
            out.mentions += yc.mentions;
            out.years.push(yc);
        }
        out
    }
}
