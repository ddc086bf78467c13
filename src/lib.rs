//! kdt: the CodeThreat SAST integration on the command line and in CI.
//!
//! `main_entry` parses the command line, runs the command on a tokio runtime and maps the
//! outcome to an exit code in one place (`exit`).

pub mod archive;
pub mod cli;
pub mod codethreat;
pub mod commands;
pub mod env;
pub mod exit;
pub mod gate;
mod logging;
pub mod output;
pub mod profile;
pub mod report;
pub mod sandbox;
pub mod secret;
pub mod settings;
pub mod signals;
pub mod webhook;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::Cli;
use crate::output::Printer;

/// Parse, set up logging, build the runtime, run, map the outcome to an exit code. Nothing
/// deeper in kdt calls `process::exit`.
pub fn main_entry() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let printer = Printer::from_args(&cli.global);
    logging::init(&cli.global, &printer);

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            printer.error(
                &anyhow::Error::new(e).context("cannot start the async runtime"),
                &[],
            );
            return ExitCode::from(exit::ExitStatus::Usage.code());
        }
    };
    let outcome = runtime.block_on(commands::run(cli, printer.clone()));
    // Background tasks (progress ticks, idle connections) must not keep the process alive.
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    match outcome {
        Ok(status) => ExitCode::from(status.code()),
        Err(err) => {
            let classified = exit::classify(&err);
            printer.error(&err, &classified.hints);
            ExitCode::from(classified.status.code())
        }
    }
}
