//! HTTP side: the axum router for `POST /hooks/{config-id}` and `serve` with graceful shutdown.
//!
//! Order of checks for a delivery, chosen so nothing unauthenticated is parsed, recorded or
//! triggered: configuration lookup (404) → body size/time (413/408) → signature/token (401)
//! → event header and payload (400) → replay cache (200 duplicate) → branch/event decision
//! (200 ignored) → queue (202, or 503 when full).
//!
//! Exactly one `tracing::info!` line per delivery, written in one place (`respond`). Values a
//! sender controls are logged with `?` (escaped) so they cannot forge log lines; the secret and
//! the body are never logged.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use futures_util::StreamExt;
use serde_json::{Map, Value, json};

use super::event::{self, Classified};
use super::queue::{Counters, EnqueueError, Job, ServeStats, Shared, WorkerPool};
use super::signature::{verify_hmac_sha256_header, verify_token};
use super::{ConfigSource, HookConfig, Platform, ServerOptions, Trigger, TriggerRequest};

/// Seconds a client is asked to wait after a 503.
const RETRY_AFTER_SECS: u64 = 5;
/// Delivery ids are UUIDs on every platform; anything much longer is refused so the replay
/// cache's memory stays bounded by `dedup_capacity` × a small constant.
const MAX_DELIVERY_ID: usize = 128;
/// A sender that trickles its body would otherwise hold a connection (and delay graceful
/// shutdown) indefinitely; the platforms send a whole payload in well under a second.
const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);
const BODY_UNREAD: &str = "could not read body";

#[derive(Clone)]
struct AppState {
    configs: Arc<dyn ConfigSource>,
    shared: Arc<Shared>,
    opts: Arc<ServerOptions>,
}

/// Builds the router and starts its workers (call inside a tokio runtime). Serve the router
/// however you like; afterwards call [`WorkerPool::drain`] so queued triggers still run.
pub fn router(
    configs: Arc<dyn ConfigSource>,
    trigger: Arc<dyn Trigger>,
    opts: ServerOptions,
) -> (Router, WorkerPool) {
    let pool = WorkerPool::start(trigger, &opts);
    let state = AppState {
        configs,
        shared: pool.shared(),
        opts: Arc::new(opts),
    };
    let router = Router::new()
        .route("/hooks/{id}", post(handle))
        .fallback(fallback)
        .with_state(state);
    (router, pool)
}

/// Serves webhooks on `listener` until `shutdown` resolves, then stops accepting, lets
/// in-flight requests finish, runs the triggers still queued and returns the counts.
pub async fn serve(
    listener: tokio::net::TcpListener,
    configs: Arc<dyn ConfigSource>,
    trigger: Arc<dyn Trigger>,
    opts: ServerOptions,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<ServeStats> {
    let (router, pool) = router(configs, trigger, opts);
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "webhook receiver listening");
    }
    let served = axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await;
    // Drain even if serving failed: triggers already accepted were promised a start.
    let stats = pool.drain().await;
    served?;
    Ok(stats)
}

async fn fallback() -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(json!({"status": "not_found"})),
    )
        .into_response()
}

/// Everything the response and the log line are made of.
#[derive(Default)]
struct Outcome {
    code: u16,
    status: &'static str,
    reason: Option<String>,
    config: Option<String>,
    platform: Option<Platform>,
    event: Option<String>,
    branch: Option<String>,
    delivery: Option<String>,
    scan_id: Option<String>,
    /// Whether the config id may be echoed in the body (only when it exists).
    known_config: bool,
}

impl Outcome {
    fn new(code: StatusCode, status: &'static str) -> Self {
        Outcome {
            code: code.as_u16(),
            status,
            ..Default::default()
        }
    }
    fn reason(mut self, r: impl Into<String>) -> Self {
        self.reason = Some(r.into());
        self
    }
}

async fn handle(
    State(st): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    Counters::bump(&st.shared.counters.received);
    let mut out = process(&st, &id, &headers, body).await;
    out.config.get_or_insert(id);
    respond(&st, out)
}

async fn process(st: &AppState, id: &str, headers: &HeaderMap, body: Body) -> Outcome {
    let Some(cfg) = st.configs.get(id) else {
        return Outcome::new(StatusCode::NOT_FOUND, "not_found");
    };
    let mut out = match verified(st, &cfg, headers, body).await {
        Ok(o) | Err(o) => o,
    };
    out.known_config = true;
    out.platform = Some(cfg.platform);
    out
}

