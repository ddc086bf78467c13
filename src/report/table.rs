//! A plain-text summary for the terminal: counts by severity, the gate result, and the top
//! findings with `file:line`. No colour codes: the output module decides about colour.

use std::fmt::Write as _;

use super::{ScanReport, Severity};

/// How many findings the summary lists before "… and N more".
pub const TOP_FINDINGS: usize = 20;

pub fn render(r: &ScanReport) -> String {
    let mut s = String::new();
    let _ = write!(s, "Scan {} of {}", r.scan_id, r.project);
    if let Some(b) = &r.branch {
        let _ = write!(s, " ({b})");
    }
    let _ = writeln!(s, ": {}", r.state);
    if let Some(score) = r.riskscore {
        let _ = writeln!(s, "Risk score: {score}");
    }
    s.push('\n');
    let _ = writeln!(s, "{:<10} {:>8} {:>8}", "Severity", "SAST", "SCA");
    for sev in Severity::ALL {
        let _ = writeln!(
            s,
            "{:<10} {:>8} {:>8}",
            sev.title(),
            r.sast.get(sev),
            r.sca.get(sev)
        );
    }
    let _ = writeln!(
        s,
        "{:<10} {:>8} {:>8}",
        "Total",
        r.sast.total(),
        r.sca.total()
    );
    s.push('\n');

    if !r.findings.is_empty() {
        let mut top: Vec<_> = r.findings.iter().collect();
        // Most severe first; stable so equal severities keep the server's order.
        top.sort_by_key(|f| f.severity);
        let _ = writeln!(s, "Top findings:");
        for f in top.iter().take(TOP_FINDINGS) {
            let _ = writeln!(
                s,
                "  {:<8} {}:{}  {} [{}]",
                f.severity.title(),
                f.file,
                f.line,
                one_line(&f.title),
                f.weakness_id
            );
        }
        if top.len() > TOP_FINDINGS {
            let _ = writeln!(s, "  … and {} more", top.len() - TOP_FINDINGS);
        }
        s.push('\n');
    }

    if r.gate.checks.is_empty() && r.gate.violations.is_empty() {
        let _ = writeln!(s, "Quality gate: none configured");
    } else if r.gate.passed {
        let _ = writeln!(s, "Quality gate: passed");
    } else {
        let _ = writeln!(s, "Quality gate: FAILED");
        for v in &r.gate.violations {
            let _ = writeln!(s, "  - {}", v.message);
        }
    }
    if let Some(u) = &r.report_url {
        let _ = writeln!(s, "Report: {u}");
    }
    s
}

/// Titles from the server may contain newlines or control characters; keep one line per row.
fn one_line(t: &str) -> String {
    t.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata::{empty_report, report};

    #[test]
    fn summary_lists_counts_findings_and_gate() {
        let t = render(&report());
        assert!(t.contains("Critical          1        1"), "{t}");
        assert!(t.contains("src/db.js:10"));
        assert!(t.contains("Quality gate: FAILED"));
        assert!(t.contains("critical findings: 1 > threshold 0"));
        assert!(!t.contains('\u{1b}'), "no colour codes");
        assert!(!t.contains('\u{1}'));
        // Critical listed before medium.
        assert!(t.find("src/db.js").unwrap() < t.find("lib/crypto.py").unwrap());
    }

    #[test]
    fn empty_summary() {
        let t = render(&empty_report());
        assert!(t.contains("Total             0        0"), "{t}");
        assert!(t.contains("Quality gate: none configured"));
    }
}
