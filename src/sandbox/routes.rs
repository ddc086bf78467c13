//! The HTTP surface: the Gen-1 CodeThreat `/api/...` endpoints, with the shapes, status codes
//! and error bodies documented in `codethreat-api.md` (§2.A, §8).
//!
//! Handlers parse request bodies and queries themselves instead of relying on axum's
//! extractor rejections, because every error must come back as the documented JSON
//! `{code, message}` body (the Jenkins plugin crashes on an error body without `code`).

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::SandboxConfig;
use super::faults::Faults;
use super::issues::{self, Pager, fixed_count};
use super::persist;
use super::reports;
use super::scanner::{self, Analysis, Finding, Severity};
use super::state::{
    Failure, Integration, Project, Scan, ScanMeta, State as ScanState, Store, View, iso, now_ms,
    risk_score, severity_counts,
};
use super::unzip::{self, UnzipError};

/// Value of the `x-api-version` response header. 1.7.8 is the newest version for which GHA/GL
/// read a missing project as an HTTP error whose body has `code: 404` (`checkLower1_7_8`).
/// That is the convention this server uses (`404 {"code":404,"message":"Not Found."}`), and the
/// one that also works for PYCLI and AZ (§8). A higher version would switch GHA/GL to expecting
/// an empty 200, which PYCLI would misread as "project exists".
pub const API_VERSION: &str = "1.7.8";

/// Project types a project can have (swagger's `/projects` filter).
pub const PROJECT_TYPES: &[&str] = &[
    "upload",
    "git",
    "github",
    "gitlab",
    "azure",
    "bitbucket",
    "jenkins",
];

/// The default policy titles (GUIDE `usage-guide/settings/scan-policy.md`).
pub const POLICY_TITLES: &[&str] = &[
    "Advanced Security",
    "OWASP Top 10 Focus",
    "API Security",
    "Code Quality & Best Practices",
    "Data & Privacy Protection",
    "Mobile Security",
    "Cryptography & Authentication",
    "File & Resource Management",
    "Web Client-Side Security",
    "Sensitive Information Exposure",
];

/// Stable 12-character id (the shape of swagger's `7xoPVRFf6l86`).
fn short_id(seed: &str) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let digest = Sha256::digest(seed.as_bytes());
    digest[..12]
        .iter()
        .map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char)
        .collect()
}

pub fn policy_id(title: &str) -> String {
    short_id(&format!("policy:{title}"))
}

/// Resolves a `policy_id` given as a title (what the plugins send) or as an id.
fn resolve_policy(v: Option<&str>) -> Option<(String, String)> {
    let v = v.map(str::trim).filter(|v| !v.is_empty());
    let Some(v) = v else {
        let t = POLICY_TITLES[0];
        return Some((policy_id(t), t.to_string()));
    };
    POLICY_TITLES
        .iter()
        .find(|t| t.eq_ignore_ascii_case(v) || policy_id(t) == v)
        .map(|t| (policy_id(t), t.to_string()))
}

/// Request classes, used for statistics and fault targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Endpoint {
    Signin,
    Organization,
    Project,
    Projects,
    ProjectAdd,
    IntegrationSet,
    ScanStart,
    PluginJenkins,
    PluginAzure,
    IntegrationStart,
    Status,
    Stop,
    Issues,
    Report,
    Helper,
    Policy,
    Assistant,
    Other,
}

impl Endpoint {
    pub const ALL: [Endpoint; 18] = [
        Endpoint::Signin,
        Endpoint::Organization,
        Endpoint::Project,
        Endpoint::Projects,
        Endpoint::ProjectAdd,
        Endpoint::IntegrationSet,
        Endpoint::ScanStart,
        Endpoint::PluginJenkins,
        Endpoint::PluginAzure,
        Endpoint::IntegrationStart,
        Endpoint::Status,
        Endpoint::Stop,
        Endpoint::Issues,
        Endpoint::Report,
        Endpoint::Helper,
        Endpoint::Policy,
        Endpoint::Assistant,
        Endpoint::Other,
    ];

    /// The name used in `stats()` and fault specs.
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::Signin => "signin",
            Endpoint::Organization => "organization",
            Endpoint::Project => "project",
            Endpoint::Projects => "projects",
            Endpoint::ProjectAdd => "project_add",
            Endpoint::IntegrationSet => "integration_set",
            Endpoint::ScanStart => "scan_start",
            Endpoint::PluginJenkins => "plugin_jenkins",
            Endpoint::PluginAzure => "plugin_azure",
            Endpoint::IntegrationStart => "integration_start",
            Endpoint::Status => "status",
            Endpoint::Stop => "stop",
            Endpoint::Issues => "issues",
            Endpoint::Report => "report",
            Endpoint::Helper => "helper",
            Endpoint::Policy => "policy",
            Endpoint::Assistant => "assistant",
            Endpoint::Other => "other",
        }
    }

    pub fn is_upload(self) -> bool {
        matches!(
            self,
            Endpoint::ScanStart | Endpoint::PluginJenkins | Endpoint::PluginAzure
        )
    }

    pub fn is_scan_start(self) -> bool {
        self.is_upload() || self == Endpoint::IntegrationStart
    }

    pub fn classify(method: &Method, path: &str) -> Endpoint {
        let path = path.trim_end_matches('/');
        let post = method == Method::POST;
        let seg: Vec<&str> = path.split('/').collect();
        match (post, seg.as_slice()) {
            (true, ["", "api", "signin"]) => Endpoint::Signin,
            (false, ["", "api", "organization"]) => Endpoint::Organization,
            (false, ["", "api", "project"]) => Endpoint::Project,
            (false, ["", "api", "projects"]) => Endpoint::Projects,
            (true, ["", "api", "project", "add"]) => Endpoint::ProjectAdd,
            (true, ["", "api", "integration", _, "set"]) => Endpoint::IntegrationSet,
            (true, ["", "api", "integration", _, "start"]) => Endpoint::IntegrationStart,
            (true, ["", "api", "plugins", "gitlab"]) => Endpoint::IntegrationStart,
            (true, ["", "api", "scan", "start"]) => Endpoint::ScanStart,
            (true, ["", "api", "plugins", "jenkins"]) => Endpoint::PluginJenkins,
            (true, ["", "api", "plugins", "azure"]) => Endpoint::PluginAzure,
            (false, ["", "api", "scan", "status", _]) => Endpoint::Status,
            (true, ["", "api", "scan", "stop"]) => Endpoint::Stop,
            (false, ["", "api", "scanlog", "issues"]) => Endpoint::Issues,
            (false, ["", "api", "report", "scan", "create"]) => Endpoint::Report,
            (false, ["", "api", "plugins", "helper"]) => Endpoint::Helper,
            (false, ["", "api", "policy", ..]) => Endpoint::Policy,
            (true, ["", "api", "assistant", "issue"]) => Endpoint::Assistant,
            _ => Endpoint::Other,
        }
    }
}

