//! One module per command family; each function performs one operation and returns the exit
//! status it earned. Errors travel up as `anyhow::Error` and are classified in `exit`.

pub mod completions;
pub mod demo;
pub mod integration;
pub mod sandbox;
pub mod scan;
pub mod schedule;
pub mod wait;
pub mod webhook;

use crate::cli::{Cli, Command};
use crate::exit::{ExitStatus, Failure};
use crate::output::Printer;
use crate::settings::Context;

pub async fn run(cli: Cli, printer: Printer) -> anyhow::Result<ExitStatus> {
    match cli.command {
        Command::Completions(a) => completions::run(a),
        Command::Sandbox(a) => {
            sandbox::run(*a).await?;
            Ok(ExitStatus::Success)
        }
        Command::Demo(a) => demo::run(cli.global, printer, a).await,
        Command::Integration(cmd) => {
            let ctx = Context::new(cli.global, printer)?;
            integration::run(&ctx, cmd).await
        }
        Command::Scan(cmd) => {
            let ctx = Context::new(cli.global, printer)?;
            let cmd = *cmd;
            match (cmd.command, cmd.run) {
                (Some(sub), _) => scan::run(&ctx, sub).await,
                (None, run) if run.project.is_some() => {
                    scan::run(&ctx, crate::cli::ScanSub::Run(run)).await
                }
                (None, _) => Err(Failure::usage("`kdt scan` needs a subcommand or -p/-t/-b")
                    .hint("run a scan with `kdt scan -p PROJECT -t codethreat -b BRANCH`; see `kdt scan --help`")
                    .into()),
            }
        }
        Command::Webhook(cmd) => {
            let ctx = Context::new(cli.global, printer)?;
            webhook::run(&ctx, cmd).await
        }
    }
}
