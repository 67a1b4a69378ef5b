//! Progress on stderr for long runs, only when stderr is a terminal (never in logs or pipes).

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Progress {
    enabled: bool,
    started: Instant,
    last: Instant,
    shown: bool,
}

impl Progress {
    pub fn new(quiet: bool) -> Self {
        let now = Instant::now();
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            started: now,
            last: now,
            shown: false,
        }
    }

    pub fn update(&mut self, documents: usize, done: u64, total: u64) {
        if !self.enabled || self.last.elapsed() < Duration::from_millis(200) {
            return;
        }
        self.last = Instant::now();
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let pct = if total > 0 {
            done as f64 * 100.0 / total as f64
        } else {
            100.0
        };
        eprint!(
            "\r{documents} documents, {:.1}/{:.1} MB ({pct:.0}%), {:.0} MB/s   ",
            done as f64 / 1e6,
            total as f64 / 1e6,
            done as f64 / 1e6 / secs
        );
        let _ = std::io::stderr().flush();
        self.shown = true;
    }

    /// Clears the progress line before other output goes to stderr.
    pub fn clear(&mut self) {
        if self.shown {
            eprint!("\r{:60}\r", "");
            self.shown = false;
        }
    }
}