/// Request counters, by endpoint.
#[derive(Debug, Default)]
pub struct Counters {
    pub requests: Mutex<BTreeMap<&'static str, u64>>,
    pub scans_started: AtomicU64,
    pub faults_injected: AtomicU64,
}

/// Everything the handlers share.
pub struct Shared {
    pub cfg: SandboxConfig,
    pub store: Mutex<Store>,
    pub(super) pagers: Mutex<HashMap<String, Pager>>,
    pub faults: Faults,
    pub counters: Counters,
    /// Serialises state-file writes so an older snapshot never overwrites a newer one.
    persist_lock: Mutex<()>,
}

impl Shared {
    pub fn new(cfg: SandboxConfig, store: Store) -> Shared {
        let faults = Faults::new(cfg.faults.clone(), cfg.seed);
        Shared {
            cfg,
            store: Mutex::new(store),
            pagers: Mutex::new(HashMap::new()),
            faults,
            counters: Counters::default(),
            persist_lock: Mutex::new(()),
        }
    }

    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        // A panic in one handler must not take the whole sandbox down with a poisoned lock.
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes the state file (if any). Serialising happens under the store lock, so the file
    /// always holds one consistent snapshot.
    pub(super) fn save(&self) {
        let Some(dir) = &self.cfg.state_dir else {
            return;
        };
        let _w = self.persist_lock.lock().unwrap_or_else(|e| e.into_inner());
        let data = {
            let store = self.lock();
            serde_json::to_vec(&*store)
        };
        match data {
            Ok(bytes) => {
                if let Err(e) = persist::write_atomic(&dir.join(persist::STATE_FILE), &bytes) {
                    tracing::warn!("sandbox: cannot save state: {e:#}");
                }
            }
            Err(e) => tracing::warn!("sandbox: cannot serialise state: {e}"),
        }
    }
}

pub(super) type Ctx = State<Arc<Shared>>;

/// The documented error body `{code, message}`.
pub fn error(status: StatusCode, message: &str) -> Response {
    (
        status,
        axum::Json(json!({"code": status.as_u16(), "message": message})),
    )
        .into_response()
}

/// An error answer inside a `Result` (boxed: a `Response` is large).
pub(super) type Reject = Box<Response>;

pub(super) fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "Not Found.")
}

pub(super) fn ok_json(v: Value) -> Response {
    axum::Json(v).into_response()
}

fn successfull() -> Response {
    // "successfull" (sic) is what PYCLI checks for.
    ok_json(json!({"result": {"message": "successfull"}, "error": false}))
}

/// Parses a JSON request body leniently: a missing or empty body is an empty object.
fn json_body(body: &Bytes) -> Result<serde_json::Map<String, Value>, Reject> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(serde_json::Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(Box::new(error(
            StatusCode::BAD_REQUEST,
            "Invalid JSON body.",
        ))),
    }
}

fn str_field<'a>(m: &'a serde_json::Map<String, Value>, keys: &[&str]) -> Option<&'a str> {
    keys.iter()
        .find_map(|k| m.get(*k).and_then(Value::as_str))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Query parameters, parsed from the raw string. Clients do not URL-encode values, so a `+` in
/// a base64 `q` must not become a space; a bare key without `=` is kept with an empty value.
pub(super) fn query(raw: &Option<String>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if let Some(raw) = raw {
        for pair in raw.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let dec = |s: &str| {
                url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default()
            };
            out.insert(dec(k), dec(v));
        }
    }
    out
}

pub(super) fn b64_json(s: &str) -> Option<Value> {
    let s = s.trim().replace(' ', "+");
    let engines = [
        &base64::engine::general_purpose::STANDARD,
        &base64::engine::general_purpose::STANDARD_NO_PAD,
        &base64::engine::general_purpose::URL_SAFE,
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
    ];
    engines
        .iter()
        .find_map(|e| e.decode(s.as_bytes()).ok())
        .and_then(|b| serde_json::from_slice(&b).ok())
}

pub fn b64(v: &Value) -> String {
    base64::engine::general_purpose::STANDARD.encode(v.to_string())
}

