//! The sandbox's data: projects, scans and their findings, plus the time-based scan model.
//!
//! A scan's state is never advanced by a timer. Each scan records when it started, how long it
//! "takes", and (optionally) when it was stopped or at which point it fails; every read computes
//! the state, progress, visible findings and log lines from the wall clock. That keeps the server
//! idle between requests, makes a restart from `--state-dir` continue where it left off, and lets
//! a zero duration finish instantly.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::scanner::{Analysis, Finding, ScaFinding, Severity};

/// Milliseconds since the Unix epoch (the unit of `started_at`/`ended_at` in the API).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// RFC 3339 timestamp for an epoch-millisecond value.
pub fn iso(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// Repository binding of a project created through an integration (`--project NAME:TYPE`,
/// `/api/integration/<type>/set`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Integration {
    pub repo_id: Option<String>,
    pub account: Option<String>,
    pub branch: Option<String>,
    pub url: Option<String>,
    pub visibility: Option<String>,
    pub policy_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Project {
    pub name: String,
    /// `upload|git|github|gitlab|azure|bitbucket|jenkins`.
    pub project_type: String,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub created_at_ms: i64,
    pub scan_ids: Vec<String>,
    #[serde(default)]
    pub integration: Option<Integration>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Failure {
    /// Point of the scan's duration (0..=1) at which it fails.
    pub at: f64,
    pub message: String,
}

/// Who/what started a scan, echoed in the status `tags`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ScanMeta {
    pub branch: Option<String>,
    pub policy_id: String,
    pub policy_title: String,
    pub source: String,
    pub filename: Option<String>,
    pub commit_id: Option<String>,
    pub committer: Option<String>,
    pub commit_message: Option<String>,
}

mod arc_analysis {
    use super::Analysis;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::sync::Arc;

    pub fn serialize<S: Serializer>(v: &Arc<Analysis>, s: S) -> Result<S::Ok, S::Error> {
        v.as_ref().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<Analysis>, D::Error> {
        Analysis::deserialize(d).map(Arc::new)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Scan {
    pub id: String,
    pub project: String,
    pub meta: ScanMeta,
    pub started_at_ms: i64,
    pub duration_ms: u64,
    pub stopped_at_ms: Option<i64>,
    pub failure: Option<Failure>,
    /// Shared so handlers can copy a scan out of the lock without copying its findings.
    #[serde(with = "arc_analysis")]
    pub analysis: Arc<Analysis>,
}

/// Scan state as the API names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Run,
    End,
    Failure,
    Stop,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Run => "run",
            State::End => "end",
            State::Failure => "failure",
            State::Stop => "stop",
        }
    }
}

/// A scan as seen at one instant.
#[derive(Debug, Clone)]
pub struct View {
    pub state: State,
    pub progress: u8,
    /// Fraction of the scan's work done (frozen at a stop or failure).
    pub fraction: f64,
    pub ended_at_ms: Option<i64>,
    /// How many of `analysis.findings` are visible (findings appear in order as work passes them).
    pub visible: usize,
    pub sca_visible: bool,
}

/// SCA runs in the last tenth of the scan.
const SCA_PHASE: f64 = 0.9;

impl Scan {
    fn at(&self, fraction: f64) -> i64 {
        self.started_at_ms + (self.duration_ms as f64 * fraction).round() as i64
    }

    pub fn view(&self, now: i64) -> View {
        let elapsed = (now - self.started_at_ms).max(0) as f64;
        let live = if self.duration_ms == 0 {
            1.0
        } else {
            (elapsed / self.duration_ms as f64).min(1.0)
        };
        // The earliest terminal event that has happened wins.
        let mut terminal: Option<(State, f64, i64)> = None;
        if let Some(f) = &self.failure {
            let t = self.at(f.at);
            if now >= t {
                terminal = Some((State::Failure, f.at, t));
            }
        }
        if let Some(stop) = self.stopped_at_ms {
            let frac = if self.duration_ms == 0 {
                1.0
            } else {
                ((stop - self.started_at_ms).max(0) as f64 / self.duration_ms as f64).min(1.0)
            };
            if now >= stop && terminal.is_none_or(|(_, _, t)| stop < t) {
                terminal = Some((State::Stop, frac, stop));
            }
        }
        if terminal.is_none() && live >= 1.0 {
            terminal = Some((State::End, 1.0, self.at(1.0)));
        }
        let n = self.analysis.findings.len();
        match terminal {
            Some((State::End, _, t)) => View {
                state: State::End,
                progress: 100,
                fraction: 1.0,
                ended_at_ms: Some(t),
                visible: n,
                sca_visible: true,
            },
            Some((state, frac, t)) => View {
                state,
                progress: (frac * 100.0).floor() as u8,
                fraction: frac,
                ended_at_ms: Some(t),
                visible: (frac * n as f64).floor() as usize,
                sca_visible: frac >= SCA_PHASE,
            },
            None => View {
                state: State::Run,
                progress: ((live * 100.0).floor() as u8).min(99),
                fraction: live,
                ended_at_ms: None,
                visible: (live * n as f64).floor() as usize,
                sca_visible: live >= SCA_PHASE,
            },
        }
    }

    pub fn visible_findings(&self, view: &View) -> &[Finding] {
        &self.analysis.findings[..view.visible]
    }

    pub fn visible_sca(&self, view: &View) -> &[ScaFinding] {
        if view.sca_visible {
            &self.analysis.sca
        } else {
            &[]
        }
    }

    /// What the engine is doing at this point (`progress_data.current_analysis`).
    pub fn current_analysis(&self, view: &View) -> &'static str {
        match view.state {
            State::End => "Completed",
            State::Failure => "Failed",
            State::Stop => "Stopped",
            State::Run if view.fraction < 0.1 => "Preparing sources",
            State::Run if view.fraction < SCA_PHASE => "SAST analysis",
            State::Run => "SCA analysis",
        }
    }

    /// The log lines that have "happened" by this view: `(logType, message, epoch ms)`.
    pub fn logs(&self, view: &View) -> Vec<(&'static str, String, i64)> {
        let a = &self.analysis;
        let mut timeline: Vec<(f64, &'static str, String)> = vec![
            (
                0.0,
                "information",
                "INFO110: Scan is starting...".to_string(),
            ),
            (
                0.0,
                "information",
                format!(
                    "INFO111: Source received: {} files, {} text files, {} lines.",
                    a.files, a.text_files, a.loc
                ),
            ),
        ];
        if self.failure.as_ref().is_none_or(|f| f.at > 0.1) {
            let langs = if a.languages.is_empty() {
                "no source languages".to_string()
            } else {
                a.languages.join(", ")
            };
            timeline.push((
                0.1,
                "information",
                format!("INFO120: SAST analysis started ({langs})."),
            ));
            timeline.push((
                SCA_PHASE,
                "information",
                "INFO130: SCA analysis started.".to_string(),
            ));
            timeline.push((
                1.0,
                "information",
                format!(
                    "INFO199: Scan completed: {} SAST issues, {} SCA issues.",
                    a.findings.len(),
                    a.sca.len()
                ),
            ));
        }
        let mut out: Vec<(&'static str, String, i64)> = timeline
            .into_iter()
            // The completion line belongs to successful scans only.
            .filter(|(at, _, _)| *at <= view.fraction && (*at < 1.0 || view.state == State::End))
            .map(|(at, t, m)| (t, m, self.at(at)))
            .collect();
        match view.state {
            State::Failure => {
                let f = self.failure.as_ref().expect("failure state has a failure");
                out.push(("error", f.message.clone(), view.ended_at_ms.unwrap_or(0)));
            }
            State::Stop => out.push((
                "warning",
                "WARN300: Scan stopped by user.".to_string(),
                view.ended_at_ms.unwrap_or(0),
            )),
            _ => {}
        }
        out
    }
}

/// Per-severity counts.
pub fn severity_counts<'a>(sev: impl IntoIterator<Item = Severity>) -> BTreeMap<&'a str, u64> {
    let mut m: BTreeMap<&str, u64> = Severity::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    for s in sev {
        *m.entry(s.as_str()).or_default() += 1;
    }
    m
}

/// 0–100, higher is better (the old clients map it to a letter grade, A+ at 97–100).
pub fn risk_score(findings: &[Finding]) -> u32 {
    let penalty: u32 = findings
        .iter()
        .map(|f| match f.severity {
            Severity::Critical => 10,
            Severity::High => 5,
            Severity::Medium => 2,
            Severity::Low => 1,
        })
        .sum();
    100u32.saturating_sub(penalty)
}

/// The letter grade table the old GHA/GL clients used.
pub fn grade(score: u32) -> &'static str {
    match score {
        97.. => "A+",
        93..=96 => "A",
        90..=92 => "A-",
        87..=89 => "B+",
        83..=86 => "B",
        80..=82 => "B-",
        77..=79 => "C+",
        73..=76 => "C",
        70..=72 => "C-",
        67..=69 => "D+",
        63..=66 => "D",
        60..=62 => "D-",
        _ => "F",
    }
}

