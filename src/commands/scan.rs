//! `kdt scan ...`: saved scan configurations (create/edit/list/show/delete), running a scan
//! (package → start → wait → results → gate → reports), and the per-scan commands
//! (status/results/stop). `kdt scan due` lives in `schedule`.
//!
//! A run is resolved once into a [`ScanPlan`]; `execute` carries it out. The demo, `scan due`
//! and the webhook receiver reuse `ScanPlan` and `start_scan`.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use serde_json::json;

use crate::archive::{self, PackOptions};
use crate::cli::{
    CreateArgs, EditArgs, GateArgs, IdArg, ListArgs, ReportSpec, ResultsArgs, RunArgs, ScanIdArg,
    ScanSub,
};
use crate::codethreat::{Client, Project, RepoKind, ScanState, ScanStatus, UploadScan};
use crate::commands::integration::require_activated;
use crate::commands::wait::{WaitOutcome, wait_for_scan};
use crate::env;
use crate::exit::{ExitStatus, Failure};
use crate::gate::{self, Thresholds};
use crate::output::{Printer, key_values, table};
use crate::profile::{LastRun, Profile, Role, ScanConfig, Webhook};
use crate::report::{self, Counts, Finding, ReportFormat, ScanReport, Severity};
use crate::settings::{self, Connection, Context, EnvOverrides};

pub async fn run(ctx: &Context, sub: ScanSub) -> anyhow::Result<ExitStatus> {
    match sub {
        ScanSub::Create(a) => create(ctx, a).await,
        ScanSub::Edit(a) => edit(ctx, a),
        ScanSub::List(a) => list(ctx, a),
        ScanSub::Show(a) => show(ctx, a),
        ScanSub::Delete(a) => delete(ctx, a),
        ScanSub::Run(a) => run_scan(ctx, a).await,
        ScanSub::Status(a) => status(ctx, a).await,
        ScanSub::Results(a) => results(ctx, a).await,
        ScanSub::Stop(a) => stop(ctx, a).await,
        ScanSub::Due(a) => crate::commands::schedule::due(ctx, a).await,
    }
}

// ------------------------------------------------------------------ configurations

/// Team leads need "Allow team leads to scan" for anything that starts or prepares a scan.
pub fn check_may_scan(profile: &Profile) -> Result<(), Failure> {
    if profile.role == Role::TeamLead && !profile.integrations.codethreat.allow_team_leads_scan {
        return Err(settings::team_lead_refusal("scan", "allow-team-leads-scan"));
    }
    Ok(())
}

/// `now`, `none` (edit only) or a date-time with an explicit offset, not in the past.
pub enum Schedule {
    Now,
    At(jiff::Timestamp),
    Clear,
}

pub fn parse_schedule(text: &str, allow_clear: bool) -> Result<Schedule, Failure> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("now") {
        return Ok(Schedule::Now);
    }
    if allow_clear && t.eq_ignore_ascii_case("none") {
        return Ok(Schedule::Clear);
    }
    let when: jiff::Timestamp = t.parse().map_err(|_| {
        Failure::usage(format!("`{t}` is not a date-time with an offset"))
            .hint("use RFC 3339, e.g. 2026-12-24T09:00:00Z or 2026-12-24T10:00:00+01:00, or `now`")
    })?;
    if when <= jiff::Timestamp::now() {
        return Err(
            Failure::usage(format!("the scheduled time {when} is in the past"))
                .hint("pick a future date-time, or `--schedule now` to scan right away"),
        );
    }
    Ok(Schedule::At(when))
}

/// Levenshtein distance, for "did you mean" on project names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Up to five project names close to `wanted` (substring or a few edits away).
pub fn close_matches(wanted: &str, names: &[String]) -> Vec<String> {
    let w = wanted.to_lowercase();
    let mut scored: Vec<(usize, &String)> = names
        .iter()
        .filter_map(|n| {
            let l = n.to_lowercase();
            let d = edit_distance(&w, &l);
            (l.contains(&w) || w.contains(&l) || d <= 3.max(w.len() / 3)).then_some((d, n))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, n)| n.clone()).collect()
}

/// Looks the bound project up; creates it with `--create-project`; otherwise a usage error
/// listing close matches.
pub async fn ensure_project(
    client: &Client,
    printer: &Printer,
    name: &str,
    create: bool,
) -> anyhow::Result<Project> {
    if let Some(p) = client.get_project(name).await? {
        return Ok(p);
    }
    if create {
        client
            .create_project(
                name,
                &format!("Project {name} created by kdt"),
                &["kdt", "cli"],
            )
            .await
            .with_context(|| format!("creating CodeThreat project `{name}`"))?;
        printer.status(&format!(
            "created CodeThreat project `{name}` (upload type)"
        ));
        return client.get_project(name).await?.ok_or_else(|| {
            Failure::new(
                ExitStatus::Connection,
                format!("CodeThreat accepted project `{name}` but does not return it"),
            )
            .into()
        });
    }
    let names: Vec<String> = match client.list_projects(None).await {
        Ok(ps) => ps.into_iter().map(|p| p.project_name).collect(),
        Err(_) => Vec::new(),
    };
    let matches = close_matches(name, &names);
    let mut f = Failure::usage(format!("CodeThreat project `{name}` does not exist"));
    if !matches.is_empty() {
        f = f.hint(format!("did you mean: {}", matches.join(", ")));
    }
    Err(f
        .hint(
            "create it with --create-project (an upload-type project), or bind to an existing one",
        )
        .into())
}

