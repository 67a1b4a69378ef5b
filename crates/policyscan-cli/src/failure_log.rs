//! Failures as a run meets them: one line on stderr each, naming the file and the problem
//! (after clearing the progress line), and kept for the summary and run.json.

use policyscan_corpus::Failure;

use crate::progress::Progress;

#[derive(Debug)]
pub struct FailureLog {
    failures: Vec<Failure>,
    pub progress: Progress,
}

impl FailureLog {
    pub fn new(quiet: bool) -> Self {
        FailureLog {
            failures: Vec::new(),
            progress: Progress::new(quiet),
        }
    }

    pub fn record(&mut self, failure: Failure) {
        self.progress.clear();
        eprintln!("policyscan: {failure}");
        self.failures.push(failure);
    }

    pub fn failures(&self) -> &[Failure] {
        &self.failures
    }
}