/// Router with every endpoint; `auth` guards all but `/api/signin`.
pub fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route("/api/organization", get(organization))
        .route("/api/project", get(project))
        .route("/api/projects", get(projects))
        .route("/api/project/add", post(project_add))
        .route("/api/integration/{kind}/set", post(integration_set))
        .route("/api/integration/{kind}/start", post(integration_start))
        .route("/api/plugins/gitlab", post(plugin_gitlab))
        .route("/api/scan/start", post(scan_start))
        .route("/api/plugins/jenkins", post(plugin_jenkins))
        .route("/api/plugins/azure", post(plugin_azure))
        .route("/api/scan/status/{id}", get(scan_status))
        .route("/api/scan/stop", post(scan_stop))
        .route("/api/scanlog/issues", get(issues::issues))
        .route("/api/report/scan/create", get(reports::report))
        .route("/api/plugins/helper", get(reports::helper))
        .route("/api/policy/list", get(policy_list))
        .route("/api/policy/{id}", get(policy_get))
        .route("/api/assistant/issue", post(assistant))
        .route_layer(middleware::from_fn_with_state(shared.clone(), auth));
    Router::new()
        .route("/api/signin", post(signin))
        .merge(api)
        .fallback(|| async { not_found() })
        // Upload size is enforced by the handlers so the answer is the documented 413 body.
        .layer(DefaultBodyLimit::disable())
        .layer(middleware::map_response(|mut r: Response| async move {
            r.headers_mut()
                .insert("x-api-version", HeaderValue::from_static(API_VERSION));
            r
        }))
        .with_state(shared)
}

/// Token from `Authorization`: `Bearer X` (PYCLI, JEN, VSC) or a bare `X` (GHA, GL, AZ).
fn presented_token(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let t = match v.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
        _ => v,
    };
    (!t.is_empty()).then_some(t)
}

/// Constant-time comparison, so response timing does not leak how much of a token matched.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

