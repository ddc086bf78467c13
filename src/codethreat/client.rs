//! `Client`: one async method per CodeThreat Gen-1 endpoint, over one shared send loop that
//! owns headers, timeouts, retries, tracing and status → [`ApiError`] classification.
//!
//! Knows HTTP and JSON only: progress leaves through a callback, settings arrive resolved in
//! [`ClientConfig`].

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use base64::Engine as _;
use bytes::Bytes;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};
use tracing::debug;
use url::Url;

use super::error::{self, ApiError, from_reqwest, from_response, looks_like_html, snippet};
use super::models::{HelperSummary, Issue, Policy, Project, ScanStatus};
use super::retry::{RETRY_AFTER_CAP, RetryPolicy, parse_retry_after};
use crate::secret::Secret;

/// A TCP+TLS handshake that takes longer than this is a dead or filtered host.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest silence while waiting for response headers or body bytes. Status polls and
/// lookups answer in well under a second; a minute leaves room for slow issue pages.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(60);
/// After the last byte of an upload, the server may unpack and check the archive before it
/// answers, so it gets at least this long (the read timeout applies while bytes still flow).
pub const UPLOAD_RESPONSE_WAIT: Duration = Duration::from_secs(300);
/// Upper bound on pages followed via `x-ct-pager`, so a broken pager cannot loop forever.
const MAX_PAGES: u64 = 10_000;
/// The swagger maximum for `pageSize`.
const PAGE_SIZE: &str = "500";
/// Same-origin redirects followed for GETs (e.g. path normalisation).
const MAX_REDIRECTS: usize = 5;
const USER_AGENT: &str = concat!("kdt/", env!("CARGO_PKG_VERSION"));
/// The tracing target of the HTTP trace (`KDT_LOG=kdt::http=debug`).
pub const TRACE_TARGET: &str = "kdt::http";

/// Progress of an upload: `(bytes sent, total bytes)`.
pub type Progress = Arc<dyn Fn(u64, u64) + Send + Sync>;

/// Everything the client needs, resolved by the caller (flags > env > profile).
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// e.g. `https://cloud.codethreat.com`; a trailing slash, a path prefix or a trailing
    /// `/api` are tolerated.
    pub base_url: Url,
    pub organization: String,
    pub token: Secret,
    /// Skip TLS verification for this instance only.
    pub insecure: bool,
    /// PEM bundle trusted in addition to the platform roots.
    pub extra_ca_pem: Option<PathBuf>,
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    pub retry: RetryPolicy,
}

impl ClientConfig {
    pub fn new(base_url: Url, organization: impl Into<String>, token: Secret) -> Self {
        ClientConfig {
            base_url,
            organization: organization.into(),
            token,
            insecure: false,
            extra_ca_pem: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            read_timeout: DEFAULT_READ_TIMEOUT,
            retry: RetryPolicy::default(),
        }
    }
}

/// Arguments of [`Client::start_upload_scan`].
#[derive(Debug, Clone, Copy)]
pub struct UploadScan<'a> {
    pub project: &'a str,
    /// The zip to upload; streamed from disk, never read into memory.
    pub archive: &'a Path,
    pub branch: Option<&'a str>,
    pub policy_id: Option<&'a str>,
}

/// The providers of `POST /api/integration/<kind>/start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepoKind {
    Github,
    Gitlab,
    Azure,
    Bitbucket,
    Git,
}

impl RepoKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RepoKind::Github => "github",
            RepoKind::Gitlab => "gitlab",
            RepoKind::Azure => "azure",
            RepoKind::Bitbucket => "bitbucket",
            RepoKind::Git => "git",
        }
    }
}

/// Whether a request may be sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Replay {
    /// Reads (lookups, polls, reports): retried on connect errors, time-outs, 429 and 5xx.
    Safe,
    /// Requests that start or change something server side. Retried only when the
    /// connection was never established, so the server provably never saw the request; a
    /// time-out or a 5xx may mean the scan started, and a second scan must not be.
    OnlyIfNeverSent,
}

