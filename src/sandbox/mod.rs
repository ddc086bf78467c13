//! A local, CodeThreat-compatible server (`kdt sandbox`) for demos and hermetic tests.
//!
//! It speaks the Gen-1 `/api/...` API the official clients use (PYCLI, GHA, GL, JEN, AZ, VSC):
//! token or signin auth plus the `x-ct-organization` header, projects, uploads and repository
//! scans, status polling, the paged issues list, the helper summary and SARIF. Scans run a small
//! documented rule set over the uploaded code ([`scanner`]), so findings are real and
//! deterministic. Faults can be injected for reliability tests ([`faults`]).
//!
//! Use it from Rust either inside a runtime ([`Sandbox::start`]) or from synchronous code
//! ([`Sandbox::spawn`], which runs it on its own thread).

pub mod faults;
mod issues;
pub mod persist;
mod reports;
pub mod routes;
pub mod scanner;
pub mod server;
pub mod state;
pub mod tls;
pub mod unzip;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use anyhow::Context;
use tokio::sync::watch;

pub use faults::FaultRule;
pub use unzip::ZipLimits;

use routes::Shared;
use state::{Integration, Project, Store, now_ms};

/// Source analysed by scans of repository-bound projects (the sandbox cannot clone anything).
pub const SAMPLE_SOURCE: &[(&str, &str)] = &[
    ("app.py", include_str!("sample/app.py")),
    ("web.js", include_str!("sample/web.js")),
    ("Login.java", include_str!("sample/Login.java")),
    ("client.go", include_str!("sample/client.go")),
    ("package.json", include_str!("sample/package.json")),
    ("requirements.txt", include_str!("sample/requirements.txt")),
];

/// A project to create at start-up: `NAME` (an upload project) or `NAME:TYPE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectSeed {
    pub name: String,
    pub project_type: String,
}

impl std::str::FromStr for ProjectSeed {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (name, ty) = s.rsplit_once(':').unwrap_or((s, "upload"));
        let ty = ty.trim().to_ascii_lowercase();
        if !routes::PROJECT_TYPES.contains(&ty.as_str()) {
            return Err(format!(
                "unknown project type {ty:?}; use one of {}",
                routes::PROJECT_TYPES.join(", ")
            ));
        }
        let name = name.trim();
        if name.chars().count() < 3 {
            return Err(format!(
                "project name {name:?} is shorter than 3 characters"
            ));
        }
        Ok(ProjectSeed {
            name: name.to_string(),
            project_type: ty,
        })
    }
}

/// Everything the sandbox can be told. `Default` is an in-memory server on a free loopback
/// port, organization `sandbox-org`, a random token, 3 s scans and no faults.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub listen: SocketAddr,
    pub tls: bool,
    pub org: String,
    pub token: String,
    /// Credentials accepted by `POST /api/signin` (both must be set).
    pub user: Option<String>,
    pub password: Option<String>,
    /// How long a scan "runs"; zero finishes scans as soon as they start.
    pub scan_duration: Duration,
    /// Persist projects and scans here (and write the TLS certificate here).
    pub state_dir: Option<PathBuf>,
    pub faults: Vec<FaultRule>,
    pub seed: u64,
    pub max_upload_bytes: u64,
    pub zip_limits: ZipLimits,
    pub projects: Vec<ProjectSeed>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            tls: false,
            org: "sandbox-org".to_string(),
            token: random_token(),
            user: None,
            password: None,
            scan_duration: Duration::from_secs(3),
            state_dir: None,
            faults: Vec::new(),
            seed: 0,
            max_upload_bytes: 256 * 1024 * 1024,
            zip_limits: ZipLimits::default(),
            projects: Vec::new(),
        }
    }
}

/// 32 random bytes from the operating system, hex encoded.
pub fn random_token() -> String {
    use rand::TryRng;
    let mut buf = [0u8; 32];
    rand::rngs::SysRng
        .try_fill_bytes(&mut buf)
        .expect("operating system randomness is available");
    format!("ct_sandbox_{}", hex::encode(buf))
}

