//! The one place that writes to the terminal: data to stdout, everything else to stderr.
//!
//! The [`Printer`] decides colour, quiet/verbose and whether progress bars may draw (never when
//! stderr is not a terminal: CI logs get plain lines instead). Every line it writes to stderr
//! is scrubbed of the secrets registered with it, as a second line of defence behind the
//! `Secret` type.

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};

use crate::cli::{ColorChoice, GlobalArgs, OutputFormat};
use crate::env;

#[derive(Clone)]
pub struct Printer {
    pub format: OutputFormat,
    quiet: bool,
    verbose: u8,
    color: bool,
    progress: bool,
    secrets: Arc<Mutex<Vec<String>>>,
    /// Drops stdout data (a caller composing one JSON document from several operations).
    mute_data: bool,
}

impl Printer {
    /// The same printer for background work: no stdout data, no status lines (warnings and
    /// errors still show).
    pub fn background(&self) -> Printer {
        Printer {
            mute_data: true,
            quiet: true,
            progress: false,
            ..self.clone()
        }
    }

    /// The same printer, but its stdout data is discarded.
    pub fn without_data(&self) -> Printer {
        Printer {
            mute_data: true,
            ..self.clone()
        }
    }

    pub fn from_args(g: &GlobalArgs) -> Printer {
        let interactive = std::io::stderr().is_terminal();
        let color = match g.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                env::var(env::NO_COLOR).is_none()
                    && (interactive || env::var(env::CLICOLOR_FORCE).is_some_and(|v| v != "0"))
            }
        };
        Printer {
            format: g.output,
            quiet: g.quiet,
            verbose: g.verbose,
            color,
            progress: interactive && !g.no_progress && !g.quiet,
            secrets: Arc::default(),
            mute_data: false,
        }
    }

    /// A printer for library callers and tests: table output, no colour, no progress.
    pub fn plain() -> Printer {
        Printer {
            format: OutputFormat::Table,
            quiet: false,
            verbose: 0,
            color: false,
            progress: false,
            secrets: Arc::default(),
            mute_data: false,
        }
    }

    pub fn is_json(&self) -> bool {
        self.format == OutputFormat::Json
    }

    /// Progress bars may draw (stderr is a terminal, not quiet, not `--no-progress`).
    pub fn progress_enabled(&self) -> bool {
        self.progress
    }

    /// Registers a secret that must never reach stderr, whatever path it takes.
    pub fn add_secret(&self, secret: &str) {
        // Short values would scrub ordinary words; tokens are long.
        if secret.len() >= 6 {
            self.secrets.lock().unwrap().push(secret.to_string());
        }
    }

    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for s in self.secrets.lock().unwrap().iter() {
            out = out.replace(s.as_str(), "****");
        }
        out
    }

    // ------------------------------------------------------------- stdout: data only

    /// A block of human-readable data (tables, summaries) on stdout.
    pub fn data(&self, text: &str) {
        if self.mute_data {
            return;
        }
        let mut out = std::io::stdout().lock();
        // A closed pipe (`kdt ... | head`) is not an error worth reporting.
        let _ = out.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = out.write_all(b"\n");
        }
        let _ = out.flush();
    }

    /// A JSON document on stdout, pretty-printed, newline-terminated.
    pub fn json<T: serde::Serialize + ?Sized>(&self, value: &T) {
        let text = serde_json::to_string_pretty(value).expect("JSON values always serialize");
        self.data(&text);
    }

    // ------------------------------------------------------------- stderr

    fn err_line(&self, line: &str) {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{}", self.scrub(line));
    }

    /// A status line (what kdt is doing). Hidden by `--quiet`.
    pub fn status(&self, msg: &str) {
        if !self.quiet {
            self.err_line(msg);
        }
    }

    /// Extra detail shown with `-v`.
    pub fn detail(&self, msg: &str) {
        if self.verbose > 0 && !self.quiet {
            self.err_line(&self.dim(msg));
        }
    }

    pub fn warn(&self, msg: &str) {
        let label = self.paint("33;1", "warning:");
        self.err_line(&format!("{label} {msg}"));
    }

    /// `error:` + the message, `Caused by:` lines for each cause, then `hint:` lines.
    pub fn error(&self, err: &anyhow::Error, hints: &[String]) {
        let label = self.paint("31;1", "error:");
        let mut chain = err.chain();
        if let Some(top) = chain.next() {
            self.err_line(&format!("{label} {top}"));
        }
        let causes: Vec<String> = chain.map(|c| c.to_string()).collect();
        if !causes.is_empty() {
            self.err_line("");
            self.err_line(&self.paint("1", "Caused by:"));
            for c in &causes {
                self.err_line(&format!("  {c}"));
            }
        }
        for h in hints {
            self.err_line(&format!("{} {h}", self.paint("36;1", "hint:")));
        }
    }

    // ------------------------------------------------------------- styling

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }
    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }
}

/// Left-aligned columns separated by two spaces; the header row is included.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<&str>| {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                l.push_str(c);
            } else {
                l.push_str(&format!("{c:<w$}  ", w = widths[i]));
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(headers.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
    out
}

/// Key/value lines for `show` commands.
pub fn key_values(pairs: &[(&str, String)]) -> String {
    // Width of the longest key plus its colon.
    let w = pairs.iter().map(|(k, _)| k.len() + 1).max().unwrap_or(0);
    pairs
        .iter()
        .map(|(k, v)| format!("{:<w$}  {v}\n", format!("{k}:")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_columns() {
        let t = table(
            &["NAME", "STATE"],
            &[vec!["codethreat".into(), "activated".into()]],
        );
        assert_eq!(t, "NAME        STATE\ncodethreat  activated\n");
    }

    #[test]
    fn key_values_align_after_the_longest_key() {
        let t = key_values(&[("URL", "x".into()), ("Organization", "acme".into())]);
        assert_eq!(t, "URL:           x\nOrganization:  acme\n");
    }

    #[test]
    fn scrub_removes_registered_secrets() {
        let p = Printer::plain();
        p.add_secret("ct_abcdef123456");
        assert_eq!(p.scrub("token ct_abcdef123456 leaked"), "token **** leaked");
    }
}