/// One answered request, whatever its status.
struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Raw {
    fn content_type(&self) -> Option<&str> {
        self.headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    }

    /// The error for a non-2xx answer (3xx: a redirect we chose not to follow).
    fn error(&self) -> ApiError {
        if self.status.is_redirection() {
            let location = self
                .headers
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("(no location)")
                .to_string();
            return ApiError::Redirect {
                status: self.status.as_u16(),
                location,
            };
        }
        let retry_after = parse_retry_after(
            self.headers
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok()),
        );
        from_response(
            self.status.as_u16(),
            self.content_type(),
            &self.body,
            retry_after,
        )
    }

    /// `Ok(self)` for 2xx, else the classified error.
    fn success(self) -> Result<Raw, ApiError> {
        if self.status.is_success() {
            Ok(self)
        } else {
            Err(self.error())
        }
    }

    /// The body as JSON. An empty body is `null`; HTML or other non-JSON means the URL is not
    /// a CodeThreat API.
    fn json(&self) -> Result<Value, ApiError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        if looks_like_html(&self.body) {
            return Err(self.not_codethreat());
        }
        serde_json::from_slice(&self.body).map_err(|e| {
            // Broken JSON from a JSON API is a faulty answer, not a wrong URL.
            let trimmed = self.body.trim_ascii_start();
            if trimmed.starts_with(b"{") || trimmed.starts_with(b"[") {
                ApiError::Decode(format!(
                    "malformed JSON (HTTP {}): {e}",
                    self.status.as_u16()
                ))
            } else {
                self.not_codethreat()
            }
        })
    }

    fn not_codethreat(&self) -> ApiError {
        ApiError::NotCodeThreat {
            status: self.status.as_u16(),
            snippet: snippet(&String::from_utf8_lossy(&self.body)),
        }
    }
}

/// Upload liveness for the watchdog: bytes still flowing keep the request alive.
struct Activity {
    start: Instant,
    last_ms: AtomicU64,
    done: AtomicBool,
}

impl Activity {
    fn new() -> Arc<Activity> {
        Arc::new(Activity {
            start: Instant::now(),
            last_ms: AtomicU64::new(0),
            done: AtomicBool::new(false),
        })
    }

    fn touch(&self) {
        self.last_ms
            .store(self.start.elapsed().as_millis() as u64, Ordering::Relaxed);
    }

    /// Resolves once the upload stalled for `idle`, or the server took longer than
    /// `max(idle, UPLOAD_RESPONSE_WAIT)` to answer after the last byte.
    async fn stalled(&self, idle: Duration) {
        let tick = (idle / 4).clamp(Duration::from_millis(10), Duration::from_secs(1));
        loop {
            tokio::time::sleep(tick).await;
            let now = self.start.elapsed().as_millis() as u64;
            let quiet =
                Duration::from_millis(now.saturating_sub(self.last_ms.load(Ordering::Relaxed)));
            let limit = if self.done.load(Ordering::Relaxed) {
                idle.max(UPLOAD_RESPONSE_WAIT)
            } else {
                idle
            };
            if quiet > limit {
                return;
            }
        }
    }
}

/// A request ready to send, rebuilt for every attempt (a streamed body cannot be replayed).
struct Prepared {
    request: RequestBuilder,
    activity: Option<Arc<Activity>>,
}

impl From<RequestBuilder> for Prepared {
    fn from(request: RequestBuilder) -> Self {
        Prepared {
            request,
            activity: None,
        }
    }
}

/// The CodeThreat Gen-1 API client. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    /// GETs: follows same-origin redirects only.
    http: reqwest::Client,
    /// POSTs: never follows redirects (a 301/302 would silently turn the POST into a GET,
    /// and a streamed upload cannot be re-sent to a 307/308 target anyway).
    http_post: reqwest::Client,
    base: Url,
    organization_name: String,
    organization: HeaderValue,
    authorization: HeaderValue,
    /// Kept only to scrub it from response bodies (see `send_once`).
    token: Secret,
    read_timeout: Duration,
    retry: RetryPolicy,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base.as_str())
            .field("organization", &self.organization)
            .field("authorization", &"Bearer ****")
            .finish_non_exhaustive()
    }
}

