//! kdt's own JSON report: a stable, documented shape for scripts (`--format json`).
//!
//! ```text
//! {
//!   "schema_version": 1,                  // bumped only on incompatible changes
//!   "tool": { "name": "kdt", "version": "0.1.0" },
//!   "scan": {
//!     "id": "…", "project": "…", "branch": "main" | null,
//!     "state": "end" | "failure" | "stop" | "run",
//!     "started_at": "2023-11-14T22:13:20Z" | null,   // RFC 3339 UTC
//!     "ended_at":   "…" | null,
//!     "duration_seconds": 90.5 | null,
//!     "riskscore": 0..100 | null,
//!     "report_url": "…" | null
//!   },
//!   "counts": {
//!     "sast": { "critical": n, "high": n, "medium": n, "low": n, "total": n },
//!     "sca":  { "critical": n, "high": n, "medium": n, "low": n, "total": n }
//!   },
//!   "gate": {
//!     "passed": bool,
//!     "violations": [ { "rule": "threshold-crit", "limit": 0, "actual": 3,
//!                       "message": "critical findings: 3 > threshold 0",
//!                       "matched_findings": ["id", …] /* weakness rule only */ } ],
//!     "checks": [ { "rule": "…", "description": "critical ≤ 0", "limit": 0, "actual": 3,
//!                   "passed": false } ]
//!   },
//!   "findings": [ { "id", "weakness_id", "title", "severity": "critical|high|medium|low",
//!                   "file", "line", "end_line"|null, "snippet"|null, "language"|null,
//!                   "description"|null, "breaks_gate": bool } ]
//! }
//! ```
//! Fields are only ever added within a schema version; consumers should ignore unknown keys.

use serde_json::{Value, json};

use super::{Counts, ScanReport};

pub const SCHEMA_VERSION: u32 = 1;

fn rfc3339(ms: Option<i64>) -> Value {
    ms.and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
        .map_or(Value::Null, |t| json!(t.to_string()))
}

fn counts(c: &Counts) -> Value {
    json!({
        "critical": c.critical,
        "high": c.high,
        "medium": c.medium,
        "low": c.low,
        "total": c.total(),
    })
}

pub fn render(r: &ScanReport) -> Value {
    let duration = match (r.started_at, r.ended_at) {
        (Some(s), Some(e)) if e >= s => json!((e - s) as f64 / 1000.0),
        _ => Value::Null,
    };
    let findings: Vec<Value> = r
        .findings
        .iter()
        .map(|f| {
            let mut v = serde_json::to_value(f).expect("Finding serializes");
            v["breaks_gate"] = json!(r.gate.finding_breaks(f));
            v
        })
        .collect();
    json!({
        "schema_version": SCHEMA_VERSION,
        "tool": { "name": "kdt", "version": env!("CARGO_PKG_VERSION") },
        "scan": {
            "id": r.scan_id,
            "project": r.project,
            "branch": r.branch,
            "state": r.state,
            "started_at": rfc3339(r.started_at),
            "ended_at": rfc3339(r.ended_at),
            "duration_seconds": duration,
            "riskscore": r.riskscore,
            "report_url": r.report_url,
        },
        "counts": { "sast": counts(&r.sast), "sca": counts(&r.sca) },
        "gate": r.gate,
        "findings": findings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata::{empty_report, report};

    #[test]
    fn documented_shape() {
        let v = render(&report());
        assert_eq!(v["schema_version"], 1);
        assert_eq!(v["scan"]["id"], "scan-123");
        assert_eq!(v["scan"]["started_at"], "2023-11-14T22:13:20Z");
        assert_eq!(v["scan"]["duration_seconds"], 90.5);
        assert_eq!(v["counts"]["sast"]["critical"], 1);
        assert_eq!(v["counts"]["sast"]["total"], 5);
        assert_eq!(v["counts"]["sca"]["medium"], 2);
        assert_eq!(v["gate"]["passed"], false);
        assert_eq!(
            v["gate"]["violations"][0]["message"],
            "critical findings: 1 > threshold 0"
        );
        assert_eq!(v["findings"][0]["severity"], "critical");
        assert_eq!(v["findings"][0]["breaks_gate"], true);
        assert_eq!(v["findings"][3]["breaks_gate"], false);
    }

    #[test]
    fn empty_report_has_nulls_not_missing_keys() {
        let v = render(&empty_report());
        assert!(v["scan"].get("branch").unwrap().is_null());
        assert!(v["scan"].get("started_at").unwrap().is_null());
        assert_eq!(v["gate"]["passed"], true);
        assert_eq!(v["findings"], json!([]));
    }
}
