use std::collections::BTreeMap;
use std::sync::Arc;

/// A half-open byte range `[start, end)` in the normalized text of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// Analyzer-specific attributes of a finding (the dictionary term that matched, a title …).
pub type Attrs = BTreeMap<String, serde_json::Value>;

/// A named sub-span of a finding (e.g. `x` = 区块链 in 区块链+政务服务).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    pub name: Arc<str>,
    pub span: Span,
}

/// One hit reported by an analyzer.
///
/// Rule and attributes are shared (`Arc`): an analyzer builds them once per rule or term
/// and every finding points at them, so a dense document does not allocate per hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Full rule id, `analyzer/rule`, e.g. `keyword/blockchain`.
    pub rule: Arc<str>,
    /// Span in the normalized text.
    pub span: Span,
    pub captures: Vec<Capture>,
    /// Analyzer-specific attributes (the dictionary term that matched, a title, a year …).
    pub attrs: Arc<Attrs>,
}

impl Finding {
    pub fn new(rule: impl Into<Arc<str>>, span: Span) -> Self {
        Finding {
            rule: rule.into(),
            span,
            captures: Vec::new(),
            attrs: Arc::default(),
        }
    }
}

/// Where an analyzer pushes its findings; the host copies them at once.
pub trait FindingSink {
    fn push(&mut self, finding: Finding);

    /// A finding without captures whose rule and attributes the analyzer already holds.
    /// Sinks that only look at them (the plugin boundary) override this to skip the two
    /// reference-count round trips that building a `Finding` costs.
    fn push_shared(&mut self, rule: &Arc<str>, span: Span, attrs: &Arc<Attrs>) {
        self.push(Finding {
            rule: rule.clone(),
            span,
            captures: Vec::new(),
            attrs: attrs.clone(),
        });
    }
}

impl FindingSink for Vec<Finding> {
    fn push(&mut self, finding: Finding) {
        Vec::push(self, finding);
    }
}
