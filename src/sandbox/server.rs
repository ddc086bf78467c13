//! The accept loop: plain or TLS connections, request counting, fault injection, shutdown.
//!
//! hyper is driven directly (not through `axum::serve`) for two reasons: TLS needs a handshake
//! per connection, and the `reset` fault needs a way to drop a connection without answering,
//! which hyper does when the service returns an error.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;

use super::faults::FaultAction;
use super::routes::{API_VERSION, Endpoint, Shared};

/// How long shutdown waits for in-flight requests before dropping them.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);
/// How much of a request body is read before an injected error answer.
const FAULT_DRAIN_LIMIT: usize = 64 * 1024 * 1024;
/// A client that connects but never finishes the TLS handshake must not hold a task forever.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// The service error that makes hyper drop the connection (the `reset` fault).
#[derive(Debug)]
struct InjectedReset;

impl std::fmt::Display for InjectedReset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection reset (injected fault)")
    }
}

impl std::error::Error for InjectedReset {}

fn fault_status(code: u16, ep: Endpoint) -> Response<Body> {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let message = match code {
        413 => "Maximum upload size exceeded.".to_string(),
        429 => "Too Many Requests.".to_string(),
        _ => format!(
            "{} (injected fault on {})",
            status.canonical_reason().unwrap_or("Error"),
            ep.name()
        ),
    };
    let body = serde_json::json!({"code": code, "message": message}).to_string();
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r.headers_mut()
        .insert("x-api-version", HeaderValue::from_static(API_VERSION));
    r
}

fn bad_json() -> Response<Body> {
    let mut r = Response::new(Body::from(r#"{"error":false,"message":"Scan sta"#));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// Counts the request, applies faults (all before the handler runs), then routes it.
async fn handle(
    shared: Arc<Shared>,
    app: TowerToHyperService<Router>,
    req: Request<Incoming>,
) -> Result<Response<Body>, InjectedReset> {
    let ep = Endpoint::classify(req.method(), req.uri().path());
    *shared
        .counters
        .requests
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(ep.name())
        .or_default() += 1;
    if !shared.faults.is_empty() {
        for action in shared.faults.decide(ep) {
            shared
                .counters
                .faults_injected
                .fetch_add(1, Ordering::SeqCst);
            let answer = match action {
                FaultAction::Slow(d) => {
                    tokio::time::sleep(d).await;
                    continue;
                }
                FaultAction::ScanFailure => continue,
                FaultAction::Reset => return Err(InjectedReset),
                FaultAction::Status(code) => fault_status(code, ep),
                FaultAction::BadJson => bad_json(),
            };
            // Read (and drop) the request body first: answering an upload mid-body makes the
            // client see a reset instead of the injected status.
            let body = Body::new(req.into_body());
            let _ = axum::body::to_bytes(body, FAULT_DRAIN_LIMIT).await;
            return Ok(answer);
        }
    }
    match hyper::service::Service::call(&app, req).await {
        Ok(r) => Ok(r),
        Err(e) => {
            let e: Infallible = e;
            match e {}
        }
    }
}

async fn serve_conn<I>(io: I, shared: Arc<Shared>, app: Router, mut shutdown: watch::Receiver<bool>)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let svc = TowerToHyperService::new(app);
    let service = hyper::service::service_fn(move |req| handle(shared.clone(), svc.clone(), req));
    let conn = http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(io), service);
    tokio::pin!(conn);
    let mut draining = false;
    loop {
        tokio::select! {
            _ = conn.as_mut() => break,
            _ = shutdown.changed(), if !draining => {
                draining = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

/// Serves until `shutdown` flips, then lets open connections finish (bounded by
/// `DRAIN_TIMEOUT`).
pub async fn serve(
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    shared: Arc<Shared>,
    app: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut conns = JoinSet::new();
    loop {
        let accepted = tokio::select! {
            _ = shutdown.changed() => break,
            a = listener.accept() => a,
        };
        while conns.try_join_next().is_some() {}
        let (stream, _) = match accepted {
            Ok(v) => v,
            Err(e) => {
                // EMFILE and friends are transient; spinning on them would burn the CPU.
                tracing::warn!("sandbox: accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let (shared, app, rx) = (shared.clone(), app.clone(), shutdown.clone());
        match tls.clone() {
            None => {
                conns.spawn(serve_conn(stream, shared, app, rx));
            }
            Some(acceptor) => {
                conns.spawn(async move {
                    match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                        Ok(Ok(tls)) => serve_conn(tls, shared, app, rx).await,
                        Ok(Err(e)) => tracing::debug!("sandbox: TLS handshake failed: {e}"),
                        Err(_) => tracing::debug!("sandbox: TLS handshake timed out"),
                    }
                });
            }
        }
    }
    drop(listener);
    let drained = tokio::time::timeout(DRAIN_TIMEOUT, async {
        while conns.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        conns.abort_all();
    }
}
