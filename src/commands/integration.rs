//! `kdt integration ...`: the SAST tab's scanner catalog, activation, instance configuration,
//! Test Connection, Advanced Settings. Each function is one operation on the profile and, for
//! `config`/`test`, one call to CodeThreat.

use std::io::{IsTerminal, Read};
use std::time::Instant;

use anyhow::Context as _;
use serde::Serialize;
use serde_json::json;

use crate::cli::{ConfigArgs, InstanceArgs, IntegrationCmd, RemoveArgs, SettingsArgs, Tool};
use crate::codethreat::error::ApiError;
use crate::exit::{ExitStatus, Failure};
use crate::output::{key_values, table};
use crate::profile::{Instance, Profile, Role};
use crate::secret::Secret;
use crate::settings::{self, Context, Source};

pub async fn run(ctx: &Context, cmd: IntegrationCmd) -> anyhow::Result<ExitStatus> {
    match cmd {
        IntegrationCmd::List => list(ctx),
        IntegrationCmd::Activate(a) => set_activation(ctx, a.tool, true),
        IntegrationCmd::Deactivate(a) => set_activation(ctx, a.tool, false),
        IntegrationCmd::Config(a) => config(ctx, a).await,
        IntegrationCmd::Show(a) => show(ctx, a),
        IntegrationCmd::Test(a) => test(ctx, a).await,
        IntegrationCmd::Settings(a) => advanced_settings(ctx, a),
        IntegrationCmd::Remove(a) => remove(ctx, a),
    }
}

fn state_label(activated: bool) -> &'static str {
    if activated {
        "activated"
    } else {
        "not activated"
    }
}

fn list(ctx: &Context) -> anyhow::Result<ExitStatus> {
    let profile = ctx.load_profile()?;
    let ct = &profile.integrations.codethreat;
    let instances: Vec<&String> = ct.instances.keys().collect();
    if ctx.printer.is_json() {
        ctx.printer.json(&json!({
            "integrations": [{
                "id": "codethreat",
                "name": "CodeThreat",
                "type": "SAST",
                "scan_method": "KDT",
                "state": state_label(ct.activated),
                "instances": instances,
            }]
        }));
    } else {
        let names = if instances.is_empty() {
            "-".to_string()
        } else {
            instances
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        ctx.printer.data(&table(
            &["NAME", "TYPE", "SCAN METHOD", "STATE", "INSTANCES"],
            &[vec![
                "CodeThreat".into(),
                "SAST".into(),
                "KDT".into(),
                state_label(ct.activated).into(),
                names,
            ]],
        ));
    }
    Ok(ExitStatus::Success)
}

fn set_activation(ctx: &Context, tool: Tool, on: bool) -> anyhow::Result<ExitStatus> {
    let changed = ctx.update_profile(|p| {
        let ct = &mut p.integrations.codethreat;
        let changed = ct.activated != on;
        ct.activated = on;
        Ok(changed)
    })?;
    if ctx.printer.is_json() {
        ctx.printer.json(&json!({
            "integration": tool.as_str(),
            "state": state_label(on),
            "changed": changed,
        }));
    } else {
        let verb = if on { "activated" } else { "deactivated" };
        let note = if changed { "" } else { " (already)" };
        ctx.printer
            .status(&format!("CodeThreat integration {verb}{note}"));
        if !on {
            ctx.printer.status(
                "its configuration is kept; `kdt integration activate codethreat` turns it back on",
            );
        }
    }
    Ok(ExitStatus::Success)
}

/// Refuses to work on an integration that is switched off.
pub fn require_activated(profile: &Profile) -> Result<(), Failure> {
    if profile.integrations.codethreat.activated {
        Ok(())
    } else {
        Err(
            Failure::usage("the CodeThreat integration is not activated")
                .hint("activate it first: `kdt integration activate codethreat`"),
        )
    }
}

/// Where the token for `config` comes from: stdin, the existing one, or a prompt.
fn read_new_token(args: &ConfigArgs, existing: bool) -> anyhow::Result<Option<Secret>> {
    if args.token_stdin {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the token from standard input")?;
        let token = text.trim();
        if token.is_empty() {
            return Err(Failure::usage("--token-stdin was given but standard input was empty")
                .hint("pipe the token in: `printf %s \"$TOKEN\" | kdt integration config codethreat --token-stdin`")
                .into());
        }
        if token.chars().any(char::is_whitespace) {
            return Err(
                Failure::usage("the token on standard input contains whitespace")
                    .hint("pass exactly one token, as CodeThreat shows it")
                    .into(),
            );
        }
        return Ok(Some(Secret::new(token)));
    }
    if existing {
        return Ok(None);
    }
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        let token = rpassword::prompt_password("CodeThreat token (input hidden): ")
            .context("reading the token from the terminal")?;
        let token = token.trim();
        if token.is_empty() {
            return Err(Failure::usage("no token was entered").into());
        }
        return Ok(Some(Secret::new(token)));
    }
    Err(Failure::usage("a token is needed and there is no terminal to ask for it")
        .hint("pipe it in with --token-stdin, e.g. `printf %s \"$CODETHREAT_TOKEN\" | kdt integration config codethreat --token-stdin`")
        .into())
}

