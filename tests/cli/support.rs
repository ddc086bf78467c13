//! Test helpers: `TestEnv` (a temp HOME and config dir, the real `kdt` binary with a clean
//! environment), the embedded sandbox, and a tiny recording HTTP server for odd answers.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use assert_cmd::Command;
use kdt::sandbox::{Sandbox, SandboxConfig, SandboxHandle};

pub struct TestEnv {
    pub dir: tempfile::TempDir,
    pub home: PathBuf,
    pub config: PathBuf,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        std::fs::create_dir_all(&home).unwrap();
        let config = home.join(".config/kdt/config.toml");
        TestEnv { dir, home, config }
    }

    /// `kdt` with HOME/XDG dirs in the temp dir and no inherited kdt or CodeThreat variables.
    pub fn kdt(&self) -> Command {
        let mut cmd = Command::cargo_bin("kdt").unwrap();
        for (k, _) in std::env::vars() {
            if k.starts_with("KDT_")
                || k.starts_with("CODETHREAT_")
                || k == "NO_COLOR"
                || k == "CLICOLOR_FORCE"
                || k == "SSL_CERT_FILE"
                || k.ends_with("_PROXY")
                || k.ends_with("_proxy")
            {
                cmd.env_remove(&k);
            }
        }
        cmd.env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("KDT_RETRY_BASE_MS", "0")
            .env("KDT_POLL_MIN_MS", "20")
            .env("KDT_POLL_MAX_MS", "50")
            .timeout(Duration::from_secs(120));
        cmd
    }

    pub fn profile_text(&self) -> String {
        std::fs::read_to_string(&self.config).unwrap_or_default()
    }

    /// Activates CodeThreat and configures the default instance for a sandbox (no test).
    pub fn configure(&self, sb: &SandboxHandle) {
        self.kdt()
            .args(["integration", "activate", "codethreat"])
            .assert()
            .success();
        self.configure_instance(sb, None, &[]);
    }

    pub fn configure_instance(&self, sb: &SandboxHandle, instance: Option<&str>, extra: &[&str]) {
        let mut cmd = self.kdt();
        cmd.args(["integration", "config", "codethreat", "--url"])
            .arg(sb.base_url())
            .args(["--org", sb.org(), "--token-stdin", "--no-test"])
            .args(extra)
            .write_stdin(sb.token().to_string());
        if let Some(i) = instance {
            cmd.args(["--instance", i]);
        }
        cmd.assert().success();
    }
}

/// A fast sandbox (scans take no time) unless told otherwise.
pub fn sandbox() -> SandboxHandle {
    sandbox_with(|_| {})
}

pub fn sandbox_with(edit: impl FnOnce(&mut SandboxConfig)) -> SandboxHandle {
    let mut cfg = SandboxConfig {
        scan_duration: Duration::ZERO,
        ..SandboxConfig::default()
    };
    edit(&mut cfg);
    Sandbox::spawn(cfg).expect("sandbox starts")
}

/// One request as the recording server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub uri: String,
    pub headers: Vec<(String, String)>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A server on 127.0.0.1 that answers every request with one fixed response and records what
/// it saw. For answers a real CodeThreat never gives (HTML pages, odd statuses).
pub struct FixedServer {
    pub addr: SocketAddr,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    _thread: std::thread::JoinHandle<()>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl FixedServer {
    pub fn start(status: u16, content_type: &'static str, body: &'static str) -> FixedServer {
        use axum::http::{HeaderValue, StatusCode, header};
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let seen2 = seen.clone();
        let (tx_addr, rx_addr) = std::sync::mpsc::channel();
        let (tx_stop, rx_stop) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
                    let seen = seen2.clone();
                    async move {
                        seen.lock().unwrap().push(Seen {
                            method: req.method().to_string(),
                            uri: req.uri().to_string(),
                            headers: req
                                .headers()
                                .iter()
                                .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
                                .collect(),
                        });
                        let mut resp = axum::response::Response::new(axum::body::Body::from(body));
                        *resp.status_mut() = StatusCode::from_u16(status).unwrap();
                        resp.headers_mut()
                            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
                        resp
                    }
                });
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx_addr.send(listener.local_addr().unwrap()).unwrap();
                axum::serve(listener, app)
                    .with_graceful_shutdown(async move {
                        let _ = rx_stop.await;
                    })
                    .await
                    .unwrap();
            });
        });
        FixedServer {
            addr: rx_addr.recv().unwrap(),
            seen,
            _thread: thread,
            shutdown: Some(tx_stop),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for FixedServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A loopback port with nothing listening on it.
pub fn closed_port_url() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    format!("http://127.0.0.1:{port}")
}

pub fn stdout_json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}
