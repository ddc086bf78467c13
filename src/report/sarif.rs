//! SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.
//!
//! The server's own export is passed through when it looks usable (`version` "2.1.0" and a
//! `runs` array), because it carries CodeThreat's full rule metadata and flows. Otherwise a log
//! is built from the normalized findings, following GitHub's documented requirements: rules
//! with `properties.security-severity` (a numeric string GitHub maps to its severity levels)
//! and the `security` tag, results with `ruleId`/`ruleIndex`/`level`/`message`, a relative
//! `artifactLocation.uri` with `uriBaseId: %SRCROOT%`, `region.startLine` ≥ 1, and
//! `partialFingerprints` so alerts keep their identity across runs.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{Finding, ScanReport, Severity};

pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
pub const SARIF_VERSION: &str = "2.1.0";
const INFORMATION_URI: &str = "https://codethreat.com";

/// GitHub's security-severity scale: >9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, <4 low.
pub fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
    }
}

pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// Whether the server's export can be used as is.
pub fn looks_valid(v: &Value) -> bool {
    v.get("version").and_then(Value::as_str) == Some(SARIF_VERSION)
        && v.get("runs").is_some_and(Value::is_array)
}

pub fn render(report: &ScanReport) -> Value {
    if let Some(server) = report.server_sarif.as_ref().filter(|v| looks_valid(v)) {
        let mut v = server.clone();
        // Some uploaders (APPGHA, code scanning UI) check `$schema`; add it when missing.
        if let Some(obj) = v.as_object_mut() {
            obj.entry("$schema")
                .or_insert_with(|| Value::String(SARIF_SCHEMA.into()));
        }
        return v;
    }
    build(report)
}

/// Build a SARIF log from the normalized findings (ignoring `server_sarif`).
pub fn build(report: &ScanReport) -> Value {
    // One rule per weakness id, in first-seen order; the most severe finding sets its severity.
    let mut rule_index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rules: Vec<(&Finding, Severity)> = Vec::new();
    for f in &report.findings {
        match rule_index.get(f.weakness_id.as_str()) {
            Some(&i) => rules[i].1 = rules[i].1.min(f.severity),
            None => {
                rule_index.insert(&f.weakness_id, rules.len());
                rules.push((f, f.severity));
            }
        }
    }
    let rules_json: Vec<Value> = rules
        .iter()
        .map(|(f, sev)| {
            let mut rule = json!({
                "id": f.weakness_id,
                "name": f.weakness_id,
                "shortDescription": { "text": non_empty(&f.title, &f.weakness_id) },
                "defaultConfiguration": { "level": level(*sev) },
                "properties": {
                    "security-severity": security_severity(*sev),
                    "tags": ["security"],
                },
            });
            if let Some(d) = f.description.as_deref().filter(|d| !d.is_empty()) {
                rule["fullDescription"] = json!({ "text": d });
            }
            rule
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut region = json!({ "startLine": f.line.max(1) });
            if let Some(end) = f.end_line.filter(|e| *e >= f.line.max(1)) {
                region["endLine"] = json!(end);
            }
            if let Some(s) = f.snippet.as_deref().filter(|s| !s.is_empty()) {
                region["snippet"] = json!({ "text": s });
            }
            json!({
                "ruleId": f.weakness_id,
                "ruleIndex": rule_index[f.weakness_id.as_str()],
                "level": level(f.severity),
                "message": { "text": message(f) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&f.file), "uriBaseId": "%SRCROOT%" },
                        "region": region,
                    }
                }],
                "partialFingerprints": { "codethreat/v1": fingerprint(f) },
                "properties": { "codethreat-issue-id": f.id, "severity": f.severity.as_str() },
            })
        })
        .collect();
    let mut run = json!({
        "tool": {
            "driver": {
                "name": "CodeThreat",
                "informationUri": INFORMATION_URI,
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules_json,
            }
        },
        "results": results,
        "columnKind": "utf16CodeUnits",
        "properties": {
            "scanId": report.scan_id,
            "project": report.project,
        },
    });
    if let Some(b) = &report.branch {
        run["properties"]["branch"] = json!(b);
    }
    json!({
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [run],
    })
}

fn non_empty<'a>(a: &'a str, fallback: &'a str) -> &'a str {
    if a.trim().is_empty() { fallback } else { a }
}

fn message(f: &Finding) -> String {
    let title = non_empty(&f.title, &f.weakness_id);
    match f.description.as_deref().filter(|d| !d.is_empty()) {
        Some(d) => format!("{title}: {d}"),
        None => title.to_string(),
    }
}

