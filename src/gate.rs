//! Quality gates: decide whether a finished scan breaks the build.
//!
//! Semantics (deliberately simpler than the official clients', see codethreat-api.md §4):
//! a threshold fails when the count is **strictly greater** than the limit; an absent limit
//! means no gate; `0` means none allowed (unlike GHA/GL where 0 silently disables the gate).
//! The weakness rule is a case-insensitive regex searched (not anchored) in each finding's
//! weakness id and title; any match fails the gate.

use regex::Regex;
use serde::Serialize;

use crate::report::{Counts, Finding, Severity};

/// Limits from `--max-*` flags / settings. `None` = no gate.
#[derive(Debug, Clone, Default)]
pub struct Thresholds {
    pub crit: Option<u64>,
    pub high: Option<u64>,
    pub med: Option<u64>,
    pub low: Option<u64>,
    pub sca_crit: Option<u64>,
    pub sca_high: Option<u64>,
    /// Build with [`Thresholds::weakness_regex`] so it is case-insensitive.
    pub weakness: Option<Regex>,
}

impl Thresholds {
    /// Compile a `--weakness` pattern case-insensitively.
    pub fn weakness_regex(pattern: &str) -> Result<Regex, regex::Error> {
        regex::RegexBuilder::new(pattern)
            .case_insensitive(true)
            .build()
    }

    /// True when no gate is configured.
    pub fn is_empty(&self) -> bool {
        self.crit.is_none()
            && self.high.is_none()
            && self.med.is_none()
            && self.low.is_none()
            && self.sca_crit.is_none()
            && self.sca_high.is_none()
            && self.weakness.is_none()
    }

    /// The SAST limit for a severity.
    pub fn limit_for(&self, sev: Severity) -> Option<u64> {
        match sev {
            Severity::Critical => self.crit,
            Severity::High => self.high,
            Severity::Medium => self.med,
            Severity::Low => self.low,
        }
    }
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// Stable rule id: `threshold-crit`, `threshold-high`, `threshold-med`, `threshold-low`,
    /// `threshold-sca-crit`, `threshold-sca-high`, `weakness`.
    pub rule: String,
    /// The limit (for `weakness`: 0, no matching finding allowed).
    pub limit: u64,
    /// The count seen (for `weakness`: the number of matching findings).
    pub actual: u64,
    /// Human message, e.g. `critical findings: 3 > threshold 0`.
    pub message: String,
    /// Ids of the findings that matched (weakness rule only; the count rules need no list).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub matched_findings: Vec<String>,
}

/// One configured rule and how it went (passed or not), so reports can list every gate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Same ids as [`Violation::rule`].
    pub rule: String,
    /// E.g. `critical ≤ 0`, `weakness matches /sql/`.
    pub description: String,
    pub limit: u64,
    pub actual: u64,
    pub passed: bool,
}

/// Result of [`evaluate`]; serialized into the JSON report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GateOutcome {
    pub passed: bool,
    pub violations: Vec<Violation>,
    /// Every configured rule, passed or not, in the same order as violations.
    #[serde(default)]
    pub checks: Vec<Check>,
}

impl Default for GateOutcome {
    fn default() -> Self {
        Self {
            passed: true,
            violations: Vec::new(),
            checks: Vec::new(),
        }
    }
}

impl GateOutcome {
    /// Whether a finding belongs to a violated rule: its id was matched by the weakness rule,
    /// or the SAST threshold for its severity was exceeded. Used by the JUnit report, which
    /// only has the outcome, not the thresholds.
    pub fn finding_breaks(&self, f: &Finding) -> bool {
        let sev_rule = match f.severity {
            Severity::Critical => "threshold-crit",
            Severity::High => "threshold-high",
            Severity::Medium => "threshold-med",
            Severity::Low => "threshold-low",
        };
        self.violations.iter().any(|v| {
            v.rule == sev_rule || (v.rule == "weakness" && v.matched_findings.contains(&f.id))
        })
    }
}

fn count_rule(
    checks: &mut Vec<Check>,
    rule: &str,
    label: &str,
    limit: Option<u64>,
    actual: u64,
) -> Option<Violation> {
    let limit = limit?;
    checks.push(Check {
        rule: rule.to_string(),
        description: format!("{} ≤ {limit}", label.trim_end_matches(" findings")),
        limit,
        actual,
        passed: actual <= limit,
    });
    (actual > limit).then(|| Violation {
        rule: rule.to_string(),
        limit,
        actual,
        message: format!("{label}: {actual} > threshold {limit}"),
        matched_findings: Vec::new(),
    })
}

