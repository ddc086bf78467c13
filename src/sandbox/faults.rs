//! Fault injection for reliability tests of CodeThreat clients.
//!
//! A fault spec is `TARGET:ACTION[:WHEN]`:
//!
//! * `TARGET` is an endpoint name (see [`Endpoint::name`]), a group (`start` = every scan-start
//!   endpoint, `upload` = the archive uploads, `any`/`*` = everything) or `scan` (scan outcome).
//! * `ACTION` is an HTTP status (`500`, `503`, `429`, `413`, …: answered with the documented
//!   `{code, message}` body), `reset` (the connection is dropped without an answer), `slow=DUR`
//!   (`2s`, `250ms`: delay, then answer normally), `badjson` (a 200 with a truncated JSON body),
//!   or for `scan`: `failure` (the scan ends in state `failure`).
//! * `WHEN` is a probability `0.0..=1.0` (default 1), or `Nx` for "the first N matching
//!   requests only" (e.g. `start:503:1x` fails exactly the first start attempt).
//!
//! Every fault (except `slow`) is decided and answered *before* the request reaches the
//! handler: a scan-start that gets an injected 5xx never created a scan, so a client that retries
//! it cannot end up with two scans unless it also retried a real success.
//!
//! Decisions are reproducible: the k-th request matching rule r fires when
//! `hash(seed, r, k) < p`. Per-rule counters keep this independent of how requests to other
//! endpoints interleave.

use std::sync::Mutex;
use std::time::Duration;

use super::routes::Endpoint;

#[derive(Debug, Clone, PartialEq)]
pub enum FaultAction {
    Status(u16),
    Reset,
    Slow(Duration),
    BadJson,
    ScanFailure,
}

#[derive(Debug, Clone, PartialEq)]
pub enum When {
    Probability(f64),
    FirstN(u64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FaultRule {
    pub target: String,
    pub action: FaultAction,
    pub when: When,
}

const GROUPS: &[&str] = &["any", "*", "start", "upload", "scan"];

impl std::str::FromStr for FaultRule {
    type Err = String;

    fn from_str(spec: &str) -> Result<Self, String> {
        let parts: Vec<&str> = spec.trim().split(':').collect();
        if !(2..=3).contains(&parts.len()) {
            return Err(format!(
                "fault spec {spec:?} is not TARGET:ACTION[:PROBABILITY|Nx]"
            ));
        }
        let target = parts[0].trim().to_ascii_lowercase();
        if !GROUPS.contains(&target.as_str()) && !Endpoint::ALL.iter().any(|e| e.name() == target) {
            let mut known: Vec<&str> = GROUPS.to_vec();
            known.extend(Endpoint::ALL.iter().map(|e| e.name()));
            return Err(format!(
                "unknown fault target {target:?}; known: {}",
                known.join(", ")
            ));
        }
        let a = parts[1].trim().to_ascii_lowercase();
        let action = if target == "scan" {
            match a.as_str() {
                "failure" | "fail" => FaultAction::ScanFailure,
                _ => return Err(format!("scan faults support only `failure`, not {a:?}")),
            }
        } else if a == "reset" {
            FaultAction::Reset
        } else if a == "badjson" {
            FaultAction::BadJson
        } else if let Some(d) = a.strip_prefix("slow=") {
            FaultAction::Slow(parse_duration(d)?)
        } else if let Ok(code) = a.parse::<u16>() {
            if !(400..=599).contains(&code) {
                return Err(format!("fault status {code} must be 400..=599"));
            }
            FaultAction::Status(code)
        } else {
            return Err(format!(
                "unknown fault action {a:?}; use a status (500), reset, slow=2s, badjson or (for scan) failure"
            ));
        };
        let when = match parts.get(2).map(|s| s.trim()) {
            None | Some("") => When::Probability(1.0),
            Some(w) => {
                if let Some(n) = w.strip_suffix('x') {
                    When::FirstN(
                        n.parse()
                            .map_err(|_| format!("bad count {w:?} (e.g. 2x)"))?,
                    )
                } else {
                    let p: f64 = w
                        .parse()
                        .map_err(|_| format!("bad probability {w:?} (0.0 to 1.0, or Nx)"))?;
                    if !(0.0..=1.0).contains(&p) {
                        return Err(format!("probability {p} is outside 0.0..=1.0"));
                    }
                    When::Probability(p)
                }
            }
        };
        Ok(FaultRule {
            target,
            action,
            when,
        })
    }
}

/// Parses `2s`, `250ms`, `1.5s`, or bare seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, scale) = if let Some(n) = s.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60.0)
    } else {
        (s, 1.0)
    };
    let v: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("bad duration {s:?} (e.g. 2s, 250ms)"))?;
    if !v.is_finite() || v < 0.0 {
        return Err(format!("bad duration {s:?}"));
    }
    Ok(Duration::from_secs_f64(v * scale))
}

