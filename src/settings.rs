//! Settings resolve once, in layers (flag > environment > profile > default), into plain
//! structs. Commands never read the environment or files on their own.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use url::Url;

use crate::cli::GlobalArgs;
use crate::codethreat::{Client, ClientConfig};
use crate::env;
use crate::exit::{ExitStatus, Failure};
use crate::output::Printer;
use crate::profile::{Instance, Profile, ProfileStore};
use crate::secret::Secret;

/// The default CodeThreat cloud URL, used when nothing else names one.
pub const DEFAULT_URL: &str = "https://cloud.codethreat.com";
/// Instance name used when the user names none.
pub const DEFAULT_INSTANCE: &str = "default";
/// Tokens older than this draw a rotation reminder.
pub const TOKEN_ROTATION_DAYS: i64 = 90;

/// What every command gets: where the profile is, and how to print.
pub struct Context {
    pub printer: Printer,
    pub store: ProfileStore,
    pub global: GlobalArgs,
    /// The CI environment overrides, read once (the demo clears them).
    pub env: EnvOverrides,
}

impl Context {
    pub fn new(global: GlobalArgs, printer: Printer) -> anyhow::Result<Context> {
        // clap already merged `--config` with KDT_CONFIG; the default comes from `dirs`.
        let path = match &global.config {
            Some(p) => p.clone(),
            None => ProfileStore::default_path().ok_or_else(|| {
                Failure::usage("cannot find a configuration directory for the profile")
                    .hint("pass --config PATH or set KDT_CONFIG")
            })?,
        };
        let store = ProfileStore::new(path, global.profile.clone());
        Ok(Context {
            printer,
            store,
            global,
            env: EnvOverrides::from_env(),
        })
    }

    /// Loads the profile read-only and prints its warnings (e.g. a file readable by others).
    pub fn load_profile(&self) -> anyhow::Result<Profile> {
        let loaded = self.store.load()?;
        for w in &loaded.warnings {
            self.printer.warn(w);
        }
        register_profile_secrets(&self.printer, &loaded.profile);
        Ok(loaded.profile)
    }

    /// Read-modify-write under the profile lock; prints the store's warnings.
    pub fn update_profile<T>(
        &self,
        edit: impl FnOnce(&mut Profile) -> anyhow::Result<T>,
    ) -> anyhow::Result<T> {
        // The edit's own error (a Failure with its exit status) comes back as it was.
        let (value, warnings) = self.store.update(edit).map_err(|e| match e {
            crate::profile::ProfileError::Edit(inner) => inner,
            other => other.into(),
        })?;
        for w in &warnings {
            self.printer.warn(w);
        }
        Ok(value)
    }
}

fn register_profile_secrets(printer: &Printer, profile: &Profile) {
    for inst in profile.integrations.codethreat.instances.values() {
        if let Some(t) = &inst.token {
            printer.add_secret(t.expose());
        }
    }
    for scan in profile.scans.values() {
        if let Some(w) = &scan.webhook {
            printer.add_secret(w.secret.expose());
        }
    }
}

/// Where a resolved value came from (shown by `integration show`, useful in CI logs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Env,
    Profile,
    Default,
}

/// A CodeThreat instance to talk to, after layering.
#[derive(Debug, Clone)]
pub struct Connection {
    pub instance: String,
    pub url: Url,
    pub url_source: Source,
    pub organization: String,
    pub token: Secret,
    pub token_source: Source,
    pub insecure: bool,
    /// Whether the instance exists in the profile (false: configured purely from the environment).
    pub saved: bool,
}

/// Environment overrides for CI, read once.
#[derive(Debug, Clone, Default)]
pub struct EnvOverrides {
    pub token: Option<Secret>,
    pub url: Option<String>,
    pub organization: Option<String>,
    pub insecure: Option<bool>,
}

impl EnvOverrides {
    pub fn from_env() -> EnvOverrides {
        EnvOverrides {
            token: env::first_of(&[env::CODETHREAT_TOKEN, env::CODETHREAT_SECRET]).map(Secret::new),
            url: env::first_of(&[env::CODETHREAT_URL, env::CODETHREAT_APP_URL]),
            organization: env::var(env::CODETHREAT_ORG),
            insecure: env::flag(env::CODETHREAT_INSECURE),
        }
    }

    fn any(&self) -> bool {
        self.token.is_some() || self.url.is_some() || self.organization.is_some()
    }
}