async fn config(ctx: &Context, args: ConfigArgs) -> anyhow::Result<ExitStatus> {
    let profile = ctx.load_profile()?;
    require_activated(&profile)?;
    let name = settings::pick_instance_name(&profile, args.instance.as_deref())?;
    let existing = profile.integrations.codethreat.instances.get(&name);
    check_may_create(&profile, existing.is_some())?;

    let url = match &args.url {
        Some(u) => Some(settings::parse_url(u)?.to_string()),
        None => None,
    };
    if let Some(org) = &args.org
        && org.trim().is_empty()
    {
        return Err(Failure::usage("--org is empty")
            .hint("give the organization name exactly as it appears in your CodeThreat account")
            .into());
    }
    if existing.is_none() && args.org.is_none() {
        return Err(Failure::usage(format!(
            "instance `{name}` is new and needs an organization"
        ))
        .hint("pass --org NAME (exactly as in your CodeThreat account)")
        .into());
    }
    let has_token = existing.is_some_and(|i| i.token.as_ref().is_some_and(|t| !t.is_empty()));
    let new_token = read_new_token(&args, has_token)?;
    if let Some(t) = &new_token {
        ctx.printer.add_secret(t.expose());
    }

    let now = jiff::Timestamp::now();
    let insecure = if args.insecure {
        Some(true)
    } else if args.no_insecure {
        Some(false)
    } else {
        None
    };
    let saved = ctx.update_profile(|p| {
        // Re-checked under the lock: another process may have changed things meanwhile.
        require_activated(p)?;
        let is_new = !p.integrations.codethreat.instances.contains_key(&name);
        check_may_create(p, !is_new)?;
        let inst = p
            .integrations
            .codethreat
            .instances
            .entry(name.clone())
            .or_insert_with(|| Instance {
                url: settings::DEFAULT_URL.to_string(),
                ..Instance::default()
            });
        if let Some(u) = &url {
            inst.url = u.clone();
        }
        if let Some(o) = &args.org {
            inst.organization = o.trim().to_string();
        }
        if let Some(i) = insecure {
            inst.insecure = i;
        }
        if let Some(t) = &new_token
            && inst.token.as_ref() != Some(t)
        {
            inst.token = Some(t.clone());
            inst.token_set_at = Some(now);
            // A different token has not been tested yet.
            inst.last_test_ok_at = None;
        }
        Ok(inst.clone())
    })?;

    let saved_url = settings::parse_url(&saved.url)?;
    if saved_url.scheme() == "http" {
        ctx.printer.warn(&format!(
            "{saved_url} uses plain http: the token travels unencrypted; use https"
        ));
    }
    if saved.insecure {
        ctx.printer.warn(&format!(
            "TLS certificate verification is OFF for instance `{name}` (insecure)"
        ));
    }
    ctx.printer.status(&format!(
        "saved CodeThreat instance `{name}` ({}, organization {}) to {}",
        saved.url,
        saved.organization,
        ctx.store.path().display()
    ));

    if args.no_test {
        if ctx.printer.is_json() {
            ctx.printer.json(&json!({
                "integration": "codethreat",
                "instance": name,
                "saved": true,
                "url": saved.url,
                "organization": saved.organization,
                "insecure": saved.insecure,
                "test": null,
            }));
        }
        return Ok(ExitStatus::Success);
    }
    // The saved instance itself is tested: environment overrides are for CI runs, not for
    // checking what was just configured.
    let outcome = run_test(ctx, &name, &profile_only_connection(&name, &saved)?).await;
    report_test(ctx, &name, &outcome, true)
}