impl FaultRule {
    fn matches(&self, ep: Endpoint) -> bool {
        match self.target.as_str() {
            "any" | "*" => true,
            "start" => ep.is_scan_start(),
            "upload" => ep.is_upload(),
            "scan" => false,
            name => ep.name() == name,
        }
    }
}

/// The configured rules plus their per-rule counters.
#[derive(Debug)]
pub struct Faults {
    rules: Vec<FaultRule>,
    seed: u64,
    counters: Mutex<Vec<u64>>,
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl Faults {
    pub fn new(rules: Vec<FaultRule>, seed: u64) -> Faults {
        let n = rules.len();
        Faults {
            rules,
            seed,
            counters: Mutex::new(vec![0; n]),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    fn fire(&self, idx: usize, rule: &FaultRule, counters: &mut [u64]) -> bool {
        let k = counters[idx];
        counters[idx] += 1;
        match rule.when {
            When::FirstN(n) => k < n,
            When::Probability(p) => {
                if p >= 1.0 {
                    return true;
                }
                let h = splitmix(self.seed ^ splitmix((idx as u64) << 32 ^ k));
                ((h >> 11) as f64 / (1u64 << 53) as f64) < p
            }
        }
    }

    /// The fault (if any) for this request. Every matching rule advances its counter, so one
    /// rule firing does not shift the sequence of another.
    pub fn decide(&self, ep: Endpoint) -> Vec<FaultAction> {
        let mut counters = self.counters.lock().expect("fault counters lock");
        let mut out = Vec::new();
        for (i, r) in self.rules.iter().enumerate() {
            if r.matches(ep) && self.fire(i, r, &mut counters) {
                out.push(r.action.clone());
            }
        }
        out
    }

    /// Whether the next scan started should end in `failure`.
    pub fn scan_fails(&self) -> bool {
        let mut counters = self.counters.lock().expect("fault counters lock");
        let mut fails = false;
        for (i, r) in self.rules.iter().enumerate() {
            if r.target == "scan" && self.fire(i, r, &mut counters) {
                fails = true;
            }
        }
        fails
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_specs() {
        let r: FaultRule = "status:500:0.3".parse().unwrap();
        assert_eq!(r.action, FaultAction::Status(500));
        assert_eq!(r.when, When::Probability(0.3));
        let r: FaultRule = "start:slow=2s:1.0".parse().unwrap();
        assert_eq!(r.action, FaultAction::Slow(Duration::from_secs(2)));
        let r: FaultRule = "upload:413".parse().unwrap();
        assert_eq!(r.when, When::Probability(1.0));
        let r: FaultRule = "scan:failure".parse().unwrap();
        assert_eq!(r.action, FaultAction::ScanFailure);
        let r: FaultRule = "start:503:2x".parse().unwrap();
        assert_eq!(r.when, When::FirstN(2));
        assert!("nope:500".parse::<FaultRule>().is_err());
        assert!("status:200".parse::<FaultRule>().is_err());
        assert!("status:500:1.5".parse::<FaultRule>().is_err());
        assert!("status".parse::<FaultRule>().is_err());
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
    }

    #[test]
    fn seeded_decisions_repeat() {
        let mk = || Faults::new(vec!["status:500:0.5".parse().unwrap()], 42);
        let run = |f: &Faults| {
            (0..64)
                .map(|_| !f.decide(Endpoint::Status).is_empty())
                .collect::<Vec<_>>()
        };
        let (a, b) = (run(&mk()), run(&mk()));
        assert_eq!(a, b);
        let hits = a.iter().filter(|x| **x).count();
        assert!((16..=48).contains(&hits), "{hits}");
        let other = Faults::new(vec!["status:500:0.5".parse().unwrap()], 43);
        assert_ne!(a, run(&other));
    }

    #[test]
    fn first_n_and_groups() {
        let f = Faults::new(vec!["start:503:1x".parse().unwrap()], 0);
        assert!(f.decide(Endpoint::Status).is_empty());
        assert_eq!(
            f.decide(Endpoint::ScanStart),
            vec![FaultAction::Status(503)]
        );
        assert!(f.decide(Endpoint::ScanStart).is_empty());
    }
}
