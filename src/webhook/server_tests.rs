//! End-to-end tests of the receiver: the real router served on 127.0.0.1:0, driven with
//! reqwest, with a counting fake Trigger.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::{Semaphore, oneshot};

use super::event::samples::*;
use super::signature::github_signature;
use super::*;

const GH_SECRET: &str = "gh-secret-0123456789";
const GL_SECRET: &str = "gl-token-0123456789";
const BB_SECRET: &str = "bb-secret-0123456789";

#[derive(Default)]
struct FakeTrigger {
    /// Trigger calls that entered (before the gate).
    entered: AtomicUsize,
    /// Trigger calls that completed.
    count: AtomicUsize,
    seen: Mutex<Vec<TriggerRequest>>,
    /// When set, each call waits for a permit: lets a test hold the workers busy.
    gate: Option<Arc<Semaphore>>,
    fail: bool,
}

impl FakeTrigger {
    fn gated(gate: Arc<Semaphore>) -> Self {
        FakeTrigger {
            gate: Some(gate),
            ..Default::default()
        }
    }
    fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }
}

impl Trigger for FakeTrigger {
    fn trigger(
        &self,
        req: TriggerRequest,
    ) -> Pin<Box<dyn Future<Output = anyhow::Result<String>> + Send + '_>> {
        Box::pin(async move {
            self.entered.fetch_add(1, Ordering::SeqCst);
            if let Some(g) = &self.gate {
                g.acquire().await.expect("gate open").forget();
            }
            if self.fail {
                anyhow::bail!("CodeThreat said no");
            }
            let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
            self.seen.lock().unwrap().push(req);
            Ok(format!("scan-{n}"))
        })
    }
}

fn configs() -> Arc<dyn ConfigSource> {
    let mk = |id: &str, platform, secret: &str, branch: Option<&str>| {
        (
            id.to_string(),
            HookConfig {
                id: id.into(),
                platform,
                secret: Secret::new(secret),
                branch: branch.map(str::to_string),
            },
        )
    };
    Arc::new(HashMap::from([
        mk("gh", Platform::Github, GH_SECRET, Some("main")),
        mk("gl", Platform::Gitlab, GL_SECRET, Some("main")),
        mk("bb", Platform::Bitbucket, BB_SECRET, Some("main")),
        mk("any", Platform::Github, GH_SECRET, None),
        mk("empty", Platform::Github, "", None),
    ]))
}

/// The log test needs the receiver's callsites to itself: while other tests hit them from other
/// threads with no subscriber, tracing's interest cache can drop its events. Server tests hold
/// this shared; the log test holds it exclusively.
static SERIAL: std::sync::LazyLock<Arc<tokio::sync::RwLock<()>>> =
    std::sync::LazyLock::new(Default::default);

struct Running {
    _serial: Option<tokio::sync::OwnedRwLockReadGuard<()>>,
    base: String,
    client: reqwest::Client,
    stop: Option<oneshot::Sender<()>>,
    handle: tokio::task::JoinHandle<anyhow::Result<ServeStats>>,
}

impl Running {
    async fn shutdown(mut self) -> ServeStats {
        let _ = self.stop.take().unwrap().send(());
        tokio::time::timeout(Duration::from_secs(20), self.handle)
            .await
            .expect("shutdown in time")
            .unwrap()
            .unwrap()
    }
}

async fn start(trigger: Arc<FakeTrigger>, opts: ServerOptions) -> Running {
    let serial = SERIAL.clone().read_owned().await;
    Running {
        _serial: Some(serial),
        ..start_unserialized(trigger, opts).await
    }
}

async fn start_unserialized(trigger: Arc<FakeTrigger>, opts: ServerOptions) -> Running {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = oneshot::channel::<()>();
    let handle = tokio::spawn(serve(listener, configs(), trigger, opts, async move {
        let _ = rx.await;
    }));
    Running {
        _serial: None,
        base,
        client: reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap(),
        stop: Some(tx),
        handle,
    }
}

fn opts() -> ServerOptions {
    ServerOptions {
        start_wait: Duration::from_secs(5),
        ..Default::default()
    }
}

/// How a delivery is authenticated in a test.
#[derive(Clone, Copy, PartialEq)]
enum Auth {
    Valid,
    Wrong,
    Missing,
}

