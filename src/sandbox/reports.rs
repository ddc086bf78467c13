//! The end-of-scan reports: `GET /api/plugins/helper` (summary, shaped by `x-ct-from`, §A15)
//! and `GET /api/report/scan/create?reportType=sarif` (SARIF 2.1.0, §A16).
//!
//! Both answer 404 until the scan has ended: that is how the clients learn "no report".

use std::collections::{BTreeMap, BTreeSet, HashMap};

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::issues::{fixed_count, new_issue_ids};
use super::routes::{
    API_VERSION, Ctx, Reject, Shared, error, not_found, ok_json, query, weaknesses,
};
use super::scanner::{self, Finding, Severity};
use super::state::{Scan, State as ScanState, grade, now_ms, risk_score, severity_counts};
use crate::report::sarif;

/// A finished scan for the report endpoints, or the 404 that means "no report".
fn finished_scan(s: &Shared, q: &HashMap<String, String>) -> Result<(Scan, History), Reject> {
    let sid = q
        .get("sid")
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Box::new(error(StatusCode::BAD_REQUEST, "Missing Fields: sid")))?;
    let store = s.lock();
    let sc = store
        .scans
        .get(sid)
        .cloned()
        .ok_or_else(|| Box::new(not_found()))?;
    if sc.view(now_ms()).state != ScanState::End {
        return Err(Box::new(not_found()));
    }
    let new_ids = new_issue_ids(&store, &sc);
    let fixed = fixed_count(&store, &sc);
    Ok((sc, History { new_ids, fixed }))
}

/// What the reports need from the project's earlier scans.
struct History {
    new_ids: BTreeSet<String>,
    fixed: usize,
}

fn hhmmss(ms: i64) -> String {
    let s = (ms.max(0) / 1000) as u64;
    format!("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

fn sarif(sc: &Scan) -> Value {
    let findings = &sc.analysis.findings;
    let used: BTreeSet<&str> = findings.iter().map(|f| f.rule_id.as_str()).collect();
    let rules: Vec<&scanner::Rule> = scanner::RULES
        .iter()
        .filter(|r| used.contains(r.id))
        .collect();
    let index: HashMap<&str, usize> = rules.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    let rules_json: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id, "name": r.weakness_id,
                "shortDescription": {"text": r.title},
                "fullDescription": {"text": r.description},
                "help": {"text": r.mitigation},
                "defaultConfiguration": {"level": sarif::level(r.severity)},
                "properties": {"tags": ["security", r.cwe], "security-severity": sarif::security_severity(r.severity), "precision": "medium"},
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            json!({
                "ruleId": f.rule_id,
                "ruleIndex": index.get(f.rule_id.as_str()).copied().unwrap_or(0),
                "level": sarif::level(f.severity),
                "message": {"text": format!("{} ({})", f.title, f.severity.as_str())},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": f.path},
                    "region": {"startLine": f.line, "startColumn": f.start_col + 1, "endLine": f.line,
                               "endColumn": f.end_col.max(f.start_col + 1) + 1, "snippet": {"text": f.snippet}},
                }}],
                "partialFingerprints": {"codethreat/issueId": f.issue_id},
                "properties": {"severity": f.severity, "weakness_id": f.weakness_id, "language": f.language},
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "CodeThreat", "informationUri": "https://codethreat.com",
                "version": API_VERSION, "semanticVersion": API_VERSION, "rules": rules_json,
            }},
            "automationDetails": {"id": format!("codethreat/{}/{}", sc.project, sc.id)},
            "results": results,
        }],
    })
}

pub(super) async fn report(State(s): Ctx, RawQuery(raw): RawQuery) -> Response {
    let q = query(&raw);
    match q.get("reportType").map(|t| t.trim().to_lowercase()) {
        Some(t) if t == "sarif" => {}
        _ => {
            return error(
                StatusCode::BAD_REQUEST,
                "Unsupported reportType (use sarif).",
            );
        }
    }
    match finished_scan(&s, &q) {
        Ok((sc, _)) => ok_json(json!({"parsedResult": sarif(&sc)})),
        Err(r) => *r,
    }
}

