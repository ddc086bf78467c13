//! GitLab SAST security report (`artifacts:reports:sast`), schema version [`SCHEMA_VERSION`].
//!
//! GitLab validates uploads against its `sast-report-format.json` of the declared version and
//! silently drops reports that fail, so the shape here follows the 15.x schema strictly:
//! `scan.analyzer`/`scan.scanner` with id, name, vendor.name and version; `type: "sast"`;
//! `start_time`/`end_time` as `YYYY-MM-DDTHH:MM:SS` (UTC, no zone suffix); `status`
//! success|failure; each vulnerability with an id, capitalized severity, a location with file
//! and lines, and at least one identifier.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{Finding, ScanReport};

pub const SCHEMA_VERSION: &str = "15.0.7";

/// Deterministic UUID-shaped id (version 5 / RFC 4122 variant bits), so the same finding in
/// the same project gets the same id in every report.
pub fn vulnerability_id(project: &str, f: &Finding) -> String {
    let mut h = Sha256::new();
    for part in [project, &f.id, &f.weakness_id, &f.file] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let mut b: [u8; 16] = h.finalize()[..16].try_into().expect("16 bytes");
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let x = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &x[0..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..32]
    )
}

fn time_or_now(ms: Option<i64>) -> String {
    ms.and_then(super::ms_to_utc_seconds).unwrap_or_else(|| {
        jiff::Timestamp::now()
            .strftime("%Y-%m-%dT%H:%M:%S")
            .to_string()
    })
}

/// GitLab caps `name` at 255 characters; keep it within that on a char boundary.
fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

pub fn render(r: &ScanReport) -> Value {
    let vendor = json!({ "name": "CodeThreat" });
    let start = time_or_now(r.started_at.or(r.ended_at));
    let end = time_or_now(r.ended_at.or(r.started_at));
    let vulns: Vec<Value> = r
        .findings
        .iter()
        .map(|f| {
            let line = f.line.max(1);
            let name = if f.title.trim().is_empty() {
                &f.weakness_id
            } else {
                &f.title
            };
            let mut v = json!({
                "id": vulnerability_id(&r.project, f),
                "name": truncate(name, 255),
                "severity": f.severity.title(),
                "location": {
                    "file": f.file.trim_start_matches("./"),
                    "start_line": line,
                    "end_line": f.end_line.unwrap_or(line).max(line),
                },
                "identifiers": [{
                    "type": "codethreat_weakness",
                    "name": format!("CodeThreat {}", f.weakness_id),
                    "value": f.weakness_id,
                }],
            });
            if let Some(d) = f.description.as_deref().filter(|d| !d.is_empty()) {
                v["description"] = json!(d);
            }
            if let Some(s) = f.snippet.as_deref().filter(|s| !s.is_empty()) {
                v["raw_source_code_extract"] = json!(s);
            }
            v
        })
        .collect();
    json!({
        "version": SCHEMA_VERSION,
        "scan": {
            "analyzer": {
                "id": "kdt",
                "name": "kdt",
                "vendor": vendor,
                "version": env!("CARGO_PKG_VERSION"),
            },
            "scanner": {
                "id": "codethreat",
                "name": "CodeThreat",
                "url": "https://codethreat.com",
                "vendor": vendor,
                "version": env!("CARGO_PKG_VERSION"),
            },
            "type": "sast",
            "start_time": start,
            "end_time": end,
            "status": if r.state == "end" { "success" } else { "failure" },
        },
        "vulnerabilities": vulns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata::{assert_valid, empty_report, report, validator};

    #[test]
    fn validates_against_schema() {
        let v = validator("gitlab-sast-report-format.json");
        assert_valid(&v, &render(&report()));
        assert_valid(&v, &render(&empty_report()));
    }

    #[test]
    fn schema_rejects_broken_reports() {
        let v = validator("gitlab-sast-report-format.json");
        let mut g = render(&report());
        g["scan"]["start_time"] = json!("2023-11-14T22:13:20Z");
        assert!(!v.is_valid(&g));
        let mut g = render(&report());
        g["vulnerabilities"][0]["severity"] = json!("critical");
        assert!(!v.is_valid(&g));
        let mut g = render(&report());
        g["vulnerabilities"][0]["identifiers"] = json!([]);
        assert!(!v.is_valid(&g));
    }

    #[test]
    fn shape() {
        let r = report();
        let g = render(&r);
        assert_eq!(g["version"], SCHEMA_VERSION);
        assert_eq!(g["scan"]["type"], "sast");
        assert_eq!(g["scan"]["status"], "success");
        assert_eq!(g["scan"]["start_time"], "2023-11-14T22:13:20");
        assert_eq!(g["scan"]["end_time"], "2023-11-14T22:14:50");
        let v = &g["vulnerabilities"][0];
        assert_eq!(v["severity"], "Critical");
        assert_eq!(v["location"]["file"], "src/db.js");
        assert_eq!(v["location"]["start_line"], 10);
        assert_eq!(v["identifiers"][0]["value"], "sql_injection");
        // line 0 → 1
        assert_eq!(g["vulnerabilities"][4]["location"]["start_line"], 1);
    }

    #[test]
    fn ids_are_deterministic_and_uuid_shaped() {
        let r = report();
        let a = vulnerability_id(&r.project, &r.findings[0]);
        assert_eq!(a, vulnerability_id(&r.project, &r.findings[0]));
        assert_ne!(a, vulnerability_id(&r.project, &r.findings[1]));
        let re = regex::Regex::new(
            "^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
        )
        .unwrap();
        assert!(re.is_match(&a), "{a}");
    }

    #[test]
    fn failed_scan_reports_failure_status() {
        let mut r = empty_report();
        r.state = "failure".into();
        assert_eq!(render(&r)["scan"]["status"], "failure");
    }
}