/// Team leads need "Allow team leads to create instances" to add one.
fn check_may_create(profile: &Profile, exists: bool) -> Result<(), Failure> {
    let ct = &profile.integrations.codethreat;
    if !exists && profile.role == Role::TeamLead && !ct.allow_team_leads_create_instances {
        return Err(settings::team_lead_refusal(
            "create new instances",
            "allow-team-leads-create-instances",
        ));
    }
    Ok(())
}

fn profile_only_connection(name: &str, inst: &Instance) -> anyhow::Result<settings::Connection> {
    Ok(settings::Connection {
        instance: name.to_string(),
        url: settings::parse_url(&inst.url)?,
        url_source: Source::Profile,
        organization: inst.organization.clone(),
        token: inst.token.clone().unwrap_or_default(),
        token_source: Source::Profile,
        insecure: inst.insecure,
        saved: true,
    })
}

/// The result of Test Connection.
#[derive(Debug, Serialize)]
struct TestOutcome {
    ok: bool,
    url: String,
    organization: String,
    insecure: bool,
    latency_ms: u128,
    tested_at: jiff::Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<Problem>,
}

/// One of the integration guide's troubleshooting cases.
#[derive(Debug, Serialize)]
struct Problem {
    kind: &'static str,
    message: String,
    hint: String,
    #[serde(skip)]
    status: ExitStatus,
}

fn diagnose(err: &ApiError) -> Problem {
    use ApiError::*;
    let url_hint =
        "verify the URL, e.g. https://cloud.codethreat.com/ for cloud or your self-hosted URL";
    let (kind, status, hint) = match err {
        Unauthorized { .. } => (
            "invalid-token",
            ExitStatus::Auth,
            "the token is invalid or expired: verify the token; generate a new one in CodeThreat (Organization Settings > Access Token), then `kdt integration config codethreat --token-stdin`",
        ),
        Forbidden { .. } => (
            "wrong-organization",
            ExitStatus::Auth,
            "the organization name must match exactly as it appears in your CodeThreat account: `kdt integration config codethreat --org NAME`",
        ),
        NotFound { message } if message.to_ascii_lowercase().contains("organi") => (
            "wrong-organization",
            ExitStatus::Auth,
            "the organization name must match exactly as it appears in your CodeThreat account: `kdt integration config codethreat --org NAME`",
        ),
        Tls(_) => (
            "certificate",
            ExitStatus::Connection,
            "the server's TLS certificate was not accepted (self-signed, unknown CA, expired or wrong host). If your self-hosted instance uses a self-signed certificate, enable Insecure for this instance: `kdt integration config codethreat --insecure` (or trust its CA with SSL_CERT_FILE)",
        ),
        NotFound { .. } | NotCodeThreat { .. } | Connect { .. } | Timeout | Redirect { .. } => {
            ("incorrect-url", ExitStatus::Connection, url_hint)
        }
        RateLimited { .. } => (
            "rate-limited",
            ExitStatus::Connection,
            "CodeThreat is rate limiting this token; wait a minute and retest",
        ),
        _ => (
            "server-error",
            ExitStatus::Connection,
            "CodeThreat answered with an error; retest later, or check the server's status",
        ),
    };
    Problem {
        kind,
        message: err.to_string(),
        hint: hint.to_string(),
        status,
    }
}

