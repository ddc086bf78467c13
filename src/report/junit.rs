//! JUnit XML, the common denominator of CI test-report views (GitLab, Jenkins, Azure).
//!
//! Two suites: "CodeThreat quality gate" with one testcase per configured gate rule (failing
//! when broken), and "CodeThreat findings" with one testcase per finding (classname = file,
//! name = `weakness_id: title (file:line)`), failing when the finding is part of a broken
//! gate. Findings that break no gate are passing testcases, so the report shows them without
//! turning the pipeline's test view red for findings the team accepted.
//!
//! Text is escaped for XML 1.0, and characters XML 1.0 cannot carry at all (C0 controls other
//! than tab/newline/CR) are replaced with U+FFFD, since a single one makes the file unparsable.

use std::fmt::Write as _;

use super::{Finding, ScanReport};

/// Escape text for element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Keep newlines and tabs in attributes as character references, which parsers
            // would otherwise normalize to spaces.
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn duration_secs(r: &ScanReport) -> f64 {
    match (r.started_at, r.ended_at) {
        (Some(s), Some(e)) if e >= s => (e - s) as f64 / 1000.0,
        _ => 0.0,
    }
}

fn timestamp(r: &ScanReport) -> Option<String> {
    r.started_at.and_then(super::ms_to_utc_seconds)
}

fn finding_name(f: &Finding) -> String {
    format!("{}: {} ({}:{})", f.weakness_id, f.title, f.file, f.line)
}

