//! The trigger queue: a bounded channel drained by a fixed number of workers that call the
//! [`Trigger`]. Bounding it turns a burst of deliveries into quick 503s (the platform retries
//! or the user redelivers) instead of unbounded memory and a flood of scan starts.
//!
//! Capacity semantics: `queue_capacity` jobs may wait, plus one running per worker.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use serde::Serialize;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use super::dedup::DeliveryCache;
use super::{ServerOptions, Trigger, TriggerRequest};

/// Counts of what the receiver did, returned by [`WorkerPool::drain`] and `serve`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ServeStats {
    /// Requests to `/hooks/...` (any outcome).
    pub received: u64,
    /// 404: no configuration with that id.
    pub not_found: u64,
    /// 401: missing or wrong signature/token.
    pub unauthorized: u64,
    /// 400/408/413: slow, oversized, malformed or incomplete deliveries.
    pub invalid: u64,
    /// 200: pings.
    pub pings: u64,
    /// 200: delivery id already seen.
    pub duplicates: u64,
    /// 200: verified but not for the configured branch or not a triggering event.
    pub ignored: u64,
    /// 503: queue full or shutting down.
    pub busy: u64,
    /// Triggers accepted into the queue (202).
    pub queued: u64,
    /// Triggers whose scan start succeeded.
    pub started: u64,
    /// Triggers whose scan start failed (error or panic in the Trigger).
    pub failed: u64,
}

#[derive(Default)]
pub(crate) struct Counters {
    pub received: AtomicU64,
    pub not_found: AtomicU64,
    pub unauthorized: AtomicU64,
    pub invalid: AtomicU64,
    pub pings: AtomicU64,
    pub duplicates: AtomicU64,
    pub ignored: AtomicU64,
    pub busy: AtomicU64,
    pub queued: AtomicU64,
    pub started: AtomicU64,
    pub failed: AtomicU64,
}

impl Counters {
    pub fn bump(c: &AtomicU64) {
        c.fetch_add(1, Ordering::Relaxed);
    }

    fn snapshot(&self) -> ServeStats {
        let g = |c: &AtomicU64| c.load(Ordering::Relaxed);
        ServeStats {
            received: g(&self.received),
            not_found: g(&self.not_found),
            unauthorized: g(&self.unauthorized),
            invalid: g(&self.invalid),
            pings: g(&self.pings),
            duplicates: g(&self.duplicates),
            ignored: g(&self.ignored),
            busy: g(&self.busy),
            queued: g(&self.queued),
            started: g(&self.started),
            failed: g(&self.failed),
        }
    }
}

/// Outcome of a scan start as reported back to a waiting request handler.
pub(crate) type StartResult = Result<String, ()>;

pub(crate) struct Job {
    pub req: TriggerRequest,
    /// Forgotten from the replay cache if the start fails, so a redelivery can retry.
    pub dedup_key: Option<String>,
    /// The handler waiting (for a bounded time) for the scan id; dropped when it gave up.
    pub reply: Option<oneshot::Sender<StartResult>>,
}

pub(crate) enum EnqueueError {
    Full,
    Closed,
}

/// State shared between the request handlers and the workers.
pub(crate) struct Shared {
    /// `None` once draining started: new triggers are refused and the workers see the channel
    /// close after the buffered jobs.
    tx: RwLock<Option<mpsc::Sender<Job>>>,
    pub counters: Counters,
    pub dedup: DeliveryCache,
}

impl Shared {
    pub fn enqueue(&self, job: Job) -> Result<(), EnqueueError> {
        let guard = self.tx.read().unwrap_or_else(|e| e.into_inner());
        let Some(tx) = guard.as_ref() else {
            return Err(EnqueueError::Closed);
        };
        tx.try_send(job).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => EnqueueError::Full,
            mpsc::error::TrySendError::Closed(_) => EnqueueError::Closed,
        })
    }
}

/// The workers behind a router. Call [`WorkerPool::drain`] after the HTTP server stopped to
/// run the triggers still queued.
pub struct WorkerPool {
    shared: Arc<Shared>,
    handles: Mutex<Vec<JoinHandle<()>>>,
}

impl WorkerPool {
    /// Spawns the workers; must be called inside a tokio runtime.
    pub(crate) fn start(trigger: Arc<dyn Trigger>, opts: &ServerOptions) -> Self {
        let (tx, rx) = mpsc::channel(opts.queue_capacity.max(1));
        let shared = Arc::new(Shared {
            tx: RwLock::new(Some(tx)),
            counters: Counters::default(),
            dedup: DeliveryCache::new(opts.dedup_capacity),
        });
        // Workers take turns on one receiver; the lock is held only while waiting for a job.
        let rx = Arc::new(tokio::sync::Mutex::new(rx));
        let handles = (0..opts.workers.max(1))
            .map(|_| tokio::spawn(worker(rx.clone(), trigger.clone(), shared.clone())))
            .collect();
        WorkerPool {
            shared,
            handles: Mutex::new(handles),
        }
    }

    pub(crate) fn shared(&self) -> Arc<Shared> {
        self.shared.clone()
    }

    /// Counts so far.
    pub fn stats(&self) -> ServeStats {
        self.shared.counters.snapshot()
    }

    /// Stops accepting triggers (later deliveries get 503), runs every trigger already queued
    /// and waits for the workers to finish. Wrap in a timeout to bound shutdown time.
    pub async fn drain(self) -> ServeStats {
        self.shared
            .tx
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        let handles = std::mem::take(&mut *self.handles.lock().unwrap_or_else(|e| e.into_inner()));
        for h in handles {
            let _ = h.await;
        }
        self.shared.counters.snapshot()
    }
}

async fn worker(
    rx: Arc<tokio::sync::Mutex<mpsc::Receiver<Job>>>,
    trigger: Arc<dyn Trigger>,
    shared: Arc<Shared>,
) {
    loop {
        let job = rx.lock().await.recv().await;
        let Some(job) = job else { break };
        run(job, &trigger, &shared).await;
    }
}

async fn run(job: Job, trigger: &Arc<dyn Trigger>, shared: &Shared) {
    let Job {
        req,
        dedup_key,
        reply,
    } = job;
    let (config, delivery) = (req.config_id.clone(), req.delivery.clone());
    // A separate task so a panicking Trigger costs one scan start, not a worker.
    let t = trigger.clone();
    let outcome = tokio::spawn(async move { t.trigger(req).await }).await;
    let result: StartResult = match outcome {
        Ok(Ok(scan_id)) => {
            Counters::bump(&shared.counters.started);
            Ok(scan_id)
        }
        Ok(Err(e)) => {
            Counters::bump(&shared.counters.failed);
            // Debug-formatted: the error text may quote the platform's response.
            let error = format!("{e:#}");
            tracing::warn!(
                config = ?config,
                delivery = ?delivery,
                error = ?error,
                "webhook scan start failed"
            );
            Err(())
        }
        Err(_) => {
            Counters::bump(&shared.counters.failed);
            tracing::warn!(
                config = ?config,
                delivery = ?delivery,
                "webhook trigger panicked"
            );
            Err(())
        }
    };
    if result.is_err()
        && let Some(key) = &dedup_key
    {
        shared.dedup.forget(key);
    }
    let unheard = match reply {
        Some(tx) => tx.send(result.clone()).is_err(),
        None => true,
    };
    // The delivery's log line went out as `queued` without a scan id; record the id here.
    if unheard && let Ok(scan_id) = &result {
        tracing::info!(
            config = ?config,
            delivery = ?delivery,
            scan_id = ?scan_id,
            "webhook scan started"
        );
    }
}