async fn auth(State(s): Ctx, req: Request, next: Next) -> Response {
    let valid = presented_token(req.headers()).is_some_and(|t| {
        same(t, &s.cfg.token) || s.lock().access_tokens.iter().any(|a| same(t, a))
    });
    if !valid {
        return (
            StatusCode::UNAUTHORIZED,
            axum::Json(json!({"status": 401, "code": "Unauthorized", "message": "Invalid token"})),
        )
            .into_response();
    }
    let org_ok = req
        .headers()
        .get("x-ct-organization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|o| o.trim() == s.cfg.org);
    if !org_ok {
        return error(StatusCode::FORBIDDEN, "Access denied.");
    }
    next.run(req).await
}

async fn signin(State(s): Ctx, body: Bytes) -> Response {
    let Ok(m) = json_body(&body) else {
        return error(StatusCode::BAD_REQUEST, "Invalid JSON body.");
    };
    let (Some(user), Some(pass)) = (
        str_field(&m, &["client_id", "username"]),
        str_field(&m, &["client_secret", "password"]),
    ) else {
        return error(
            StatusCode::BAD_REQUEST,
            "Missing Fields: Send { client_id: string, client_secret: string }",
        );
    };
    let ok = matches!((&s.cfg.user, &s.cfg.password), (Some(u), Some(p)) if same(u, user) && same(p, pass));
    if !ok {
        return error(StatusCode::UNAUTHORIZED, "Invalid username or password.");
    }
    let token = super::random_token();
    s.lock().access_tokens.push(token.clone());
    s.save();
    ok_json(json!({"access_token": token, "token_type": "Bearer", "expires_in": 86400}))
}

async fn organization(State(s): Ctx, RawQuery(q): RawQuery) -> Response {
    let q = query(&q);
    match q.get("key").map(|k| k.trim()) {
        None | Some("") => error(StatusCode::BAD_REQUEST, "Missing Fields: key"),
        Some(k) if k == s.cfg.org => {
            let n = s.lock().projects.len();
            ok_json(
                json!({"organization_name": s.cfg.org, "name": s.cfg.org, "projects": n, "isActive": true}),
            )
        }
        Some(_) => error(StatusCode::FORBIDDEN, "Access denied."),
    }
}

fn integration_json(p: &Project) -> Value {
    let mut all = serde_json::Map::new();
    for k in ["azure", "github", "gitlab", "bitbucket", "git"] {
        all.insert(k.to_string(), json!({}));
    }
    if let Some(i) = &p.integration {
        let v = match p.project_type.as_str() {
            "github" => {
                json!({"repoId": i.repo_id, "account": i.account, "policy_id": i.policy_id, "branch": i.branch, "url": i.url, "type": i.visibility})
            }
            "gitlab" => {
                json!({"projectID": i.repo_id, "account": i.account, "policy_id": i.policy_id, "branch": i.branch, "url": i.url, "type": i.visibility})
            }
            "azure" => {
                json!({"repoId": i.repo_id, "account": i.account, "project": p.name, "policy_id": i.policy_id, "type": i.visibility, "branch": i.branch, "projectID": i.repo_id})
            }
            "bitbucket" => {
                json!({"account": i.account, "workspace": i.account, "repository": i.repo_id, "projectKey": i.repo_id, "policy_id": i.policy_id, "branch": i.branch, "type": i.visibility})
            }
            "git" => json!({"url": i.url, "branch": i.branch, "policy_id": i.policy_id}),
            _ => Value::Null,
        };
        if !v.is_null() {
            all.insert(p.project_type.clone(), v);
        }
    }
    Value::Object(all)
}

/// Swagger's `ProjectResponse`.
fn project_json(p: &Project, store: &Store, now: i64) -> Value {
    let scans: Vec<&Scan> = p
        .scan_ids
        .iter()
        .filter_map(|id| store.scans.get(id))
        .collect();
    let latest = scans.last().copied();
    let (sast, sca, state, loc, files, langs) = match latest {
        Some(sc) => {
            let v = sc.view(now);
            let sast = severity_counts(sc.visible_findings(&v).iter().map(|f| f.severity));
            let sca = severity_counts(sc.visible_sca(&v).iter().map(|f| f.severity));
            (
                sast,
                sca,
                v.state.as_str(),
                sc.analysis.loc,
                sc.analysis.text_files,
                sc.analysis.languages.clone(),
            )
        }
        None => (
            severity_counts([]),
            severity_counts([]),
            "",
            0,
            0,
            Vec::new(),
        ),
    };
    let trend: Vec<Value> = scans
        .iter()
        .filter(|sc| sc.view(now).state == ScanState::End)
        .map(|sc| {
            json!({"id": sc.id, "date": iso(sc.started_at_ms),
                   "issues": {"open": sc.analysis.findings.len(), "closed": fixed_count(store, sc)}})
        })
        .collect();
    let mut top: BTreeMap<&str, u64> = BTreeMap::new();
    if let Some(sc) = latest {
        for f in sc.visible_findings(&sc.view(now)) {
            *top.entry(f.weakness_id.as_str()).or_default() += 1;
        }
    }
    json!({
        "settings": {"analyse_settings": {"excluded_paths": null, "sca": true, "sast": true, "license_detection": false,
            "default_policy": p.integration.as_ref().and_then(|i| i.policy_id.clone())}},
        "integrations": integration_json(p),
        "schemaVersion": "1",
        "project_name": p.name,
        "description": p.description,
        "version": null,
        "languages": langs,
        "created_at": iso(p.created_at_ms),
        "tags": p.tags,
        "total_loc": loc,
        "total_files": files,
        "type": p.project_type,
        "owner": "sandbox",
        "team": [],
        "created_by": "sandbox",
        "scan_ids": p.scan_ids,
        "isActive": true,
        "analytics": {"compliances": {}, "issueTrend": trend, "topIssueCategories": top, "_id": short_id(&p.name)},
        "sastSeverities": sast,
        "state": state,
        "last_scan_time": latest.map(|sc| sc.started_at_ms).unwrap_or(0),
        "isRepositorySourceAccessible": p.project_type != "upload",
        "scaIssuesCount": {
            "CRITICAL": sca["critical"], "HIGH": sca["high"], "MEDIUM": sca["medium"], "LOW": sca["low"]
        },
    })
}

async fn project(State(s): Ctx, RawQuery(q): RawQuery) -> Response {
    let q = query(&q);
    let Some(key) = q.get("key").map(|k| k.trim()).filter(|k| !k.is_empty()) else {
        return error(
            StatusCode::BAD_REQUEST,
            "Error occurred: Cannot get project.",
        );
    };
    let store = s.lock();
    match store.projects.get(key) {
        Some(p) => ok_json(project_json(p, &store, now_ms())),
        None => not_found(),
    }
}

pub(super) fn page_params(
    q: &HashMap<String, String>,
    default_size: usize,
) -> Result<(usize, usize), Reject> {
    let size = match q
        .get("pageSize")
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
    {
        None => default_size,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=500).contains(&n) => n,
            _ => {
                return Err(Box::new(error(
                    StatusCode::BAD_REQUEST,
                    "pageSize must be a number between 1 and 500.",
                )));
            }
        },
    };
    let page = match q.get("page").map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => 1,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n >= 1 => n,
            _ => {
                return Err(Box::new(error(
                    StatusCode::BAD_REQUEST,
                    "page must be a number from 1.",
                )));
            }
        },
    };
    Ok((page, size))
}

async fn projects(State(s): Ctx, RawQuery(q): RawQuery) -> Response {
    let q = query(&q);
    let (page, size) = match page_params(&q, 20) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let filter = q.get("q").and_then(|v| b64_json(v)).unwrap_or(Value::Null);
    let type_filter = filter
        .get("type")
        .and_then(Value::as_str)
        .map(str::to_string);
    let search = q
        .get("search")
        .map(|v| v.to_lowercase())
        .unwrap_or_default();
    let store = s.lock();
    let now = now_ms();
    let mut list: Vec<&Project> = store
        .projects
        .values()
        .filter(|p| p.name.to_lowercase().contains(&search))
        .filter(|p| type_filter.as_ref().is_none_or(|t| &p.project_type == t))
        .collect();
    match q.get("sort").map(String::as_str) {
        Some("scan_date") => list.sort_by_key(|p| {
            std::cmp::Reverse(
                p.scan_ids
                    .last()
                    .and_then(|id| store.scans.get(id))
                    .map(|sc| sc.started_at_ms)
                    .unwrap_or(0),
            )
        }),
        Some("size_desc") => list.sort_by_key(|p| std::cmp::Reverse(p.scan_ids.len())),
        Some("size_asc") => list.sort_by_key(|p| p.scan_ids.len()),
        _ => {}
    }
    let total = list.len();
    let pages = total.div_ceil(size);
    let body: Vec<Value> = list
        .into_iter()
        .skip((page - 1) * size)
        .take(size)
        .map(|p| project_json(p, &store, now))
        .collect();
    let mut r = ok_json(Value::Array(body));
    if let Ok(h) = HeaderValue::from_str(&b64(
        &json!({"id": "projects", "pages": pages, "total": total}),
    )) {
        r.headers_mut().insert("x-ct-pager", h);
    }
    r
}

