//! `kdt sandbox`: run the local CodeThreat-compatible server until Ctrl-C or SIGTERM.
//!
//! Prints exactly one JSON line to stdout once listening (so scripts can read the URL, org and
//! token), then serves. Everything else goes to stderr.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;

use crate::sandbox::faults::parse_duration;
use crate::sandbox::{FaultRule, ProjectSeed, Sandbox, SandboxConfig, random_token};

/// Options of `kdt sandbox`.
#[derive(Debug, Clone, clap::Args)]
pub struct SandboxArgs {
    /// Address to listen on (loopback only is recommended; port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:0", value_name = "ADDR")]
    pub listen: SocketAddr,

    /// Serve HTTPS with a fresh self-signed certificate for 127.0.0.1 and localhost.
    #[arg(long)]
    pub tls: bool,

    /// Organization name clients must send in `x-ct-organization`.
    #[arg(long, default_value = "sandbox-org", value_name = "NAME")]
    pub org: String,

    /// Access token to accept (default: 32 random bytes from the OS, printed in the JSON line).
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,

    /// User name accepted by `POST /api/signin` (with --password).
    #[arg(long, value_name = "NAME", requires = "password")]
    pub user: Option<String>,

    /// Password accepted by `POST /api/signin` (with --user).
    #[arg(long, value_name = "PASSWORD", requires = "user")]
    pub password: Option<String>,

    /// How long each scan runs: seconds (`0.5`) or a duration (`250ms`, `2s`); 0 = instant.
    #[arg(long, default_value = "3", value_name = "SECONDS", value_parser = parse_duration)]
    pub scan_seconds: Duration,

    /// Keep projects and scans in this directory across restarts (default: in memory).
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,

    /// Inject a fault: TARGET:ACTION[:PROBABILITY|Nx], e.g. `status:500:0.3`, `start:503:1x`,
    /// `status:reset:0.2`, `start:slow=2s`, `upload:413`, `scan:failure`. Repeatable.
    #[arg(long = "fault", value_name = "SPEC")]
    pub faults: Vec<FaultRule>,

    /// Seed for fault decisions (same seed + same requests = same faults).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub seed: u64,

    /// Create a project at start-up: NAME (upload) or NAME:TYPE (github, gitlab, azure,
    /// bitbucket, git, jenkins, upload). Repeatable.
    #[arg(long = "project", value_name = "NAME[:TYPE]")]
    pub projects: Vec<ProjectSeed>,

    /// Largest accepted archive upload; bigger uploads get 413.
    #[arg(long, default_value_t = 256 * 1024 * 1024, value_name = "BYTES")]
    pub max_upload_bytes: u64,
}

impl SandboxArgs {
    pub fn into_config(self) -> SandboxConfig {
        SandboxConfig {
            listen: self.listen,
            tls: self.tls,
            org: self.org,
            token: self.token.unwrap_or_else(random_token),
            user: self.user,
            password: self.password,
            scan_duration: self.scan_seconds,
            state_dir: self.state_dir,
            faults: self.faults,
            seed: self.seed,
            max_upload_bytes: self.max_upload_bytes,
            projects: self.projects,
            ..SandboxConfig::default()
        }
    }
}

pub async fn run(args: SandboxArgs) -> anyhow::Result<()> {
    let sandbox = Sandbox::start(args.into_config())
        .await
        .context("starting the sandbox")?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", sandbox.ready_line())?;
        out.flush()?;
    }
    eprintln!(
        "kdt sandbox: listening on {} (organization {}); Ctrl-C to stop",
        sandbox.base_url(),
        sandbox.org()
    );
    crate::signals::terminated().await;
    eprintln!("kdt sandbox: shutting down");
    sandbox.shutdown().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: SandboxArgs,
    }

    fn parse(argv: &[&str]) -> Result<SandboxArgs, clap::Error> {
        Cli::try_parse_from(std::iter::once("sandbox").chain(argv.iter().copied())).map(|c| c.args)
    }

    #[test]
    fn defaults() {
        let a = parse(&[]).unwrap();
        assert_eq!(a.listen.to_string(), "127.0.0.1:0");
        assert_eq!(a.scan_seconds, Duration::from_secs(3));
        let cfg = a.into_config();
        assert_eq!(cfg.org, "sandbox-org");
        assert!(cfg.token.len() > 32);
    }

    #[test]
    fn every_flag_parses() {
        let a = parse(&[
            "--listen",
            "127.0.0.1:8080",
            "--tls",
            "--org",
            "acme",
            "--token",
            "t",
            "--user",
            "u",
            "--password",
            "p",
            "--scan-seconds",
            "0.25",
            "--state-dir",
            "/tmp/x",
            "--fault",
            "status:500:0.3",
            "--fault",
            "start:503:1x",
            "--seed",
            "9",
            "--project",
            "webapp:github",
            "--project",
            "api",
            "--max-upload-bytes",
            "1024",
        ])
        .unwrap();
        assert_eq!(a.scan_seconds, Duration::from_millis(250));
        assert_eq!(a.faults.len(), 2);
        assert_eq!(a.projects[0].project_type, "github");
        assert_eq!(a.projects[1].project_type, "upload");
        let cfg = a.into_config();
        assert_eq!(
            (cfg.token.as_str(), cfg.seed, cfg.max_upload_bytes),
            ("t", 9, 1024)
        );
        assert!(cfg.tls);
    }

    #[test]
    fn bad_values_are_usage_errors() {
        assert!(parse(&["--fault", "nope"]).is_err());
        assert!(parse(&["--project", "x:svn"]).is_err());
        assert!(parse(&["--scan-seconds", "-1"]).is_err());
        assert!(parse(&["--user", "u"]).is_err());
    }
}
