//! `RetryPolicy`: bounded exponential backoff with jitter.
//!
//! Bounds matter more than cleverness here: a CI job waiting on a sick server should fail in
//! well under a minute with a clear error, not hang. With the defaults (4 attempts, 500 ms base,
//! 10 s cap) the worst case adds about 0.5 + 1 + 2 = 3.5 s of sleeping, plus at most
//! [`RETRY_AFTER_CAP`] per 429 when the server asks for more.

use std::time::Duration;

/// Total attempts, the first one included.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 4;
/// First backoff delay; doubled for each further attempt.
pub const DEFAULT_BASE_DELAY: Duration = Duration::from_millis(500);
/// No single backoff sleeps longer than this.
pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(10);
/// A server's `Retry-After` is honoured up to this; a longer wait becomes `RateLimited` so the
/// user decides (a 429 asking for an hour should not silently block a CI job for an hour).
pub const RETRY_AFTER_CAP: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Total attempts including the first; 1 means no retries.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// "Equal" jitter (a random delay in `[backoff/2, backoff]`) so many CI jobs hitting the
    /// same sick server do not retry in lock-step, while each wait still grows.
    pub jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            base_delay: DEFAULT_BASE_DELAY,
            max_delay: DEFAULT_MAX_DELAY,
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// One attempt, never retried.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The default policy with another base delay (`KDT_RETRY_BASE_MS`; tests use 0, which
    /// makes every backoff zero while keeping the attempt count).
    pub fn with_base_delay(mut self, base: Duration) -> Self {
        self.base_delay = base;
        self
    }

    /// The sleep before attempt `attempt + 1`, where `attempt` (1-based) just failed.
    /// `retry_after` (from a 429/503) wins over the computed backoff, capped.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if self.base_delay.is_zero() {
            return Duration::ZERO;
        }
        if let Some(ra) = retry_after {
            return ra.min(RETRY_AFTER_CAP);
        }
        let exp = attempt.saturating_sub(1).min(20);
        let backoff = self
            .base_delay
            .saturating_mul(1u32 << exp)
            .min(self.max_delay);
        if self.jitter {
            let ms = backoff.as_millis() as u64;
            Duration::from_millis(rand::random_range(ms / 2..=ms))
        } else {
            backoff
        }
    }
}

/// Parses `Retry-After` in its seconds form; the HTTP-date form is rare on APIs and is treated
/// as absent (we then fall back to our own backoff).
pub(crate) fn parse_retry_after(value: Option<&str>) -> Option<Duration> {
    let v = value?.trim();
    v.parse::<u64>().ok().map(Duration::from_secs).or_else(|| {
        v.parse::<f64>()
            .ok()
            .filter(|f| f.is_finite() && *f >= 0.0)
            .map(Duration::from_secs_f64)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy {
            jitter: false,
            ..RetryPolicy::default()
        };
        assert_eq!(p.delay(1, None), Duration::from_millis(500));
        assert_eq!(p.delay(2, None), Duration::from_millis(1000));
        assert_eq!(p.delay(10, None), DEFAULT_MAX_DELAY);
        assert_eq!(p.delay(1, Some(Duration::from_secs(3600))), RETRY_AFTER_CAP);
        let j = RetryPolicy::default();
        for _ in 0..50 {
            let d = j.delay(3, None);
            assert!(d >= Duration::from_millis(1000) && d <= Duration::from_millis(2000));
        }
        assert_eq!(
            RetryPolicy::default()
                .with_base_delay(Duration::ZERO)
                .delay(3, None),
            Duration::ZERO
        );
    }

    #[test]
    fn retry_after_seconds() {
        assert_eq!(parse_retry_after(Some("7")), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            None
        );
        assert_eq!(parse_retry_after(None), None);
    }
}