/// Picks the instance a command means: the named one, else the only one, else `default`.
/// With `allow_env_only`, an unsaved instance built from the environment is acceptable
/// (CI machines have no profile).
pub fn pick_instance_name(profile: &Profile, requested: Option<&str>) -> anyhow::Result<String> {
    let instances = &profile.integrations.codethreat.instances;
    if let Some(name) = requested {
        return Ok(name.to_string());
    }
    if instances.len() == 1 {
        return Ok(instances.keys().next().cloned().unwrap_or_default());
    }
    if instances.is_empty() || instances.contains_key(DEFAULT_INSTANCE) {
        return Ok(DEFAULT_INSTANCE.to_string());
    }
    Err(Failure::usage(format!(
        "several CodeThreat instances are configured ({}) and none is named `default`",
        instances.keys().cloned().collect::<Vec<_>>().join(", ")
    ))
    .hint("pick one with --instance NAME")
    .into())
}

/// Layers environment over the profile's instance over defaults.
pub fn resolve_connection(
    profile: &Profile,
    requested: Option<&str>,
    env: &EnvOverrides,
) -> anyhow::Result<Connection> {
    let name = pick_instance_name(profile, requested)?;
    let saved: Option<&Instance> = profile.integrations.codethreat.instances.get(&name);
    if saved.is_none() && (requested.is_some() || !env.any()) {
        let configured: Vec<_> = profile
            .integrations
            .codethreat
            .instances
            .keys()
            .cloned()
            .collect();
        let mut f = Failure::usage(format!("no CodeThreat instance `{name}` is configured"));
        if !configured.is_empty() {
            f = f.hint(format!("configured instances: {}", configured.join(", ")));
        }
        return Err(f
            .hint("configure it with `kdt integration config codethreat --url URL --org NAME`, or set CODETHREAT_URL, CODETHREAT_ORG and CODETHREAT_TOKEN")
            .into());
    }

    let (url_text, url_source) = match (&env.url, saved) {
        (Some(u), _) => (u.clone(), Source::Env),
        (None, Some(i)) if !i.url.is_empty() => (i.url.clone(), Source::Profile),
        _ => (DEFAULT_URL.to_string(), Source::Default),
    };
    let url = parse_url(&url_text)?;

    let organization = match (&env.organization, saved) {
        (Some(o), _) => o.clone(),
        (None, Some(i)) if !i.organization.is_empty() => i.organization.clone(),
        _ => {
            return Err(Failure::usage(format!(
                "no organization is configured for instance `{name}`"
            ))
            .hint("set it with `kdt integration config codethreat --org NAME` or CODETHREAT_ORG")
            .into());
        }
    };

    let (token, token_source) = match (&env.token, saved.and_then(|i| i.token.clone())) {
        (Some(t), _) => (t.clone(), Source::Env),
        (None, Some(t)) if !t.is_empty() => (t, Source::Profile),
        _ => {
            return Err(Failure::usage(format!(
                "no token is configured for instance `{name}`"
            ))
            .hint("run `kdt integration config codethreat --token-stdin` (or answer the prompt), or set CODETHREAT_TOKEN")
            .into());
        }
    };

    let insecure = env
        .insecure
        .unwrap_or_else(|| saved.is_some_and(|i| i.insecure));

    Ok(Connection {
        instance: name,
        url,
        url_source,
        organization,
        token,
        token_source,
        insecure,
        saved: saved.is_some(),
    })
}

/// A URL the client can use: http or https, with a host.
pub fn parse_url(text: &str) -> anyhow::Result<Url> {
    let bad = || {
        Failure::usage(format!("`{text}` is not a valid CodeThreat URL"))
            .hint("use the full address, e.g. https://cloud.codethreat.com or https://codethreat.example.com")
    };
    let url = Url::parse(text.trim()).map_err(|_| bad())?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(bad().into());
    }
    Ok(url)
}

/// Warnings every run that uses a connection must show (plain http, insecure TLS).
pub fn connection_warnings(conn: &Connection) -> Vec<String> {
    let mut w = Vec::new();
    if conn.url.scheme() == "http" {
        w.push(format!(
            "{} uses plain http: the token travels unencrypted; use https",
            conn.url
        ));
    }
    if conn.insecure {
        w.push(format!(
            "TLS certificate verification is OFF for instance `{}` (insecure): anyone on the network path can read the token",
            conn.instance
        ));
    }
    w
}

/// The rotation reminder for a token set more than 90 days ago.
pub fn token_age_warning(inst: &Instance, now: jiff::Timestamp) -> Option<String> {
    let set = inst.token_set_at?;
    let days = (now.as_second() - set.as_second()) / 86_400;
    (days > TOKEN_ROTATION_DAYS).then(|| {
        format!("the token is {days} days old; rotate it (generate a new one in CodeThreat, then `kdt integration config codethreat --token-stdin`)")
    })
}