/// Swagger's project-name rules: 3–1000 characters, and no characters that break URLs or
/// paths (clients put names into query strings without encoding them).
fn check_project_name(name: &str) -> Result<(), &'static str> {
    let n = name.chars().count();
    if n < 3 {
        return Err("Project name is too short (minimum 3 characters).");
    }
    if n > 1000 {
        return Err("Project name is too long (maximum 1000 characters).");
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ' | '@'))
    {
        return Err(
            "Project name contains illegal characters (allowed: letters, digits, space, - _ . @).",
        );
    }
    Ok(())
}

fn new_project(name: &str, project_type: &str, integration: Option<Integration>) -> Project {
    Project {
        name: name.to_string(),
        project_type: project_type.to_string(),
        description: None,
        tags: Vec::new(),
        created_at_ms: now_ms(),
        scan_ids: Vec::new(),
        integration,
    }
}

async fn project_add(State(s): Ctx, body: Bytes) -> Response {
    let m = match json_body(&body) {
        Ok(m) => m,
        Err(r) => return *r,
    };
    let Some(name) = m.get("project_name").and_then(Value::as_str) else {
        return error(
            StatusCode::BAD_REQUEST,
            "Missing Fields: Send { project_name: string }",
        );
    };
    if let Err(msg) = check_project_name(name) {
        return error(StatusCode::BAD_REQUEST, msg);
    }
    let description = m.get("description").and_then(Value::as_str);
    if description.is_some_and(|d| d.chars().count() > 5000) {
        return error(
            StatusCode::BAD_REQUEST,
            "Description is too long (maximum 5000 characters).",
        );
    }
    let tags: Vec<String> = m
        .get("tags")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if tags.len() > 5 {
        return error(StatusCode::BAD_REQUEST, "Too many tags (maximum 5).");
    }
    {
        let mut store = s.lock();
        if store.projects.contains_key(name) {
            return error(StatusCode::BAD_REQUEST, "Project already exists.");
        }
        let mut p = new_project(name, "upload", None);
        p.description = description.map(str::to_string);
        p.tags = tags;
        store.projects.insert(name.to_string(), p);
    }
    s.save();
    successfull()
}

fn kind_label(kind: &str) -> String {
    let mut c = kind.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

const REPO_KINDS: &[&str] = &["github", "gitlab", "azure", "bitbucket", "git"];

async fn integration_set(State(s): Ctx, Path(kind): Path<String>, body: Bytes) -> Response {
    if !REPO_KINDS.contains(&kind.as_str()) {
        return not_found();
    }
    let m = match json_body(&body) {
        Ok(m) => m,
        Err(r) => return *r,
    };
    let Some(name) = str_field(&m, &["project", "project_name"]) else {
        return error(
            StatusCode::BAD_REQUEST,
            "Missing Fields: Send { project: string }",
        );
    };
    if let Err(msg) = check_project_name(name) {
        return error(StatusCode::BAD_REQUEST, msg);
    }
    let policy = str_field(&m, &["policy_id"]);
    if policy.is_some() && resolve_policy(policy).is_none() {
        return error(StatusCode::BAD_REQUEST, "Policy not found.");
    }
    let integration = Integration {
        repo_id: str_field(&m, &["repoId", "repoNameAndID", "projectId"]).map(str::to_string),
        account: str_field(&m, &["account"]).map(str::to_string),
        branch: str_field(&m, &["branch"]).map(str::to_string),
        url: str_field(&m, &["url"]).map(str::to_string).or_else(|| {
            m.get("git")
                .and_then(|g| g.get("url"))
                .and_then(Value::as_str)
                .map(str::to_string)
        }),
        visibility: str_field(&m, &["type"]).map(str::to_string),
        policy_id: policy.map(str::to_string),
    };
    {
        let mut store = s.lock();
        if let Some(p) = store.projects.get(name) {
            return if p.project_type == kind {
                (
                    StatusCode::BAD_REQUEST,
                    axum::Json(json!({"code": 409, "message": "Cannot create project: a project with the same type already exists."})),
                )
                    .into_response()
            } else {
                error(StatusCode::BAD_REQUEST, "Project already exists.")
            };
        }
        store.projects.insert(
            name.to_string(),
            new_project(name, &kind, Some(integration)),
        );
    }
    s.save();
    ok_json(json!({"error": false, "message": "Project created successfully.", "scan_id": null}))
}

/// What a start request carries besides the project.
struct StartRequest {
    project: String,
    meta: ScanMeta,
}

fn meta_from_json(m: &serde_json::Map<String, Value>, source: &str) -> Result<ScanMeta, Reject> {
    let Some((policy_id, policy_title)) = resolve_policy(str_field(m, &["policy_id"])) else {
        return Err(Box::new(error(
            StatusCode::BAD_REQUEST,
            "Policy not found.",
        )));
    };
    let s = |k: &[&str]| str_field(m, k).map(str::to_string);
    Ok(ScanMeta {
        branch: s(&["branch"]),
        policy_id,
        policy_title,
        source: source.to_string(),
        filename: None,
        commit_id: s(&["commitId"]),
        committer: s(&["committer"]),
        commit_message: s(&["commitMessage"]),
    })
}

async fn integration_start(State(s): Ctx, Path(kind): Path<String>, body: Bytes) -> Response {
    if !REPO_KINDS.contains(&kind.as_str()) {
        return not_found();
    }
    repo_start(s, &kind, body).await
}

async fn plugin_gitlab(State(s): Ctx, body: Bytes) -> Response {
    repo_start(s, "gitlab", body).await
}

/// Scan of a repository-bound project: the "repository" is the built-in sample source.
async fn repo_start(s: Arc<Shared>, kind: &str, body: Bytes) -> Response {
    let m = match json_body(&body) {
        Ok(m) => m,
        Err(r) => return *r,
    };
    let Some(name) = str_field(&m, &["project", "project_name"]).map(str::to_string) else {
        return error(
            StatusCode::BAD_REQUEST,
            "Missing Fields: Send { project: string } and optionally { branch: string, policy_id: string }",
        );
    };
    let ptype = s.lock().projects.get(&name).map(|p| p.project_type.clone());
    match ptype {
        None => {
            return error(
                StatusCode::NOT_FOUND,
                "Not Found: Create a project first which you want to scan.",
            );
        }
        Some(t) if t != kind => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("{} connection is not set.", kind_label(kind)),
            );
        }
        Some(_) => {}
    }
    let meta = match meta_from_json(&m, kind) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let project = name.clone();
    let analysis = tokio::task::spawn_blocking(move || {
        let files = super::SAMPLE_SOURCE;
        scanner::analyse(&project, files.iter().copied(), files.len() as u32)
    })
    .await
    .unwrap_or_default();
    create_scan(
        &s,
        StartRequest {
            project: name,
            meta,
        },
        analysis,
        None,
    )
}