/// Everything that is persisted.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Store {
    pub projects: BTreeMap<String, Project>,
    pub scans: BTreeMap<String, Scan>,
    /// Tokens handed out by `/api/signin`.
    #[serde(default)]
    pub access_tokens: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::scanner::analyse;

    fn scan(duration_ms: u64, n: usize) -> Scan {
        let text = "eval(x)\n".repeat(n);
        Scan {
            id: "s".into(),
            project: "p".into(),
            meta: ScanMeta::default(),
            started_at_ms: 1_000_000,
            duration_ms,
            stopped_at_ms: None,
            failure: None,
            analysis: Arc::new(analyse("p", [("a.py", text.as_str())], 1)),
        }
    }

    #[test]
    fn progress_and_findings_grow_with_time() {
        let s = scan(10_000, 10);
        let v = s.view(1_000_000);
        assert_eq!((v.state, v.progress, v.visible), (State::Run, 0, 0));
        let v = s.view(1_005_000);
        assert_eq!((v.state, v.progress, v.visible), (State::Run, 50, 5));
        let logs = s.logs(&v);
        assert_eq!(logs[0].1, "INFO110: Scan is starting...");
        assert!(logs.iter().all(|l| !l.1.starts_with("INFO199")));
        let v = s.view(1_010_000);
        assert_eq!((v.state, v.progress, v.visible), (State::End, 100, 10));
        assert_eq!(v.ended_at_ms, Some(1_010_000));
        assert!(s.logs(&v).iter().any(|l| l.1.starts_with("INFO199")));
    }

    #[test]
    fn zero_duration_ends_at_once() {
        let v = scan(0, 3).view(1_000_000);
        assert_eq!((v.state, v.visible), (State::End, 3));
    }

    #[test]
    fn stop_and_failure_freeze() {
        let mut s = scan(10_000, 10);
        s.stopped_at_ms = Some(1_002_000);
        let v = s.view(1_009_000);
        assert_eq!((v.state, v.progress, v.visible), (State::Stop, 20, 2));
        let mut s = scan(10_000, 10);
        s.failure = Some(Failure {
            at: 0.5,
            message: "ERR".into(),
        });
        assert_eq!(s.view(1_004_000).state, State::Run);
        let v = s.view(1_006_000);
        assert_eq!((v.state, v.progress), (State::Failure, 50));
        assert_eq!(s.logs(&v).last().unwrap().0, "error");
    }

    #[test]
    fn grades() {
        assert_eq!(grade(100), "A+");
        assert_eq!(grade(85), "B");
        assert_eq!(grade(10), "F");
    }
}
