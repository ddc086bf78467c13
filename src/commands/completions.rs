//! `kdt completions SHELL`: prints the completion script clap generates. The same scripts are
//! committed under `completions/` (a test keeps them current).

use crate::cli::{Cli, CompletionsArgs};
use crate::exit::ExitStatus;

/// The committed file name for each shell's script.
pub fn file_name(shell: clap_complete::Shell) -> &'static str {
    use clap_complete::Shell;
    match shell {
        Shell::Bash => "kdt.bash",
        Shell::Zsh => "_kdt",
        Shell::Fish => "kdt.fish",
        Shell::PowerShell => "_kdt.ps1",
        Shell::Elvish => "kdt.elv",
        _ => "kdt.unknown",
    }
}

/// The script for one shell.
pub fn generate(shell: clap_complete::Shell) -> Vec<u8> {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "kdt", &mut out);
    out
}

pub fn run(args: CompletionsArgs) -> anyhow::Result<ExitStatus> {
    use std::io::Write;
    let script = generate(args.shell);
    // A closed pipe is not an error for a script printer.
    let _ = std::io::stdout().lock().write_all(&script);
    Ok(ExitStatus::Success)
}