/// A delivery for config `cfg` of `platform`, signed like the platform does.
fn delivery(
    r: &Running,
    cfg: &str,
    platform: Platform,
    event: &str,
    id: Option<&str>,
    body: impl Into<Vec<u8>>,
    auth: Auth,
) -> reqwest::RequestBuilder {
    let body: Vec<u8> = body.into();
    let secret = match platform {
        Platform::Github => GH_SECRET,
        Platform::Gitlab => GL_SECRET,
        Platform::Bitbucket => BB_SECRET,
    };
    let secret = if auth == Auth::Wrong {
        "not-the-secret"
    } else {
        secret
    };
    let mut rb = r
        .client
        .post(format!("{}/hooks/{cfg}", r.base))
        .header("content-type", "application/json")
        .header(event::event_header(platform), event);
    if let Some(id) = id {
        rb = rb.header(event::delivery_header(platform), id);
    }
    if auth != Auth::Missing {
        rb = match platform {
            Platform::Github => rb.header(
                "x-hub-signature-256",
                github_signature(secret.as_bytes(), &body),
            ),
            Platform::Bitbucket => rb.header(
                "x-hub-signature",
                github_signature(secret.as_bytes(), &body),
            ),
            Platform::Gitlab => rb.header("x-gitlab-token", secret),
        };
    }
    rb.body(body)
}

async fn call(rb: reqwest::RequestBuilder) -> (u16, Value, reqwest::header::HeaderMap) {
    let resp = rb.send().await.expect("request");
    let code = resp.status().as_u16();
    let headers = resp.headers().clone();
    let v = resp.json::<Value>().await.unwrap_or(Value::Null);
    (code, v, headers)
}

struct Events {
    push: &'static str,
    pr: &'static str,
    other: &'static str,
}

fn events(p: Platform) -> Events {
    match p {
        Platform::Github => Events {
            push: "push",
            pr: "pull_request",
            other: "issues",
        },
        Platform::Gitlab => Events {
            push: "Push Hook",
            pr: "Merge Request Hook",
            other: "Tag Push Hook",
        },
        Platform::Bitbucket => Events {
            push: "repo:push",
            pr: "pullrequest:created",
            other: "repo:fork",
        },
    }
}

fn push_body(p: Platform, branch: &str) -> String {
    match p {
        Platform::Github => github_push(branch),
        Platform::Gitlab => gitlab_push(branch),
        Platform::Bitbucket => bitbucket_push(branch),
    }
}

fn pr_body(p: Platform, target: &str) -> String {
    match p {
        Platform::Github => github_pr("opened", target),
        Platform::Gitlab => gitlab_mr("open", target),
        Platform::Bitbucket => bitbucket_pr(target),
    }
}