/// Size and signature checks, then the verified part. `Err` is an early rejection.
async fn verified(
    st: &AppState,
    cfg: &HookConfig,
    headers: &HeaderMap,
    body: Body,
) -> Result<Outcome, Outcome> {
    let body = tokio::time::timeout(
        BODY_READ_TIMEOUT,
        read_body(headers, body, st.opts.max_body),
    )
    .await
    .map_err(|_| {
        Outcome::new(StatusCode::REQUEST_TIMEOUT, "timeout").reason("body not received in time")
    })??;
    if !authentic(cfg, headers, &body) {
        return Err(Outcome::new(StatusCode::UNAUTHORIZED, "unauthorized")
            .reason("signature missing or invalid"));
    }

    // From here on the sender is the platform: its headers and payload are trusted enough to
    // be parsed, echoed and recorded.
    let header_str = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let event_name = event::event_header(cfg.platform);
    let Some(event) = header_str(event_name) else {
        return Err(Outcome::new(StatusCode::BAD_REQUEST, "bad_request")
            .reason(format!("missing {event_name} header")));
    };
    let delivery = header_str(event::delivery_header(cfg.platform)).map(str::to_string);
    let mut out = Outcome {
        event: Some(event.to_string()),
        delivery: delivery.clone(),
        ..Default::default()
    };
    if delivery.as_ref().is_some_and(|d| d.len() > MAX_DELIVERY_ID) {
        out.delivery = None;
        return Err(Outcome {
            code: 400,
            status: "bad_request",
            reason: Some("delivery id too long".into()),
            ..out
        });
    }

    let classified = match event::classify(cfg.platform, event, &body, wanted_branch(cfg)) {
        Ok(c) => c,
        Err(e) => {
            return Err(Outcome {
                code: 400,
                status: "bad_request",
                reason: Some(e.to_string()),
                ..out
            });
        }
    };
    if classified == Classified::Ping {
        return Ok(Outcome {
            code: 200,
            status: "pong",
            ..out
        });
    }

    // Record only now: verified, well-formed deliveries. Keyed by configuration too, because
    // GitLab shares one event UUID between all hooks an event fires.
    let dedup_key = delivery
        .as_ref()
        .map(|d| format!("{}\n{}\n{d}", cfg.platform, cfg.id));
    if let Some(key) = &dedup_key
        && !st.shared.dedup.insert(key)
    {
        return Ok(Outcome {
            code: 200,
            status: "duplicate",
            ..out
        });
    }

    let cand = match classified {
        Classified::Trigger(c) => c,
        Classified::Ignore { reason, branch } => {
            return Ok(Outcome {
                code: 200,
                status: "ignored",
                reason: Some(reason),
                branch,
                ..out
            });
        }
        Classified::Ping => unreachable!("handled above"),
    };
    out.branch = Some(cand.branch.clone());

    let req = TriggerRequest {
        config_id: cfg.id.clone(),
        platform: cfg.platform,
        event: event.to_string(),
        kind: cand.kind,
        branch: cand.branch,
        commit: cand.commit,
        source_branch: cand.source_branch,
        pull_request: cand.pull_request,
        delivery,
    };
    let wait = st.opts.start_wait;
    let (reply, reply_rx) = if wait.is_zero() {
        (None, None)
    } else {
        let (tx, rx) = tokio::sync::oneshot::channel();
        (Some(tx), Some(rx))
    };
    let job = Job {
        req,
        dedup_key: dedup_key.clone(),
        reply,
    };
    if let Err(e) = st.shared.enqueue(job) {
        // Not accepted: let the platform's retry or a manual redelivery through.
        if let Some(key) = &dedup_key {
            st.shared.dedup.forget(key);
        }
        let reason = match e {
            EnqueueError::Full => "trigger queue full",
            EnqueueError::Closed => "shutting down",
        };
        return Ok(Outcome {
            code: 503,
            status: "busy",
            reason: Some(reason.into()),
            ..out
        });
    }
    Counters::bump(&st.shared.counters.queued);

    let queued = Outcome {
        code: 202,
        status: "queued",
        ..out
    };
    let Some(rx) = reply_rx else {
        return Ok(queued);
    };
    // Wait a little for the scan id so the platform's delivery log shows it; the scan itself
    // is never awaited, and past `start_wait` the start simply continues in the background.
    match tokio::time::timeout(wait, rx).await {
        Ok(Ok(Ok(scan_id))) => Ok(Outcome {
            status: "started",
            scan_id: Some(scan_id),
            ..queued
        }),
        Ok(Ok(Err(()))) => Ok(Outcome {
            code: 502,
            status: "failed",
            reason: Some("scan start failed".into()),
            ..queued
        }),
        Ok(Err(_)) | Err(_) => Ok(queued),
    }
}

