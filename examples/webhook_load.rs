//! Load figure for the webhook receiver: throughput and latency of valid and forged GitHub push
//! deliveries against a no-op Trigger, client and server in one process on 127.0.0.1.
//!
//! `cargo run --release --example webhook_load -- [requests] [concurrency]`
//! (defaults 5000 and 50). With `WEBHOOK_BENCH_LOG=1` the per-delivery log line is written to
//! stderr as in `kdt webhook serve` (redirect it to /dev/null to measure its cost).
//! Results are recorded in docs/webhook-bench.md.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use kdt::secret::Secret;
use kdt::webhook::signature::github_signature;
use kdt::webhook::{
    ConfigSource, HookConfig, Platform, ServerOptions, Trigger, TriggerRequest, serve,
};

const SECRET: &str = "bench-secret-0123456789abcdef";

/// Starts nothing; counts calls so the run can check that every valid delivery triggered.
struct NoopTrigger(AtomicU64);

impl Trigger for NoopTrigger {
    fn trigger(
        &self,
        _req: TriggerRequest,
    ) -> Pin<Box<dyn Future<Output = anyhow::Result<String>> + Send + '_>> {
        Box::pin(async move {
            let n = self.0.fetch_add(1, Ordering::Relaxed);
            Ok(format!("scan-{n}"))
        })
    }
}

/// A GitHub push payload of realistic size (~3 KB: a handful of commits with file lists).
fn push_payload() -> Vec<u8> {
    let commits: Vec<_> = (0..8)
        .map(|i| {
            serde_json::json!({
                "id": format!("{i:040x}"),
                "message": "Refactor the scanner configuration loader and add tests",
                "author": {"name": "Dev", "email": "dev@example.com", "username": "dev"},
                "added": ["src/a.rs", "src/b.rs"], "removed": [],
                "modified": ["src/lib.rs", "src/main.rs", "Cargo.toml", "README.md"],
                "url": "https://github.com/example/repo/commit/0123456789abcdef",
            })
        })
        .collect();
    serde_json::json!({
        "ref": "refs/heads/main", "before": "a".repeat(40), "after": "b".repeat(40),
        "created": false, "deleted": false, "forced": false,
        "repository": {"id": 1, "full_name": "example/repo", "private": true,
                       "default_branch": "main", "html_url": "https://github.com/example/repo"},
        "pusher": {"name": "dev", "email": "dev@example.com"},
        "commits": commits,
    })
    .to_string()
    .into_bytes()
}

struct Phase {
    name: &'static str,
    codes: HashMap<u16, usize>,
    latencies: Vec<Duration>,
    elapsed: Duration,
}

async fn phase(
    name: &'static str,
    url: &str,
    body: &[u8],
    forged: bool,
    requests: usize,
    concurrency: usize,
) -> Phase {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .expect("client");
    let sig = github_signature(
        if forged {
            b"wrong-secret"
        } else {
            SECRET.as_bytes()
        },
        body,
    );
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|c| {
            let (client, url, sig, body) =
                (client.clone(), url.to_string(), sig.clone(), body.to_vec());
            tokio::spawn(async move {
                let mut out = Vec::new();
                for i in (c..requests).step_by(concurrency) {
                    let t0 = Instant::now();
                    let resp = client
                        .post(&url)
                        .header("content-type", "application/json")
                        .header("x-github-event", "push")
                        .header("x-github-delivery", format!("{name}-{i}"))
                        .header("x-hub-signature-256", &sig)
                        .body(body.clone())
                        .send()
                        .await
                        .expect("request");
                    let code = resp.status().as_u16();
                    let _ = resp.bytes().await;
                    out.push((code, t0.elapsed()));
                }
                out
            })
        })
        .collect();
    let mut codes = HashMap::new();
    let mut latencies = Vec::with_capacity(requests);
    for t in tasks {
        for (code, lat) in t.await.expect("task") {
            *codes.entry(code).or_insert(0) += 1;
            latencies.push(lat);
        }
    }
    let elapsed = started.elapsed();
    latencies.sort();
    Phase {
        name,
        codes,
        latencies,
        elapsed,
    }
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let idx = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[idx].as_secs_f64() * 1e3
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    if std::env::var_os("WEBHOOK_BENCH_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_ansi(false)
            .init();
    }
    let mut args = std::env::args().skip(1);
    let requests: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(5000);
    let concurrency: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(50);

    let configs: Arc<dyn ConfigSource> = Arc::new(HashMap::from([(
        "bench".to_string(),
        HookConfig {
            id: "bench".into(),
            platform: Platform::Github,
            secret: Secret::new(SECRET),
            branch: Some("main".into()),
        },
    )]));
    let trigger = Arc::new(NoopTrigger(AtomicU64::new(0)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/hooks/bench", listener.local_addr()?);
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(
        listener,
        configs,
        trigger.clone(),
        ServerOptions::default(),
        async move {
            let _ = stop_rx.await;
        },
    ));

    let body = push_payload();
    // Warm-up: connections and allocator, excluded from the figures.
    phase("warmup", &url, &body, false, concurrency * 4, concurrency).await;
    let valid = phase("valid", &url, &body, false, requests, concurrency).await;
    let forged = phase("forged", &url, &body, true, requests, concurrency).await;

    let _ = stop_tx.send(());
    let stats = tokio::time::timeout(Duration::from_secs(30), server).await???;

    println!(
        "requests per phase: {requests}, concurrency: {concurrency}, body: {} bytes",
        body.len()
    );
    println!("| phase | status codes | req/s | p50 ms | p99 ms | max ms |");
    println!("|---|---|---|---|---|---|");
    for p in [&valid, &forged] {
        let mut codes: Vec<_> = p.codes.iter().collect();
        codes.sort();
        println!(
            "| {} | {:?} | {:.0} | {:.2} | {:.2} | {:.2} |",
            p.name,
            codes,
            p.latencies.len() as f64 / p.elapsed.as_secs_f64(),
            pct(&p.latencies, 0.50),
            pct(&p.latencies, 0.99),
            pct(&p.latencies, 1.0),
        );
    }
    let triggered = trigger.0.load(Ordering::Relaxed);
    println!(
        "triggered: {triggered} (expected {}), server stats: {}",
        requests + concurrency * 4,
        serde_json::to_string(&stats)?
    );
    anyhow::ensure!(
        triggered as usize == requests + concurrency * 4,
        "trigger count mismatch"
    );
    Ok(())
}