/// A 12-character alphanumeric id (scan ids, pager ids).
pub fn random_id() -> String {
    use rand::RngExt;
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut rng = rand::rng();
    (0..12)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// A snapshot of the request counters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SandboxStats {
    /// Requests per endpoint name (`status`, `scan_start`, … see [`routes::Endpoint::name`]),
    /// counted on arrival, including requests answered by an injected fault.
    pub requests: BTreeMap<String, u64>,
    /// Scans actually created.
    pub scans_started: u64,
    pub faults_injected: u64,
}

impl SandboxStats {
    /// Requests to one endpoint (0 when none arrived).
    pub fn requests_to(&self, endpoint: &str) -> u64 {
        self.requests.get(endpoint).copied().unwrap_or(0)
    }

    pub fn total_requests(&self) -> u64 {
        self.requests.values().sum()
    }
}

/// What callers can see of a running sandbox; both [`Sandbox`] and [`SandboxHandle`]
/// dereference to it.
#[derive(Clone)]
pub struct SandboxInfo {
    base_url: String,
    org: String,
    token: String,
    cert_pem_path: Option<PathBuf>,
    shared: Arc<Shared>,
}

impl SandboxInfo {
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn org(&self) -> &str {
        &self.org
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    /// The PEM of the self-signed certificate (TLS mode only).
    pub fn cert_pem_path(&self) -> Option<&Path> {
        self.cert_pem_path.as_deref()
    }

    pub fn stats(&self) -> SandboxStats {
        stats_of(&self.shared)
    }

    /// The one line `kdt sandbox` prints: base URL, organization, token, certificate path.
    pub fn ready_line(&self) -> String {
        serde_json::json!({
            "base_url": self.base_url,
            "organization": self.org,
            "token": self.token,
            "cert_pem": self.cert_pem_path,
        })
        .to_string()
    }
}

impl std::ops::Deref for Sandbox {
    type Target = SandboxInfo;
    fn deref(&self) -> &SandboxInfo {
        &self.info
    }
}

impl std::ops::Deref for SandboxHandle {
    type Target = SandboxInfo;
    fn deref(&self) -> &SandboxInfo {
        &self.info
    }
}

/// A running sandbox inside the caller's tokio runtime. Dropping it stops the server.
pub struct Sandbox {
    info: SandboxInfo,
    shutdown: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
    /// Holds the certificate when there is no state dir; removed on drop.
    _cert_dir: Option<tempfile::TempDir>,
}

fn stats_of(shared: &Shared) -> SandboxStats {
    let c = &shared.counters;
    SandboxStats {
        requests: c
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect(),
        scans_started: c.scans_started.load(Ordering::SeqCst),
        faults_injected: c.faults_injected.load(Ordering::SeqCst),
    }
}

fn seed_projects(store: &mut Store, seeds: &[ProjectSeed]) {
    for seed in seeds {
        store.projects.entry(seed.name.clone()).or_insert_with(|| {
            let integration = (seed.project_type != "upload" && seed.project_type != "jenkins")
                .then(|| Integration {
                    repo_id: Some(format!("{}:1", seed.name)),
                    account: Some("sandbox".to_string()),
                    branch: Some("main".to_string()),
                    url: Some(format!(
                        "https://{}.example/sandbox/{}",
                        seed.project_type, seed.name
                    )),
                    visibility: Some("private".to_string()),
                    policy_id: None,
                });
            Project {
                name: seed.name.clone(),
                project_type: seed.project_type.clone(),
                description: None,
                tags: Vec::new(),
                created_at_ms: now_ms(),
                scan_ids: Vec::new(),
                integration,
            }
        });
    }
}

impl Sandbox {
    /// Binds, starts serving on the current runtime and returns once the port is listening.
    pub async fn start(cfg: SandboxConfig) -> anyhow::Result<Sandbox> {
        let mut store = match &cfg.state_dir {
            Some(dir) => persist::load(dir)?,
            None => Store::default(),
        };
        seed_projects(&mut store, &cfg.projects);
        let (tls, cert_pem_path, cert_dir) = if cfg.tls {
            let (dir, tmp) = match &cfg.state_dir {
                Some(d) => (d.clone(), None),
                None => {
                    let t = tempfile::Builder::new()
                        .prefix("kdt-sandbox-")
                        .tempdir()
                        .context("creating a directory for the certificate")?;
                    (t.path().to_path_buf(), Some(t))
                }
            };
            let pem = dir.join(tls::CERT_FILE);
            (Some(tls::acceptor(&pem)?), Some(pem), tmp)
        } else {
            (None, None, None)
        };
        let listener = tokio::net::TcpListener::bind(cfg.listen)
            .await
            .with_context(|| format!("binding {}", cfg.listen))?;
        let addr = listener.local_addr()?;
        let scheme = if cfg.tls { "https" } else { "http" };
        let base_url = format!("{scheme}://{addr}");
        let (org, token) = (cfg.org.clone(), cfg.token.clone());
        let has_state = cfg.state_dir.is_some() && !cfg.projects.is_empty();
        let shared = Arc::new(Shared::new(cfg, store));
        if has_state {
            // Seeded projects are part of the persisted state from the start.
            let data =
                serde_json::to_vec(&*shared.store.lock().unwrap_or_else(|e| e.into_inner()))?;
            if let Some(dir) = &shared.cfg.state_dir {
                persist::write_atomic(&dir.join(persist::STATE_FILE), &data)?;
            }
        }
        let app = routes::router(shared.clone());
        let (tx, rx) = watch::channel(false);
        let task = tokio::spawn(server::serve(listener, tls, shared.clone(), app, rx));
        Ok(Sandbox {
            info: SandboxInfo {
                base_url,
                org,
                token,
                cert_pem_path,
                shared,
            },
            shutdown: tx,
            task: Some(task),
            _cert_dir: cert_dir,
        })
    }