async fn run_test(ctx: &Context, name: &str, conn: &settings::Connection) -> TestOutcome {
    for w in settings::connection_warnings(conn) {
        ctx.printer.warn(&w);
    }
    ctx.printer.add_secret(conn.token.expose());
    ctx.printer.status(&format!(
        "testing connection to {} (organization {}, instance {name})",
        conn.url, conn.organization
    ));
    let started = Instant::now();
    let result = match settings::client(conn) {
        Ok(client) => client.check_organization().await.map_err(Some),
        Err(e) => {
            ctx.printer.error(&e, &[]);
            Err(None)
        }
    };
    let problem = match result {
        Ok(()) => None,
        Err(Some(api)) => Some(diagnose(&api)),
        Err(None) => Some(Problem {
            kind: "client-setup",
            message: "could not set up the HTTP client".into(),
            hint: "check SSL_CERT_FILE and proxy settings".into(),
            status: ExitStatus::Usage,
        }),
    };
    TestOutcome {
        ok: problem.is_none(),
        url: conn.url.to_string(),
        organization: conn.organization.clone(),
        insecure: conn.insecure,
        latency_ms: started.elapsed().as_millis(),
        tested_at: jiff::Timestamp::now(),
        problem,
    }
}

/// Prints the outcome, records a success in the profile when the tested values are the saved
/// ones, and turns a failure into the troubleshooting case's exit status.
fn report_test(
    ctx: &Context,
    name: &str,
    outcome: &TestOutcome,
    record: bool,
) -> anyhow::Result<ExitStatus> {
    if outcome.ok && record {
        let tested_at = outcome.tested_at;
        ctx.update_profile(|p| {
            if let Some(i) = p.integrations.codethreat.instances.get_mut(name) {
                i.last_test_ok_at = Some(tested_at);
            }
            Ok(())
        })?;
    }
    if ctx.printer.is_json() {
        ctx.printer.json(&json!({
            "integration": "codethreat",
            "instance": name,
            "test": outcome,
        }));
    }
    match &outcome.problem {
        None => {
            if !ctx.printer.is_json() {
                ctx.printer.data(&format!(
                    "Connection OK: {} accepted the token for organization {} ({} ms)",
                    outcome.url, outcome.organization, outcome.latency_ms
                ));
            }
            Ok(ExitStatus::Success)
        }
        Some(p) => Err(Failure::new(
            p.status,
            format!("connection test failed ({}): {}", p.kind, p.message),
        )
        .hint(p.hint.clone())
        .into()),
    }
}

async fn test(ctx: &Context, args: InstanceArgs) -> anyhow::Result<ExitStatus> {
    let profile = ctx.load_profile()?;
    let env = ctx.env.clone();
    let conn = settings::resolve_connection(&profile, args.instance.as_deref(), &env)?;
    if let Some(inst) = profile
        .integrations
        .codethreat
        .instances
        .get(&conn.instance)
        && let Some(w) = settings::token_age_warning(inst, jiff::Timestamp::now())
    {
        ctx.printer.warn(&w);
    }
    let outcome = run_test(ctx, &conn.instance, &conn).await;
    // Only a test of exactly the saved values says something about the saved instance.
    let record = conn.saved
        && conn.url_source == Source::Profile
        && conn.token_source == Source::Profile
        && env.organization.is_none()
        && env.insecure.is_none();
    report_test(ctx, &conn.instance, &outcome, record)
}

fn show(ctx: &Context, args: InstanceArgs) -> anyhow::Result<ExitStatus> {
    let profile = ctx.load_profile()?;
    let ct = &profile.integrations.codethreat;
    let name = settings::pick_instance_name(&profile, args.instance.as_deref())?;
    let Some(inst) = ct.instances.get(&name) else {
        return Err(
            Failure::usage(format!("no CodeThreat instance `{name}` is configured"))
                .hint("configure it with `kdt integration config codethreat --url URL --org NAME`")
                .into(),
        );
    };
    let now = jiff::Timestamp::now();
    let mut warnings = Vec::new();
    if let Some(w) = settings::token_age_warning(inst, now) {
        warnings.push(w);
    }
    if inst.url.starts_with("http://") {
        warnings.push("plain http: the token travels unencrypted; use https".to_string());
    }
    if inst.insecure {
        warnings.push("TLS certificate verification is off for this instance".to_string());
    }
    let token_age_days = inst
        .token_set_at
        .map(|t| (now.as_second() - t.as_second()) / 86_400);
    let masked = inst.token.as_ref().map(Secret::masked);
    if ctx.printer.is_json() {
        ctx.printer.json(&json!({
            "integration": "codethreat",
            "state": state_label(ct.activated),
            "instance": name,
            "url": inst.url,
            "organization": inst.organization,
            "insecure": inst.insecure,
            "token": masked,
            "token_set_at": inst.token_set_at,
            "token_age_days": token_age_days,
            "last_test_ok_at": inst.last_test_ok_at,
            "allow_team_leads_scan": ct.allow_team_leads_scan,
            "allow_team_leads_create_instances": ct.allow_team_leads_create_instances,
            "warnings": warnings,
        }));
    } else {
        let fmt_ts = |t: Option<jiff::Timestamp>| t.map_or("never".to_string(), |t| t.to_string());
        ctx.printer.data(&key_values(&[
            (
                "Integration",
                format!("CodeThreat ({})", state_label(ct.activated)),
            ),
            ("Instance", name.clone()),
            ("URL", inst.url.clone()),
            ("Organization", inst.organization.clone()),
            ("Insecure", if inst.insecure { "on" } else { "off" }.into()),
            ("Token", masked.unwrap_or_else(|| "not set".into())),
            (
                "Token age",
                token_age_days.map_or("-".into(), |d| format!("{d} days")),
            ),
            ("Last test", fmt_ts(inst.last_test_ok_at)),
        ]));
        for w in &warnings {
            ctx.printer.warn(w);
        }
    }
    Ok(ExitStatus::Success)
}