/// Records a new scan. This is the only place scans are created (and counted).
fn create_scan(
    s: &Shared,
    req: StartRequest,
    analysis: Analysis,
    failure: Option<Failure>,
) -> Response {
    let failure = failure.or_else(|| {
        s.faults.scan_fails().then(|| Failure {
            at: 0.5,
            message: "ERR500: Analysis engine failed (injected fault).".to_string(),
        })
    });
    let id = {
        let mut store = s.lock();
        let mut id = super::random_id();
        while store.scans.contains_key(&id) {
            id = super::random_id();
        }
        let scan = Scan {
            id: id.clone(),
            project: req.project.clone(),
            meta: req.meta,
            started_at_ms: now_ms(),
            duration_ms: s.cfg.scan_duration.as_millis() as u64,
            stopped_at_ms: None,
            failure,
            analysis: Arc::new(analysis),
        };
        store.scans.insert(id.clone(), scan);
        if let Some(p) = store.projects.get_mut(&req.project) {
            p.scan_ids.push(id.clone());
        }
        id
    };
    s.counters.scans_started.fetch_add(1, Ordering::SeqCst);
    s.save();
    ok_json(json!({"error": false, "message": "Scan started successfully.", "scan_id": id}))
}

/// Fields of a multipart upload.
#[derive(Default)]
struct Upload {
    file: Option<Bytes>,
    filename: Option<String>,
    fields: serde_json::Map<String, Value>,
}

fn too_large(limit: u64) -> Response {
    error(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!("Maximum upload size exceeded (limit {limit} bytes)."),
    )
}

async fn read_upload(
    s: &Shared,
    mp: Result<Multipart, MultipartRejection>,
) -> Result<Upload, Response> {
    let mut mp = mp.map_err(|_| {
        error(
            StatusCode::BAD_REQUEST,
            "Missing Fields: Send a multipart/form-data body with { project: string, upfile: file }",
        )
    })?;
    let bad = |e: axum::extract::multipart::MultipartError| {
        error(
            StatusCode::BAD_REQUEST,
            &format!("Malformed multipart body: {e}"),
        )
    };
    let limit = s.cfg.max_upload_bytes;
    let mut up = Upload::default();
    let mut over = false;
    // Past the limit the rest is read and dropped (so the client reads our 413), but only up
    // to a bound: a client streaming gigabytes gets its connection closed instead.
    let drain_cap = limit.saturating_mul(2).max(64 * 1024 * 1024);
    let mut drained: u64 = 0;
    while let Some(mut field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "upfile" {
            up.filename = field.file_name().map(str::to_string);
            let mut buf = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(bad)? {
                if over || (buf.len() + chunk.len()) as u64 > limit {
                    over = true;
                    buf = Vec::new();
                    drained += chunk.len() as u64;
                    if drained > drain_cap {
                        return Err(too_large(limit));
                    }
                    continue;
                }
                buf.extend_from_slice(&chunk);
            }
            up.file = Some(Bytes::from(buf));
        } else {
            let text = field.text().await.map_err(bad)?;
            up.fields.insert(name, Value::String(text));
        }
    }
    if over {
        return Err(too_large(limit));
    }
    Ok(up)
}

async fn scan_start(State(s): Ctx, mp: Result<Multipart, MultipartRejection>) -> Response {
    upload_start(s, mp, "upload").await
}

async fn plugin_jenkins(State(s): Ctx, mp: Result<Multipart, MultipartRejection>) -> Response {
    upload_start(s, mp, "jenkins").await
}

async fn plugin_azure(State(s): Ctx, mp: Result<Multipart, MultipartRejection>) -> Response {
    upload_start(s, mp, "azure").await
}