    /// Runs the sandbox on its own thread and runtime, for synchronous callers (e.g.
    /// `assert_cmd` tests). Returns once it is listening.
    pub fn spawn(cfg: SandboxConfig) -> anyhow::Result<SandboxHandle> {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("kdt-sandbox".to_string())
            .spawn(move || {
                let rt = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = ready_tx.send(Err(anyhow::Error::from(e)));
                        return;
                    }
                };
                rt.block_on(async move {
                    match Sandbox::start(cfg).await {
                        Ok(sb) => {
                            let _ = ready_tx.send(Ok(sb.info.clone()));
                            let _ = stop_rx.await;
                            sb.shutdown().await;
                        }
                        Err(e) => {
                            let _ = ready_tx.send(Err(e));
                        }
                    }
                });
            })
            .context("starting the sandbox thread")?;
        let info = ready_rx
            .recv()
            .context("the sandbox thread exited before it was ready")??;
        Ok(SandboxHandle {
            info,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    /// Stops accepting, lets in-flight requests finish, and returns when the server is down.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

/// A sandbox on its own thread. Dropping it (or [`SandboxHandle::shutdown`]) stops the
/// server and joins the thread.
pub struct SandboxHandle {
    info: SandboxInfo,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SandboxHandle {
    pub fn shutdown(mut self) {
        self.stop_and_join();
    }

    fn stop_and_join(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_source_has_findings_in_every_file() {
        let a = scanner::analyse(
            "p",
            SAMPLE_SOURCE.iter().copied(),
            SAMPLE_SOURCE.len() as u32,
        );
        for (path, _) in SAMPLE_SOURCE
            .iter()
            .filter(|(p, _)| !p.ends_with(".json") && !p.ends_with(".txt"))
        {
            assert!(
                a.findings.iter().any(|f| f.path == *path),
                "{path} has no findings"
            );
        }
        let rules: std::collections::BTreeSet<&str> =
            a.findings.iter().map(|f| f.rule_id.as_str()).collect();
        assert!(rules.len() >= 15, "{rules:?}");
        assert_eq!(a.sca.len(), 3);
    }

    #[test]
    fn project_seeds() {
        let p: ProjectSeed = "webapp:github".parse().unwrap();
        assert_eq!(
            (p.name.as_str(), p.project_type.as_str()),
            ("webapp", "github")
        );
        assert!("ab:github".parse::<ProjectSeed>().is_err());
        assert!("abc:svn".parse::<ProjectSeed>().is_err());
    }
}
