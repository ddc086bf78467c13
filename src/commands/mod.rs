//! One module per command family; each function performs one operation and returns the exit
//! status it earned. Errors travel up as `anyhow::Error` and are classified in `exit`.

pub mod completions;
pub mod integration;

use crate::cli::{Cli, Command};
use crate::exit::ExitStatus;
use crate::output::Printer;
use crate::settings::Context;

pub async fn run(cli: Cli, printer: Printer) -> anyhow::Result<ExitStatus> {
    match cli.command {
        Command::Completions(a) => completions::run(a),
        Command::Integration(cmd) => {
            let ctx = Context::new(cli.global, printer)?;
            integration::run(&ctx, cmd).await
        }
        _ => anyhow::bail!("not implemented yet"),
    }
}
