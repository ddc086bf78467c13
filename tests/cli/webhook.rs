//! `kdt webhook serve` end to end: the real binary as a child process, real deliveries over
//! loopback, scans started in the sandbox; `rotate-secret` while serving; SIGTERM; load.

use std::io::{BufReader, Read};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kdt::sandbox::SandboxHandle;
use kdt::webhook::signature::github_signature;
use serde_json::{Value, json};

use crate::support::*;

/// `kdt` as a plain child process with the TestEnv's HOME/XDG and nothing inherited.
pub(crate) fn kdt_process(env: &TestEnv) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kdt"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &env.home)
        .env("XDG_CONFIG_HOME", env.home.join(".config"))
        .env("KDT_RETRY_BASE_MS", "0")
        .env("KDT_POLL_MIN_MS", "20")
        .env("KDT_POLL_MAX_MS", "50");
    cmd
}

fn repo_sandbox() -> SandboxHandle {
    sandbox_with(|c| c.projects = vec!["webapp:github".parse().unwrap()])
}

/// A webhook configuration bound to the sandbox repository project; returns (id, path, secret).
fn create_hook(env: &TestEnv, platform: &str) -> (String, String, String) {
    let out = env
        .kdt()
        .args([
            "scan",
            "create",
            "-p",
            &format!("p-{platform}"),
            "-t",
            "codethreat",
            "--bind-to",
            "webapp",
            "-b",
            "main",
            "--webhook",
            "--platform",
            platform,
            "-o",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v = stdout_json(&out);
    assert_eq!(v["webhook"]["platform"], platform);
    (
        v["id"].as_str().unwrap().into(),
        v["webhook"]["path"].as_str().unwrap().into(),
        v["webhook"]["secret"].as_str().unwrap().into(),
    )
}

/// A running `kdt webhook serve`; its stderr is collected in the background.
struct Receiver {
    child: Child,
    url: String,
    stdout: BufReader<ChildStdout>,
    log: Arc<Mutex<String>>,
}

impl Receiver {
    /// `-o json` on 127.0.0.1:0: the first stdout line says where it listens.
    fn start(env: &TestEnv, extra: &[&str]) -> Receiver {
        let mut child = kdt_process(env)
            .args(["-o", "json", "webhook", "serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = collect(child.stderr.take().unwrap());
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        // The JSON document (pretty-printed) comes once the socket is bound.
        let v: Value = serde_json::Deserializer::from_reader(&mut stdout)
            .into_iter::<Value>()
            .next()
            .unwrap_or_else(|| panic!("no JSON on stdout; stderr: {}", lock(&log)))
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}); stderr: {}", lock(&log)));
        let url = v["listening"].as_str().unwrap().to_string();
        Receiver {
            child,
            url,
            stdout,
            log,
        }
    }

    fn log(&self) -> String {
        lock(&self.log).clone()
    }

    /// SIGTERM, then wait (bounded) for the exit; returns (exit code, rest of stdout, stderr).
    fn stop(mut self) -> (Option<i32>, String, String) {
        let code = sigterm_and_wait(&mut self.child);
        let mut rest = String::new();
        self.stdout.read_to_string(&mut rest).unwrap();
        // Let the stderr reader drain.
        std::thread::sleep(Duration::from_millis(50));
        (code, rest, self.log())
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn collect(mut r: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let log: Arc<Mutex<String>> = Arc::default();
    let l2 = log.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = r.read(&mut buf) {
            if n == 0 {
                break;
            }
            lock(&l2).push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    log
}

fn lock(m: &Mutex<String>) -> std::sync::MutexGuard<'_, String> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn sigterm_and_wait(child: &mut Child) -> Option<i32> {
    let ok = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -TERM");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            return st.code();
        }
        assert!(
            Instant::now() < deadline,
            "receiver did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// One delivery as a platform sends it: headers for `platform`, signed with `secret`.
#[derive(Clone)]
struct Delivery {
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

fn push_body(platform: &str, branch: &str) -> Vec<u8> {
    let v = match platform {
        "github" => json!({"ref": format!("refs/heads/{branch}"), "before": "a".repeat(40),
            "after": "b".repeat(40), "deleted": false, "repository": {"full_name": "o/r"}}),
        "gitlab" => json!({"object_kind": "push", "ref": format!("refs/heads/{branch}"),
            "before": "a".repeat(40), "after": "b".repeat(40), "checkout_sha": "b".repeat(40)}),
        "bitbucket" => json!({"push": {"changes": [{"old": {"type": "branch", "name": branch},
            "new": {"type": "branch", "name": branch, "target": {"hash": "b".repeat(40)}}}]}}),
        _ => unreachable!(),
    };
    v.to_string().into_bytes()
}

fn signed(platform: &str, secret: &str, delivery_id: &str, body: Vec<u8>) -> Delivery {
    let mut headers = vec![("content-type", "application/json".to_string())];
    match platform {
        "github" => {
            headers.push(("x-github-event", "push".into()));
            headers.push(("x-github-delivery", delivery_id.into()));
            headers.push((
                "x-hub-signature-256",
                github_signature(secret.as_bytes(), &body),
            ));
        }
        "gitlab" => {
            headers.push(("x-gitlab-event", "Push Hook".into()));
            headers.push(("x-gitlab-event-uuid", delivery_id.into()));
            headers.push(("x-gitlab-token", secret.into()));
        }
        "bitbucket" => {
            headers.push(("x-event-key", "repo:push".into()));
            headers.push(("x-request-uuid", delivery_id.into()));
            headers.push((
                "x-hub-signature",
                github_signature(secret.as_bytes(), &body),
            ));
        }
        _ => unreachable!(),
    }
    Delivery { headers, body }
}

fn push(platform: &str, secret: &str, delivery_id: &str, branch: &str) -> Delivery {
    signed(platform, secret, delivery_id, push_body(platform, branch))
}

fn signature_header(platform: &str) -> &'static str {
    match platform {
        "github" => "x-hub-signature-256",
        "gitlab" => "x-gitlab-token",
        _ => "x-hub-signature",
    }
}

impl Delivery {
    fn without(mut self, header: &str) -> Delivery {
        self.headers.retain(|(k, _)| *k != header);
        self
    }
}

async fn send(client: &reqwest::Client, url: &str, d: Delivery) -> (u16, Value) {
    let what = format!("{:?}, {} bytes", d.headers.get(2), d.body.len());
    let mut req = client.post(url).body(d.body);
    for (k, v) in d.headers {
        req = req.header(k, v);
    }
    let resp = req
        .send()
        .await
        .unwrap_or_else(|e| panic!("delivery {what} not answered: {e:?}"));
    let code = resp.status().as_u16();
    let body = resp.bytes().await.unwrap_or_default();
    (code, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn every_platform_starts_one_scan_per_valid_push_and_none_for_bad_deliveries() {
    let env = TestEnv::new();
    let sb = repo_sandbox();
    env.configure(&sb);
    let hooks: Vec<_> = ["github", "gitlab", "bitbucket"]
        .iter()
        .map(|p| (*p, create_hook(&env, p)))
        .collect();
    let rx = Receiver::start(&env, &[]);
    let rt = rt();
    let client = reqwest::Client::new();
    let mut secrets = Vec::new();

    for (n, (platform, (id, path, secret))) in hooks.iter().enumerate() {
        secrets.push(secret.clone());
        let url = format!("{}{path}", rx.url);
        let did = format!("{platform}-delivery-1");
        let started = sb.stats().scans_started;
        let case =
            |what: &str, code: u16, body: &Value| format!("{platform} {what}: {code} {body}");

        rt.block_on(async {
            // Valid push to the configured branch: started, with the sandbox's scan id.
            let (code, body) = send(&client, &url, push(platform, secret, &did, "main")).await;
            assert_eq!(code, 202, "{}", case("valid", code, &body));
            assert_eq!(body["status"], "started", "{body}");
            assert_eq!(body["config"], id.as_str());
            assert_eq!(body["branch"], "main");
            assert!(body["scan_id"].is_string(), "{body}");
            assert_eq!(sb.stats().scans_started, started + 1);

            // The same delivery again (a platform retry or a replay): no second scan.
            let (code, body) = send(&client, &url, push(platform, secret, &did, "main")).await;
            assert_eq!(
                (code, body["status"].as_str()),
                (200, Some("duplicate")),
                "{body}"
            );

            // Wrong secret, and no signature at all: 401.
            let forged = push(platform, "not-the-secret", &format!("{did}-f"), "main");
            let (code, body) = send(&client, &url, forged).await;
            assert_eq!(code, 401, "{}", case("forged", code, &body));
            assert_eq!(body["status"], "unauthorized");
            let unsigned = push(platform, secret, &format!("{did}-u"), "main")
                .without(signature_header(platform));
            let (code, _) = send(&client, &url, unsigned).await;
            assert_eq!(code, 401, "{platform} unsigned");
            // A signature of another body (tampered payload).
            let mut tampered = push(platform, secret, &format!("{did}-t"), "main");
            tampered.body = push_body(platform, "main2");
            let (code, _) = send(&client, &url, tampered).await;
            if *platform == "gitlab" {
                // GitLab's token does not cover the body: it is verified, then ignored.
                assert_eq!(code, 200, "{platform} tampered");
            } else {
                assert_eq!(code, 401, "{platform} tampered");
            }

            // Another branch: verified, acknowledged, ignored.
            let other = push(platform, secret, &format!("{did}-o"), "feature/x");
            let (code, body) = send(&client, &url, other).await;
            assert_eq!(
                (code, body["status"].as_str()),
                (200, Some("ignored")),
                "{body}"
            );

            // Over 1 MiB: 413 before the signature is even looked at.
            let mut big = push_body(platform, "main");
            big.truncate(big.len() - 1);
            big.extend_from_slice(format!(",\"pad\":\"{}\"}}", "x".repeat(1 << 20)).as_bytes());
            let (code, body) = send(
                &client,
                &url,
                signed(platform, secret, &format!("{did}-b"), big),
            )
            .await;
            assert_eq!(code, 413, "{}", case("oversized", code, &body));

            // Signed but malformed: not JSON, or no event header.
            let bad = signed(platform, secret, &format!("{did}-m"), b"{not json".to_vec());
            let (code, body) = send(&client, &url, bad).await;
            assert_eq!(
                (code, body["status"].as_str()),
                (400, Some("bad_request")),
                "{body}"
            );
            let no_event =
                push(platform, secret, &format!("{did}-e"), "main").without(match *platform {
                    "github" => "x-github-event",
                    "gitlab" => "x-gitlab-event",
                    _ => "x-event-key",
                });
            let (code, _) = send(&client, &url, no_event).await;
            assert_eq!(code, 400, "{platform} without event header");
        });
        assert_eq!(
            sb.stats().scans_started,
            started + 1,
            "{platform}: only the valid delivery started a scan"
        );
        assert_eq!(sb.stats().scans_started, n as u64 + 1);
    }

    // Unknown configuration, other paths and methods.
    rt.block_on(async {
        let (code, _) = send(
            &client,
            &format!("{}/hooks/s-00000000", rx.url),
            push("github", &secrets[0], "x", "main"),
        )
        .await;
        assert_eq!(code, 404);
        let code = client
            .get(format!("{}/", rx.url))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(code.as_u16(), 404);
    });
    assert_eq!(sb.stats().scans_started, 3);

    let (code, stdout, log) = rx.stop();
    assert_eq!(code, Some(0), "{log}");
    assert_eq!(stdout.trim(), "", "only the JSON document on stdout");
    // One line per delivery with the platform and the decision; never a secret.
    for platform in ["github", "gitlab", "bitbucket"] {
        for decision in [
            "started",
            "duplicate",
            "unauthorized",
            "ignored",
            "too_large",
            "bad_request",
        ] {
            assert!(
                log.lines().any(|l| l.contains("webhook delivery")
                    && l.contains(&format!("platform=\"{platform}\""))
                    && l.contains(&format!("decision=\"{decision}\""))),
                "no {platform}/{decision} line in:\n{log}"
            );
        }
    }
    let lines = log
        .lines()
        .filter(|l| l.contains("webhook delivery"))
        .count();
    assert_eq!(lines, 3 * 9 + 1, "one line per delivery:\n{log}");
    for s in &secrets {
        assert!(!log.contains(s.as_str()), "secret in the log");
    }
    assert!(!log.contains(sb.token()), "token in the log");
}

#[test]
fn rotate_secret_while_serving_rejects_the_old_secret() {
    let env = TestEnv::new();
    let sb = repo_sandbox();
    env.configure(&sb);
    let (id, path, old) = create_hook(&env, "github");
    let rx = Receiver::start(&env, &[]);
    let url = format!("{}{path}", rx.url);
    let rt = rt();
    let client = reqwest::Client::new();

    let (code, _) = rt.block_on(send(&client, &url, push("github", &old, "d1", "main")));
    assert_eq!(code, 202);

    let out = env
        .kdt()
        .args(["webhook", "rotate-secret", &id, "-o", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v = stdout_json(&out);
    let new = v["secret"].as_str().unwrap().to_string();
    assert_ne!(new, old);
    assert_eq!(v["path"], path.as_str());

    rt.block_on(async {
        let (code, body) = send(&client, &url, push("github", &old, "d2", "main")).await;
        assert_eq!(code, 401, "old secret after rotation: {body}");
        let (code, body) = send(&client, &url, push("github", &new, "d3", "main")).await;
        assert_eq!(code, 202, "new secret: {body}");
    });
    assert_eq!(sb.stats().scans_started, 2);

    // A configuration created while serving is served without a restart.
    let (_, path2, secret2) = create_hook(&env, "gitlab");
    let (code, _) = rt.block_on(send(
        &client,
        &format!("{}{path2}", rx.url),
        push("gitlab", &secret2, "g1", "main"),
    ));
    assert_eq!(code, 202);
    assert_eq!(sb.stats().scans_started, 3);

    let (code, _, log) = rx.stop();
    assert_eq!(code, Some(0));
    for s in [&old, &new, &secret2] {
        assert!(!log.contains(s.as_str()));
    }
}

/// Table mode on a chosen port: status lines on stderr, nothing on stdout, SIGTERM → exit 0.
#[test]
fn sigterm_stops_the_receiver_cleanly() {
    let env = TestEnv::new();
    let sb = repo_sandbox();
    env.configure(&sb);
    let (_, path, secret) = create_hook(&env, "github");
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let addr = format!("127.0.0.1:{port}");
    let mut child = kdt_process(&env)
        .args(["webhook", "serve", "--listen", &addr])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = collect(child.stdout.take().unwrap());
    let err = collect(child.stderr.take().unwrap());
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(&addr).is_err() {
        assert!(Instant::now() < deadline, "receiver never listened");
        assert!(child.try_wait().unwrap().is_none(), "{}", lock(&err));
        std::thread::sleep(Duration::from_millis(20));
    }
    let (code, _) = rt().block_on(send(
        &reqwest::Client::new(),
        &format!("http://{addr}{path}"),
        push("github", &secret, "d1", "main"),
    ));
    assert_eq!(code, 202);

    assert_eq!(sigterm_and_wait(&mut child), Some(0));
    std::thread::sleep(Duration::from_millis(50));
    let err = lock(&err).clone();
    assert!(err.contains(&format!("receiver on http://{addr}")), "{err}");
    assert!(err.contains(&path), "the hook's URL is listed: {err}");
    assert!(err.contains("webhook receiver stopped"), "{err}");
    assert!(!err.contains(&secret));
    assert_eq!(lock(&out).as_str(), "", "stdout carries data only");
    assert!(
        std::net::TcpStream::connect(&addr).is_err(),
        "port released"
    );
    assert_eq!(sb.stats().scans_started, 1);
}

/// Bounded load through the real binary: N valid deliveries over 50 connections start exactly
/// N scans; N forged ones start none. (N = 200 here; `benches/e2e.sh` runs 1,000.)
#[test]
fn load_valid_deliveries_start_exactly_one_scan_each_and_forged_none() {
    const N: usize = 200;
    const CONNS: usize = 50;
    let env = TestEnv::new();
    let sb = repo_sandbox();
    env.configure(&sb);
    let (_, path, secret) = create_hook(&env, "github");
    let rx = Receiver::start(&env, &[]);
    let url = format!("{}{path}", rx.url);
    let rt = rt();

    let run = |forged: bool| -> Vec<u16> {
        rt.block_on(async {
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(CONNS)
                .build()
                .unwrap();
            let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
            let mut tasks = tokio::task::JoinSet::new();
            for _ in 0..CONNS {
                let (client, url, next) = (client.clone(), url.clone(), next.clone());
                let key = if forged {
                    "forged".to_string()
                } else {
                    secret.clone()
                };
                tasks.spawn(async move {
                    let mut codes = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= N {
                            break codes;
                        }
                        let did = format!("{}-{i}", if forged { "f" } else { "v" });
                        codes.push(
                            send(&client, &url, push("github", &key, &did, "main"))
                                .await
                                .0,
                        );
                    }
                });
            }
            let mut all = Vec::new();
            while let Some(r) = tasks.join_next().await {
                all.extend(r.unwrap());
            }
            all
        })
    };

    let forged = run(true);
    assert_eq!(forged.len(), N);
    assert!(forged.iter().all(|&c| c == 401), "{forged:?}");
    assert_eq!(sb.stats().scans_started, 0);

    let valid = run(false);
    assert_eq!(valid.len(), N);
    assert!(valid.iter().all(|&c| c == 202), "{valid:?}");
    // SIGTERM drains the queue: afterwards every accepted delivery has started its scan.
    let (code, _, log) = rx.stop();
    assert_eq!(code, Some(0), "{log}");
    assert_eq!(sb.stats().scans_started, N as u64);
    assert!(!log.contains(&secret));
}

/// A scan start CodeThreat refuses: 502 `failed`, nothing started, and the platform's
/// redelivery of the same delivery id is not taken for a replay: it starts the scan.
#[test]
fn a_failed_scan_start_answers_502_and_the_redelivery_starts_the_scan() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| {
        c.projects = vec!["webapp:github".parse().unwrap()];
        c.faults = vec!["start:400:1x".parse().unwrap()];
    });
    env.configure(&sb);
    let (_, path, secret) = create_hook(&env, "github");
    let rx = Receiver::start(&env, &[]);
    let url = format!("{}{path}", rx.url);
    let rt = rt();
    let client = reqwest::Client::new();
    rt.block_on(async {
        let (code, body) = send(&client, &url, push("github", &secret, "d1", "main")).await;
        assert_eq!(
            (code, body["status"].as_str()),
            (502, Some("failed")),
            "{body}"
        );
        assert_eq!(sb.stats().scans_started, 0);
        let (code, body) = send(&client, &url, push("github", &secret, "d1", "main")).await;
        assert_eq!(
            (code, body["status"].as_str()),
            (202, Some("started")),
            "{body}"
        );
        let (code, _) = send(&client, &url, push("github", &secret, "d1", "main")).await;
        assert_eq!(code, 200, "now it is a replay");
    });
    assert_eq!(sb.stats().scans_started, 1);
    let (code, _, log) = rx.stop();
    assert_eq!(code, Some(0));
    assert!(log.contains("decision=\"failed\""), "{log}");
}

/// Pull/merge requests into the configured branch start a scan on every platform; closed ones
/// and other events are acknowledged and ignored; GitHub's `ping` gets `pong`.
#[test]
fn pull_requests_into_the_branch_trigger_and_pings_answer() {
    let env = TestEnv::new();
    let sb = repo_sandbox();
    env.configure(&sb);
    let hooks: Vec<_> = ["github", "gitlab", "bitbucket"]
        .iter()
        .map(|p| (*p, create_hook(&env, p)))
        .collect();
    let rx = Receiver::start(&env, &[]);
    let rt = rt();
    let client = reqwest::Client::new();
    let with_event = |mut d: Delivery, event: &str| {
        for (k, v) in d.headers.iter_mut() {
            if matches!(*k, "x-github-event" | "x-gitlab-event" | "x-event-key") {
                *v = event.to_string();
            }
        }
        d
    };
    for (platform, (_, path, secret)) in &hooks {
        let url = format!("{}{path}", rx.url);
        let (open, opened, closed) = match *platform {
            "github" => (
                "pull_request",
                json!({"action": "opened", "number": 7, "pull_request": {"number": 7,
                    "base": {"ref": "main"}, "head": {"ref": "feature", "sha": "c".repeat(40)}}}),
                json!({"action": "closed", "number": 7, "pull_request": {"number": 7,
                    "base": {"ref": "main"}, "head": {"ref": "feature", "sha": "c".repeat(40)}}}),
            ),
            "gitlab" => (
                "Merge Request Hook",
                json!({"object_kind": "merge_request", "object_attributes": {"iid": 3,
                    "action": "open", "target_branch": "main", "source_branch": "feature",
                    "last_commit": {"id": "c".repeat(40)}}}),
                json!({"object_kind": "merge_request", "object_attributes": {"iid": 3,
                    "action": "close", "target_branch": "main", "source_branch": "feature"}}),
            ),
            _ => (
                "pullrequest:created",
                json!({"pullrequest": {"id": 5, "destination": {"branch": {"name": "main"}},
                    "source": {"branch": {"name": "feature"}, "commit": {"hash": "c".repeat(12)}}}}),
                json!({"pullrequest": {"id": 5, "destination": {"branch": {"name": "main"}}}}),
            ),
        };
        let before = sb.stats().scans_started;
        rt.block_on(async {
            let d = with_event(
                signed(
                    platform,
                    secret,
                    &format!("{platform}-pr1"),
                    opened.to_string().into_bytes(),
                ),
                open,
            );
            let (code, body) = send(&client, &url, d).await;
            assert_eq!(
                (code, body["status"].as_str()),
                (202, Some("started")),
                "{platform}: {body}"
            );
            let close_event = if *platform == "bitbucket" {
                "pullrequest:fulfilled"
            } else {
                open
            };
            let d = with_event(
                signed(
                    platform,
                    secret,
                    &format!("{platform}-pr2"),
                    closed.to_string().into_bytes(),
                ),
                close_event,
            );
            let (code, body) = send(&client, &url, d).await;
            assert_eq!(
                (code, body["status"].as_str()),
                (200, Some("ignored")),
                "{platform}: {body}"
            );
        });
        assert_eq!(sb.stats().scans_started, before + 1, "{platform}");
    }
    let (_, path, secret) = &hooks[0].1;
    let ping = with_event(
        signed(
            "github",
            secret,
            "ping-1",
            br#"{"zen":"Keep it logically awesome."}"#.to_vec(),
        ),
        "ping",
    );
    let (code, body) = rt.block_on(send(&client, &format!("{}{path}", rx.url), ping));
    assert_eq!(
        (code, body["status"].as_str()),
        (200, Some("pong")),
        "{body}"
    );
    assert_eq!(sb.stats().scans_started, 3);
    assert_eq!(rx.stop().0, Some(0));
}