/// The per-platform matrix required by the issue.
async fn platform_suite(p: Platform, cfg: &str) {
    let trigger = Arc::new(FakeTrigger::default());
    let r = start(trigger.clone(), opts()).await;
    let ev = events(p);
    let d = |id: &str| format!("{p}-{id}");

    // Valid push to the branch: exactly one trigger, answered with the scan id.
    let (code, v, _) = call(delivery(
        &r,
        cfg,
        p,
        ev.push,
        Some(&d("1")),
        push_body(p, "main"),
        Auth::Valid,
    ))
    .await;
    assert_eq!(code, 202, "{v}");
    assert_eq!(v["status"], "started");
    assert_eq!(v["config"], cfg);
    assert_eq!(v["delivery"], d("1"));
    assert_eq!(v["scan_id"], "scan-1");
    assert_eq!(trigger.count(), 1);
    {
        let seen = trigger.seen.lock().unwrap();
        assert_eq!(seen[0].branch, "main");
        assert_eq!(seen[0].kind, EventKind::Push);
        assert_eq!(seen[0].platform, p);
        assert_eq!(seen[0].delivery.as_deref(), Some(d("1").as_str()));
        assert!(seen[0].commit.is_some());
    }

    // PR targeting the branch.
    let (code, v, _) = call(delivery(
        &r,
        cfg,
        p,
        ev.pr,
        Some(&d("2")),
        pr_body(p, "main"),
        Auth::Valid,
    ))
    .await;
    assert_eq!((code, v["status"].as_str()), (202, Some("started")), "{v}");
    assert_eq!(trigger.count(), 2);
    assert_eq!(trigger.seen.lock().unwrap()[1].kind, EventKind::PullRequest);
    assert_eq!(
        trigger.seen.lock().unwrap()[1].source_branch.as_deref(),
        Some("feature")
    );

    // Duplicate delivery id: 200 duplicate, nothing triggered.
    let (code, v, _) = call(delivery(
        &r,
        cfg,
        p,
        ev.push,
        Some(&d("1")),
        push_body(p, "main"),
        Auth::Valid,
    ))
    .await;
    assert_eq!(
        (code, v["status"].as_str()),
        (200, Some("duplicate")),
        "{v}"
    );

    // Wrong and missing signatures: 401. The forged delivery must not poison the cache.
    let (code, v, _) = call(delivery(
        &r,
        cfg,
        p,
        ev.push,
        Some(&d("3")),
        push_body(p, "main"),
        Auth::Wrong,
    ))
    .await;
    assert_eq!((code, v["status"].as_str()), (401, Some("unauthorized")));
    let (code, _, _) = call(delivery(
        &r,
        cfg,
        p,
        ev.push,
        Some(&d("3")),
        push_body(p, "main"),
        Auth::Missing,
    ))
    .await;
    assert_eq!(code, 401);
    // Signed for another body: 401.
    let sig = github_signature(b"x", b"{}");
    let (code, _, _) = call(
        delivery(
            &r,
            cfg,
            p,
            ev.push,
            Some(&d("3")),
            push_body(p, "main"),
            Auth::Missing,
        )
        .header("x-hub-signature-256", &sig)
        .header("x-hub-signature", &sig)
        .header("x-gitlab-token", "wrong"),
    )
    .await;
    assert_eq!(code, 401);

    // Other branch, non-triggering event: 200 ignored with a reason.
    let (code, v, _) = call(delivery(
        &r,
        cfg,
        p,
        ev.push,
        Some(&d("4")),
        push_body(p, "dev"),
        Auth::Valid,
    ))
    .await;
    assert_eq!((code, v["status"].as_str()), (200, Some("ignored")), "{v}");
    assert!(v["reason"].as_str().unwrap().contains("dev"));
    let (code, v, _) = call(delivery(
        &r,
        cfg,
        p,
        ev.pr,
        Some(&d("5")),
        pr_body(p, "dev"),
        Auth::Valid,
    ))
    .await;
    assert_eq!((code, v["status"].as_str()), (200, Some("ignored")), "{v}");
    let (code, v, _) = call(delivery(
        &r,
        cfg,
        p,
        ev.other,
        Some(&d("6")),
        "{}",
        Auth::Valid,
    ))
    .await;
    assert_eq!((code, v["status"].as_str()), (200, Some("ignored")), "{v}");
    assert!(v["reason"].as_str().unwrap().contains("does not trigger"));

    // Oversized (signed, so the size check is what rejects it) and malformed bodies.
    let mut big = push_body(p, "main").into_bytes();
    big.pop();
    big.extend(std::iter::repeat_n(b' ', 1024 * 1024));
    big.push(b'}');
    let (code, v, h) = call(delivery(
        &r,
        cfg,
        p,
        ev.push,
        Some(&d("7")),
        big,
        Auth::Valid,
    ))
    .await;
    assert_eq!((code, v["status"].as_str()), (413, Some("too_large")));
    assert_eq!(h["connection"], "close");
    let (code, v, _) = call(delivery(
        &r,
        cfg,
        p,
        ev.push,
        Some(&d("8")),
        "{\"ref\": ",
        Auth::Valid,
    ))
    .await;
    assert_eq!(
        (code, v["status"].as_str()),
        (400, Some("bad_request")),
        "{v}"
    );
    // Missing event header.
    let (code, _, _) = call(
        r.client
            .post(format!("{}/hooks/{cfg}", r.base))
            .header(
                "x-hub-signature-256",
                github_signature(GH_SECRET.as_bytes(), b"{}"),
            )
            .header(
                "x-hub-signature",
                github_signature(BB_SECRET.as_bytes(), b"{}"),
            )
            .header("x-gitlab-token", GL_SECRET)
            .body("{}"),
    )
    .await;
    assert_eq!(code, 400);

    // The forged id "3" was not recorded: the genuine delivery goes through.
    let (code, v, _) = call(delivery(
        &r,
        cfg,
        p,
        ev.push,
        Some(&d("3")),
        push_body(p, "main"),
        Auth::Valid,
    ))
    .await;
    assert_eq!((code, v["status"].as_str()), (202, Some("started")), "{v}");

    let stats = r.shutdown().await;
    assert_eq!(trigger.count(), 3);
    assert_eq!(stats.started, 3);
    assert_eq!(stats.unauthorized, 3);
    assert_eq!(stats.duplicates, 1);
    assert_eq!(stats.ignored, 3);
    assert_eq!(stats.invalid, 3);
}