pub fn render(r: &ScanReport) -> String {
    let checks = &r.gate.checks;
    let gate_failures = checks.iter().filter(|c| !c.passed).count();
    let finding_failures = r
        .findings
        .iter()
        .filter(|f| r.gate.finding_breaks(f))
        .count();
    let tests = checks.len() + r.findings.len();
    let time = duration_secs(r);
    let ts = timestamp(r)
        .map(|t| format!(" timestamp=\"{t}\""))
        .unwrap_or_default();

    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<testsuites name=\"CodeThreat {}\" tests=\"{tests}\" failures=\"{}\" errors=\"0\" time=\"{time:.3}\">",
        escape(&r.project),
        gate_failures + finding_failures,
    );

    let _ = writeln!(
        x,
        "  <testsuite name=\"CodeThreat quality gate\" tests=\"{}\" failures=\"{gate_failures}\" errors=\"0\" skipped=\"0\" time=\"0\"{ts}>",
        checks.len(),
    );
    for c in checks {
        let _ = write!(
            x,
            "    <testcase classname=\"codethreat.gate\" name=\"{}\" time=\"0\"",
            escape(&format!("quality gate: {}", c.description)),
        );
        if c.passed {
            x.push_str("/>\n");
        } else {
            let msg = r
                .gate
                .violations
                .iter()
                .find(|v| v.rule == c.rule)
                .map_or_else(|| c.description.clone(), |v| v.message.clone());
            let _ = writeln!(
                x,
                ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>",
                escape(&c.rule),
                escape(&msg),
                escape(&msg),
            );
        }
    }
    x.push_str("  </testsuite>\n");

    let _ = writeln!(
        x,
        "  <testsuite name=\"CodeThreat findings\" tests=\"{}\" failures=\"{finding_failures}\" errors=\"0\" skipped=\"0\" time=\"{time:.3}\"{ts}>",
        r.findings.len(),
    );
    let _ = writeln!(
        x,
        "    <properties>\n      <property name=\"scan_id\" value=\"{}\"/>\n      <property name=\"project\" value=\"{}\"/>\n      <property name=\"state\" value=\"{}\"/>\n    </properties>",
        escape(&r.scan_id),
        escape(&r.project),
        escape(&r.state),
    );
    for f in &r.findings {
        let _ = write!(
            x,
            "    <testcase classname=\"{}\" name=\"{}\" time=\"0\"",
            escape(&f.file),
            escape(&finding_name(f)),
        );
        if r.gate.finding_breaks(f) {
            let mut body = format!(
                "{} severity {} at {}:{}",
                f.weakness_id, f.severity, f.file, f.line
            );
            if let Some(d) = &f.description {
                body.push_str("\n\n");
                body.push_str(d);
            }
            if let Some(s) = &f.snippet {
                body.push_str("\n\n");
                body.push_str(s);
            }
            let _ = writeln!(
                x,
                ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>",
                escape(f.severity.as_str()),
                escape(&format!(
                    "{} finding breaks the quality gate: {}",
                    f.severity, f.title
                )),
                escape(&body),
            );
        } else {
            x.push_str("/>\n");
        }
    }
    x.push_str("  </testsuite>\n</testsuites>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata::{empty_report, report};

    fn attr<'a>(n: roxmltree::Node<'a, '_>, a: &str) -> &'a str {
        n.attribute(a).unwrap_or_else(|| panic!("missing {a}"))
    }

    #[test]
    fn structure_and_counts() {
        let r = report();
        let xml = render(&r);
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        let suites: Vec<_> = root
            .children()
            .filter(|n| n.has_tag_name("testsuite"))
            .collect();
        assert_eq!(suites.len(), 2);
        let mut total_tests = 0;
        let mut total_failures = 0;
        for s in &suites {
            let cases: Vec<_> = s
                .children()
                .filter(|n| n.has_tag_name("testcase"))
                .collect();
            let failed = cases
                .iter()
                .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
                .count();
            assert_eq!(attr(*s, "tests"), cases.len().to_string());
            assert_eq!(attr(*s, "failures"), failed.to_string());
            total_tests += cases.len();
            total_failures += failed;
        }
        assert_eq!(attr(root, "tests"), total_tests.to_string());
        assert_eq!(attr(root, "failures"), total_failures.to_string());

        // Gate suite: crit ≤ 0 (broken), high ≤ 5 (passes), weakness (broken).
        let gate: Vec<_> = suites[0]
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(gate.len(), 3);
        assert_eq!(attr(gate[0], "name"), "quality gate: critical ≤ 0");
        let fail = gate[0]
            .children()
            .find(|n| n.has_tag_name("failure"))
            .unwrap();
        assert_eq!(attr(fail, "message"), "critical findings: 1 > threshold 0");
        assert!(!gate[1].children().any(|n| n.has_tag_name("failure")));

        // Findings: the critical one and the path_traversal one fail; others pass.
        let cases: Vec<_> = suites[1]
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(attr(cases[0], "classname"), "src/db.js");
        assert_eq!(
            attr(cases[0], "name"),
            "sql_injection: sql_injection title (src/db.js:10)"
        );
        let failed: Vec<bool> = cases
            .iter()
            .map(|c| c.children().any(|n| n.has_tag_name("failure")))
            .collect();
        assert_eq!(failed, [true, true, false, false, false]);
    }

    #[test]
    fn escapes_markup_and_control_characters() {
        let r = report();
        let xml = render(&r);
        let doc = roxmltree::Document::parse(&xml).expect("well-formed despite <&>\"' and \\x01");
        let nasty = doc
            .descendants()
            .find(|n| n.attribute("classname") == Some("web/<a&b>.html"))
            .expect("classname round-trips");
        let name = nasty.attribute("name").unwrap();
        assert!(
            name.contains("Reflected <script>&\"'\u{FFFD} title"),
            "{name}"
        );
        assert!(!xml.contains('\u{1}'));
    }

    #[test]
    fn empty_report_is_valid_and_passing() {
        let xml = render(&empty_report());
        let doc = roxmltree::Document::parse(&xml).unwrap();
        assert_eq!(doc.root_element().attribute("tests"), Some("0"));
        assert_eq!(doc.root_element().attribute("failures"), Some("0"));
    }

    #[test]
    fn xmllint_accepts_it_when_available() {
        // Optional extra check with an independent parser; CI installs libxml2-utils.
        let Ok(out) = std::process::Command::new("xmllint")
            .arg("--version")
            .output()
        else {
            eprintln!("note: xmllint not installed; skipping (apt-get install -y libxml2-utils)");
            return;
        };
        assert!(out.status.success());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("junit.xml");
        std::fs::write(&path, render(&report())).unwrap();
        let st = std::process::Command::new("xmllint")
            .arg("--noout")
            .arg(&path)
            .status()
            .unwrap();
        assert!(st.success());
    }
}