async fn create(ctx: &Context, args: CreateArgs) -> anyhow::Result<ExitStatus> {
    let profile = ctx.load_profile()?;
    require_activated(&profile)?;
    check_may_scan(&profile)?;
    let instance = settings::pick_instance_name(&profile, args.instance.as_deref())?;
    if !profile
        .integrations
        .codethreat
        .instances
        .contains_key(&instance)
    {
        return Err(Failure::usage(format!("no CodeThreat instance `{instance}` is configured"))
            .hint("configure it with `kdt integration config codethreat --instance NAME --url URL --org NAME`")
            .into());
    }
    let schedule = match &args.schedule {
        Some(s) => Some(parse_schedule(s, false)?),
        None => None,
    };
    for (k, _) in &args.meta {
        if k.contains(['.', '"', '\n']) {
            return Err(Failure::usage(format!(
                "metadata key `{k}` has a character kdt cannot store"
            ))
            .hint("use letters, digits, '-' and '_' in metadata keys")
            .into());
        }
    }

    // The binding is checked on the instance itself, with the profile's credentials.
    let conn = settings::resolve_connection(&profile, Some(&instance), &EnvOverrides::default())?;
    warn_connection(&ctx.printer, &conn);
    let client = settings::client(&conn)?;
    ensure_project(&client, &ctx.printer, &args.bind_to, args.create_project).await?;

    let secret = args.webhook.then(crate::webhook::generate_secret);
    let now = jiff::Timestamp::now();
    let config = ScanConfig {
        project: args.project.clone(),
        tool: args.tool.as_str().to_string(),
        instance: instance.clone(),
        bind_to: args.bind_to.clone(),
        branch: args.branch.clone(),
        environment: args.environment.map(|e| e.as_str().to_string()),
        meta: args.meta.iter().cloned().collect(),
        scan_tag: args.scan_tag.clone(),
        schedule: match schedule {
            Some(Schedule::At(t)) => Some(t),
            _ => None,
        },
        webhook: secret.as_ref().map(|s| Webhook {
            platform: format!("{:?}", args.platform.expect("clap requires --platform"))
                .to_lowercase(),
            secret: s.clone(),
            created_at: Some(now),
        }),
        created_at: Some(now),
        last_run: None,
    };
    if let Some(s) = &secret {
        ctx.printer.add_secret(s.expose());
    }
    let id = ctx.update_profile(|p| {
        require_activated(p)?;
        let id = loop {
            let id = crate::profile::new_scan_id();
            if !p.scans.contains_key(&id) {
                break id;
            }
        };
        p.scans.insert(id.clone(), config.clone());
        Ok(id)
    })?;

    let hook_path = format!("/hooks/{id}");
    let run_now = matches!(schedule, Some(Schedule::Now));
    if !ctx.printer.is_json() {
        ctx.printer.data(&format!("saved scan configuration {id}"));
        if let Some(s) = &secret {
            ctx.printer.data(&format!(
                "webhook ({}): POST {hook_path} on `kdt webhook serve`'s address\nsecret (shown once): {}",
                config.webhook.as_ref().map(|w| w.platform.as_str()).unwrap_or(""),
                s.expose()
            ));
        }
        if let Some(t) = config.schedule {
            ctx.printer.status(&format!(
                "scheduled for {t}; `kdt scan due` (cron) runs it then"
            ));
        }
    }

    let mut status = Ok(ExitStatus::Success);
    let mut saved = config;
    if run_now {
        ctx.printer.status("--schedule now: running the scan");
        let plan = ScanPlan::for_config(ctx, &ctx.load_profile()?, &id, RunOverrides::default())?;
        if ctx.printer.is_json() {
            // One JSON document on stdout: the configuration, whose `last_run` tells the outcome.
            let quiet = Context {
                printer: ctx.printer.without_data(),
                store: ctx.store.clone(),
                global: ctx.global.clone(),
                env: ctx.env.clone(),
            };
            status = execute(&quiet, plan).await;
            if let Some(c) = ctx.load_profile()?.scans.get(&id) {
                saved = c.clone();
            }
        } else {
            status = execute(ctx, plan).await;
        }
    }
    if ctx.printer.is_json() {
        let mut v = config_json(&id, &saved);
        if let Some(s) = &secret {
            // Printed this once; `kdt webhook rotate-secret` makes a new one.
            v["webhook"]["secret"] = json!(s.expose());
            v["webhook"]["path"] = json!(hook_path);
        }
        ctx.printer.json(&v);
    }
    status
}

fn edit(ctx: &Context, args: EditArgs) -> anyhow::Result<ExitStatus> {
    let schedule = match &args.schedule {
        Some(s) => Some(parse_schedule(s, true)?),
        None => None,
    };
    let cfg = ctx.update_profile(|p| {
        check_may_scan(p)?;
        let Some(c) = p.scans.get_mut(&args.id) else {
            return Err(unknown_config(&args.id).into());
        };
        match schedule {
            Some(Schedule::At(t)) => c.schedule = Some(t),
            // `now` makes it due at once: the next `kdt scan due` runs it.
            Some(Schedule::Now) => c.schedule = Some(jiff::Timestamp::now()),
            Some(Schedule::Clear) => c.schedule = None,
            None => {}
        }
        if let Some(b) = &args.branch {
            c.branch = Some(b.clone());
        }
        if let Some(e) = args.environment {
            c.environment = Some(e.as_str().to_string());
        }
        if let Some(t) = &args.scan_tag {
            c.scan_tag = Some(t.clone());
        }
        Ok(c.clone())
    })?;
    if ctx.printer.is_json() {
        ctx.printer.json(&config_json(&args.id, &cfg));
    } else {
        ctx.printer
            .status(&format!("updated scan configuration {}", args.id));
    }
    Ok(ExitStatus::Success)
}