#[tokio::test]
async fn github_deliveries() {
    platform_suite(Platform::Github, "gh").await;
}

#[tokio::test]
async fn gitlab_deliveries() {
    platform_suite(Platform::Gitlab, "gl").await;
}

#[tokio::test]
async fn bitbucket_deliveries() {
    platform_suite(Platform::Bitbucket, "bb").await;
}

#[tokio::test]
async fn ping_unknown_paths_and_any_branch() {
    let trigger = Arc::new(FakeTrigger::default());
    let r = start(trigger.clone(), opts()).await;
    let (code, v, _) = call(delivery(
        &r,
        "gh",
        Platform::Github,
        "ping",
        Some("p1"),
        r#"{"zen":"z","hook_id":1}"#,
        Auth::Valid,
    ))
    .await;
    assert_eq!((code, v["status"].as_str()), (200, Some("pong")), "{v}");
    // A forged ping is still a 401.
    let (code, _, _) = call(delivery(
        &r,
        "gh",
        Platform::Github,
        "ping",
        Some("p2"),
        "{}",
        Auth::Wrong,
    ))
    .await;
    assert_eq!(code, 401);

    for path in ["/hooks/nope", "/hooks/", "/hooks/gh/extra", "/", "/other"] {
        let resp = r
            .client
            .post(format!("{}{path}", r.base))
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 404, "{path}");
        let v: Value = resp.json().await.unwrap();
        assert_eq!(v["status"], "not_found");
        assert!(v.get("config").is_none(), "unknown ids are not echoed");
    }
    let resp = r
        .client
        .get(format!("{}/hooks/gh", r.base))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 405);

    // A configuration without a branch accepts any branch.
    let (code, v, _) = call(delivery(
        &r,
        "any",
        Platform::Github,
        "push",
        Some("a1"),
        github_push("feature/x"),
        Auth::Valid,
    ))
    .await;
    assert_eq!((code, v["status"].as_str()), (202, Some("started")), "{v}");
    assert_eq!(v["branch"], "feature/x");

    // An empty secret fails closed, even with a signature made with the empty key.
    let body = github_push("main");
    let (code, _, _) = call(
        r.client
            .post(format!("{}/hooks/empty", r.base))
            .header("x-github-event", "push")
            .header(
                "x-hub-signature-256",
                github_signature(b"", body.as_bytes()),
            )
            .body(body),
    )
    .await;
    assert_eq!(code, 401);

    // Without a delivery id there is no replay protection but the event still triggers.
    let (code, v, _) = call(delivery(
        &r,
        "gh",
        Platform::Github,
        "push",
        None,
        github_push("main"),
        Auth::Valid,
    ))
    .await;
    assert_eq!(code, 202);
    assert_eq!(v["delivery"], Value::Null);

    let stats = r.shutdown().await;
    assert_eq!(trigger.count(), 2);
    assert_eq!(stats.pings, 1);
}

#[tokio::test]
async fn same_delivery_id_for_two_configs_is_not_a_duplicate() {
    // GitLab sends one event UUID to every hook an event fires.
    let trigger = Arc::new(FakeTrigger::default());
    let r = start(trigger.clone(), opts()).await;
    for cfg in ["gh", "any"] {
        let (code, _, _) = call(delivery(
            &r,
            cfg,
            Platform::Github,
            "push",
            Some("shared"),
            github_push("main"),
            Auth::Valid,
        ))
        .await;
        assert_eq!(code, 202);
    }
    r.shutdown().await;
    assert_eq!(trigger.count(), 2);
}

#[tokio::test]
async fn failed_start_is_502_and_can_be_redelivered() {
    let trigger = Arc::new(FakeTrigger {
        fail: true,
        ..Default::default()
    });
    let r = start(trigger.clone(), opts()).await;
    for _ in 0..2 {
        let (code, v, _) = call(delivery(
            &r,
            "gh",
            Platform::Github,
            "push",
            Some("f1"),
            github_push("main"),
            Auth::Valid,
        ))
        .await;
        assert_eq!((code, v["status"].as_str()), (502, Some("failed")), "{v}");
    }
    let stats = r.shutdown().await;
    assert_eq!(stats.failed, 2);
    assert_eq!(trigger.entered.load(Ordering::SeqCst), 2);
}

