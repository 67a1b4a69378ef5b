//! The summary on stdout: per concept, how many regions and documents mention it, year by
//! year, *k of n* against the regions present, and which regions are missing from the corpus.

use std::fmt::Write as _;

use policyscan_corpus::{Failure, Gazetteer, SkippedFile};
use policyscan_host::{
    CitationTable, CitedDocument, ConceptCoverage, CoverageTable, PhraseEntry, PhraseTable,
};
use serde::Serialize;

/// The corpus side of the summary for one year.
#[derive(Debug, Serialize)]
pub struct YearInventory {
    pub year: Option<i32>,
    pub documents: usize,
    /// Mainland provinces with at least one document.
    pub provinces_present: usize,
    /// Mainland provinces with no document (empty when the year has no provincial document).
    pub provinces_missing: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub documents: usize,
    pub findings: usize,
    pub years: Vec<YearInventory>,
    pub concepts: Vec<ConceptCoverage>,
    /// "X+" phrases by X, most frequent first (empty when the phrase analyzer did not run).
    pub phrases: Vec<PhraseEntry>,
    /// Registered documents cited, by the most regions first (empty when the citation
    /// analyzer did not run or matched nothing in its registry).
    pub cited_documents: Vec<CitedDocument>,
    pub failures: Vec<Failure>,
    pub skipped: Vec<SkippedFile>,
}

impl Summary {
    pub fn build(
        table: &CoverageTable,
        phrases: &PhraseTable,
        citations: &CitationTable,
        documents: usize,
        findings: usize,
        failures: Vec<Failure>,
        skipped: Vec<SkippedFile>,
    ) -> Summary {
        let concepts: Vec<ConceptCoverage> =
            (0..table.rules().len()).map(|i| table.concept(i)).collect();
        let years = match concepts.first() {
            Some(c) => c
                .years
                .iter()
                .map(|y| YearInventory {
                    year: y.year,
                    documents: y.documents,
                    provinces_present: y.regions_present,
                    provinces_missing: y.regions_missing.clone(),
                })
                .collect(),
            None => Vec::new(),
        };
        let phrases = phrases.ranked().into_iter().cloned().collect();
        let cited_documents = citations.ranked().into_iter().cloned().collect();
        Summary {
            documents,
            findings,
            years,
            concepts,
            phrases,
            cited_documents,
            failures,
            skipped,
        }
    }
}

/// "1 mention", "2 mentions".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn year_label(y: Option<i32>) -> String {
    y.map_or_else(|| "no year".to_string(), |y| y.to_string())
}

