//! The command line as clap types, and nothing else. Validation that needs more than clap
//! (profiles, servers) happens in `settings` and the commands.
//!
//! House rules: every flag has a help line; long names follow the KDT convention
//! (`-p/--project`, `-t/--tool`, `-b/--branch`, `--threshold-*`); there is deliberately no flag
//! that takes a token as a value (it would land in shell history and `ps`).

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::env;

#[derive(Debug, Parser)]
#[command(
    name = "kdt",
    version,
    about = "CodeThreat SAST from the terminal and CI: configure the integration, scan, gate, report",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Profile file [default: <config dir>/kdt/config.toml]
    #[arg(long, global = true, env = env::KDT_CONFIG, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Named profile inside the file
    #[arg(long, global = true, env = env::KDT_PROFILE, value_name = "NAME", default_value = "default")]
    pub profile: String,

    /// What stdout carries: a human table or stable JSON
    #[arg(short = 'o', long, global = true, env = env::KDT_OUTPUT, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,

    /// Less on stderr: only warnings and errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// More on stderr (-vv traces HTTP calls, tokens redacted)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// No progress bars or spinners (they are also off when stderr is not a terminal)
    #[arg(long, global = true, env = env::KDT_NO_PROGRESS, value_parser = clap::builder::FalseyValueParser::new())]
    pub no_progress: bool,

    /// When to use colour on stderr
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage scanner integrations (the SAST tab): activate, configure, test CodeThreat
    #[command(subcommand)]
    Integration(IntegrationCmd),
    /// Scan configurations and scans: create, run (the KDT form `kdt scan -p P -t codethreat -b B`), results
    Scan(Box<ScanCmd>),
    /// Receive GitHub/GitLab/Bitbucket webhooks that trigger scans
    #[command(subcommand)]
    Webhook(WebhookCmd),
    /// Run a CodeThreat-compatible local server (for the demo, tests and experiments)
    Sandbox(Box<crate::commands::sandbox::SandboxArgs>),
    /// Run the whole flow on an embedded sandbox: configure, scan examples/vulnerable-app, report
    Demo(DemoArgs),
    /// Print shell completions
    Completions(CompletionsArgs),
}

/// The scanners kdt can drive. One today; the type keeps `-t` honest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Tool {
    Codethreat,
}

impl Tool {
    pub fn as_str(self) -> &'static str {
        match self {
            Tool::Codethreat => "codethreat",
        }
    }
}

// ---------------------------------------------------------------- integration

#[derive(Debug, Subcommand)]
pub enum IntegrationCmd {
    /// The scanner catalog: name, type, scan method, state, instances
    List,
    /// Activate an integration (the "Activate" button)
    Activate(ToolArg),
    /// Turn an integration off; its configuration is kept
    Deactivate(ToolArg),
    /// Configure an instance: URL, organization, token, insecure TLS; then test the connection
    Config(ConfigArgs),
    /// Show an instance's configuration (token masked)
    Show(InstanceArgs),
    /// Test the connection to an instance (Test Connection / Retest Connection)
    Test(InstanceArgs),
    /// Advanced settings: what team leads may do
    Settings(SettingsArgs),
    /// Remove an instance
    Remove(RemoveArgs),
}

#[derive(Debug, Args)]
pub struct ToolArg {
    /// Integration name
    #[arg(value_enum)]
    pub tool: Tool,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[arg(value_enum)]
    pub tool: Tool,
    /// Instance name (several CodeThreat instances: cloud, self-hosted)
    #[arg(long, value_name = "NAME")]
    pub instance: Option<String>,
    /// CodeThreat URL, e.g. https://cloud.codethreat.com
    #[arg(long)]
    pub url: Option<String>,
    /// Organization name, exactly as in your CodeThreat account
    #[arg(long, value_name = "NAME")]
    pub org: Option<String>,
    /// Read the token from standard input (otherwise it is prompted for on a terminal)
    #[arg(long)]
    pub token_stdin: bool,
    /// Skip TLS certificate verification for this instance (self-signed certificates)
    #[arg(long, conflicts_with = "no_insecure")]
    pub insecure: bool,
    /// Verify TLS certificates for this instance (the default)
    #[arg(long)]
    pub no_insecure: bool,
    /// Save without testing the connection
    #[arg(long)]
    pub no_test: bool,
}

#[derive(Debug, Args)]
pub struct InstanceArgs {
    #[arg(value_enum)]
    pub tool: Tool,
    /// Instance name [default: the only instance, or "default"]
    #[arg(long, value_name = "NAME")]
    pub instance: Option<String>,
}