async fn wait_until(what: &str, f: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test]
async fn full_queue_answers_503_with_retry_after() {
    let gate = Arc::new(Semaphore::new(0));
    let trigger = Arc::new(FakeTrigger::gated(gate.clone()));
    let o = ServerOptions {
        workers: 1,
        queue_capacity: 2,
        start_wait: Duration::ZERO,
        ..Default::default()
    };
    let r = start(trigger.clone(), o).await;
    let push = |id: &str| {
        delivery(
            &r,
            "gh",
            Platform::Github,
            "push",
            Some(id),
            github_push("main"),
            Auth::Valid,
        )
    };

    // One running (blocked in the trigger), two waiting: the queue is full.
    let (code, v, _) = call(push("q1")).await;
    assert_eq!((code, v["status"].as_str()), (202, Some("queued")), "{v}");
    wait_until("the worker to pick q1", || {
        trigger.entered.load(Ordering::SeqCst) == 1
    })
    .await;
    for id in ["q2", "q3"] {
        assert_eq!(call(push(id)).await.0, 202);
    }
    let (code, v, headers) = call(push("q4")).await;
    assert_eq!((code, v["status"].as_str()), (503, Some("busy")), "{v}");
    assert_eq!(headers.get("retry-after").unwrap(), "5");
    assert_eq!(trigger.count(), 0);

    // Once the worker is released the same delivery is accepted (503 did not record it).
    gate.add_permits(1);
    wait_until("q1 to finish", || trigger.count() == 1).await;
    let (code, _, _) = call(push("q4")).await;
    assert_eq!(code, 202);
    gate.add_permits(100);
    let stats = r.shutdown().await;
    assert_eq!(trigger.count(), 4);
    assert_eq!((stats.busy, stats.queued, stats.started), (1, 4, 4));
}