/// The configured branch as the payloads name it: an empty setting means any branch, and a
/// full ref (`refs/heads/main`) is accepted for `main`.
fn wanted_branch(cfg: &HookConfig) -> Option<&str> {
    cfg.branch
        .as_deref()
        .map(|b| b.trim())
        .map(|b| b.strip_prefix("refs/heads/").unwrap_or(b))
        .filter(|b| !b.is_empty())
}

/// Reads at most `max` bytes; larger bodies are refused without reading them whole.
async fn read_body(headers: &HeaderMap, body: Body, max: usize) -> Result<Vec<u8>, Outcome> {
    let too_large = || {
        Outcome::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large")
            .reason(format!("body larger than {max} bytes"))
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large());
    }
    let mut buf = Vec::with_capacity(declared.map_or(8 * 1024, |n| n as usize));
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| {
            Outcome::new(StatusCode::BAD_REQUEST, "bad_request").reason(BODY_UNREAD)
        })?;
        if buf.len() + chunk.len() > max {
            return Err(too_large());
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf)
}

fn authentic(cfg: &HookConfig, headers: &HeaderMap, body: &[u8]) -> bool {
    let secret = cfg.secret.expose().as_bytes();
    let header_str = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    match cfg.platform {
        Platform::Github => header_str("x-hub-signature-256")
            .is_some_and(|sig| verify_hmac_sha256_header(secret, body, sig)),
        Platform::Bitbucket => header_str("x-hub-signature")
            .is_some_and(|sig| verify_hmac_sha256_header(secret, body, sig)),
        Platform::Gitlab => headers
            .get("x-gitlab-token")
            .is_some_and(|tok| verify_token(secret, tok.as_bytes())),
    }
}

fn respond(st: &AppState, out: Outcome) -> Response {
    let c = &st.shared.counters;
    let counter = match out.status {
        "not_found" => Some(&c.not_found),
        "unauthorized" => Some(&c.unauthorized),
        "too_large" | "bad_request" | "timeout" => Some(&c.invalid),
        "pong" => Some(&c.pings),
        "duplicate" => Some(&c.duplicates),
        "ignored" => Some(&c.ignored),
        "busy" => Some(&c.busy),
        // queued/started/failed are counted by the queue and the workers.
        _ => None,
    };
    if let Some(counter) = counter {
        Counters::bump(counter);
    }

    // Config ids of unknown paths come from anyone: cap what reaches the log.
    let config: Option<String> = out.config.as_ref().map(|s| s.chars().take(64).collect());
    tracing::info!(
        platform = out.platform.map(Platform::as_str).unwrap_or("-"),
        config = ?config.as_deref().unwrap_or("-"),
        event = ?out.event.as_deref().unwrap_or("-"),
        branch = ?out.branch.as_deref().unwrap_or("-"),
        delivery = ?out.delivery.as_deref().unwrap_or("-"),
        decision = out.status,
        status = out.code,
        scan_id = out.scan_id.as_deref().unwrap_or("-"),
        reason = out.reason.as_deref().unwrap_or(""),
        "webhook delivery"
    );

    let mut body = Map::new();
    body.insert("status".into(), json!(out.status));
    if out.known_config {
        body.insert("config".into(), json!(out.config));
    }
    if matches!(out.status, "queued" | "started" | "failed" | "duplicate") {
        body.insert("delivery".into(), json!(out.delivery));
    }
    for (k, v) in [
        ("scan_id", &out.scan_id),
        ("branch", &out.branch),
        ("reason", &out.reason),
    ] {
        if let Some(v) = v {
            body.insert(k.into(), json!(v));
        }
    }
    let code = StatusCode::from_u16(out.code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = (code, axum::Json(Value::Object(body))).into_response();
    if code == StatusCode::SERVICE_UNAVAILABLE {
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
    }
    if matches!(out.status, "too_large" | "timeout") || out.reason.as_deref() == Some(BODY_UNREAD) {
        // The body was not read to its end, so hyper closes the connection after this answer;
        // saying so keeps the sender from reusing it for its next delivery (which would fail).
        resp.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    #[test]
    fn configured_branch_is_normalised() {
        let cfg = |b: Option<&str>| HookConfig {
            id: "c".into(),
            platform: Platform::Github,
            secret: Secret::new("s"),
            branch: b.map(str::to_string),
        };
        assert_eq!(wanted_branch(&cfg(None)), None);
        assert_eq!(wanted_branch(&cfg(Some(""))), None);
        assert_eq!(wanted_branch(&cfg(Some("  "))), None);
        assert_eq!(wanted_branch(&cfg(Some("main"))), Some("main"));
        assert_eq!(
            wanted_branch(&cfg(Some("refs/heads/release/1"))),
            Some("release/1")
        );
    }
}