fn unknown_config(id: &str) -> Failure {
    Failure::usage(format!("no scan configuration `{id}`")).hint("see `kdt scan list` for the ids")
}

/// The stable JSON shape of a configuration (no secrets).
pub fn config_json(id: &str, c: &ScanConfig) -> serde_json::Value {
    json!({
        "id": id,
        "project": c.project,
        "tool": c.tool,
        "instance": c.instance,
        "bind_to": c.bind_to,
        "branch": c.branch,
        "environment": c.environment,
        "meta": c.meta,
        "scan_tag": c.scan_tag,
        "schedule": c.schedule,
        "webhook": c.webhook.as_ref().map(|w| json!({
            "platform": w.platform,
            "path": format!("/hooks/{id}"),
            "created_at": w.created_at,
        })),
        "created_at": c.created_at,
        "last_run": c.last_run.as_ref().map(|r| json!({
            "scan_id": r.scan_id,
            "started_at": r.started_at,
            "finished_at": r.finished_at,
            "outcome": r.outcome,
            "exit_code": r.exit_code,
        })),
    })
}

fn list(ctx: &Context, args: ListArgs) -> anyhow::Result<ExitStatus> {
    let profile = ctx.load_profile()?;
    let items: Vec<(&String, &ScanConfig)> = profile
        .scans
        .iter()
        .filter(|(_, c)| args.project.as_ref().is_none_or(|p| &c.project == p))
        .collect();
    if ctx.printer.is_json() {
        let v: Vec<_> = items.iter().map(|(id, c)| config_json(id, c)).collect();
        ctx.printer.json(&json!({ "scans": v }));
        return Ok(ExitStatus::Success);
    }
    if items.is_empty() {
        ctx.printer
            .status("no scan configurations; create one with `kdt scan create -p PROJECT -t codethreat --bind-to CT_PROJECT`");
        return Ok(ExitStatus::Success);
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|(id, c)| {
            vec![
                id.to_string(),
                c.project.clone(),
                c.bind_to.clone(),
                c.branch.clone().unwrap_or_else(|| "-".into()),
                c.environment.clone().unwrap_or_else(|| "-".into()),
                c.schedule.map_or("-".into(), |t| t.to_string()),
                c.webhook
                    .as_ref()
                    .map_or("-".into(), |w| w.platform.clone()),
                c.last_run.as_ref().map_or("never".into(), |r| {
                    format!(
                        "{} {}",
                        r.outcome,
                        r.started_at.map(|t| t.to_string()).unwrap_or_default()
                    )
                }),
            ]
        })
        .collect();
    ctx.printer.data(&table(
        &[
            "ID", "PROJECT", "BOUND TO", "BRANCH", "ENV", "SCHEDULE", "WEBHOOK", "LAST RUN",
        ],
        &rows,
    ));
    Ok(ExitStatus::Success)
}

fn show(ctx: &Context, args: IdArg) -> anyhow::Result<ExitStatus> {
    let profile = ctx.load_profile()?;
    let Some(c) = profile.scans.get(&args.id) else {
        return Err(unknown_config(&args.id).into());
    };
    if ctx.printer.is_json() {
        ctx.printer.json(&config_json(&args.id, c));
        return Ok(ExitStatus::Success);
    }
    let meta = c
        .meta
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ");
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
    ctx.printer.data(&key_values(&[
        ("ID", args.id.clone()),
        ("Project", c.project.clone()),
        ("Tool", c.tool.clone()),
        ("Instance", c.instance.clone()),
        ("Bound to", c.bind_to.clone()),
        ("Branch", opt(&c.branch)),
        ("Environment", opt(&c.environment)),
        ("Meta", if meta.is_empty() { "-".into() } else { meta }),
        ("Scan tag", opt(&c.scan_tag)),
        ("Schedule", c.schedule.map_or("-".into(), |t| t.to_string())),
        (
            "Webhook",
            c.webhook.as_ref().map_or("-".into(), |w| {
                format!("{} at POST /hooks/{}", w.platform, args.id)
            }),
        ),
        (
            "Last run",
            c.last_run.as_ref().map_or("never".into(), |r| {
                format!(
                    "{} (scan {}, exit {})",
                    r.outcome,
                    r.scan_id.clone().unwrap_or_else(|| "-".into()),
                    r.exit_code.map_or("-".into(), |c| c.to_string())
                )
            }),
        ),
    ]));
    Ok(ExitStatus::Success)
}

fn delete(ctx: &Context, args: IdArg) -> anyhow::Result<ExitStatus> {
    ctx.update_profile(|p| {
        check_may_scan(p)?;
        p.scans
            .remove(&args.id)
            .map(|_| ())
            .ok_or_else(|| unknown_config(&args.id).into())
    })?;
    if ctx.printer.is_json() {
        ctx.printer.json(&json!({ "id": args.id, "deleted": true }));
    } else {
        ctx.printer
            .status(&format!("deleted scan configuration {}", args.id));
    }
    Ok(ExitStatus::Success)
}

// ------------------------------------------------------------------ running

/// Everything a run needs, resolved once.
#[derive(Debug, Clone)]
pub struct ScanPlan {
    pub conn: Connection,
    pub config_id: Option<String>,
    pub ct_project: String,
    pub branch: Option<String>,
    pub path: PathBuf,
    pub policy: Option<String>,
    pub create_project: bool,
    pub wait: bool,
    pub timeout: Option<Duration>,
    pub poll_min: Duration,
    pub poll_max: Duration,
    pub heartbeat: Duration,
    pub thresholds: Thresholds,
    pub reports: Vec<ReportSpec>,
    pub cancel_on_interrupt: bool,
    pub max_file_bytes: Option<u64>,
}

