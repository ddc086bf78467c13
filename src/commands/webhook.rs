//! `kdt webhook serve` and `kdt webhook rotate-secret`: wires the receiver (`crate::webhook`)
//! to the profile's scan configurations and to CodeThreat's scan start.

use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use anyhow::Context as _;
use serde_json::json;

use crate::cli::{IdArg, ServeArgs, WebhookCmd};
use crate::codethreat::Client;
use crate::commands::scan::{RunOverrides, ScanPlan, check_may_scan, start_scan};
use crate::exit::{ExitStatus, Failure};
use crate::output::Printer;
use crate::profile::{Profile, ProfileStore};
use crate::settings::{self, Context};
use crate::webhook::{
    self, ConfigSource, HookConfig, Platform, ServerOptions, Trigger, TriggerRequest,
};

pub async fn run(ctx: &Context, cmd: WebhookCmd) -> anyhow::Result<ExitStatus> {
    match cmd {
        WebhookCmd::Serve(a) => serve(ctx, a).await,
        WebhookCmd::RotateSecret(a) => rotate(ctx, a),
    }
}

fn rotate(ctx: &Context, args: IdArg) -> anyhow::Result<ExitStatus> {
    let secret = webhook::generate_secret();
    ctx.printer.add_secret(secret.expose());
    let platform = ctx.update_profile(|p| {
        check_may_scan(p)?;
        let Some(c) = p.scans.get_mut(&args.id) else {
            return Err(Failure::usage(format!("no scan configuration `{}`", args.id))
                .hint("see `kdt scan list` for the ids")
                .into());
        };
        let Some(w) = c.webhook.as_mut() else {
            return Err(Failure::usage(format!("scan configuration `{}` has no webhook", args.id))
                .hint("create one with `kdt scan create ... --webhook --platform github|gitlab|bitbucket`")
                .into());
        };
        w.secret = secret.clone();
        w.created_at = Some(jiff::Timestamp::now());
        Ok(w.platform.clone())
    })?;
    let path = format!("/hooks/{}", args.id);
    if ctx.printer.is_json() {
        ctx.printer.json(&json!({
            "id": args.id,
            "platform": platform,
            "path": path,
            "secret": secret.expose(),
        }));
    } else {
        ctx.printer.data(&format!(
            "new {platform} webhook secret for {} (shown once; update it on {platform}):\n{}",
            args.id,
            secret.expose()
        ));
    }
    Ok(ExitStatus::Success)
}

/// The configurations with a webhook, re-read whenever the profile file changes (so a
/// `rotate-secret` or a new configuration takes effect without a restart).
struct ProfileHooks {
    store: ProfileStore,
    cache: Mutex<(Option<FileStamp>, HashMap<String, HookConfig>)>,
}

/// What tells a new profile file from the one cached. The mtime alone misses a rewrite within
/// the same clock tick (and `rotate-secret` keeps the length); every kdt write is a rename of
/// a new file, so the inode changes too.
type FileStamp = (Option<SystemTime>, u64, u64);

fn file_stamp(m: &std::fs::Metadata) -> FileStamp {
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(m);
    #[cfg(not(unix))]
    let ino = 0;
    (m.modified().ok(), ino, m.len())
}

impl ProfileHooks {
    fn hooks_of(profile: &Profile) -> HashMap<String, HookConfig> {
        profile
            .scans
            .iter()
            .filter_map(|(id, c)| {
                let w = c.webhook.as_ref()?;
                let platform: Platform = w.platform.parse().ok()?;
                Some((
                    id.clone(),
                    HookConfig {
                        id: id.clone(),
                        platform,
                        secret: w.secret.clone(),
                        branch: c.branch.clone(),
                    },
                ))
            })
            .collect()
    }
}

impl ConfigSource for ProfileHooks {
    fn get(&self, id: &str) -> Option<HookConfig> {
        let mtime = std::fs::metadata(self.store.path())
            .ok()
            .map(|m| file_stamp(&m));
        let mut cache = self.cache.lock().unwrap();
        if cache.0 != mtime || mtime.is_none() {
            match self.store.load() {
                Ok(l) => *cache = (mtime, Self::hooks_of(&l.profile)),
                // A profile being edited by hand may not parse for a moment: keep the last good one.
                Err(e) => tracing::warn!("profile unreadable, keeping the previous webhooks: {e}"),
            }
        }
        cache.1.get(id).cloned()
    }
}

