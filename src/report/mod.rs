//! Scan reports: the normalized model the scan command fills from CodeThreat's API objects,
//! and renderers for SARIF 2.1.0, kdt JSON, JUnit XML, GitLab SAST and a plain-text table.
//!
//! Renderers are pure (`ScanReport` → bytes); [`write_report`] writes atomically so a CI job
//! never picks up a half-written report.

use std::fmt;
use std::io::Write;
use std::path::Path;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::gate::GateOutcome;

pub mod gitlab;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod table;

/// Finding severity, most severe first (so `Ord` sorts critical first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }

    /// Capitalized, as GitLab and tables show it.
    pub fn title(self) -> &'static str {
        match self {
            Severity::Critical => "Critical",
            Severity::High => "High",
            Severity::Medium => "Medium",
            Severity::Low => "Low",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown severity {0:?} (expected critical, high, medium or low)")]
pub struct UnknownSeverity(pub String);

impl FromStr for Severity {
    type Err = UnknownSeverity;

    /// Tolerant: any case; `crit`, `med`, `moderate`; `info`/`informational`/`note`/`unknown`
    /// map to low because CodeThreat has no lower level and dropping them would hide findings.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "critical" | "crit" => Ok(Severity::Critical),
            "high" => Ok(Severity::High),
            "medium" | "med" | "moderate" => Ok(Severity::Medium),
            "low" | "info" | "informational" | "information" | "note" | "unknown" => {
                Ok(Severity::Low)
            }
            _ => Err(UnknownSeverity(s.to_string())),
        }
    }
}

impl<'de> Deserialize<'de> for Severity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// One SAST finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// CodeThreat issue id (stable across scans of the same issue).
    pub id: String,
    /// Weakness / rule id, e.g. `sql_injection`.
    pub weakness_id: String,
    pub title: String,
    pub severity: Severity,
    /// Path relative to the scanned root, `/`-separated.
    pub file: String,
    /// 1-based; 0 when unknown (renderers clamp to 1 where a format requires it).
    pub line: u32,
    pub end_line: Option<u32>,
    pub snippet: Option<String>,
    pub language: Option<String>,
    pub description: Option<String>,
}

/// Counts by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    #[serde(default)]
    pub critical: u64,
    #[serde(default)]
    pub high: u64,
    #[serde(default)]
    pub medium: u64,
    #[serde(default)]
    pub low: u64,
}

impl Counts {
    pub fn get(&self, s: Severity) -> u64 {
        match s {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
        }
    }

    pub fn total(&self) -> u64 {
        self.critical + self.high + self.medium + self.low
    }

    /// Count a list of findings (for when the server gave no counts).
    pub fn from_findings(findings: &[Finding]) -> Self {
        let mut c = Counts::default();
        for f in findings {
            match f.severity {
                Severity::Critical => c.critical += 1,
                Severity::High => c.high += 1,
                Severity::Medium => c.medium += 1,
                Severity::Low => c.low += 1,
            }
        }
        c
    }
}

/// Everything a report needs about one finished (or failed) scan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScanReport {
    pub scan_id: String,
    pub project: String,
    pub branch: Option<String>,
    /// CodeThreat state: `end`, `failure`, `stop`, `run` (timed out).
    pub state: String,
    /// Epoch milliseconds.
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
    /// 0–100.
    pub riskscore: Option<i64>,
    pub sast: Counts,
    pub sca: Counts,
    pub findings: Vec<Finding>,
    pub report_url: Option<String>,
    /// The server's own SARIF export, preferred by the SARIF renderer when it looks valid.
    pub server_sarif: Option<serde_json::Value>,
    pub gate: GateOutcome,
}

/// Output formats for `--format` / `--report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportFormat {
    Sarif,
    Json,
    Junit,
    GitlabSast,
    Table,
}