/// Flags that override a saved configuration.
#[derive(Debug, Clone, Default)]
pub struct RunOverrides {
    pub instance: Option<String>,
    pub bind_to: Option<String>,
    pub branch: Option<String>,
    pub path: Option<PathBuf>,
    pub policy: Option<String>,
    pub create_project: bool,
    pub wait: Option<bool>,
    pub timeout: Option<Duration>,
    pub poll_max: Option<Duration>,
    pub gate: GateArgs,
    pub reports: Vec<ReportSpec>,
    pub cancel_on_interrupt: bool,
    pub max_file_bytes: Option<u64>,
}

impl RunOverrides {
    fn from_run_args(a: &RunArgs) -> RunOverrides {
        RunOverrides {
            instance: a.instance.clone(),
            bind_to: a.bind_to.clone(),
            branch: a.branch.clone(),
            path: Some(a.path.clone()),
            policy: a.policy.clone(),
            create_project: a.create_project,
            wait: Some(!a.async_),
            timeout: a.timeout,
            poll_max: a.poll_max,
            gate: a.gate.clone(),
            reports: a.report.clone(),
            cancel_on_interrupt: a.cancel_on_interrupt,
            max_file_bytes: a.max_file_size,
        }
    }
}

pub fn thresholds_from(g: &GateArgs) -> anyhow::Result<Thresholds> {
    let weakness = match &g.weakness {
        Some(r) => Some(Thresholds::weakness_regex(r).map_err(|e| {
            Failure::usage(format!("--weakness `{r}` is not a valid regex: {e}"))
                .hint("example: --weakness 'sql.?injection|CWE-89'")
        })?),
        None => None,
    };
    Ok(Thresholds {
        crit: g.threshold_crit,
        high: g.threshold_high,
        med: g.threshold_med,
        low: g.threshold_low,
        sca_crit: g.sca_threshold_crit,
        sca_high: g.sca_threshold_high,
        weakness,
    })
}

impl ScanPlan {
    fn base(conn: Connection, ct_project: String, o: &RunOverrides) -> anyhow::Result<ScanPlan> {
        let poll_min = settings::env_millis(env::KDT_POLL_MIN_MS, Duration::from_millis(500));
        let poll_max = o
            .poll_max
            .unwrap_or_else(|| settings::env_millis(env::KDT_POLL_MAX_MS, Duration::from_secs(5)));
        Ok(ScanPlan {
            conn,
            config_id: None,
            ct_project,
            branch: o.branch.clone(),
            path: o.path.clone().unwrap_or_else(|| PathBuf::from(".")),
            policy: o.policy.clone(),
            create_project: o.create_project,
            wait: o.wait.unwrap_or(true),
            timeout: o.timeout,
            poll_min: poll_min.min(poll_max),
            poll_max,
            heartbeat: Duration::from_secs(
                env::var(env::KDT_HEARTBEAT_SECS)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(60),
            ),
            thresholds: thresholds_from(&o.gate)?,
            reports: o.reports.clone(),
            cancel_on_interrupt: o.cancel_on_interrupt,
            max_file_bytes: o.max_file_bytes,
        })
    }

    /// A saved configuration, with flags on top.
    pub fn for_config(
        ctx: &Context,
        profile: &Profile,
        id: &str,
        o: RunOverrides,
    ) -> anyhow::Result<ScanPlan> {
        let c = profile.scans.get(id).ok_or_else(|| unknown_config(id))?;
        require_activated(profile)?;
        check_may_scan(profile)?;
        let instance = o.instance.clone().unwrap_or_else(|| c.instance.clone());
        let conn = settings::resolve_connection(profile, Some(&instance), &ctx.env)?;
        let mut o = o;
        if o.branch.is_none() {
            o.branch = c.branch.clone();
        }
        let mut plan = ScanPlan::base(conn, o.bind_to.clone().unwrap_or(c.bind_to.clone()), &o)?;
        plan.config_id = Some(id.to_string());
        Ok(plan)
    }

    /// `scan run -p P -t T -b B`: the saved configuration for (P, T) if there is one, else an
    /// ad-hoc run against the CodeThreat project P with credentials from the environment.
    pub fn for_run(ctx: &Context, profile: &Profile, a: &RunArgs) -> anyhow::Result<ScanPlan> {
        let project = a.project.clone().unwrap_or_default();
        let tool = a.tool.map(|t| t.as_str()).unwrap_or("codethreat");
        let o = RunOverrides::from_run_args(a);
        let saved = profile
            .scans
            .iter()
            .filter(|(_, c)| c.project == project && c.tool == tool)
            .max_by_key(|(_, c)| c.branch.as_deref() == a.branch.as_deref())
            .map(|(id, _)| id.clone());
        if let Some(id) = saved {
            ctx.printer
                .detail(&format!("using saved scan configuration {id}"));
            return ScanPlan::for_config(ctx, profile, &id, o);
        }
        let env = ctx.env.clone();
        let has_instances = !profile.integrations.codethreat.instances.is_empty();
        if has_instances {
            // A machine with a configured profile follows its rules; a bare CI machine does not.
            require_activated(profile)?;
            check_may_scan(profile)?;
        }
        let conn = settings::resolve_connection(profile, a.instance.as_deref(), &env)?;
        let ct_project = o.bind_to.clone().unwrap_or(project);
        ScanPlan::base(conn, ct_project, &o)
    }
}

fn warn_connection(printer: &Printer, conn: &Connection) {
    printer.add_secret(conn.token.expose());
    for w in settings::connection_warnings(conn) {
        printer.warn(&w);
    }
}