/// True when the finding's weakness id or title matches the weakness rule.
pub fn matches_weakness(t: &Thresholds, f: &Finding) -> bool {
    t.weakness
        .as_ref()
        .is_some_and(|re| re.is_match(&f.weakness_id) || re.is_match(&f.title))
}

/// Evaluate every rule; violations come in a fixed order (SAST by severity, SCA, weakness).
pub fn evaluate(t: &Thresholds, sast: &Counts, sca: &Counts, findings: &[Finding]) -> GateOutcome {
    let mut checks = Vec::new();
    let c = &mut checks;
    let mut violations: Vec<Violation> = [
        count_rule(
            c,
            "threshold-crit",
            "critical findings",
            t.crit,
            sast.critical,
        ),
        count_rule(c, "threshold-high", "high findings", t.high, sast.high),
        count_rule(c, "threshold-med", "medium findings", t.med, sast.medium),
        count_rule(c, "threshold-low", "low findings", t.low, sast.low),
        count_rule(
            c,
            "threshold-sca-crit",
            "SCA critical findings",
            t.sca_crit,
            sca.critical,
        ),
        count_rule(
            c,
            "threshold-sca-high",
            "SCA high findings",
            t.sca_high,
            sca.high,
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    if let Some(re) = &t.weakness {
        let matched: Vec<String> = findings
            .iter()
            .filter(|f| matches_weakness(t, f))
            .map(|f| f.id.clone())
            .collect();
        checks.push(Check {
            rule: "weakness".into(),
            description: format!("no finding matches weakness /{}/", re.as_str()),
            limit: 0,
            actual: matched.len() as u64,
            passed: matched.is_empty(),
        });
        if !matched.is_empty() {
            violations.push(Violation {
                rule: "weakness".into(),
                limit: 0,
                actual: matched.len() as u64,
                message: format!(
                    "findings matching weakness /{}/: {}",
                    re.as_str(),
                    matched.len()
                ),
                matched_findings: matched,
            });
        }
    }
    GateOutcome {
        passed: violations.is_empty(),
        violations,
        checks,
    }
}

/// Whether this finding on its own breaks a gate: it matches the weakness rule, or its
/// severity allows none (limit 0). For limits above 0 use [`finding_breaks_gate_with`] (which
/// needs the counts) or [`GateOutcome::finding_breaks`].
pub fn finding_breaks_gate(t: &Thresholds, f: &Finding) -> bool {
    matches_weakness(t, f) || t.limit_for(f.severity) == Some(0)
}

/// Like [`finding_breaks_gate`] but with the scan's counts, so a limit of N > 0 that the
/// counts exceed marks every finding of that severity.
pub fn finding_breaks_gate_with(t: &Thresholds, sast: &Counts, f: &Finding) -> bool {
    if matches_weakness(t, f) {
        return true;
    }
    match t.limit_for(f.severity) {
        Some(limit) => sast.get(f.severity) > limit,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(id: &str, weakness: &str, title: &str, sev: Severity) -> Finding {
        Finding {
            id: id.into(),
            weakness_id: weakness.into(),
            title: title.into(),
            severity: sev,
            file: "src/a.js".into(),
            line: 1,
            end_line: None,
            snippet: None,
            language: None,
            description: None,
        }
    }

    fn counts(c: u64, h: u64, m: u64, l: u64) -> Counts {
        Counts {
            critical: c,
            high: h,
            medium: m,
            low: l,
        }
    }

    #[test]
    fn absent_thresholds_never_fail() {
        let out = evaluate(
            &Thresholds::default(),
            &counts(99, 99, 99, 99),
            &counts(9, 9, 9, 9),
            &[],
        );
        assert!(out.passed);
        assert!(out.violations.is_empty());
    }

    #[test]
    fn threshold_edges_n_minus_one_n_n_plus_one() {
        let t = Thresholds {
            crit: Some(3),
            ..Default::default()
        };
        for (actual, passes) in [(2, true), (3, true), (4, false)] {
            let out = evaluate(&t, &counts(actual, 0, 0, 0), &Counts::default(), &[]);
            assert_eq!(out.passed, passes, "critical={actual}");
        }
        let out = evaluate(&t, &counts(4, 0, 0, 0), &Counts::default(), &[]);
        assert_eq!(out.violations[0].rule, "threshold-crit");
        assert_eq!(out.violations[0].limit, 3);
        assert_eq!(out.violations[0].actual, 4);
    }

    #[test]
    fn zero_means_none_allowed_with_exact_message() {
        let t = Thresholds {
            crit: Some(0),
            ..Default::default()
        };
        assert!(evaluate(&t, &Counts::default(), &Counts::default(), &[]).passed);
        let out = evaluate(&t, &counts(3, 0, 0, 0), &Counts::default(), &[]);
        assert!(!out.passed);
        assert_eq!(
            out.violations[0].message,
            "critical findings: 3 > threshold 0"
        );
    }

    #[test]
    fn every_rule_reports_in_fixed_order() {
        let t = Thresholds {
            crit: Some(0),
            high: Some(0),
            med: Some(0),
            low: Some(0),
            sca_crit: Some(0),
            sca_high: Some(0),
            weakness: None,
        };
        let out = evaluate(&t, &counts(1, 1, 1, 1), &counts(1, 1, 0, 0), &[]);
        let rules: Vec<_> = out.violations.iter().map(|v| v.rule.as_str()).collect();
        assert_eq!(
            rules,
            [
                "threshold-crit",
                "threshold-high",
                "threshold-med",
                "threshold-low",
                "threshold-sca-crit",
                "threshold-sca-high"
            ]
        );
        assert_eq!(
            out.violations[4].message,
            "SCA critical findings: 1 > threshold 0"
        );
    }

    #[test]
    fn sca_gates_use_sca_counts_only() {
        let t = Thresholds {
            sca_high: Some(2),
            ..Default::default()
        };
        assert!(evaluate(&t, &counts(0, 50, 0, 0), &counts(0, 2, 0, 0), &[]).passed);
        assert!(!evaluate(&t, &counts(0, 0, 0, 0), &counts(0, 3, 0, 0), &[]).passed);
    }

    #[test]
    fn weakness_matches_id_or_title_case_insensitively() {
        let t = Thresholds {
            weakness: Some(Thresholds::weakness_regex("sql_?injection").unwrap()),
            ..Default::default()
        };
        let by_id = finding("1", "SQL_INJECTION", "Unsafe query", Severity::Low);
        let by_title = finding(
            "2",
            "cwe-89",
            "Possible SqlInjection in handler",
            Severity::Low,
        );
        let other = finding("3", "xss", "Reflected XSS", Severity::High);
        assert!(finding_breaks_gate(&t, &by_id));
        assert!(finding_breaks_gate(&t, &by_title));
        assert!(!finding_breaks_gate(&t, &other));
        let out = evaluate(
            &t,
            &Counts::default(),
            &Counts::default(),
            &[by_id, by_title, other],
        );
        assert!(!out.passed);
        assert_eq!(out.violations[0].rule, "weakness");
        assert_eq!(out.violations[0].matched_findings, ["1", "2"]);
    }

    #[test]
    fn weakness_without_match_passes() {
        let t = Thresholds {
            weakness: Some(Thresholds::weakness_regex("^rce$").unwrap()),
            ..Default::default()
        };
        let f = finding("1", "rce_eval", "eval", Severity::Critical);
        assert!(evaluate(&t, &Counts::default(), &Counts::default(), &[f]).passed);
    }

    #[test]
    fn finding_breaks_gate_by_severity() {
        let t = Thresholds {
            high: Some(1),
            low: Some(0),
            ..Default::default()
        };
        let high = finding("1", "x", "x", Severity::High);
        let low = finding("2", "y", "y", Severity::Low);
        let med = finding("3", "z", "z", Severity::Medium);
        assert!(finding_breaks_gate(&t, &low));
        assert!(!finding_breaks_gate(&t, &med));
        assert!(!finding_breaks_gate_with(&t, &counts(0, 1, 0, 0), &high));
        assert!(finding_breaks_gate_with(&t, &counts(0, 2, 0, 0), &high));
        assert!(!finding_breaks_gate_with(&t, &counts(0, 2, 5, 0), &med));
    }

    #[test]
    fn outcome_serializes() {
        let t = Thresholds {
            crit: Some(0),
            ..Default::default()
        };
        let out = evaluate(&t, &counts(1, 0, 0, 0), &Counts::default(), &[]);
        let v = serde_json::to_value(&out).unwrap();
        assert_eq!(v["passed"], false);
        assert_eq!(v["violations"][0]["rule"], "threshold-crit");
        assert!(v["violations"][0].get("matched_findings").is_none());
        assert_eq!(v["checks"][0]["description"], "critical ≤ 0");
        assert_eq!(v["checks"][0]["passed"], false);
    }
}