#[derive(Debug, Args)]
pub struct SettingsArgs {
    #[arg(value_enum)]
    pub tool: Tool,
    /// Allow team leads to scan this integration's instances
    #[arg(long, value_enum, value_name = "on|off")]
    pub allow_team_leads_scan: Option<OnOff>,
    /// Allow team leads to create new instances
    #[arg(long, value_enum, value_name = "on|off")]
    pub allow_team_leads_create_instances: Option<OnOff>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

impl OnOff {
    pub fn as_bool(self) -> bool {
        self == OnOff::On
    }
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    #[arg(value_enum)]
    pub tool: Tool,
    /// Instance to remove
    #[arg(long, value_name = "NAME")]
    pub instance: String,
}

// ---------------------------------------------------------------- scan

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ScanCmd {
    #[command(subcommand)]
    pub command: Option<ScanSub>,
    /// The KDT form: `kdt scan -p P -t codethreat -b B` is `kdt scan run -p P -t codethreat -b B`
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Subcommand)]
pub enum ScanSub {
    /// Save a scan configuration (the "Add Code Threat Scanner" drawer)
    Create(CreateArgs),
    /// Change a saved configuration (schedule, branch, ...)
    Edit(EditArgs),
    /// List saved scan configurations
    List(ListArgs),
    /// Show one saved scan configuration
    Show(IdArg),
    /// Delete a saved scan configuration
    Delete(IdArg),
    /// Package, start, wait, print findings, write reports, gate by exit code
    Run(RunArgs),
    /// Show a scan's state on the server
    Status(ScanIdArg),
    /// Fetch a finished scan's findings and write reports
    Results(ResultsArgs),
    /// Stop a running scan on the server
    Stop(ScanIdArg),
    /// Run every saved scan whose scheduled time has passed (for cron)
    Due(DueArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Environment {
    Production,
    Staging,
    Develop,
    Feature,
}

impl Environment {
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Production => "production",
            Environment::Staging => "staging",
            Environment::Develop => "develop",
            Environment::Feature => "feature",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HookPlatform {
    Github,
    Gitlab,
    Bitbucket,
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// kdt project name (what pipelines pass as -p)
    #[arg(short, long)]
    pub project: String,
    /// Scanner
    #[arg(short, long, value_enum)]
    pub tool: Tool,
    /// The CodeThreat project to bind to (must exist, or pass --create-project)
    #[arg(long, value_name = "CT_PROJECT")]
    pub bind_to: String,
    /// CodeThreat instance [default: the only one, or "default"]
    #[arg(long, value_name = "NAME")]
    pub instance: Option<String>,
    /// Branch to scan
    #[arg(short, long)]
    pub branch: Option<String>,
    /// Environment
    #[arg(long = "env", value_enum)]
    pub environment: Option<Environment>,
    /// Metadata KEY=VALUE (repeatable)
    #[arg(short, long = "meta", value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub meta: Vec<(String, String)>,
    /// Scan tag
    #[arg(long)]
    pub scan_tag: Option<String>,
    /// `now` runs the scan right after saving; an RFC 3339 date-time stores it for `kdt scan due`
    #[arg(long, value_name = "now|DATE-TIME")]
    pub schedule: Option<String>,
    /// Trigger this scan from a webhook (needs --platform)
    #[arg(long, requires = "platform")]
    pub webhook: bool,
    /// Webhook platform
    #[arg(long, value_enum, requires = "webhook")]
    pub platform: Option<HookPlatform>,
    /// Create the CodeThreat project (upload type) when it does not exist
    #[arg(long)]
    pub create_project: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// Configuration id (see `kdt scan list`)
    pub id: String,
    /// New schedule: an RFC 3339 date-time, `now`, or `none` to clear it
    #[arg(long, value_name = "now|none|DATE-TIME")]
    pub schedule: Option<String>,
    /// New branch
    #[arg(short, long)]
    pub branch: Option<String>,
    /// New environment
    #[arg(long = "env", value_enum)]
    pub environment: Option<Environment>,
    /// New scan tag
    #[arg(long)]
    pub scan_tag: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this project's configurations
    #[arg(short, long)]
    pub project: Option<String>,
}

#[derive(Debug, Args)]
pub struct IdArg {
    /// Configuration id (see `kdt scan list`)
    pub id: String,
}

#[derive(Debug, Args)]
pub struct ScanIdArg {
    /// CodeThreat scan id
    pub scan_id: String,
    /// CodeThreat instance [default: the only one, or "default"]
    #[arg(long, value_name = "NAME")]
    pub instance: Option<String>,
}

#[derive(Debug, Args)]
pub struct ResultsArgs {
    /// CodeThreat scan id
    pub scan_id: String,
    /// CodeThreat instance [default: the only one, or "default"]
    #[arg(long, value_name = "NAME")]
    pub instance: Option<String>,
    /// CodeThreat project name of the scan [default: from the scan's tags]
    #[arg(short, long)]
    pub project: Option<String>,
    /// Write a report: FORMAT=FILE with FORMAT sarif, json, junit, gitlab-sast or table (repeatable)
    #[arg(long, value_name = "FORMAT=FILE", value_parser = parse_report_spec)]
    pub report: Vec<ReportSpec>,
    #[command(flatten)]
    pub gate: GateArgs,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    /// Only list what is due; start nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Wait for each scan at most this long (e.g. 30m) [default: no limit]
    #[arg(long, value_parser = parse_duration)]
    pub timeout: Option<Duration>,
}

#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// kdt project name (a saved configuration's project, or the CodeThreat project for ad-hoc runs)
    #[arg(short, long, required = true)]
    pub project: Option<String>,
    /// Scanner
    #[arg(short, long, value_enum, required = true)]
    pub tool: Option<Tool>,
    /// Branch being scanned
    #[arg(short, long, required = true)]
    pub branch: Option<String>,
    /// Source directory to package (upload-type projects)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub path: PathBuf,
    /// Start the scan, print its id and exit 0 without waiting
    #[arg(long = "async")]
    pub async_: bool,
    /// Stop waiting after this long (e.g. 30m, 1h30m, 900s); exit 6, the scan goes on
    #[arg(long, value_parser = parse_duration)]
    pub timeout: Option<Duration>,
    /// Longest pause between status polls (e.g. 5s)
    #[arg(long, value_parser = parse_duration, value_name = "DURATION")]
    pub poll_max: Option<Duration>,
    /// CodeThreat instance [default: the configuration's, the only one, or "default"]
    #[arg(long, value_name = "NAME")]
    pub instance: Option<String>,
    /// CodeThreat project to scan, overriding the configuration's binding
    #[arg(long, value_name = "CT_PROJECT")]
    pub bind_to: Option<String>,
    /// Scan policy (title or id)
    #[arg(long, value_name = "NAME")]
    pub policy: Option<String>,
    /// Write a report: FORMAT=FILE with FORMAT sarif, json, junit, gitlab-sast or table (repeatable)
    #[arg(long, value_name = "FORMAT=FILE", value_parser = parse_report_spec)]
    pub report: Vec<ReportSpec>,
    /// Create the CodeThreat project (upload type) when it does not exist
    #[arg(long)]
    pub create_project: bool,
    /// On Ctrl-C, stop the scan on the server before exiting
    #[arg(long)]
    pub cancel_on_interrupt: bool,
    /// Skip files larger than this when packaging (bytes; K, M, G suffixes)
    #[arg(long, value_parser = parse_size, value_name = "SIZE")]
    pub max_file_size: Option<u64>,
    #[command(flatten)]
    pub gate: GateArgs,
}

#[derive(Debug, Clone, Default, Args)]
pub struct GateArgs {
    /// Fail when critical findings exceed N (0 = none allowed)
    #[arg(long, value_name = "N")]
    pub threshold_crit: Option<u64>,
    /// Fail when high findings exceed N
    #[arg(long, value_name = "N")]
    pub threshold_high: Option<u64>,
    /// Fail when medium findings exceed N
    #[arg(long, value_name = "N")]
    pub threshold_med: Option<u64>,
    /// Fail when low findings exceed N
    #[arg(long, value_name = "N")]
    pub threshold_low: Option<u64>,
    /// Fail when critical SCA findings exceed N
    #[arg(long, value_name = "N")]
    pub sca_threshold_crit: Option<u64>,
    /// Fail when high SCA findings exceed N
    #[arg(long, value_name = "N")]
    pub sca_threshold_high: Option<u64>,
    /// Fail when any finding's weakness id or title matches (case-insensitive regex)
    #[arg(long, value_name = "REGEX")]
    pub weakness: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSpec {
    pub format: String,
    pub path: PathBuf,
}

// ---------------------------------------------------------------- webhook, demo, completions

#[derive(Debug, Subcommand)]
pub enum WebhookCmd {
    /// Serve webhook deliveries for the saved configurations that have a webhook
    Serve(ServeArgs),
    /// Replace a configuration's webhook secret and print the new one once
    RotateSecret(IdArg),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Source directory packaged for upload-type projects (bound repositories need none)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub path: PathBuf,
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1:9400")]
    pub listen: String,
    /// Deliveries that may wait for a trigger worker before answers become 503
    #[arg(long, default_value_t = 256)]
    pub queue: usize,
    /// Trigger workers (scans started at once)
    #[arg(long, default_value_t = 4)]
    pub workers: usize,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where the reports go
    #[arg(long, default_value = "kdt-demo-reports")]
    pub reports: PathBuf,
    /// Source to scan [default: examples/vulnerable-app]
    #[arg(long, value_name = "DIR")]
    pub path: Option<PathBuf>,
    /// Seconds the sandbox takes per scan
    #[arg(long, default_value_t = 3.0)]
    pub scan_seconds: f64,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

// ---------------------------------------------------------------- value parsers

fn parse_key_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!(
            "`{s}` is not KEY=VALUE (example: -m team=payments)"
        )),
    }
}

fn parse_report_spec(s: &str) -> Result<ReportSpec, String> {
    const FORMATS: &[&str] = &["sarif", "json", "junit", "gitlab-sast", "table"];
    let Some((format, path)) = s.split_once('=') else {
        return Err(format!(
            "`{s}` is not FORMAT=FILE (example: --report sarif=codethreat.sarif)"
        ));
    };
    let format = format.trim().to_ascii_lowercase();
    if !FORMATS.contains(&format.as_str()) {
        return Err(format!(
            "unknown report format `{format}`; use one of {}",
            FORMATS.join(", ")
        ));
    }
    if path.is_empty() {
        return Err(format!("`{s}` names no file"));
    }
    Ok(ReportSpec {
        format,
        path: PathBuf::from(path),
    })
}

/// `30m`, `1h30m`, `90s`, `500ms`, or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    if let Ok(secs) = s.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    let d: jiff::SignedDuration = s
        .parse()
        .map_err(|_| format!("`{s}` is not a duration (examples: 90s, 30m, 1h30m)"))?;
    if d.is_negative() {
        return Err(format!("`{s}` is negative"));
    }
    Duration::try_from(d).map_err(|e| e.to_string())
}