/// `/api/scan/start` needs an existing `upload` project (swagger). The Jenkins and Azure
/// plugin uploads create their project on first use: Jenkins has no create step at all, and
/// AZ creates `<project>` but uploads to `<project>_<repo>` (§3.1, §9.22).
async fn upload_start(
    s: Arc<Shared>,
    mp: Result<Multipart, MultipartRejection>,
    via: &str,
) -> Response {
    let up = match read_upload(&s, mp).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let (Some(name), Some(file)) = (str_field(&up.fields, &["project"]), up.file.clone()) else {
        return error(
            StatusCode::BAD_REQUEST,
            "Missing Fields: Send { project: string, upfile: file }",
        );
    };
    let name = name.to_string();
    let existing = s.lock().projects.get(&name).map(|p| p.project_type.clone());
    match (via, existing.as_deref()) {
        ("upload", None) => {
            return error(
                StatusCode::NOT_FOUND,
                "Not Found: Create a project first which you want to scan.",
            );
        }
        ("upload", Some(t)) if t != "upload" => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!(
                    "Only projects of type upload can be scanned with an archive; {name} is of type {t}."
                ),
            );
        }
        (_, None) => {
            if let Err(msg) = check_project_name(&name) {
                return error(StatusCode::BAD_REQUEST, msg);
            }
        }
        _ => {}
    }
    let source = up
        .fields
        .get("scan_source")
        .or_else(|| up.fields.get("from"))
        .and_then(Value::as_str)
        .unwrap_or(via)
        .to_string();
    let mut meta = match meta_from_json(&up.fields, &source) {
        Ok(m) => m,
        Err(r) => return *r,
    };
    meta.filename = up.filename.clone();
    let limits = s.cfg.zip_limits;
    let project = name.clone();
    let result = tokio::task::spawn_blocking(move || {
        let x = unzip::extract(&file, &limits)?;
        let a = scanner::analyse(
            &project,
            x.text_files.iter().map(|(p, t)| (p.as_str(), t.as_str())),
            x.total_files,
        );
        Ok::<_, UnzipError>(a)
    })
    .await;
    let analysis = match result {
        Ok(Ok(a)) => a,
        Ok(Err(e)) => return error(StatusCode::BAD_REQUEST, &e.to_string()),
        Err(_) => return error(StatusCode::INTERNAL_SERVER_ERROR, "Scan environment error."),
    };
    if existing.is_none() {
        let mut store = s.lock();
        store
            .projects
            .entry(name.clone())
            .or_insert_with(|| new_project(&name, via, None));
    }
    // An archive with nothing to analyse is accepted (the scan id is real) but the scan fails,
    // as a real engine would after unpacking.
    let failure = (analysis.text_files == 0).then(|| Failure {
        at: 0.1,
        message: "ERR100: No analysable source files found in the archive.".to_string(),
    });
    create_scan(
        &s,
        StartRequest {
            project: name,
            meta,
        },
        analysis,
        failure,
    )
}

fn find_scan(s: &Shared, id: &str) -> Option<Scan> {
    s.lock().scans.get(id).cloned()
}

/// Distinct weaknesses among findings, with the highest severity and a count.
pub(super) fn weaknesses(findings: &[Finding]) -> Vec<(String, Severity, u64)> {
    let mut m: BTreeMap<&str, (Severity, u64)> = BTreeMap::new();
    for f in findings {
        let e = m.entry(f.weakness_id.as_str()).or_insert((f.severity, 0));
        e.0 = e.0.min(f.severity);
        e.1 += 1;
    }
    m.into_iter()
        .map(|(k, (s, n))| (k.to_string(), s, n))
        .collect()
}

fn status_json(sc: &Scan, v: &View) -> Value {
    let findings = sc.visible_findings(v);
    let sca = sc.visible_sca(v);
    let logs: Vec<Value> = sc
        .logs(v)
        .into_iter()
        .map(|(t, m, ms)| json!({"logType": t, "message": m, "create_date": iso(ms), "update_date": iso(ms)}))
        .collect();
    let weak = weaknesses(findings);
    let mut labels: BTreeMap<String, u64> = BTreeMap::new();
    for f in findings {
        if let Some(r) = scanner::rule_by_id(&f.rule_id) {
            *labels.entry(r.cwe.to_string()).or_default() += 1;
        }
    }
    let m = &sc.meta;
    json!({
        "id": sc.id,
        "state": v.state.as_str(),
        "progress_data": {
            "progress": v.progress,
            "currentdir": null,
            "current_analysis": sc.current_analysis(v),
            "current_weakness": findings.last().map(|f| f.weakness_id.as_str()).unwrap_or(""),
        },
        "started_at": sc.started_at_ms,
        "ended_at": v.ended_at_ms,
        "riskscore": risk_score(findings),
        "sast_severities": severity_counts(findings.iter().map(|f| f.severity)),
        "sca_severities": severity_counts(sca.iter().map(|f| f.severity)),
        "logs": logs,
        "weaknessesArr": weak.iter().map(|(w, s, n)| json!({"weakness_id": w, "severity": s, "count": n})).collect::<Vec<_>>(),
        "weaknessArr": weak.iter().map(|(w, s, _)| json!({"issue_state": {"weakness_id": w, "severity": s}}).to_string()).collect::<Vec<_>>(),
        "tags": {
            "project_name": sc.project, "starter": "sandbox", "filename": m.filename,
            "policy_id": m.policy_id, "branch": m.branch, "commitId": m.commit_id,
            "committer": m.committer, "commitMessage": m.commit_message, "policy_title": m.policy_title,
        },
        "schemaVersion": "1",
        "loc": sc.analysis.loc,
        "nfiles": sc.analysis.text_files,
        "uid": "sandbox",
        "fixcosts": null,
        "trustlevels": null,
        "labels": labels,
        "impacts": {},
        "rootcauses": {},
        "license_detection": {"low": 0, "high": 0, "unknown": 0},
    })
}