impl ReportFormat {
    pub const ALL: [ReportFormat; 5] = [
        ReportFormat::Sarif,
        ReportFormat::Json,
        ReportFormat::Junit,
        ReportFormat::GitlabSast,
        ReportFormat::Table,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportFormat::Sarif => "sarif",
            ReportFormat::Json => "json",
            ReportFormat::Junit => "junit",
            ReportFormat::GitlabSast => "gitlab-sast",
            ReportFormat::Table => "table",
        }
    }

    /// Conventional file name when the user gives a directory or no name.
    pub fn default_file_name(self) -> &'static str {
        match self {
            ReportFormat::Sarif => "codethreat.sarif",
            ReportFormat::Json => "codethreat.json",
            ReportFormat::Junit => "codethreat-junit.xml",
            ReportFormat::GitlabSast => "gl-sast-report.json",
            ReportFormat::Table => "codethreat.txt",
        }
    }
}

impl fmt::Display for ReportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown report format {0:?} (expected sarif, json, junit, gitlab-sast or table)")]
pub struct UnknownFormat(pub String);

impl FromStr for ReportFormat {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sarif" => Ok(ReportFormat::Sarif),
            "json" => Ok(ReportFormat::Json),
            "junit" | "junit-xml" => Ok(ReportFormat::Junit),
            "gitlab-sast" | "gitlab" | "gl-sast" => Ok(ReportFormat::GitlabSast),
            "table" | "text" => Ok(ReportFormat::Table),
            _ => Err(UnknownFormat(s.to_string())),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("serializing the {format} report")]
    Serialize {
        format: ReportFormat,
        #[source]
        source: serde_json::Error,
    },
    #[error("writing report {path}")]
    Io {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Render a report in memory.
pub fn render(format: ReportFormat, report: &ScanReport) -> Result<Vec<u8>, ReportError> {
    let json = |v: serde_json::Value| {
        let mut out = serde_json::to_vec_pretty(&v)
            .map_err(|source| ReportError::Serialize { format, source })?;
        out.push(b'\n');
        Ok(out)
    };
    match format {
        ReportFormat::Sarif => json(sarif::render(report)),
        ReportFormat::Json => json(json::render(report)),
        ReportFormat::GitlabSast => json(gitlab::render(report)),
        ReportFormat::Junit => Ok(junit::render(report).into_bytes()),
        ReportFormat::Table => Ok(table::render(report).into_bytes()),
    }
}

/// Render and write atomically: a temp file in the target's directory, then rename, so the
/// path holds either the old content or the complete new report, never a partial one.
pub fn write_report(
    format: ReportFormat,
    report: &ScanReport,
    path: &Path,
) -> Result<(), ReportError> {
    let bytes = render(format, report)?;
    write_atomic(path, &bytes)
}

/// Atomic write helper (parent directories created).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    let io_err = |source| ReportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(io_err)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".kdt-report-")
        .tempfile_in(dir)
        .map_err(io_err)?;
    tmp.write_all(bytes).map_err(io_err)?;
    tmp.as_file().sync_all().map_err(io_err)?;
    // Reports are read by other CI steps and uploaded as artifacts: use the usual file mode
    // rather than tempfile's 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))
            .map_err(io_err)?;
    }
    tmp.persist(path).map_err(|e| io_err(e.error))?;
    Ok(())
}

/// `epoch ms` → `YYYY-MM-DDTHH:MM:SS` (UTC), the form GitLab requires.
pub(crate) fn ms_to_utc_seconds(ms: i64) -> Option<String> {
    let ts = jiff::Timestamp::from_millisecond(ms).ok()?;
    Some(ts.strftime("%Y-%m-%dT%H:%M:%S").to_string())
}

/// Shared fixtures for renderer tests.
#[cfg(test)]
pub(crate) mod testdata {
    use super::*;
    use crate::gate::{Thresholds, evaluate};

    pub fn finding(id: &str, weakness: &str, sev: Severity, file: &str, line: u32) -> Finding {
        Finding {
            id: id.into(),
            weakness_id: weakness.into(),
            title: format!("{weakness} title"),
            severity: sev,
            file: file.into(),
            line,
            end_line: Some(line + 2),
            snippet: Some("query(\"SELECT \" + x)".into()),
            language: Some("javascript".into()),
            description: Some("User input reaches a SQL query.".into()),
        }
    }