/// Starts the configuration's scan (start only, like `--async`).
struct ScanTrigger {
    store: ProfileStore,
    global: crate::cli::GlobalArgs,
    printer: Printer,
    path: PathBuf,
    /// One HTTP client per connection, reused across deliveries: building a client (TLS
    /// roots, connection pool) for every trigger cost more than the scan start itself.
    clients: Mutex<Vec<(ClientKey, Client)>>,
}

/// What a client is built from; a change (e.g. a new token in the profile) builds a new one.
#[derive(PartialEq)]
struct ClientKey {
    url: String,
    organization: String,
    token: crate::secret::Secret,
    insecure: bool,
}

impl ScanTrigger {
    async fn start(&self, req: TriggerRequest) -> anyhow::Result<String> {
        // The delivery's own log line says what happened; per-step status lines would triple it.
        let ctx = Context::new(self.global.clone(), self.printer.background())?;
        let profile = self.store.load()?.profile;
        let overrides = RunOverrides {
            branch: Some(req.branch.clone()),
            path: Some(self.path.clone()),
            wait: Some(false),
            ..RunOverrides::default()
        };
        let plan = ScanPlan::for_config(&ctx, &profile, &req.config_id, overrides)?;
        let client = self.client(&plan)?;
        start_scan(&ctx.printer, &client, &plan).await
    }

    fn client(&self, plan: &ScanPlan) -> anyhow::Result<Client> {
        let key = ClientKey {
            url: plan.conn.url.to_string(),
            organization: plan.conn.organization.clone(),
            token: plan.conn.token.clone(),
            insecure: plan.conn.insecure,
        };
        let mut clients = self.clients.lock().unwrap();
        if let Some((_, c)) = clients.iter().find(|(k, _)| *k == key) {
            return Ok(c.clone());
        }
        let client = settings::client(&plan.conn)?;
        // Few instances exist; forget old credentials rather than grow.
        if clients.len() >= 16 {
            clients.remove(0);
        }
        clients.push((key, client.clone()));
        Ok(client)
    }
}

impl Trigger for ScanTrigger {
    fn trigger(
        &self,
        req: TriggerRequest,
    ) -> Pin<Box<dyn Future<Output = anyhow::Result<String>> + Send + '_>> {
        Box::pin(self.start(req))
    }
}

async fn serve(ctx: &Context, args: ServeArgs) -> anyhow::Result<ExitStatus> {
    let profile = ctx.load_profile()?;
    let hooks = ProfileHooks::hooks_of(&profile);
    if hooks.is_empty() {
        ctx.printer.warn(
            "no scan configuration has a webhook yet; create one with `kdt scan create ... --webhook --platform github`",
        );
    }
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .map_err(|e| {
            Failure::usage(format!("cannot listen on {}: {e}", args.listen))
                .hint("pick another address with --listen HOST:PORT")
        })?;
    let addr = listener.local_addr().context("listener address")?;
    let store = ProfileStore::new(ctx.store.path().to_path_buf(), ctx.store.profile_name());
    let configs = Arc::new(ProfileHooks {
        store: ProfileStore::new(ctx.store.path().to_path_buf(), ctx.store.profile_name()),
        cache: Mutex::new((None, HashMap::new())),
    });
    let trigger = Arc::new(ScanTrigger {
        store,
        global: ctx.global.clone(),
        printer: ctx.printer.clone(),
        path: args.path.clone(),
        clients: Mutex::new(Vec::new()),
    });
    if ctx.printer.is_json() {
        ctx.printer.json(&json!({
            "listening": format!("http://{addr}"),
            "hooks": hooks.keys().map(|id| format!("/hooks/{id}")).collect::<Vec<_>>(),
        }));
    } else {
        ctx.printer.status(&format!(
            "kdt webhook receiver on http://{addr} ({} configuration(s) with a webhook); Ctrl-C stops",
            hooks.len()
        ));
        for (id, h) in &hooks {
            ctx.printer.status(&format!(
                "  POST http://{addr}/hooks/{id}  ({})",
                h.platform
            ));
        }
    }
    let opts = ServerOptions {
        queue_capacity: args.queue,
        workers: args.workers.max(1),
        ..ServerOptions::default()
    };
    let stats = webhook::serve(
        listener,
        configs,
        trigger,
        opts,
        crate::signals::terminated(),
    )
    .await?;
    ctx.printer
        .status(&format!("webhook receiver stopped: {stats:?}"));
    Ok(ExitStatus::Success)
}