async fn scan_status(State(s): Ctx, Path(id): Path<String>) -> Response {
    match find_scan(&s, id.trim()) {
        Some(sc) => ok_json(status_json(&sc, &sc.view(now_ms()))),
        None => not_found(),
    }
}

async fn scan_stop(State(s): Ctx, body: Bytes) -> Response {
    let m = match json_body(&body) {
        Ok(m) => m,
        Err(r) => return *r,
    };
    let Some(id) = str_field(&m, &["scan_id"]) else {
        return error(
            StatusCode::BAD_REQUEST,
            "Missing Fields: Send { scan_id: string }",
        );
    };
    {
        let mut store = s.lock();
        let Some(sc) = store.scans.get_mut(id) else {
            return not_found();
        };
        let now = now_ms();
        if sc.view(now).state != ScanState::Run {
            return error(StatusCode::BAD_REQUEST, "Scan is not running.");
        }
        sc.stopped_at_ms = Some(now);
    }
    s.save();
    successfull()
}

fn policy_json(title: &str) -> Value {
    let empty = json!({"include": [], "exclude": []});
    json!({
        "id": policy_id(title), "description": format!("{title} (sandbox default policy)"),
        "policy_title": title, "is_default": title == POLICY_TITLES[0], "schemaVersion": "1",
        "engine_settings": {"maximum_execution_time_in_minutes": 60, "maximum_method_call_depth": 10,
            "enable_full_points_to_analysis": false, "decompiled_code_scan_module": false, "sast_module": true, "sca_module": true},
        "fixcost": empty, "impacts": empty, "labels": empty, "platform": empty, "rootcauses": empty,
        "scan_type": empty, "severities": empty, "standards": empty, "trustlevel": empty,
    })
}

async fn policy_list(RawQuery(raw): RawQuery) -> Response {
    let q = query(&raw);
    let search = q
        .get("search")
        .map(|s| s.to_lowercase())
        .unwrap_or_default();
    ok_json(Value::Array(
        POLICY_TITLES
            .iter()
            .filter(|t| t.to_lowercase().contains(&search))
            .map(|t| policy_json(t))
            .collect(),
    ))
}

async fn policy_get(Path(id): Path<String>) -> Response {
    match resolve_policy(Some(&id)) {
        Some((_, title)) if !id.trim().is_empty() => ok_json(policy_json(&title)),
        _ => not_found(),
    }
}

/// `POST /api/assistant/issue` (VSC's AI view). VSC runs `JSON.parse` on the answer, so the
/// body is a JSON *string* holding the object (§A18). The text is canned from the rule's notes.
async fn assistant(State(s): Ctx, body: Bytes) -> Response {
    let m = match json_body(&body) {
        Ok(m) => m,
        Err(r) => return *r,
    };
    let (Some(project), Some(issue_id)) = (
        str_field(&m, &["project_name"]),
        str_field(&m, &["issue_id"]),
    ) else {
        return error(
            StatusCode::BAD_REQUEST,
            "Missing Fields: Send { project_name: string, issue_id: string }",
        );
    };
    let finding = {
        let store = s.lock();
        store.projects.get(project).and_then(|p| {
            p.scan_ids.iter().rev().find_map(|id| {
                store.scans.get(id).and_then(|sc| {
                    sc.analysis
                        .findings
                        .iter()
                        .find(|f| f.issue_id == issue_id)
                        .cloned()
                })
            })
        })
    };
    let Some(f) = finding else {
        return not_found();
    };
    let (description, mitigation) = scanner::rule_by_id(&f.rule_id)
        .map(|r| (r.description, r.mitigation))
        .unwrap_or(("", ""));
    let answer = json!({
        "example_exploit_request_or_methods": format!("An attacker controls the data reaching `{}` at {}:{}.", f.snippet.trim(), f.path, f.line),
        "human_readable_flow_graph_and_explaination": format!("{description} Flow: input → {}:{} ({}).", f.path, f.line, f.title),
        "optimal_fix_remediation": format!("**Fix:** {mitigation}"),
    });
    ok_json(Value::String(answer.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_paths() {
        assert_eq!(
            Endpoint::classify(&Method::GET, "/api/scan/status/abc"),
            Endpoint::Status
        );
        assert_eq!(
            Endpoint::classify(&Method::POST, "/api/plugins/gitlab"),
            Endpoint::IntegrationStart
        );
        assert_eq!(
            Endpoint::classify(&Method::POST, "/api/integration/github/start"),
            Endpoint::IntegrationStart
        );
        assert_eq!(
            Endpoint::classify(&Method::GET, "/api/scan/start"),
            Endpoint::Other
        );
    }

    #[test]
    fn query_keeps_plus_and_bare_keys() {
        let q = query(&Some("q=ab+c/=&sid=1&eyJ9".to_string()));
        assert_eq!(q["q"], "ab+c/=");
        assert_eq!(q["eyJ9"], "");
    }

    #[test]
    fn policies_by_title_or_id() {
        let (id, title) = resolve_policy(Some("advanced security")).unwrap();
        assert_eq!(title, "Advanced Security");
        assert_eq!(resolve_policy(Some(&id)).unwrap().1, title);
        assert!(resolve_policy(Some("nope")).is_none());
        assert_eq!(id.len(), 12);
    }

    #[test]
    fn project_names() {
        assert!(check_project_name("ab").is_err());
        assert!(check_project_name("my-app_1.0").is_ok());
        assert!(check_project_name("bad/name").is_err());
        assert!(check_project_name(&"a".repeat(1001)).is_err());
    }
}