/// Stable across runs and line shifts: issue id plus rule plus file.
fn fingerprint(f: &Finding) -> String {
    let mut h = Sha256::new();
    for part in [&f.id, &f.weakness_id, &f.file] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    hex::encode(&h.finalize()[..16])
}

/// A relative URI reference: `/` separators, no leading `./` or `/`, and percent-encoding for
/// anything outside RFC 3986's path characters (spaces, `<`, `%`, non-ASCII …).
pub fn uri(file: &str) -> String {
    let normalized = file.replace('\\', "/");
    let mut p = normalized.as_str();
    loop {
        if let Some(rest) = p.strip_prefix("./") {
            p = rest;
        } else if let Some(rest) = p.strip_prefix('/') {
            p = rest;
        } else {
            break;
        }
    }
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata::{assert_valid, empty_report, report, validator};

    #[test]
    fn built_sarif_validates_against_schema() {
        let v = validator("sarif-schema-2.1.0.json");
        assert_valid(&v, &build(&report()));
        assert_valid(&v, &build(&empty_report()));
    }

    #[test]
    fn schema_rejects_broken_sarif() {
        // Guards against a validator that accepts anything.
        let v = validator("sarif-schema-2.1.0.json");
        let mut s = build(&report());
        s["runs"][0]["results"][0]["level"] = json!("fatal");
        assert!(!v.is_valid(&s));
        let mut s = build(&report());
        s.as_object_mut().unwrap().remove("version");
        assert!(!v.is_valid(&s));
    }

    #[test]
    fn built_sarif_meets_github_requirements() {
        let r = report();
        let s = build(&r);
        assert_eq!(s["version"], "2.1.0");
        let run = &s["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "CodeThreat");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        // sql_injection appears twice (critical and high): one rule, critical severity.
        assert_eq!(rules.len(), 4);
        assert_eq!(rules[0]["id"], "sql_injection");
        assert_eq!(rules[0]["properties"]["security-severity"], "9.5");
        assert_eq!(rules[0]["properties"]["tags"][0], "security");
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), r.findings.len());
        for (res, f) in results.iter().zip(&r.findings) {
            let idx = res["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[idx]["id"], res["ruleId"]);
            assert_eq!(res["ruleId"], f.weakness_id.as_str());
            let loc = &res["locations"][0]["physicalLocation"];
            assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
            assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
            assert!(res["partialFingerprints"]["codethreat/v1"].is_string());
        }
        assert_eq!(results[0]["level"], "error");
        assert_eq!(results[3]["level"], "warning");
        assert_eq!(results[4]["level"], "note");
        // line 0 is clamped; the unsafe characters are percent-encoded.
        let nasty = &results[4]["locations"][0]["physicalLocation"];
        assert_eq!(nasty["region"]["startLine"], 1);
        assert_eq!(nasty["artifactLocation"]["uri"], "web/%3Ca&b%3E.html");
    }

    #[test]
    fn server_sarif_is_preferred_when_valid() {
        let mut r = report();
        r.server_sarif = Some(
            json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "CT server"}}, "results": []}]}),
        );
        let s = render(&r);
        assert_eq!(s["runs"][0]["tool"]["driver"]["name"], "CT server");
        assert_eq!(s["$schema"], SARIF_SCHEMA);
        // Not valid-looking: built from findings instead.
        r.server_sarif = Some(json!({"version": "2.0.0", "runs": []}));
        assert_eq!(
            render(&r)["runs"][0]["tool"]["driver"]["name"],
            "CodeThreat"
        );
        r.server_sarif = Some(json!({"parsedResult": {}}));
        assert_eq!(
            render(&r)["runs"][0]["tool"]["driver"]["name"],
            "CodeThreat"
        );
    }

    #[test]
    fn uri_is_relative_and_encoded() {
        assert_eq!(uri("./src/a b.js"), "src/a%20b.js");
        assert_eq!(uri("/abs/x.js"), "abs/x.js");
        assert_eq!(uri("win\\path\\ü.cs"), "win/path/%C3%BC.cs");
        assert_eq!(uri("100%.js"), "100%25.js");
    }

    #[test]
    fn fingerprint_is_stable_across_line_moves() {
        let mut f = report().findings[0].clone();
        let a = fingerprint(&f);
        f.line += 10;
        assert_eq!(a, fingerprint(&f));
    }
}