/// The client configuration for a connection, with test-friendly knobs from the environment.
pub fn client_config(conn: &Connection) -> anyhow::Result<ClientConfig> {
    let mut cfg = ClientConfig::new(
        conn.url.clone(),
        conn.organization.clone(),
        conn.token.clone(),
    );
    cfg.insecure = conn.insecure;
    cfg.extra_ca_pem = env::var(env::SSL_CERT_FILE).map(PathBuf::from);
    if let Some(ms) = env::var(env::KDT_RETRY_BASE_MS) {
        let ms: u64 = ms.parse().with_context(|| {
            format!(
                "{} must be a number of milliseconds",
                env::KDT_RETRY_BASE_MS
            )
        })?;
        cfg.retry = cfg.retry.with_base_delay(Duration::from_millis(ms));
    }
    Ok(cfg)
}

/// A CodeThreat client for a connection.
pub fn client(conn: &Connection) -> anyhow::Result<Client> {
    Ok(Client::new(client_config(conn)?)?)
}

/// Milliseconds from an env knob, or a default.
pub fn env_millis(name: &str, default: Duration) -> Duration {
    env::var(name)
        .and_then(|v| v.parse::<u64>().ok())
        .map(Duration::from_millis)
        .unwrap_or(default)
}

/// The usage failure for a team lead who lacks a permission an admin must grant.
pub fn team_lead_refusal(what: &str, setting: &str) -> Failure {
    Failure::new(
        ExitStatus::Auth,
        format!("team leads may not {what} on this integration"),
    )
    .hint(format!(
        "an admin must turn on `{setting}`: `kdt integration settings codethreat --{setting} on`"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Instance;

    fn profile_with(name: &str, inst: Instance) -> Profile {
        let mut p = Profile::default();
        p.integrations
            .codethreat
            .instances
            .insert(name.to_string(), inst);
        p
    }

    fn inst() -> Instance {
        Instance {
            url: "https://ct.example.com".into(),
            organization: "acme".into(),
            token: Some(Secret::new("profile-token-1234")),
            ..Instance::default()
        }
    }

    #[test]
    fn env_overrides_profile_which_overrides_default() {
        let p = profile_with("default", inst());
        let c = resolve_connection(&p, None, &EnvOverrides::default()).unwrap();
        assert_eq!(c.url.as_str(), "https://ct.example.com/");
        assert_eq!(c.token_source, Source::Profile);

        let env = EnvOverrides {
            token: Some(Secret::new("env-token-5678")),
            url: Some("http://127.0.0.1:9/".into()),
            organization: Some("other".into()),
            insecure: Some(true),
        };
        let c = resolve_connection(&p, None, &env).unwrap();
        assert_eq!(c.url.as_str(), "http://127.0.0.1:9/");
        assert_eq!(c.organization, "other");
        assert_eq!(c.token.expose(), "env-token-5678");
        assert!(c.insecure);
        assert_eq!(c.url_source, Source::Env);
    }

    #[test]
    fn env_alone_is_enough_for_ci() {
        let env = EnvOverrides {
            token: Some(Secret::new("env-token-5678")),
            url: None,
            organization: Some("acme".into()),
            insecure: None,
        };
        let c = resolve_connection(&Profile::default(), None, &env).unwrap();
        assert_eq!(c.url.as_str(), "https://cloud.codethreat.com/");
        assert_eq!(c.url_source, Source::Default);
        assert!(!c.saved);
    }

    #[test]
    fn missing_instance_is_a_usage_error_with_hint() {
        let err =
            resolve_connection(&Profile::default(), None, &EnvOverrides::default()).unwrap_err();
        let c = crate::exit::classify(&err);
        assert_eq!(c.status, ExitStatus::Usage);
        assert!(c.hints.iter().any(|h| h.contains("integration config")));
    }

    #[test]
    fn bad_url_is_rejected() {
        assert!(parse_url("cloud.codethreat.com").is_err());
        assert!(parse_url("ftp://x").is_err());
        assert!(parse_url("https://cloud.codethreat.com").is_ok());
    }

    #[test]
    fn token_age_reminder_after_90_days() {
        let now: jiff::Timestamp = "2026-12-03T00:00:00Z".parse().unwrap();
        let mut i = inst();
        i.token_set_at = Some("2026-08-01T00:00:00Z".parse().unwrap());
        assert!(token_age_warning(&i, now).is_some());
        i.token_set_at = Some("2026-11-01T00:00:00Z".parse().unwrap());
        assert!(token_age_warning(&i, now).is_none());
    }
}