#[tokio::test]
async fn graceful_shutdown_drains_queued_triggers() {
    let gate = Arc::new(Semaphore::new(0));
    let trigger = Arc::new(FakeTrigger::gated(gate.clone()));
    let o = ServerOptions {
        workers: 2,
        queue_capacity: 16,
        start_wait: Duration::ZERO,
        ..Default::default()
    };
    let r = start(trigger.clone(), o).await;
    for i in 0..8 {
        let rb = delivery(
            &r,
            "gh",
            Platform::Github,
            "push",
            Some(&format!("s{i}")),
            github_push("main"),
            Auth::Valid,
        );
        assert_eq!(call(rb).await.0, 202);
    }
    assert_eq!(trigger.count(), 0);
    let base = r.base.clone();
    // Release the workers only after shutdown was requested: serve must wait for them.
    let releaser = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        gate.add_permits(8);
    });
    let stats = r.shutdown().await;
    releaser.await.unwrap();
    assert_eq!(
        trigger.count(),
        8,
        "every queued trigger ran before serve returned"
    );
    assert_eq!(stats.started, 8);
    // And the listener is gone.
    assert!(
        reqwest::Client::new()
            .post(format!("{base}/hooks/gh"))
            .send()
            .await
            .is_err()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_valid_and_forged_deliveries() {
    const N: usize = 1000;
    const CONCURRENCY: usize = 50;
    let trigger = Arc::new(FakeTrigger::default());
    let r = Arc::new(start(trigger.clone(), opts()).await);

    let run = |forged: bool| {
        let r = r.clone();
        async move {
            let tasks: Vec<_> = (0..CONCURRENCY)
                .map(|c| {
                    let r = r.clone();
                    tokio::spawn(async move {
                        let mut codes = Vec::new();
                        for i in (c..N).step_by(CONCURRENCY) {
                            let id = format!("{}-{i}", if forged { "forged" } else { "load" });
                            let auth = if forged { Auth::Wrong } else { Auth::Valid };
                            let rb = delivery(
                                &r,
                                "gh",
                                Platform::Github,
                                "push",
                                Some(&id),
                                github_push("main"),
                                auth,
                            );
                            codes.push(rb.send().await.expect("request").status().as_u16());
                        }
                        codes
                    })
                })
                .collect();
            let mut codes = Vec::new();
            for t in tasks {
                codes.extend(t.await.unwrap());
            }
            codes
        }
    };

    let started = Instant::now();
    let load = tokio::spawn(run(false));
    // The server stays responsive while loaded: a ping answers promptly.
    tokio::time::sleep(Duration::from_millis(20)).await;
    let t0 = Instant::now();
    let (code, _, _) = call(delivery(
        &r,
        "gh",
        Platform::Github,
        "ping",
        Some("live"),
        "{}",
        Auth::Valid,
    ))
    .await;
    assert_eq!(code, 200);
    assert!(
        t0.elapsed() < Duration::from_secs(5),
        "ping took {:?}",
        t0.elapsed()
    );
    let codes = load.await.unwrap();
    assert_eq!(codes.len(), N);
    assert!(
        codes.iter().all(|&c| c == 202),
        "all accepted: {:?}",
        codes.iter().filter(|&&c| c != 202).count()
    );

    let forged = run(true).await;
    assert!(forged.iter().all(|&c| c == 401));
    let elapsed = started.elapsed();

    let r = Arc::into_inner(r).expect("no other handle");
    let stats = r.shutdown().await;
    assert_eq!(trigger.count(), N, "no loss, no duplicates");
    let ids: HashSet<_> = trigger
        .seen
        .lock()
        .unwrap()
        .iter()
        .map(|q| q.delivery.clone().unwrap())
        .collect();
    assert_eq!(ids.len(), N);
    assert_eq!(stats.unauthorized, N as u64);
    assert!(elapsed < Duration::from_secs(60), "bounded: {elapsed:?}");
}

#[tokio::test]
async fn log_line_has_no_secret_or_body() {
    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    // current_thread runtime: the server's tasks run on this thread and see the subscriber.
    let _exclusive = SERIAL.clone().write_owned().await;
    let _guard = tracing::subscriber::set_default(subscriber);
    // Other tests running in parallel may have cached "no interest" for the callsites while no
    // subscriber existed; make them ask again now that this one does.
    tracing::callsite::rebuild_interest_cache();

    let trigger = Arc::new(FakeTrigger::default());
    let r = start_unserialized(trigger.clone(), opts()).await;
    let body = github_push("main").replace("o/r", "BODY-MARKER");
    call(delivery(
        &r,
        "gh",
        Platform::Github,
        "push",
        Some("l1"),
        body.clone(),
        Auth::Valid,
    ))
    .await;
    call(delivery(
        &r,
        "gl",
        Platform::Gitlab,
        "Push Hook",
        Some("l2"),
        body,
        Auth::Wrong,
    ))
    .await;
    call(delivery(
        &r,
        "gl",
        Platform::Gitlab,
        "Push Hook",
        Some("l3"),
        gitlab_push("main"),
        Auth::Valid,
    ))
    .await;
    r.shutdown().await;

    let log = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<_> = log
        .lines()
        .filter(|l| l.contains("webhook delivery"))
        .collect();
    assert_eq!(lines.len(), 3, "{log}");
    assert!(
        lines[0].contains("decision=\"started\"") || lines[0].contains("decision=started"),
        "{log}"
    );
    assert!(
        lines[0].contains("scan-1") && lines[0].contains("github") && lines[0].contains("main")
    );
    assert!(lines[1].contains("unauthorized"));
    for secret in [GH_SECRET, GL_SECRET, "not-the-secret", "BODY-MARKER"] {
        assert!(!log.contains(secret), "{secret} leaked: {log}");
    }
}

#[tokio::test]
async fn oversized_chunked_body_is_413() {
    // No Content-Length: the limit is enforced while streaming.
    let trigger = Arc::new(FakeTrigger::default());
    let r = start(trigger.clone(), opts()).await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..17).map(|_| Ok(vec![b' '; 64 * 1024])).collect();
    let rb = r
        .client
        .post(format!("{}/hooks/gh", r.base))
        .header("x-github-event", "push")
        .header("x-hub-signature-256", "sha256=00")
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
            chunks,
        )));
    let (code, v, headers) = call(rb).await;
    assert_eq!(
        (code, v["status"].as_str()),
        (413, Some("too_large")),
        "{v}"
    );
    // The rest of the body is never read: the sender must not reuse the connection.
    assert_eq!(headers["connection"], "close");
    r.shutdown().await;
    assert_eq!(trigger.count(), 0);
}