impl Client {
    pub fn new(cfg: ClientConfig) -> Result<Client, ApiError> {
        let base = normalize_base(&cfg.base_url)?;
        // A pasted token often carries a newline or its own `Bearer ` prefix.
        let token = cfg.token.expose().trim();
        let token = match token.get(..7) {
            Some(p) if p.eq_ignore_ascii_case("bearer ") => token[7..].trim_start(),
            _ => token,
        };
        let mut authorization =
            HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                ApiError::Transport(
                    "the token contains characters that cannot be sent in an HTTP header".into(),
                )
            })?;
        // Keeps the value out of reqwest/hyper Debug output and HPACK tables.
        authorization.set_sensitive(true);
        let organization = HeaderValue::from_bytes(cfg.organization.as_bytes()).map_err(|_| {
            ApiError::Transport(format!(
                "the organization {:?} cannot be sent in an HTTP header",
                cfg.organization
            ))
        })?;

        let extra_roots = load_extra_roots(&cfg)?;
        // GETs follow redirects only within the same scheme, host and port. reqwest already
        // drops `Authorization` when a redirect changes any of those (redirect.rs
        // `remove_sensitive_headers`), but following would then fail with a confusing 401
        // (or leak `x-ct-organization` to a stranger), so we stop and report `Redirect`
        // with the new location instead.
        let same_origin = reqwest::redirect::Policy::custom(|attempt| {
            let same = attempt.previous().last().is_some_and(|prev| {
                prev.scheme() == attempt.url().scheme()
                    && prev.host_str() == attempt.url().host_str()
                    && prev.port_or_known_default() == attempt.url().port_or_known_default()
            });
            if same && attempt.previous().len() <= MAX_REDIRECTS {
                attempt.follow()
            } else {
                attempt.stop()
            }
        });
        let http = build_http(&cfg, &extra_roots, same_origin)?;
        let http_post = build_http(&cfg, &extra_roots, reqwest::redirect::Policy::none())?;
        Ok(Client {
            http,
            http_post,
            base,
            organization_name: cfg.organization,
            organization,
            authorization,
            token: Secret::new(token),
            read_timeout: cfg.read_timeout,
            retry: cfg.retry,
        })
    }

    /// The normalised base URL (no trailing slash, no `/api`).
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// `GET /api/organization?key=<org>`: validates token and organization. The body is
    /// not read by any public client, so any non-HTML 2xx counts.
    pub async fn check_organization(&self) -> Result<(), ApiError> {
        let url = self.url(&["organization"], &[("key", &self.organization_name)]);
        let raw = self.get(url, &[]).await?.success()?;
        // Any body but an HTML page (a SPA or portal answering every path with 200).
        if looks_like_html(&raw.body) {
            return Err(raw.not_codethreat());
        }
        Ok(())
    }

    /// `GET /api/project?key=<name>`. "No such project" has three conventions (§2.A3): a 404
    /// with a CodeThreat body, a 400 whose body `code` is 404, or a 200 with an empty array
    /// or string. All are `None`; a 404 that is not CodeThreat's stays an error.
    pub async fn get_project(&self, name: &str) -> Result<Option<Project>, ApiError> {
        let url = self.url(&["project"], &[("key", name)]);
        let raw = self.get(url, &[]).await?;
        if !raw.status.is_success() {
            let err = raw.error();
            let body_code = error::parse_error_body(&raw.body).code;
            return match err {
                ApiError::NotFound { .. } => Ok(None),
                ApiError::BadRequest { status: 400, .. } if body_code == Some(404) => Ok(None),
                e => Err(e),
            };
        }
        let v = raw.json()?;
        let v = match v {
            Value::Array(mut a) if !a.is_empty() => a.swap_remove(0),
            Value::Array(_) | Value::Null => return Ok(None),
            Value::Object(m) if m.is_empty() => return Ok(None),
            Value::String(s) if s.trim().is_empty() => return Ok(None),
            other => other,
        };
        if !v.is_object() {
            return Err(raw.not_codethreat());
        }
        Ok(Some(
            Project::from_value(&v).map_err(|e| ApiError::Decode(e.to_string()))?,
        ))
    }

    /// `GET /api/projects`, following every page.
    pub async fn list_projects(&self, search: Option<&str>) -> Result<Vec<Project>, ApiError> {
        let mut query = vec![];
        if let Some(s) = search {
            query.push(("search", s.to_string()));
        }
        let items = self.get_all_pages(&["projects"], query, &[]).await?;
        Ok(items
            .into_iter()
            .filter_map(|v| Project::from_value(&v).ok())
            .collect())
    }

    /// A JSON POST that may have started something on the server: replayed only when the
    /// connection was never made. Non-2xx answers become errors.
    async fn post_json(&self, url: Url, body: &Value) -> Result<Raw, ApiError> {
        self.send(Method::POST, url.clone(), Replay::OnlyIfNeverSent, || {
            let rb = self.request(Method::POST, url.clone()).json(body);
            async move { Ok(Prepared::from(rb)) }
        })
        .await?
        .success()
    }

    /// `POST /api/project/add`. Success is any 2xx without `error: true` (PYCLI also wants
    /// `result.message == "successfull"`, which swagger spells two ways; we don't insist).
    pub async fn create_project(
        &self,
        name: &str,
        description: &str,
        tags: &[&str],
    ) -> Result<(), ApiError> {
        let url = self.url(&["project", "add"], &[]);
        let body = json!({"project_name": name, "description": description, "tags": tags});
        let raw = self.post_json(url, &body).await?;
        check_error_flag(&raw, &raw.json()?)?;
        Ok(())
    }

    /// `POST /api/scan/start`: streams `req.archive` as `upfile` and returns the scan id.
    /// The body is rebuilt (file reopened) per attempt, and attempts after the first happen
    /// only when the connection was never established.
    pub async fn start_upload_scan(
        &self,
        req: UploadScan<'_>,
        progress: Progress,
    ) -> Result<String, ApiError> {
        let url = self.url(&["scan", "start"], &[]);
        // What the body stream handed to the connection, to tell an upload cut short apart
        // from a failure after the whole archive went out.
        let sent = Arc::new(AtomicU64::new(0));
        let total = Arc::new(AtomicU64::new(0));
        let progress: Progress = {
            let (sent, total) = (sent.clone(), total.clone());
            Arc::new(move |s, t| {
                sent.store(s, Ordering::Relaxed);
                total.store(t, Ordering::Relaxed);
                progress(s, t)
            })
        };
        let result = self
            .send(Method::POST, url.clone(), Replay::OnlyIfNeverSent, || {
                let progress = progress.clone();
                let url = url.clone();
                async move {
                    let activity = Activity::new();
                    let (body, len) =
                        counting_file_body(req.archive, progress, activity.clone()).await?;
                    let file = reqwest::multipart::Part::stream_with_length(body, len)
                        .file_name(format!("{}.zip", req.project))
                        .mime_str("application/zip")
                        .map_err(|e| ApiError::Transport(e.to_string()))?;
                    let mut form = reqwest::multipart::Form::new()
                        .text("project", req.project.to_string())
                        .text("scan_source", "CLI");
                    if let Some(b) = req.branch {
                        form = form.text("branch", b.to_string());
                    }
                    if let Some(p) = req.policy_id {
                        form = form.text("policy_id", p.to_string());
                    }
                    let form = form.part("upfile", file);
                    Ok(Prepared {
                        request: self.request(Method::POST, url).multipart(form),
                        activity: Some(activity),
                    })
                }
            })
            .await;
        let (sent, total) = (sent.load(Ordering::Relaxed), total.load(Ordering::Relaxed));
        let raw = match result {
            Err(ApiError::Transport(reason)) if sent < total => {
                return Err(ApiError::UploadAborted {
                    sent,
                    total,
                    reason,
                });
            }
            other => other?.success()?,
        };
        scan_id(&raw)
    }

    /// `POST /api/integration/<kind>/start`: the server fetches the code itself.
    pub async fn start_integration_scan(
        &self,
        kind: RepoKind,
        project: &str,
        branch: Option<&str>,
        policy: Option<&str>,
    ) -> Result<String, ApiError> {
        let url = self.url(&["integration", kind.as_str(), "start"], &[]);
        let mut body = json!({"project": project});
        if kind == RepoKind::Gitlab {
            // Swagger names it `project_name` for GitLab; send both spellings.
            body["project_name"] = json!(project);
        }
        if let Some(b) = branch {
            body["branch"] = json!(b);
        }
        if let Some(p) = policy {
            body["policy_id"] = json!(p);
        }
        let raw = self.post_json(url, &body).await?;
        scan_id(&raw)
    }

    /// `GET /api/scan/status/{id}`.
    pub async fn scan_status(&self, scan_id: &str) -> Result<ScanStatus, ApiError> {
        let url = self.url(&["scan", "status", scan_id], &[]);
        let raw = self.get(url, &[]).await?.success()?;
        match raw.json()? {
            v @ Value::Object(_) => {
                ScanStatus::from_value(&v).map_err(|e| ApiError::Decode(e.to_string()))
            }
            _ => Err(raw.not_codethreat()),
        }
    }

    /// `POST /api/scan/stop {scan_id}`.
    pub async fn stop_scan(&self, scan_id: &str) -> Result<(), ApiError> {
        let url = self.url(&["scan", "stop"], &[]);
        let body = json!({"scan_id": scan_id});
        let raw = self.post_json(url, &body).await?;
        check_error_flag(&raw, &raw.json()?)?;
        Ok(())
    }

    /// `GET /api/scanlog/issues` for one scan, all pages, in server order.
    pub async fn scan_issues(&self, scan_id: &str, project: &str) -> Result<Vec<Issue>, ApiError> {
        let filter = json!({"projectName": project}).to_string();
        let q = base64::engine::general_purpose::STANDARD.encode(filter);
        let query = vec![("q", q), ("sid", scan_id.to_string())];
        let items = self
            .get_all_pages(&["scanlog", "issues"], query, &[])
            .await?;
        Ok(items.into_iter().map(Issue::from_value).collect())
    }

    /// `GET /api/report/scan/create?reportType=sarif` → `parsedResult`. 404 → `None`.
    pub async fn sarif_report(
        &self,
        scan_id: &str,
        project: &str,
        branch: Option<&str>,
    ) -> Result<Option<Value>, ApiError> {
        let mut query = vec![("sid", scan_id), ("projectName", project)];
        if let Some(b) = branch {
            query.push(("branch", b));
        }
        query.push(("reportType", "sarif"));
        let url = self.url(&["report", "scan", "create"], &query);
        let raw = self.get(url, &[("x-ct-from", "github")]).await?;
        let Some(v) = not_found_is_none(raw)? else {
            return Ok(None);
        };
        let v = match v {
            Value::Object(mut m) if m.contains_key("parsedResult") => {
                match m.remove("parsedResult").unwrap_or_default() {
                    // Some servers send the SARIF document as a JSON string.
                    Value::String(s) => serde_json::from_str(&s)
                        .map_err(|e| ApiError::Decode(format!("parsedResult: {e}")))?,
                    other => other,
                }
            }
            // A bare SARIF document is accepted too.
            Value::Object(m) if m.contains_key("runs") => Value::Object(m),
            Value::Null => return Ok(None),
            other => {
                return Err(ApiError::Decode(format!(
                    "no parsedResult in the SARIF response: {}",
                    snippet(&other.to_string())
                )));
            }
        };
        Ok(Some(v))
    }

    /// `GET /api/plugins/helper` asked as `x-ct-from: github`, so `scaSeverityCounts` is at
    /// the top level and `report` is text. 404 → `None` ("scan finished but no report").
    pub async fn scan_summary(
        &self,
        scan_id: &str,
        project: &str,
        branch: Option<&str>,
    ) -> Result<Option<HelperSummary>, ApiError> {
        let mut query = vec![("sid", scan_id)];
        if let Some(b) = branch {
            query.push(("branch", b));
        }
        query.push(("project_name", project));
        let url = self.url(&["plugins", "helper"], &query);
        let raw = self.get(url, &[("x-ct-from", "github")]).await?;
        Ok(not_found_is_none(raw)?.map(HelperSummary::from_value))
    }

    /// `GET /api/policy/list`.
    pub async fn policies(&self) -> Result<Vec<Policy>, ApiError> {
        let url = self.url(&["policy", "list"], &[]);
        let raw = self.get(url, &[]).await?.success()?;
        let v = raw.json()?;
        Ok(items_of(v)
            .ok_or_else(|| raw.not_codethreat())?
            .into_iter()
            .filter_map(|v| Policy::from_value(&v).ok())
            .collect())
    }

    /// `POST /api/signin {client_id, client_secret}` → `access_token`. Sent without
    /// `Authorization` and `x-ct-organization`; `cfg.token` is ignored.
    pub async fn signin(
        cfg: ClientConfig,
        user: &str,
        password: &Secret,
    ) -> Result<Secret, ApiError> {
        let client = Client::new(ClientConfig {
            token: Secret::default(),
            organization: String::new(),
            ..cfg
        })?;
        let url = client.url(&["signin"], &[]);
        let body = json!({"client_id": user, "client_secret": password.expose()});
        let raw = client
            .send(Method::POST, url.clone(), Replay::OnlyIfNeverSent, || {
                let rb = client
                    .http_post
                    .post(url.clone())
                    .header(ACCEPT, "application/json")
                    .json(&body);
                async move { Ok(Prepared::from(rb)) }
            })
            .await?
            .success()?;
        let v = raw.json()?;
        check_error_flag(&raw, &v)?;
        v.get("access_token")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .map(Secret::new)
            .ok_or_else(|| ApiError::Decode("the signin response has no access_token".into()))
    }

    // ----- plumbing -----

    /// `<base>/api/<segments…>?<query>`; segments and query values are percent-encoded.
    fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> Url {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .expect("base URL was checked to be hierarchical")
            .pop_if_empty()
            .push("api")
            .extend(segments);
        if !query.is_empty() {
            let mut q = url.query_pairs_mut();
            for (k, v) in query {
                q.append_pair(k, v);
            }
        }
        url
    }

    fn request(&self, method: Method, url: Url) -> RequestBuilder {
        let http = if method == Method::GET {
            &self.http
        } else {
            &self.http_post
        };
        http.request(method, url)
            .header(AUTHORIZATION, self.authorization.clone())
            .header("x-ct-organization", self.organization.clone())
            .header(ACCEPT, "application/json")
    }

    async fn get(&self, url: Url, extra: &[(&'static str, &str)]) -> Result<Raw, ApiError> {
        self.send(Method::GET, url.clone(), Replay::Safe, || {
            let mut rb = self.request(Method::GET, url.clone());
            for (k, v) in extra {
                rb = rb.header(*k, *v);
            }
            async move { Ok(Prepared::from(rb)) }
        })
        .await
    }

    /// The x-ct-pager protocol (§2.A17): the first answer's `x-ct-pager` header is base64 JSON
    /// `{id, pages}`; then pages `1..=pages` are fetched with `pid` and concatenated. Without
    /// a pager, or with `pages == 0`, the first body is the whole result.
    async fn get_all_pages(
        &self,
        segments: &[&str],
        query: Vec<(&str, String)>,
        extra: &[(&'static str, &str)],
    ) -> Result<Vec<Value>, ApiError> {
        let mut q: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        q.push(("pageSize", PAGE_SIZE));
        let first = self.get(self.url(segments, &q), extra).await?.success()?;
        let first_items = items_of(first.json()?).ok_or_else(|| first.not_codethreat())?;
        let Some((pid, pages)) = parse_pager(&first.headers) else {
            return Ok(first_items);
        };
        if pages == 0 {
            return Ok(first_items);
        }
        let mut all = Vec::new();
        for page in 1..=pages.min(MAX_PAGES) {
            let page = page.to_string();
            let mut pq = q.clone();
            pq.push(("pid", &pid));
            pq.push(("page", &page));
            let raw = self.get(self.url(segments, &pq), extra).await?.success()?;
            all.extend(items_of(raw.json()?).ok_or_else(|| raw.not_codethreat())?);
        }
        Ok(all)
    }

    /// The send loop: one attempt per iteration, bounded by `retry.max_attempts`.
    async fn send<F, Fut>(
        &self,
        method: Method,
        url: Url,
        replay: Replay,
        mut build: F,
    ) -> Result<Raw, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<Prepared, ApiError>>,
    {
        let max_attempts = self.retry.max_attempts.max(1);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let prepared = build().await?;
            let started = Instant::now();
            let outcome = self.send_once(prepared, &url).await;
            let elapsed_ms = started.elapsed().as_millis() as u64;
            match &outcome {
                Ok(raw) => debug!(
                    target: TRACE_TARGET,
                    %method, url = %url, status = raw.status.as_u16(), elapsed_ms, attempt,
                    authorization = "Bearer ****", response_bytes = raw.body.len(),
                    "http"
                ),
                Err(e) => debug!(
                    target: TRACE_TARGET,
                    %method, url = %url, error = %e, elapsed_ms, attempt,
                    authorization = "Bearer ****", "http failed"
                ),
            }
            let (retry, retry_after) = match &outcome {
                Ok(raw) if raw.status == StatusCode::TOO_MANY_REQUESTS => {
                    let ra = parse_retry_after(
                        raw.headers
                            .get(reqwest::header::RETRY_AFTER)
                            .and_then(|v| v.to_str().ok()),
                    );
                    // Waiting longer than the cap is the user's call, not ours.
                    let bounded = ra.is_none_or(|d| d <= RETRY_AFTER_CAP);
                    (replay == Replay::Safe && bounded, ra)
                }
                Ok(raw) if raw.status.is_server_error() => (replay == Replay::Safe, None),
                Ok(_) => (false, None),
                // The connection was never established: nothing reached the server.
                Err(ApiError::Connect { .. }) => (true, None),
                Err(ApiError::Timeout | ApiError::Transport(_)) => (replay == Replay::Safe, None),
                Err(_) => (false, None),
            };
            if !retry || attempt >= max_attempts {
                return outcome;
            }
            let delay = self.retry.delay(attempt, retry_after);
            debug!(target: TRACE_TARGET, %method, url = %url, attempt, delay_ms = delay.as_millis() as u64, "retrying");
            tokio::time::sleep(delay).await;
        }
    }

    async fn send_once(&self, prepared: Prepared, url: &Url) -> Result<Raw, ApiError> {
        let send = prepared.request.send();
        let response = match prepared.activity {
            None => match tokio::time::timeout(self.read_timeout, send).await {
                Ok(r) => r.map_err(|e| from_reqwest(&e, url.as_str()))?,
                Err(_) => return Err(ApiError::Timeout),
            },
            // An upload may legitimately take longer than the read timeout; only a stall
            // counts (reqwest's own read_timeout would run from the first byte).
            Some(activity) => tokio::select! {
                r = send => r.map_err(|e| from_reqwest(&e, url.as_str()))?,
                _ = activity.stalled(self.read_timeout) => return Err(ApiError::Timeout),
            },
        };
        let status = response.status();
        let mut headers = response.headers().clone();
        let body = match tokio::time::timeout(self.read_timeout, response.bytes()).await {
            Ok(b) => b.map_err(|e| from_reqwest(&e, url.as_str()))?,
            Err(_) => return Err(ApiError::Timeout),
        };
        // Error messages quote bodies and `Location`; a server (or proxy) that echoes the
        // request's Authorization back must not get the token into our errors or logs.
        let body = redact(body, self.token.expose());
        if let Some(loc) = headers.get(reqwest::header::LOCATION)
            && contains(loc.as_bytes(), self.token.expose().as_bytes())
        {
            let scrubbed = redact(Bytes::copy_from_slice(loc.as_bytes()), self.token.expose());
            if let Ok(v) = HeaderValue::from_bytes(&scrubbed) {
                headers.insert(reqwest::header::LOCATION, v);
            }
        }
        Ok(Raw {
            status,
            headers,
            body,
        })
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// `body` with every occurrence of `token` replaced by `****`. Short tokens (under 8 bytes)
/// are left alone: they would match ordinary text and are not real credentials anyway.
fn redact(body: Bytes, token: &str) -> Bytes {
    let needle = token.as_bytes();
    if needle.len() < 8 || !contains(&body, needle) {
        return body;
    }
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i..].starts_with(needle) {
            out.extend_from_slice(b"****");
            i += needle.len();
        } else {
            out.push(body[i]);
            i += 1;
        }
    }
    Bytes::from(out)
}

/// Trailing slashes and a pasted `/api` suffix are removed so `url()` can append `/api/...`.
fn normalize_base(url: &Url) -> Result<Url, ApiError> {
    if url.cannot_be_a_base() || !matches!(url.scheme(), "http" | "https") {
        return Err(ApiError::Transport(format!("{url} is not an http(s) URL")));
    }
    let mut base = url.clone();
    base.set_query(None);
    base.set_fragment(None);
    let mut segs: Vec<String> = base
        .path_segments()
        .map(|s| s.filter(|s| !s.is_empty()).map(str::to_string).collect())
        .unwrap_or_default();
    if segs.last().is_some_and(|s| s.eq_ignore_ascii_case("api")) {
        segs.pop();
    }
    base.set_path(&segs.join("/"));
    Ok(base)
}

/// The extra CA bundle: `extra_ca_pem`, else `SSL_CERT_FILE`. On Linux rustls-platform-verifier
/// already honours `SSL_CERT_FILE` (via rustls-native-certs, which then *replaces* the system
/// store); on macOS and Windows it does not, so the file is merged explicitly too.
fn load_extra_roots(cfg: &ClientConfig) -> Result<Vec<reqwest::Certificate>, ApiError> {
    if cfg.insecure {
        return Ok(Vec::new());
    }
    let (path, explicit) = match &cfg.extra_ca_pem {
        Some(p) => (p.clone(), true),
        None => match crate::env::var(crate::env::SSL_CERT_FILE) {
            Some(p) => (PathBuf::from(p), false),
            None => return Ok(Vec::new()),
        },
    };
    let loaded = std::fs::read(&path)
        .map_err(|e| format!("cannot read the CA bundle {}: {e}", path.display()))
        .and_then(|pem| {
            reqwest::Certificate::from_pem_bundle(&pem)
                .map_err(|e| format!("cannot parse the CA bundle {}: {e}", path.display()))
        })
        .and_then(|certs| {
            if certs.is_empty() {
                Err(format!(
                    "no certificates in the CA bundle {}",
                    path.display()
                ))
            } else {
                Ok(certs)
            }
        });
    match loaded {
        Ok(c) => Ok(c),
        Err(e) if explicit => Err(ApiError::Tls(e)),
        Err(e) => {
            debug!(target: TRACE_TARGET, "ignoring SSL_CERT_FILE: {e}");
            Ok(Vec::new())
        }
    }
}

fn build_http(
    cfg: &ClientConfig,
    extra_roots: &[reqwest::Certificate],
    redirect: reqwest::redirect::Policy,
) -> Result<reqwest::Client, ApiError> {
    // Proxies come from the environment (reqwest's default system proxy support).
    let mut b = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(cfg.connect_timeout)
        .redirect(redirect);
    if cfg.insecure {
        b = b.tls_danger_accept_invalid_certs(true);
    } else if !extra_roots.is_empty() {
        b = b.tls_certs_merge(extra_roots.iter().cloned());
    }
    b.build().map_err(|e| {
        let chain = error::error_chain(&e);
        if chain.to_ascii_lowercase().contains("certificate") {
            ApiError::Tls(chain)
        } else {
            ApiError::Transport(chain)
        }
    })
}

/// The file as a body of 64 KiB chunks that reports `(sent, total)` and feeds the watchdog.
async fn counting_file_body(
    path: &Path,
    progress: Progress,
    activity: Arc<Activity>,
) -> Result<(reqwest::Body, u64), ApiError> {
    use tokio::io::AsyncReadExt;
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|e| ApiError::Transport(format!("cannot open {}: {e}", path.display())))?;
    let total = file
        .metadata()
        .await
        .map_err(|e| ApiError::Transport(format!("cannot stat {}: {e}", path.display())))?
        .len();
    progress(0, total);
    activity.touch();
    let stream = futures_util::stream::try_unfold(
        (file, 0u64, progress, activity),
        move |(mut file, sent, progress, activity)| async move {
            let mut buf = vec![0u8; 64 * 1024];
            let n = file.read(&mut buf).await?;
            if n == 0 {
                activity.done.store(true, Ordering::Relaxed);
                return Ok::<_, std::io::Error>(None);
            }
            buf.truncate(n);
            let sent = sent + n as u64;
            progress(sent, total);
            activity.touch();
            if sent >= total {
                activity.done.store(true, Ordering::Relaxed);
            }
            Ok(Some((Bytes::from(buf), (file, sent, progress, activity))))
        },
    );
    Ok((reqwest::Body::wrap_stream(stream), total))
}

/// A list response: a bare array, or an object wrapping one under a usual key.
fn items_of(v: Value) -> Option<Vec<Value>> {
    match v {
        Value::Array(a) => Some(a),
        Value::Null => Some(Vec::new()),
        Value::String(s) if s.trim().is_empty() => Some(Vec::new()),
        Value::Object(mut m) => ["issues", "projects", "policies", "data", "items", "results"]
            .iter()
            .find_map(|k| match m.remove(*k) {
                Some(Value::Array(a)) => Some(a),
                _ => None,
            }),
        _ => None,
    }
}

/// `x-ct-pager`: base64 (standard or URL-safe, padded or not) of `{id, pages}`.
fn parse_pager(headers: &HeaderMap) -> Option<(String, u64)> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let raw = headers.get("x-ct-pager")?.to_str().ok()?.trim();
    let bytes = [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|e| e.decode(raw).ok())?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    let id = super::models::de::value_to_string(v.get("id")?)?;
    let pages = match v.get("pages")? {
        Value::Number(n) => n.as_u64()?,
        Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    Some((id, pages))
}

/// 404 (with a CodeThreat body) → `None`; other failures → error; 2xx → the JSON body.
fn not_found_is_none(raw: Raw) -> Result<Option<Value>, ApiError> {
    if !raw.status.is_success() {
        return match raw.error() {
            ApiError::NotFound { .. } => Ok(None),
            e => Err(e),
        };
    }
    raw.json().map(Some)
}

/// `{error: true, message}` in a 2xx body is a rejection.
fn check_error_flag(raw: &Raw, v: &Value) -> Result<(), ApiError> {
    let flagged = match v.get("error") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.is_empty() && s != "false",
        _ => false,
    };
    if flagged {
        let message = v
            .get("message")
            .and_then(Value::as_str)
            .or_else(|| v.get("error").and_then(Value::as_str))
            .unwrap_or("the server reported an error")
            .to_string();
        return Err(ApiError::BadRequest {
            status: raw.status.as_u16(),
            message: snippet(&message),
        });
    }
    Ok(())
}

/// `scan_id` of a start response (`{error:false, message, scan_id}`).
fn scan_id(raw: &Raw) -> Result<String, ApiError> {
    let v = raw.json()?;
    if !v.is_object() {
        return Err(raw.not_codethreat());
    }
    check_error_flag(raw, &v)?;
    v.get("scan_id")
        .or_else(|| v.get("scanId"))
        .and_then(super::models::de::value_to_string)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            ApiError::Decode(format!(
                "the scan start response has no scan_id: {}",
                snippet(&v.to_string())
            ))
        })
}