async fn run_scan(ctx: &Context, args: RunArgs) -> anyhow::Result<ExitStatus> {
    let profile = ctx.load_profile()?;
    let plan = ScanPlan::for_run(ctx, &profile, &args)?;
    execute(ctx, plan).await
}

/// The scan id once known, so an interrupt can say how to follow it.
type SharedScanId = Arc<Mutex<Option<String>>>;

/// Carries a plan out: start, wait, results, gate, reports. Ctrl-C → 130 with a hint.
/// A run of a saved configuration is recorded as its `last_run` (shown by `scan list`; a
/// run after the scheduled time also counts for `scan due`).
pub async fn execute(ctx: &Context, plan: ScanPlan) -> anyhow::Result<ExitStatus> {
    let config_id = plan.config_id.clone();
    let wait = plan.wait;
    let started = jiff::Timestamp::now();
    let (result, scan_id) = execute_tracked(ctx, plan).await;
    if let (Some(id), Some(_)) = (&config_id, &scan_id) {
        let status = match &result {
            Ok(s) => *s,
            Err(e) => crate::exit::classify(e).status,
        };
        let record = LastRun {
            scan_id: scan_id.clone(),
            started_at: Some(started),
            finished_at: wait.then(jiff::Timestamp::now),
            outcome: if wait { status.outcome() } else { "started" }.into(),
            exit_code: wait.then(|| status.code().into()),
            claimed_by: None,
        };
        let recorded = ctx.update_profile(|p| {
            if let Some(c) = p.scans.get_mut(id) {
                c.last_run = Some(record.clone());
            }
            Ok(())
        });
        if let Err(e) = recorded {
            ctx.printer
                .warn(&format!("could not record the run in the profile: {e}"));
        }
    }
    result
}

/// `execute`, also returning the scan id when one was started (for `scan due`'s records).
pub async fn execute_tracked(
    ctx: &Context,
    plan: ScanPlan,
) -> (anyhow::Result<ExitStatus>, Option<String>) {
    warn_connection(&ctx.printer, &plan.conn);
    let client = match settings::client(&plan.conn) {
        Ok(c) => c,
        Err(e) => return (Err(e), None),
    };
    let scan_id: SharedScanId = Arc::default();
    let work = execute_inner(ctx, &client, &plan, scan_id.clone());
    let result = tokio::select! {
        r = work => r,
        _ = crate::signals::terminated() => {
            // Dropping `work` removes the temp archive and stops the progress bar.
            let id = scan_id.lock().unwrap().clone();
            interrupted(ctx, &client, &plan, id).await
        }
    };
    let id = scan_id.lock().unwrap().clone();
    (result, id)
}

async fn interrupted(
    ctx: &Context,
    client: &Client,
    plan: &ScanPlan,
    id: Option<String>,
) -> anyhow::Result<ExitStatus> {
    let Some(id) = id else {
        return Err(
            Failure::new(
                ExitStatus::Interrupted,
                "interrupted before CodeThreat answered with a scan id",
            )
            .hint("if the upload had finished, a scan may have started anyway: look at the project in CodeThreat before starting another")
                .into(),
        );
    };
    if plan.cancel_on_interrupt {
        match client.stop_scan(&id).await {
            Ok(()) => ctx
                .printer
                .status(&format!("stopped scan {id} on CodeThreat")),
            Err(e) => ctx.printer.warn(&format!("could not stop scan {id}: {e}")),
        }
        return Err(Failure::new(
            ExitStatus::Interrupted,
            format!("interrupted; scan {id} was stopped"),
        )
        .into());
    }
    Err(Failure::new(
        ExitStatus::Interrupted,
        format!("interrupted; scan {id} goes on on CodeThreat"),
    )
    .hint(format!(
        "follow it with `kdt scan status {id}`; fetch results with `kdt scan results {id} -p {}`",
        plan.ct_project
    ))
    .hint(format!("stop it with `kdt scan stop {id}`"))
    .into())
}

async fn execute_inner(
    ctx: &Context,
    client: &Client,
    plan: &ScanPlan,
    shared_id: SharedScanId,
) -> anyhow::Result<ExitStatus> {
    let started = Instant::now();
    let id = start_scan(&ctx.printer, client, plan).await?;
    *shared_id.lock().unwrap() = Some(id.clone());

    if !plan.wait {
        if !plan.thresholds.is_empty() || !plan.reports.is_empty() {
            // Otherwise a pipeline reads exit 0 as "the gate held".
            ctx.printer.warn(&format!(
                "--async: the quality gate and --report are not evaluated; once the scan ends, \
                 run `kdt scan results {id} -p {}` with the same --threshold-*/--weakness/--report flags",
                plan.ct_project
            ));
        }
        if ctx.printer.is_json() {
            ctx.printer.json(&json!({
                "scan_id": id,
                "project": plan.ct_project,
                "branch": plan.branch,
                "state": "started",
            }));
        } else {
            ctx.printer.data(&id);
            ctx.printer.status(&format!(
                "scan started; follow it with `kdt scan status {id}`"
            ));
        }
        return Ok(ExitStatus::Success);
    }

    let outcome = wait_for_scan(&ctx.printer, client, &id, plan)
        .await
        .map_err(|e| lost_track(e, &id, plan, false))?;
    let status = match outcome {
        WaitOutcome::Finished(s) => s,
        WaitOutcome::Failed(s) => {
            let last: Vec<String> = s
                .logs
                .iter()
                .rev()
                .take(5)
                .rev()
                .map(|l| format!("{}: {}", l.log_type, l.message))
                .collect();
            let mut f = Failure::new(
                ExitStatus::ScanFailed,
                format!("scan {id} ended in state `{}` on CodeThreat", s.state),
            );
            for l in last {
                f = f.hint(format!("server log: {l}"));
            }
            return Err(f.into());
        }
        WaitOutcome::TimedOut(s) => {
            return Err(Failure::new(
                ExitStatus::Timeout,
                format!(
                    "--timeout passed while scan {id} was still running ({}%)",
                    s.progress_data.progress
                ),
            )
            .hint(format!(
                "the scan goes on on CodeThreat: follow it with `kdt scan status {id}`"
            ))
            .hint(format!(
                "then fetch the findings with `kdt scan results {id} -p {}`",
                plan.ct_project
            ))
            .into());
        }
    };
    ctx.printer.detail(&format!(
        "scan finished; {:.1}s since start",
        started.elapsed().as_secs_f64()
    ));
    let report = collect_results(
        ctx,
        client,
        &plan.conn,
        &id,
        &plan.ct_project,
        plan.branch.as_deref(),
        Some(&status),
        &plan.thresholds,
        !plan.reports.is_empty(),
    )
    .await
    .map_err(|e| lost_track(e, &id, plan, true))?;
    finish(ctx, &report, &plan.reports)
}