fn region_names(ids: &[String]) -> String {
    let gaz = Gazetteer::standard();
    ids.iter()
        .map(|id| match gaz.get(id) {
            Some(r) if !r.zh_short.is_empty() => format!("{id} {}", r.zh_short),
            _ => id.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Renders the summary as text for people; `columns` names each concept as documents.csv
/// and coverage.csv head it.
pub fn render_table(s: &Summary, columns: &[String]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} documents, {} findings, {} failures, {} skipped files",
        s.documents,
        s.findings,
        s.failures.len(),
        s.skipped.len()
    );
    if !s.years.is_empty() {
        let _ = writeln!(
            out,
            "\nCorpus by year (expected: the 31 mainland provinces):"
        );
        // Runs of years without provincial documents (e.g. national reports only) are shown
        // as one line; years with provincial documents each get their k of n.
        let mut i = 0;
        while i < s.years.len() {
            let y = &s.years[i];
            let provincial = y.provinces_present > 0 || !y.provinces_missing.is_empty();
            if !provincial && y.year.is_some() {
                let mut j = i;
                while j + 1 < s.years.len()
                    && s.years[j + 1].provinces_present == 0
                    && s.years[j + 1].provinces_missing.is_empty()
                    && s.years[j + 1].year.is_some()
                {
                    j += 1;
                }
                if j > i {
                    let docs: usize = s.years[i..=j].iter().map(|y| y.documents).sum();
                    let _ = writeln!(
                        out,
                        "  {}–{}: {docs} documents in {} years, no provincial documents",
                        year_label(y.year),
                        year_label(s.years[j].year),
                        j - i + 1
                    );
                    i = j + 1;
                    continue;
                }
            }
            let _ = write!(out, "  {}: {} documents", year_label(y.year), y.documents);
            if provincial {
                let expected = y.provinces_present + y.provinces_missing.len();
                let _ = write!(out, ", {} of {expected} provinces", y.provinces_present);
                if !y.provinces_missing.is_empty() {
                    let _ = write!(
                        out,
                        "; not in corpus: {}",
                        region_names(&y.provinces_missing)
                    );
                }
            }
            out.push('\n');
            i += 1;
        }
    }
    // Headed like their columns in documents.csv and coverage.csv.
    for (c, name) in s.concepts.iter().zip(columns) {
        let _ = writeln!(out, "\n{name} ({})", c.label);
        if c.mentions == 0 {
            let _ = writeln!(out, "  no mentions in {} documents", c.documents);
            continue;
        }
        let _ = writeln!(
            out,
            "  {} in {} of {} documents",
            count(c.mentions, "mention"),
            c.documents_mentioning,
            c.documents
        );
        let mut quiet_years = 0;
        for y in &c.years {
            // A year says something when the concept is mentioned, or when it has
            // provincial documents (then "0 of 29 provinces" is itself the answer).
            if y.mentions == 0 && y.regions_present == 0 {
                quiet_years += 1;
                continue;
            }
            let _ = write!(out, "  {}: ", year_label(y.year));
            if y.regions_present > 0 {
                let _ = write!(
                    out,
                    "{} of {} provinces",
                    y.universe_mentioning, y.regions_present
                );
                if !y.regions_missing.is_empty() {
                    let _ = write!(out, " ({} not in corpus)", y.regions_missing.len());
                }
                out.push_str("; ");
            }
            let _ = write!(
                out,
                "{} of {} documents, {}",
                y.documents_mentioning,
                y.documents,
                count(y.mentions, "mention")
            );
            out.push('\n');
            if !y.regions_mentioning.is_empty() {
                let _ = writeln!(
                    out,
                    "        mentioned by: {}",
                    region_names(&y.regions_mentioning)
                );
            }
        }
        if quiet_years > 0 {
            let _ = writeln!(out, "  no mentions in the other {quiet_years} years");
        }
    }
    render_phrases(&mut out, &s.phrases);
    render_cited(&mut out, &s.cited_documents);
    if !s.skipped.is_empty() {
        let _ = writeln!(out, "\nSkipped files ({}):", s.skipped.len());
        for k in &s.skipped {
            let _ = writeln!(out, "  {}: {}", k.path, k.reason);
        }
    }
    if !s.failures.is_empty() {
        let _ = writeln!(out, "\nFailures ({}):", s.failures.len());
        for f in &s.failures {
            let _ = writeln!(out, "  {f}");
        }
    }
    out
}

/// Cited documents shown in the table summary (all of them are in the JSON summary and
/// citation-matrix.csv).
const CITED_SHOWN: usize = 15;

/// The most cited registered documents: how many regions cite each, in how many documents.
fn render_cited(out: &mut String, cited: &[CitedDocument]) {
    if cited.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nMost cited registered documents (citation analyzer), by regions citing:"
    );
    for d in cited.iter().take(CITED_SHOWN) {
        let _ = writeln!(
            out,
            "  {:>11}  {} in {}  {}  [{}]",
            count(d.regions(), "region"),
            count(d.citations, "citation"),
            count(d.documents, "document"),
            d.title,
            d.registry_id
        );
    }
    if cited.len() > CITED_SHOWN {
        let _ = writeln!(
            out,
            "  … {} more (all in citation-matrix.csv and --format json)",
            cited.len() - CITED_SHOWN
        );
    }
}

/// X values shown in the table summary (all of them are in the JSON summary).
const PHRASES_SHOWN: usize = 25;

/// The "X+" table: per X, mentions by year, regions, and the most frequent Y fillers.
fn render_phrases(out: &mut String, phrases: &[PhraseEntry]) {
    if phrases.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n\"X+\" phrases (phrase/plus), by X:");
    for p in phrases.iter().take(PHRASES_SHOWN) {
        let years = p
            .by_year
            .iter()
            .map(|(y, n)| format!("{} {n}", year_label(*y)))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "  {}+  {} in {} documents, {} regions; {years}",
            p.x,
            count(p.mentions, "mention"),
            p.documents,
            p.by_region.len()
        );
        let mut fillers: Vec<(&String, &usize)> = p.fillers.iter().collect();
        fillers.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let shown = fillers
            .iter()
            .take(8)
            .map(|(y, n)| {
                if y.is_empty() {
                    format!("(bare) {n}")
                } else {
                    format!("{y} {n}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let more = if fillers.len() > 8 {
            format!(", … {} more", fillers.len() - 8)
        } else {
            String::new()
        };
        let _ = writeln!(out, "        + {shown}{more}");
        let regions = p
            .by_region
            .iter()
            .map(|(r, n)| format!("{r} {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(out, "        regions: {regions}");
    }
    if phrases.len() > PHRASES_SHOWN {
        let _ = writeln!(
            out,
            "  … {} more X values (all in --format json)",
            phrases.len() - PHRASES_SHOWN
        );
    }
}
