//! Webhook receiver: `kdt webhook serve` lets GitHub, GitLab and Bitbucket Cloud start the
//! scan of a saved configuration on push and pull/merge request events.
//!
//! Each configuration with a webhook is served at `POST /hooks/<config-id>`. A delivery is
//! authenticated with the configuration's secret before anything in it is looked at
//! ([`signature`]), then classified ([`event`]), checked against the replay cache ([`dedup`])
//! and, when it concerns the configured branch, handed to a bounded queue of workers
//! ([`queue`]) that call the [`Trigger`]. The HTTP side lives in [`server`].
//!
//! The library knows nothing about profiles or the CodeThreat API: the caller supplies the
//! configurations ([`ConfigSource`]) and the scan start ([`Trigger`]).

pub mod dedup;
pub mod event;
pub mod queue;
pub mod server;
#[cfg(test)]
mod server_tests;
pub mod signature;

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::secret::Secret;

pub use queue::{ServeStats, WorkerPool};
pub use server::{router, serve};

/// The platform that sends a configuration's deliveries; decides how they are authenticated
/// and parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Github,
    Gitlab,
    Bitbucket,
}

impl Platform {
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Github => "github",
            Platform::Gitlab => "gitlab",
            Platform::Bitbucket => "bitbucket",
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown webhook platform `{0}` (expected github, gitlab or bitbucket)")]
pub struct UnknownPlatform(pub String);

impl FromStr for Platform {
    type Err = UnknownPlatform;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "github" => Ok(Platform::Github),
            "gitlab" => Ok(Platform::Gitlab),
            "bitbucket" => Ok(Platform::Bitbucket),
            _ => Err(UnknownPlatform(s.to_string())),
        }
    }
}

/// One scan configuration's webhook settings.
#[derive(Debug, Clone)]
pub struct HookConfig {
    pub id: String,
    pub platform: Platform,
    /// HMAC key (GitHub, Bitbucket) or shared token (GitLab). An empty secret never verifies.
    pub secret: Secret,
    /// Only events for this branch trigger; `None` accepts any branch.
    pub branch: Option<String>,
}

/// Whether a trigger comes from a push or from a pull/merge request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Push,
    PullRequest,
}

/// What the [`Trigger`] is asked to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerRequest {
    pub config_id: String,
    pub platform: Platform,
    /// The platform's event name as sent (`push`, `Merge Request Hook`, `pullrequest:updated`).
    pub event: String,
    pub kind: EventKind,
    /// The branch that matched: the pushed branch, or the target branch of a pull request.
    pub branch: String,
    /// The pushed head commit, or the pull request's head commit, when the payload has it.
    pub commit: Option<String>,
    /// Pull/merge requests only: the branch the changes come from.
    pub source_branch: Option<String>,
    /// Pull/merge requests only: the number (GitHub), iid (GitLab) or id (Bitbucket).
    pub pull_request: Option<u64>,
    pub delivery: Option<String>,
}

/// Starts a configuration's scan. Implemented by the caller with the real scan start; the
/// returned future should resolve once the scan is started (not finished) with its id.
pub trait Trigger: Send + Sync + 'static {
    fn trigger(
        &self,
        req: TriggerRequest,
    ) -> Pin<Box<dyn Future<Output = anyhow::Result<String>> + Send + '_>>;
}

/// Looks up a configuration by the id in the request path.
pub trait ConfigSource: Send + Sync {
    fn get(&self, id: &str) -> Option<HookConfig>;
}

impl ConfigSource for HashMap<String, HookConfig> {
    fn get(&self, id: &str) -> Option<HookConfig> {
        HashMap::get(self, id).cloned()
    }
}

/// Tuning of the receiver. `Default` gives the values `kdt webhook serve` uses.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// Triggers waiting for a worker; a delivery that finds the queue full gets 503.
    pub queue_capacity: usize,
    /// Triggers running at the same time.
    pub workers: usize,
    /// Largest accepted body in bytes; larger gets 413.
    pub max_body: usize,
    /// Delivery ids remembered for replay protection.
    pub dedup_capacity: usize,
    /// How long a response may wait for the trigger to report the scan id. Within it the
    /// answer is `started` with `scan_id`; after it, `queued` and the scan still starts. Kept
    /// well under the platforms' 10 s delivery timeout.
    pub start_wait: Duration,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            queue_capacity: 256,
            workers: 4,
            max_body: 1024 * 1024,
            dedup_capacity: 10_000,
            start_wait: Duration::from_secs(3),
        }
    }
}

/// A new webhook secret: 256 bits from the operating system's random source, hex encoded
/// (64 characters) so it can be pasted into any platform's form.
///
/// Panics only if the OS random source fails, which leaves nothing sensible to fall back on.
pub fn generate_secret() -> Secret {
    use rand::TryRng;
    let mut bytes = [0u8; 32];
    rand::rngs::SysRng
        .try_fill_bytes(&mut bytes)
        .expect("the operating system's random source failed");
    Secret::new(hex::encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_round_trips_lowercase() {
        for p in [Platform::Github, Platform::Gitlab, Platform::Bitbucket] {
            assert_eq!(p.to_string().parse::<Platform>().unwrap(), p);
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{p}\""));
            assert_eq!(serde_json::from_str::<Platform>(&json).unwrap(), p);
        }
        assert_eq!("GitHub".parse::<Platform>().unwrap(), Platform::Github);
        assert!("gitea".parse::<Platform>().is_err());
    }

    #[test]
    fn generated_secrets_are_256_bit_hex_and_distinct() {
        let a = generate_secret();
        let b = generate_secret();
        assert_eq!(a.expose().len(), 64);
        assert!(a.expose().bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