    /// A report with every severity, a nasty title and a broken gate.
    pub fn report() -> ScanReport {
        let mut nasty = finding("f-5", "xss", Severity::Low, "web/<a&b>.html", 0);
        nasty.title = "Reflected <script>&\"'\u{1} title\u{7f}".into();
        let findings = vec![
            finding("f-1", "sql_injection", Severity::Critical, "src/db.js", 10),
            finding("f-2", "path_traversal", Severity::High, "src/files.js", 22),
            finding(
                "f-3",
                "sql_injection",
                Severity::High,
                "src/api/users.js",
                5,
            ),
            finding("f-4", "weak_hash", Severity::Medium, "lib/crypto.py", 7),
            nasty,
        ];
        let sast = Counts::from_findings(&findings);
        let sca = Counts {
            critical: 1,
            high: 0,
            medium: 2,
            low: 0,
        };
        let t = Thresholds {
            crit: Some(0),
            high: Some(5),
            weakness: Some(Thresholds::weakness_regex("path_trav").unwrap()),
            ..Default::default()
        };
        let gate = evaluate(&t, &sast, &sca, &findings);
        ScanReport {
            scan_id: "scan-123".into(),
            project: "demo".into(),
            branch: Some("main".into()),
            state: "end".into(),
            started_at: Some(1_700_000_000_000),
            ended_at: Some(1_700_000_090_500),
            riskscore: Some(72),
            sast,
            sca,
            findings,
            report_url: Some("https://codethreat.example/issues?scan_id=scan-123".into()),
            server_sarif: None,
            gate,
        }
    }

    pub fn empty_report() -> ScanReport {
        ScanReport {
            scan_id: "s0".into(),
            project: "p".into(),
            branch: None,
            state: "end".into(),
            started_at: None,
            ended_at: None,
            riskscore: None,
            sast: Counts::default(),
            sca: Counts::default(),
            findings: vec![],
            report_url: None,
            server_sarif: None,
            gate: GateOutcome::default(),
        }
    }

    /// Compile a schema file shipped under tests/schemas.
    pub fn validator(file: &str) -> jsonschema::Validator {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/schemas")
            .join(file);
        let schema: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        jsonschema::validator_for(&schema).unwrap()
    }

    pub fn assert_valid(v: &jsonschema::Validator, doc: &serde_json::Value) {
        let errors: Vec<String> = v
            .iter_errors(doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "schema errors: {errors:#?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_parse_is_tolerant() {
        for (s, want) in [
            ("CRITICAL", Severity::Critical),
            ("Medium", Severity::Medium),
            (" high ", Severity::High),
            ("info", Severity::Low),
            ("moderate", Severity::Medium),
        ] {
            assert_eq!(s.parse::<Severity>().unwrap(), want, "{s}");
        }
        assert!("severe".parse::<Severity>().is_err());
        let f: Severity = serde_json::from_str("\"HIGH\"").unwrap();
        assert_eq!(f, Severity::High);
        assert_eq!(
            serde_json::to_string(&Severity::Critical).unwrap(),
            "\"critical\""
        );
    }

    #[test]
    fn format_round_trips() {
        for f in ReportFormat::ALL {
            assert_eq!(f.as_str().parse::<ReportFormat>().unwrap(), f);
        }
        assert!("pdf".parse::<ReportFormat>().is_err());
    }

    #[test]
    fn write_report_is_atomic_and_creates_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/report.json");
        let r = testdata::report();
        write_report(ReportFormat::Json, &r, &path).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(v["scan"]["id"], "scan-123");
        // Overwrite leaves exactly one file, no temp leftovers.
        write_report(ReportFormat::Json, &r, &path).unwrap();
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["report.json"]);
    }

    #[test]
    fn write_report_failure_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        // The target is an existing directory: rename fails, and the temp file must be gone.
        let target = dir.path().join("taken");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("x"), b"x").unwrap();
        assert!(write_report(ReportFormat::Json, &testdata::report(), &target).is_err());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["taken"]);
    }

    #[test]
    fn ms_to_gitlab_time() {
        assert_eq!(
            ms_to_utc_seconds(1_700_000_090_500).unwrap(),
            "2023-11-14T22:14:50"
        );
    }
}
