//! `policyscan`: keyword, phrase-pattern and policy-citation analysis of government work
//! reports, with every number traceable to a sentence.

mod args;
mod commands;
mod failure_log;
mod output;
mod progress;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command, PluginsCommand};

/// Exit code when the run finished but some input or document failed.
const EXIT_FAILURES: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Analyze(a) => commands::analyze::run(a),
        Command::Corpus(a) => commands::corpus::run(a),
        Command::Kwic(a) => commands::kwic::run(a),
        Command::Plugins(PluginsCommand::List(a)) => commands::plugins::list(a),
        Command::Plugins(PluginsCommand::Check(a)) => commands::plugins::check(a),
    };
    match outcome {
        Ok(0) => ExitCode::SUCCESS,
        Ok(failures) => {
            eprintln!("policyscan: finished with {failures} failure(s); see above (exit code 2)");
            ExitCode::from(EXIT_FAILURES)
        }
        // `policyscan kwic … | head`: the reader left; that is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("policyscan: error: {e:#}");
            ExitCode::from(EXIT_FAILURES)
        }
    }
}

/// Message a sink returns when stdout was closed by the reader (the engine carries sink errors
/// as text).
pub const STDOUT_CLOSED: &str = "stdout closed by the reader";

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause.to_string().contains(STDOUT_CLOSED)
    })
}