fn advanced_settings(ctx: &Context, args: SettingsArgs) -> anyhow::Result<ExitStatus> {
    let changing =
        args.allow_team_leads_scan.is_some() || args.allow_team_leads_create_instances.is_some();
    let ct = if changing {
        ctx.update_profile(|p| {
            if p.role == Role::TeamLead {
                return Err(Failure::new(
                    ExitStatus::Auth,
                    "team leads may not change the integration's advanced settings",
                )
                .hint("ask an admin to change them")
                .into());
            }
            let ct = &mut p.integrations.codethreat;
            if let Some(v) = args.allow_team_leads_scan {
                ct.allow_team_leads_scan = v.as_bool();
            }
            if let Some(v) = args.allow_team_leads_create_instances {
                ct.allow_team_leads_create_instances = v.as_bool();
            }
            Ok(ct.clone())
        })?
    } else {
        ctx.load_profile()?.integrations.codethreat
    };
    let onoff = |b: bool| if b { "on" } else { "off" };
    if ctx.printer.is_json() {
        ctx.printer.json(&json!({
            "integration": args.tool.as_str(),
            "allow_team_leads_scan": ct.allow_team_leads_scan,
            "allow_team_leads_create_instances": ct.allow_team_leads_create_instances,
        }));
    } else {
        ctx.printer.data(&key_values(&[
            (
                "Allow team leads to scan",
                onoff(ct.allow_team_leads_scan).into(),
            ),
            (
                "Allow team leads to create instances",
                onoff(ct.allow_team_leads_create_instances).into(),
            ),
        ]));
    }
    Ok(ExitStatus::Success)
}

fn remove(ctx: &Context, args: RemoveArgs) -> anyhow::Result<ExitStatus> {
    let name = args.instance.clone();
    let used_by = ctx.update_profile(|p| {
        if p.role == Role::TeamLead && !p.integrations.codethreat.allow_team_leads_create_instances
        {
            return Err(settings::team_lead_refusal(
                "remove instances",
                "allow-team-leads-create-instances",
            )
            .into());
        }
        if p.integrations.codethreat.instances.remove(&name).is_none() {
            return Err(
                Failure::usage(format!("no CodeThreat instance `{name}` is configured"))
                    .hint("see `kdt integration show codethreat` and `kdt integration list`")
                    .into(),
            );
        }
        Ok(p.scans
            .iter()
            .filter(|(_, s)| s.instance == name)
            .map(|(id, _)| id.clone())
            .collect::<Vec<_>>())
    })?;
    if !used_by.is_empty() {
        ctx.printer.warn(&format!(
            "scan configurations still use instance `{name}`: {} (re-create them or configure the instance again)",
            used_by.join(", ")
        ));
    }
    if ctx.printer.is_json() {
        ctx.printer.json(&json!({
            "integration": args.tool.as_str(),
            "instance": name,
            "removed": true,
        }));
    } else {
        ctx.printer
            .status(&format!("removed CodeThreat instance `{name}`"));
    }
    Ok(ExitStatus::Success)
}