/// `1048576`, `512K`, `50M`, `2G` (powers of 1024).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, mult) = match s.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let mult = match c.to_ascii_uppercase() {
                'K' => 1u64 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                _ => return Err(format!("`{s}`: unknown size suffix (use K, M or G)")),
            };
            (&s[..i], mult)
        }
        _ => (s, 1),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .ok_or_else(|| format!("`{s}` is not a size (examples: 500K, 50M)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn kdt_form_of_scan_parses_like_scan_run() {
        let cli =
            Cli::try_parse_from(["kdt", "scan", "-p", "app", "-t", "codethreat", "-b", "main"])
                .unwrap();
        let Command::Scan(scan) = cli.command else {
            panic!("not a scan")
        };
        assert!(scan.command.is_none());
        let run = scan.run;
        assert_eq!(run.project.as_deref(), Some("app"));
        assert_eq!(run.branch.as_deref(), Some("main"));
    }

    #[test]
    fn scan_subcommand_does_not_need_kdt_form_flags() {
        let cli = Cli::try_parse_from(["kdt", "scan", "list"]).unwrap();
        let Command::Scan(scan) = cli.command else {
            panic!("not a scan")
        };
        assert!(matches!(scan.command, Some(ScanSub::List(_))));
    }

    #[test]
    fn parsers() {
        assert_eq!(parse_duration("30m").unwrap(), Duration::from_secs(1800));
        assert_eq!(parse_duration("1h30m").unwrap(), Duration::from_secs(5400));
        assert_eq!(parse_duration("45").unwrap(), Duration::from_secs(45));
        assert!(parse_duration("soon").is_err());
        assert_eq!(parse_size("50M").unwrap(), 50 << 20);
        assert_eq!(parse_size("10").unwrap(), 10);
        assert!(parse_size("5X").is_err());
        assert!(parse_key_value("a=b=c").unwrap() == ("a".into(), "b=c".into()));
        assert!(parse_key_value("=x").is_err());
        assert!(parse_report_spec("pdf=x").is_err());
        assert_eq!(
            parse_report_spec("gitlab-sast=gl.json").unwrap().path,
            PathBuf::from("gl.json")
        );
    }

    #[test]
    fn no_flag_takes_a_token_value() {
        let mut out = Vec::new();
        fn walk(cmd: &clap::Command, out: &mut Vec<String>) {
            for a in cmd.get_arguments() {
                if let Some(l) = a.get_long() {
                    out.push(l.to_string());
                }
            }
            for s in cmd.get_subcommands() {
                walk(s, out);
            }
        }
        // `kdt sandbox --token` names the throwaway sandbox's own credential, not a CodeThreat token.
        let cli = Cli::command();
        for s in cli.get_subcommands().filter(|s| s.get_name() != "sandbox") {
            walk(s, &mut out);
        }
        assert!(
            out.iter()
                .all(|l| l == "token-stdin" || !l.contains("token"))
        );
    }
}