/// An error after the scan started (polling, fetching results): same exit status and advice,
/// plus how to follow the scan, which goes on on CodeThreat.
fn lost_track(e: anyhow::Error, id: &str, plan: &ScanPlan, finished: bool) -> anyhow::Error {
    let c = crate::exit::classify(&e);
    let mut f = Failure::new(c.status, format!("{e:#}"));
    for h in c.hints {
        f = f.hint(h);
    }
    let results = format!("`kdt scan results {id} -p {}`", plan.ct_project);
    f.hint(if finished {
        format!("scan {id} finished on CodeThreat: fetch its findings again with {results}")
    } else {
        format!(
            "scan {id} goes on on CodeThreat: follow it with `kdt scan status {id}`, then {results}"
        )
    })
    .into()
}

/// The server-side start path for a project bound to a repository; `None` for upload projects.
fn repo_kind(project_type: &str) -> Option<RepoKind> {
    match project_type.trim().to_ascii_lowercase().as_str() {
        "github" => Some(RepoKind::Github),
        "gitlab" => Some(RepoKind::Gitlab),
        "azure" => Some(RepoKind::Azure),
        "bitbucket" => Some(RepoKind::Bitbucket),
        "git" => Some(RepoKind::Git),
        _ => None,
    }
}

/// Where a person sees the project's results (the link the official CLI prints).
pub fn report_link(conn: &Connection, project: &str) -> String {
    let mut base = conn.url.clone();
    base.set_query(None);
    let base = base.as_str().trim_end_matches('/').to_string();
    let mut link =
        url::Url::parse(&format!("{base}/projects/project-details/x")).expect("valid base");
    link.path_segments_mut()
        .expect("http url")
        .pop()
        .push(project);
    link.query_pairs_mut()
        .append_pair("tenant", &conn.organization);
    link.to_string()
}

/// Starts a scan for the plan: upload for upload-type projects, a server-side start for
/// projects bound to a repository. Returns the scan id.
pub async fn start_scan(
    printer: &Printer,
    client: &Client,
    plan: &ScanPlan,
) -> anyhow::Result<String> {
    let project = ensure_project(client, printer, &plan.ct_project, plan.create_project).await?;
    let branch = plan.branch.as_deref();
    if let Some(kind) = repo_kind(&project.kind) {
        printer.status(&format!(
            "starting a {} scan of `{}`{} on CodeThreat",
            project.kind,
            plan.ct_project,
            branch.map(|b| format!(" ({b})")).unwrap_or_default()
        ));
        let id = client
            .start_integration_scan(kind, &plan.ct_project, branch, plan.policy.as_deref())
            .await
            .context("starting the scan")?;
        printer.status(&format!("scan {id} started"));
        return Ok(id);
    }
    let packed = package(printer, plan).await?;
    let total = packed.stats.bytes_out;
    let bar = crate::commands::wait::upload_bar(printer, total);
    let progress_bar = bar.clone();
    let progress: Arc<dyn Fn(u64, u64) + Send + Sync> = Arc::new(move |sent, _total| {
        progress_bar.set_position(sent);
    });
    let id = client
        .start_upload_scan(
            UploadScan {
                archive: packed.path(),
                project: &plan.ct_project,
                branch,
                policy_id: plan.policy.as_deref(),
            },
            progress,
        )
        .await
        .context("uploading the source and starting the scan")?;
    bar.finish_and_clear();
    printer.status(&format!(
        "uploaded {}; scan {id} started",
        human_bytes(total)
    ));
    Ok(id)
}

async fn package(printer: &Printer, plan: &ScanPlan) -> anyhow::Result<archive::PackedArchive> {
    let root = plan.path.clone();
    if !root.is_dir() {
        return Err(
            Failure::usage(format!("--path {} is not a directory", root.display()))
                .hint("point --path at the checkout to scan")
                .into(),
        );
    }
    let mut opts = PackOptions::new(root.clone());
    if let Some(m) = plan.max_file_bytes {
        opts.max_file_bytes = m;
    }
    printer.status(&format!("packaging {}", root.display()));
    let packed = tokio::task::spawn_blocking(move || archive::pack(&opts, &|_| {}))
        .await
        .context("packaging task")?
        .map_err(|e| match e {
            archive::ArchiveError::Empty { .. } => {
                anyhow::Error::new(Failure::usage(e.to_string()).hint(
                    "check --path, .gitignore and .codethreatignore: everything was excluded",
                ))
            }
            other => anyhow::Error::new(other).context("packaging the source"),
        })?;
    let s = &packed.stats;
    printer.status(&format!(
        "packed {} files, {} → {} compressed{}",
        s.files,
        human_bytes(s.bytes_in),
        human_bytes(s.bytes_out),
        excluded_note(s)
    ));
    for (p, size) in s.excluded.too_large.iter().take(10) {
        printer.warn(&format!(
            "skipped {} ({}): over the size cap (--max-file-size)",
            p.display(),
            human_bytes(*size)
        ));
    }
    for (p, why) in s.excluded.unreadable.iter().take(10) {
        printer.warn(&format!("skipped {}: {why}", p.display()));
    }
    Ok(packed)
}