fn title_counts(sca: &[scanner::ScaFinding]) -> Value {
    let c = severity_counts(sca.iter().map(|f| f.severity));
    let mut m = serde_json::Map::new();
    for sv in Severity::ALL {
        m.insert(sv.title().to_string(), json!(c[sv.as_str()]));
    }
    Value::Object(m)
}

fn sca_deps(sca: &[scanner::ScaFinding]) -> Value {
    let mut by: BTreeMap<&str, Vec<Value>> = BTreeMap::new();
    for f in sca {
        by.entry(f.manifest.as_str()).or_default().push(json!({
            "unique_id": format!("{}@{}", f.package, f.version),
            "issues": [{"title": format!("{}: {}", f.cve, f.title), "severity": f.severity}],
        }));
    }
    Value::Array(
        by.into_iter()
            .map(|(t, d)| json!({"target": t, "data": d}))
            .collect(),
    )
}

pub(super) async fn helper(State(s): Ctx, headers: HeaderMap, RawQuery(raw): RawQuery) -> Response {
    let q = query(&raw);
    let (sc, extra) = match finished_scan(&s, &q) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let findings = &sc.analysis.findings;
    let new: Vec<&Finding> = findings
        .iter()
        .filter(|f| extra.new_ids.contains(&f.issue_id))
        .collect();
    let all_counts = severity_counts(findings.iter().map(|f| f.severity));
    let new_counts = severity_counts(new.iter().map(|f| f.severity));
    let score = risk_score(findings);
    let duration = hhmmss(sc.duration_ms as i64);
    let weak = weaknesses(findings);
    let sca = &sc.analysis.sca;
    let from = headers
        .get("x-ct-from")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("github")
        .to_ascii_lowercase();
    let body = match from.as_str() {
        "azure" => {
            let new_weak = weaknesses(&new.iter().map(|f| (*f).clone()).collect::<Vec<_>>());
            json!({
                "report": {
                    "totalNewIssues": new.len(),
                    "newIssues": {"severityCounts": new_counts,
                        "severities": new_weak.iter().map(|(w, s, n)| json!({"name": w, "severity": s, "count": n})).collect::<Vec<_>>()},
                    "allIssues": {"severityCounts": all_counts,
                        "severities": weak.iter().map(|(w, s, n)| json!({"name": w, "severity": s, "count": n})).collect::<Vec<_>>()},
                    "durationTime": duration,
                    "riskscore": {"score": grade(score), "value": score},
                    "scaDeps": sca_deps(sca),
                },
                "scaSeverityCounts": title_counts(sca),
            })
        }
        "jenkins" => json!({
            "report": {
                "durationTime": duration,
                "riskscore": {"score": grade(score), "value": score},
                "fixedIssues": extra.fixed,
                "scaDeps": sca_deps(sca),
                "scaSeverityCounts": title_counts(sca),
                "allIssues": {"weaknessCounts": weak.iter().map(|(w, _, n)| (w.clone(), json!(n))).collect::<serde_json::Map<_, _>>(),
                              "severityCounts": all_counts},
                "newIssues": {"severityCounts": new_counts},
            }
        }),
        _ => {
            let mut md = format!(
                "### CodeThreat scan summary for `{}`\n\n| Severity | Total Issue | New Issue |\n|---|---|---|\n",
                sc.project
            );
            for sv in Severity::ALL {
                md.push_str(&format!(
                    "| {} | {} | {} |\n",
                    sv.title(),
                    all_counts[sv.as_str()],
                    new_counts[sv.as_str()]
                ));
            }
            md.push_str(&format!(
                "| TOTAL | {} | {} |\n\n",
                findings.len(),
                new.len()
            ));
            if !weak.is_empty() {
                md.push_str("**Weaknesses**\n\n");
                for (w, sv, n) in &weak {
                    md.push_str(&format!("- {w} -> {}({n})\n", sv.title()));
                }
                md.push('\n');
            }
            md.push_str(&format!(
                "Duration: {duration} · Risk score: {} ({score}) · Fixed issues: {}\n",
                grade(score),
                extra.fixed
            ));
            json!({"report": md, "scaSeverityCounts": title_counts(sca)})
        }
    };
    ok_json(body)
}