fn excluded_note(s: &archive::PackStats) -> String {
    let parts: Vec<String> = [
        (s.excluded.by_default_rules, "by default rules"),
        (s.excluded.symlinks, "symlinks"),
        (s.excluded.too_large.len() as u64, "too large"),
        (s.excluded.unreadable.len() as u64, "unreadable"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("; excluded {}", parts.join(", "))
    }
}

pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

// ------------------------------------------------------------------ results

fn to_counts(c: &crate::codethreat::Counts) -> Counts {
    Counts {
        critical: c.critical,
        high: c.high,
        medium: c.medium,
        low: c.low,
    }
}

/// Findings (all pages), counts, SCA counts and, when wanted, the server's SARIF → a report
/// with its gate outcome.
#[allow(clippy::too_many_arguments)]
pub async fn collect_results(
    ctx: &Context,
    client: &Client,
    conn: &Connection,
    id: &str,
    project: &str,
    branch: Option<&str>,
    status: Option<&ScanStatus>,
    thresholds: &Thresholds,
    want_server_sarif: bool,
) -> anyhow::Result<ScanReport> {
    let status = match status {
        Some(s) => s.clone(),
        None => client.scan_status(id).await?,
    };
    let issues = client
        .scan_issues(id, project)
        .await
        .context("fetching findings")?;
    let summary = client
        .scan_summary(id, project, branch)
        .await
        .unwrap_or_else(|e| {
            ctx.printer.warn(&format!("no SCA summary: {e}"));
            None
        });
    let server_sarif = if want_server_sarif {
        client
            .sarif_report(id, project, branch)
            .await
            .unwrap_or_else(|e| {
                ctx.printer.detail(&format!(
                    "server SARIF unavailable ({e}); building it from the findings"
                ));
                None
            })
    } else {
        None
    };
    let findings: Vec<Finding> = issues.iter().map(finding_from_issue).collect();
    let sast = to_counts(&status.sast_severities);
    let mut sca = to_counts(&status.sca_severities);
    if let Some(s) = &summary {
        let h = to_counts(&s.sca_severity_counts);
        // The helper's counts are the end-of-scan truth when it has them.
        if h != Counts::default() {
            sca = h;
        }
    }
    let gate = gate::evaluate(thresholds, &sast, &sca, &findings);
    Ok(ScanReport {
        scan_id: id.to_string(),
        project: project.to_string(),
        branch: branch
            .map(str::to_string)
            .or_else(|| status.tags.branch.clone()),
        state: status.state.clone(),
        started_at: status.started_at,
        ended_at: status.ended_at,
        riskscore: status.riskscore.map(|r| r.round() as i64),
        sast,
        sca,
        findings,
        report_url: Some(report_link(conn, project)),
        server_sarif,
        gate,
    })
}

fn finding_from_issue(i: &crate::codethreat::Issue) -> Finding {
    let step = i.flow_steps.first();
    Finding {
        id: i.issue_state.issue_id.clone(),
        weakness_id: i.issue_state.weakness_id.clone(),
        title: i.title().to_string(),
        severity: i.severity().parse().unwrap_or(Severity::Low),
        file: step.map(|s| s.document_path.clone()).unwrap_or_default(),
        line: step
            .and_then(|s| s.start_linenumber)
            .unwrap_or(1)
            .clamp(1, u32::MAX as u64) as u32,
        end_line: step
            .and_then(|s| s.end_linenumber)
            .filter(|l| *l > 0)
            .map(|l| l.min(u32::MAX as u64) as u32),
        snippet: step
            .map(|s| s.code_snippet.text.clone())
            .filter(|t| !t.is_empty()),
        language: i.lang.clone(),
        description: i
            .kb_fields
            .summary
            .get("en")
            .or_else(|| i.kb_fields.summary.values().next())
            .cloned(),
    }
}

/// Prints the summary (stdout), writes the reports, returns 0 or 1 by the gate.
pub fn finish(
    ctx: &Context,
    report: &ScanReport,
    reports: &[ReportSpec],
) -> anyhow::Result<ExitStatus> {
    for spec in reports {
        let format: ReportFormat = spec
            .format
            .parse()
            .map_err(|e| Failure::usage(format!("{e}")))?;
        report::write_report(format, report, &spec.path).with_context(|| {
            format!(
                "writing the {} report to {}",
                spec.format,
                spec.path.display()
            )
        })?;
        ctx.printer.status(&format!(
            "wrote {} report to {}",
            spec.format,
            spec.path.display()
        ));
    }
    if ctx.printer.is_json() {
        ctx.printer.data(&String::from_utf8_lossy(&report::render(
            ReportFormat::Json,
            report,
        )?));
    } else {
        ctx.printer.data(&String::from_utf8_lossy(&report::render(
            ReportFormat::Table,
            report,
        )?));
    }
    if report.gate.passed {
        Ok(ExitStatus::Success)
    } else {
        let mut f = Failure::new(ExitStatus::GateFailed, "quality gate failed");
        for v in &report.gate.violations {
            f = f.hint(v.message.clone());
        }
        Err(f.into())
    }
}

// ------------------------------------------------------------------ per-scan commands

fn adhoc_connection(ctx: &Context, instance: Option<&str>) -> anyhow::Result<Connection> {
    let profile = ctx.load_profile()?;
    let conn = settings::resolve_connection(&profile, instance, &ctx.env)?;
    warn_connection(&ctx.printer, &conn);
    Ok(conn)
}

/// A 404 for a scan id names the id instead of a bare "not found".
fn unknown_scan(e: crate::codethreat::ApiError, id: &str) -> anyhow::Error {
    match e {
        crate::codethreat::ApiError::NotFound { .. } => Failure::usage(format!(
            "no scan `{id}` on this CodeThreat instance"
        ))
        .hint(
            "check the id (printed by `kdt scan run` and `--async`) and the instance/organization",
        )
        .into(),
        e => e.into(),
    }
}

async fn status(ctx: &Context, args: ScanIdArg) -> anyhow::Result<ExitStatus> {
    let conn = adhoc_connection(ctx, args.instance.as_deref())?;
    let client = settings::client(&conn)?;
    let s = client
        .scan_status(&args.scan_id)
        .await
        .map_err(|e| unknown_scan(e, &args.scan_id))?;
    if ctx.printer.is_json() {
        ctx.printer.json(&json!({
            "scan_id": args.scan_id,
            "state": s.state,
            "progress": s.progress_data.progress,
            "current_analysis": s.progress_data.current_analysis,
            "sast": to_counts(&s.sast_severities),
            "sca": to_counts(&s.sca_severities),
            "riskscore": s.riskscore,
            "started_at": s.started_at,
            "ended_at": s.ended_at,
            "project": s.tags.project_name,
            "branch": s.tags.branch,
        }));
    } else {
        let c = to_counts(&s.sast_severities);
        ctx.printer.data(&key_values(&[
            ("Scan", args.scan_id.clone()),
            ("State", s.state.clone()),
            ("Progress", format!("{}%", s.progress_data.progress)),
            (
                "Project",
                s.tags.project_name.clone().unwrap_or_else(|| "-".into()),
            ),
            (
                "Findings",
                format!(
                    "critical {}, high {}, medium {}, low {}",
                    c.critical, c.high, c.medium, c.low
                ),
            ),
        ]));
    }
    Ok(ExitStatus::Success)
}

async fn results(ctx: &Context, args: ResultsArgs) -> anyhow::Result<ExitStatus> {
    let conn = adhoc_connection(ctx, args.instance.as_deref())?;
    let client = settings::client(&conn)?;
    let status = client
        .scan_status(&args.scan_id)
        .await
        .map_err(|e| unknown_scan(e, &args.scan_id))?;
    let project = match args
        .project
        .clone()
        .or_else(|| status.tags.project_name.clone())
    {
        Some(p) => p,
        None => {
            return Err(Failure::usage("cannot tell the scan's project")
                .hint("pass -p CT_PROJECT")
                .into());
        }
    };
    let state = status.scan_state();
    if state != ScanState::Ended {
        return Err(Failure::new(
            if state.is_terminal() {
                ExitStatus::ScanFailed
            } else {
                ExitStatus::Timeout
            },
            format!(
                "scan {} is in state `{}`, not finished",
                args.scan_id, status.state
            ),
        )
        .hint(format!(
            "check again later with `kdt scan status {}`",
            args.scan_id
        ))
        .into());
    }
    let thresholds = thresholds_from(&args.gate)?;
    let branch = status.tags.branch.clone();
    let report = collect_results(
        ctx,
        &client,
        &conn,
        &args.scan_id,
        &project,
        branch.as_deref(),
        Some(&status),
        &thresholds,
        !args.report.is_empty(),
    )
    .await?;
    finish(ctx, &report, &args.report)
}

async fn stop(ctx: &Context, args: ScanIdArg) -> anyhow::Result<ExitStatus> {
    let conn = adhoc_connection(ctx, args.instance.as_deref())?;
    let client = settings::client(&conn)?;
    client
        .stop_scan(&args.scan_id)
        .await
        .map_err(|e| unknown_scan(e, &args.scan_id))?;
    if ctx.printer.is_json() {
        ctx.printer
            .json(&json!({ "scan_id": args.scan_id, "stopped": true }));
    } else {
        ctx.printer
            .status(&format!("asked CodeThreat to stop scan {}", args.scan_id));
    }
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_matches_find_typos_and_substrings() {
        let names = vec!["webapp".to_string(), "payments-api".into(), "other".into()];
        assert_eq!(close_matches("webap", &names), vec!["webapp".to_string()]);
        assert_eq!(
            close_matches("payments", &names),
            vec!["payments-api".to_string()]
        );
        assert!(close_matches("zzzzzzzzzz", &names).is_empty());
    }

    #[test]
    fn schedule_parsing() {
        assert!(matches!(parse_schedule("now", false), Ok(Schedule::Now)));
        assert!(parse_schedule("none", false).is_err());
        assert!(matches!(parse_schedule("none", true), Ok(Schedule::Clear)));
        assert!(parse_schedule("2020-01-01T00:00:00Z", false).is_err());
        assert!(matches!(
            parse_schedule("2999-01-01T10:00:00+01:00", false),
            Ok(Schedule::At(_))
        ));
        assert!(parse_schedule("2999-01-01 10:00", false).is_err());
        assert!(parse_schedule("tomorrow", false).is_err());
    }

    #[test]
    fn human_bytes_units() {
        assert_eq!(human_bytes(10), "10 B");
        assert_eq!(human_bytes(2048), "2.0 KiB");
    }
}
