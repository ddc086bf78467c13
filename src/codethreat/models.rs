//! Typed, tolerant models of CodeThreat Gen-1 responses.
//!
//! The public clients disagree about shapes (see `codethreat-api.md` §2.D), so every model is
//! liberal: unknown fields are ignored, missing fields default, numbers may arrive as strings,
//! `null` means "absent", and a nested object of the wrong shape becomes its default instead of
//! failing the whole response. Only what kdt reads is typed; the rest stays available as JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Severity counts. Keys match case-insensitively (`critical`, `Critical`, `CRITICAL`), values
/// may be numbers or numeric strings; a missing key is 0 (clients default it; swagger omits
/// `sca_severities.low`). Anything that is not an object is all zeros.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub critical: u64,
    pub high: u64,
    pub medium: u64,
    pub low: u64,
}

impl<'de> Deserialize<'de> for Counts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let mut c = Counts::default();
        if let Value::Object(m) = v {
            // Exact lower-case keys win over other spellings when both are present.
            let mut pairs: Vec<(&String, &Value)> = m.iter().collect();
            pairs.sort_by_key(|(k, _)| k.chars().any(|ch| ch.is_ascii_uppercase()));
            for (k, v) in pairs.into_iter().rev() {
                let n = de::value_to_u64(v).unwrap_or(0);
                match k.to_ascii_lowercase().as_str() {
                    "critical" => c.critical = n,
                    "high" => c.high = n,
                    "medium" => c.medium = n,
                    "low" => c.low = n,
                    _ => {}
                }
            }
        }
        Ok(c)
    }
}

impl Counts {
    pub fn total(&self) -> u64 {
        self.critical + self.high + self.medium + self.low
    }
}

/// `GET /api/project?key=` and the items of `GET /api/projects`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Project {
    /// (`projectName` or `name` when `project_name` is absent.)
    #[serde(deserialize_with = "de::string")]
    pub project_name: String,
    #[serde(deserialize_with = "de::opt_string")]
    pub description: Option<String>,
    /// `upload|git|github|gitlab|azure|bitbucket|jenkins`, or whatever the server sends.
    #[serde(rename = "type", deserialize_with = "de::string")]
    pub kind: String,
    #[serde(deserialize_with = "de::string_vec")]
    pub scan_ids: Vec<String>,
    /// As sent (an ISO date-time on current servers).
    #[serde(deserialize_with = "de::opt_string")]
    pub created_at: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub owner: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub state: Option<String>,
    #[serde(deserialize_with = "de::string_vec")]
    pub tags: Vec<String>,
    #[serde(deserialize_with = "de::string_vec")]
    pub languages: Vec<String>,
    #[serde(deserialize_with = "de::u64")]
    pub total_loc: u64,
    #[serde(deserialize_with = "de::u64")]
    pub total_files: u64,
    #[serde(rename = "isActive", deserialize_with = "de::opt_bool")]
    pub is_active: Option<bool>,
    #[serde(deserialize_with = "de::opt_i64")]
    pub last_scan_time: Option<i64>,
    #[serde(rename = "sastSeverities", deserialize_with = "de::lenient")]
    pub sast_severities: Counts,
    /// Per-provider integration settings (`github`, `gitlab`, `azure`, …), passed through.
    pub integrations: Value,
    /// `{compliances, issueTrend[], topIssueCategories}`, passed through.
    pub analytics: Value,
    pub settings: Value,
}

impl Project {
    /// Parses a project object, taking older spellings of the name when needed. Serde aliases
    /// are avoided on purpose: a body carrying two spellings would fail as a duplicate field.
    pub fn from_value(v: &Value) -> Result<Project, serde_json::Error> {
        let mut p = Project::deserialize(v)?;
        if p.project_name.is_empty() {
            p.project_name = first_string(v, &["projectName", "name"]).unwrap_or_default();
        }
        Ok(p)
    }
}

/// The first of `keys` holding a non-empty scalar.
fn first_string(v: &Value, keys: &[&str]) -> Option<String> {
    keys.iter()
        .filter_map(|k| v.get(*k).and_then(de::value_to_string))
        .find(|s| !s.is_empty())
}

/// The classified `state` of a scan. `run`, `end`, `failure` and `stop` are documented; PYCLI
/// also expects `failed`/`error`, so all three failure spellings are terminal failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanState {
    Running,
    Ended,
    Failed,
    Stopped,
    /// Anything else: keep polling, as every public client does.
    Unknown,
}

impl ScanState {
    pub fn classify(state: &str) -> ScanState {
        match state.trim().to_ascii_lowercase().as_str() {
            "run" | "running" | "queued" | "pending" | "start" | "started" => ScanState::Running,
            "end" | "ended" | "done" | "completed" | "finished" => ScanState::Ended,
            "failure" | "failed" | "error" => ScanState::Failed,
            "stop" | "stopped" | "cancelled" | "canceled" => ScanState::Stopped,
            _ => ScanState::Unknown,
        }
    }

    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            ScanState::Ended | ScanState::Failed | ScanState::Stopped
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProgressData {
    /// 0–100.
    #[serde(deserialize_with = "de::u64")]
    pub progress: u64,
    #[serde(deserialize_with = "de::opt_string")]
    pub current_analysis: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub current_weakness: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub currentdir: Option<String>,
}

/// One entry of `logs[]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScanLog {
    #[serde(rename = "logType", deserialize_with = "de::string")]
    pub log_type: String,
    #[serde(deserialize_with = "de::string")]
    pub message: String,
    #[serde(deserialize_with = "de::opt_string")]
    pub create_date: Option<String>,
}

/// `tags` of a scan status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScanTags {
    #[serde(deserialize_with = "de::opt_string")]
    pub project_name: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub branch: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub policy_id: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub policy_title: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub starter: Option<String>,
    #[serde(rename = "commitId", deserialize_with = "de::opt_string")]
    pub commit_id: Option<String>,
}

/// `GET /api/scan/status/{id}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScanStatus {
    /// (`_id` or `scan_id` when `id` is absent.)
    #[serde(deserialize_with = "de::string")]
    pub id: String,
    /// Raw state as sent; see [`ScanStatus::scan_state`].
    #[serde(deserialize_with = "de::string")]
    pub state: String,
    #[serde(deserialize_with = "de::lenient")]
    pub progress_data: ProgressData,
    /// (`severities`, the pre-2024-08 spelling, when `sast_severities` is absent.)
    #[serde(deserialize_with = "de::lenient")]
    pub sast_severities: Counts,
    #[serde(deserialize_with = "de::lenient")]
    pub sca_severities: Counts,
    #[serde(deserialize_with = "de::lenient_vec")]
    pub logs: Vec<ScanLog>,
    /// Objects with `weakness_id` (GHA/GL/AZ).
    #[serde(rename = "weaknessesArr", deserialize_with = "de::value_vec")]
    pub weaknesses_arr: Vec<Value>,
    /// JSON strings holding `issue_state.weakness_id` (Jenkins' spelling).
    #[serde(rename = "weaknessArr", deserialize_with = "de::value_vec")]
    pub weakness_arr: Vec<Value>,
    /// 0–100; also accepted as a string or `{score}`.
    #[serde(deserialize_with = "de::opt_score")]
    pub riskscore: Option<f64>,
    /// Epoch milliseconds (an ISO date-time is converted).
    #[serde(deserialize_with = "de::opt_i64")]
    pub started_at: Option<i64>,
    #[serde(deserialize_with = "de::opt_i64")]
    pub ended_at: Option<i64>,
    #[serde(deserialize_with = "de::lenient")]
    pub tags: ScanTags,
    #[serde(deserialize_with = "de::u64")]
    pub loc: u64,
    #[serde(deserialize_with = "de::u64")]
    pub nfiles: u64,
}

impl ScanStatus {
    /// Parses a status object, with fallbacks for older or alternative key spellings.
    pub fn from_value(v: &Value) -> Result<ScanStatus, serde_json::Error> {
        let mut s = ScanStatus::deserialize(v)?;
        if s.id.is_empty() {
            s.id = first_string(v, &["_id", "scan_id"]).unwrap_or_default();
        }
        if v.get("sast_severities").is_none_or(Value::is_null)
            && let Some(old) = v.get("severities")
        {
            s.sast_severities = Counts::deserialize(old).unwrap_or_default();
        }
        Ok(s)
    }

    pub fn scan_state(&self) -> ScanState {
        ScanState::classify(&self.state)
    }

    /// Weakness ids from both `weaknessesArr` (objects) and `weaknessArr` (JSON strings or
    /// objects with `issue_state`), de-duplicated, in order of appearance.
    pub fn weakness_ids(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut push = |s: Option<String>| {
            if let Some(s) = s.filter(|s| !s.is_empty())
                && !out.contains(&s)
            {
                out.push(s);
            }
        };
        for v in self.weaknesses_arr.iter().chain(self.weakness_arr.iter()) {
            let obj = match v {
                Value::String(s) => serde_json::from_str::<Value>(s).unwrap_or(Value::Null),
                other => other.clone(),
            };
            let id = obj
                .get("weakness_id")
                .or_else(|| obj.get("issue_state").and_then(|s| s.get("weakness_id")))
                .and_then(de::value_to_string);
            push(id);
        }
        out
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IssueState {
    #[serde(deserialize_with = "de::opt_string")]
    pub id: Option<String>,
    #[serde(deserialize_with = "de::string")]
    pub issue_id: String,
    #[serde(deserialize_with = "de::string")]
    pub weakness_id: String,
    /// `critical|high|medium|low` (as sent; see [`Issue::severity`]).
    #[serde(deserialize_with = "de::string")]
    pub severity: String,
    #[serde(deserialize_with = "de::opt_string")]
    pub rule_id: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub project_name: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub scan_id: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub fixcost: Option<String>,
    /// `{value, description}`, passed through.
    pub status: Value,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KbFields {
    /// Language code → title. A plain string is stored under `en`.
    #[serde(deserialize_with = "de::lang_map")]
    pub title: BTreeMap<String, String>,
    #[serde(deserialize_with = "de::lang_map")]
    pub summary: BTreeMap<String, String>,
    #[serde(deserialize_with = "de::string_vec")]
    pub labels: Vec<String>,
    /// `{<lang>: {<platform>: {description, mitigation}}}`, passed through.
    pub platformnotes: Value,
    #[serde(deserialize_with = "de::opt_string")]
    pub trustlevel: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CodeSnippet {
    #[serde(deserialize_with = "de::string")]
    pub text: String,
    #[serde(deserialize_with = "de::opt_u64")]
    pub start_line: Option<u64>,
    #[serde(deserialize_with = "de::opt_u64")]
    pub end_line: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FlowStep {
    #[serde(deserialize_with = "de::opt_string")]
    pub document_name: Option<String>,
    #[serde(deserialize_with = "de::string")]
    pub document_path: String,
    #[serde(deserialize_with = "de::opt_u64")]
    pub start_linenumber: Option<u64>,
    #[serde(deserialize_with = "de::opt_u64")]
    pub end_linenumber: Option<u64>,
    #[serde(deserialize_with = "de::opt_u64")]
    pub start_codespan: Option<u64>,
    #[serde(deserialize_with = "de::opt_u64")]
    pub end_codespan: Option<u64>,
    #[serde(deserialize_with = "de::opt_string")]
    pub step_type: Option<String>,
    #[serde(deserialize_with = "de::opt_string")]
    pub step_text: Option<String>,
    #[serde(deserialize_with = "de::lenient")]
    pub code_snippet: CodeSnippet,
}

/// One finding of `GET /api/scanlog/issues`. `raw` keeps the object exactly as received for
/// pass-through output (JSON reports), since the typed part is deliberately partial.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Issue {
    #[serde(deserialize_with = "de::lenient")]
    pub issue_state: IssueState,
    #[serde(deserialize_with = "de::lenient")]
    pub kb_fields: KbFields,
    #[serde(deserialize_with = "de::lenient_vec")]
    pub flow_steps: Vec<FlowStep>,
    #[serde(deserialize_with = "de::opt_string")]
    pub lang: Option<String>,
    #[serde(skip)]
    pub raw: Value,
}

impl Issue {
    /// Types what it can of `v` and keeps `v` itself as `raw`. Never fails.
    pub fn from_value(v: Value) -> Issue {
        let mut issue = Issue::deserialize(&v).unwrap_or_default();
        issue.raw = v;
        issue
    }

    /// The title in English when there is one, else any language, else the weakness id.
    pub fn title(&self) -> &str {
        self.kb_fields
            .title
            .get("en")
            .or_else(|| self.kb_fields.title.values().find(|t| !t.is_empty()))
            .map(String::as_str)
            .unwrap_or(&self.issue_state.weakness_id)
    }

    /// Lower-cased severity (`critical|high|medium|low|…`).
    pub fn severity(&self) -> String {
        self.issue_state.severity.trim().to_ascii_lowercase()
    }
}

/// `GET /api/plugins/helper` asked with `x-ct-from: github`: `report` is the comment text;
/// other flavours nest `scaSeverityCounts` inside `report`, which is accepted too.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HelperSummary {
    pub report: Value,
    #[serde(rename = "scaSeverityCounts", deserialize_with = "de::lenient")]
    pub sca_severity_counts: Counts,
}

impl HelperSummary {
    pub fn from_value(v: Value) -> HelperSummary {
        let mut h = HelperSummary::deserialize(&v).unwrap_or_default();
        if v.get("scaSeverityCounts").is_none()
            && let Some(nested) = h.report.get("scaSeverityCounts")
        {
            h.sca_severity_counts = Counts::deserialize(nested).unwrap_or_default();
        }
        h
    }

    /// The report as text when the server sent the github/gitlab (string) flavour.
    pub fn report_text(&self) -> Option<&str> {
        self.report.as_str()
    }
}

impl Policy {
    pub fn from_value(v: &Value) -> Result<Policy, serde_json::Error> {
        let mut p = Policy::deserialize(v)?;
        if p.id.is_empty() {
            p.id = first_string(v, &["_id", "policy_id"]).unwrap_or_default();
        }
        if p.policy_title.is_empty() {
            p.policy_title = first_string(v, &["title", "name"]).unwrap_or_default();
        }
        Ok(p)
    }
}

/// `GET /api/policy/list`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Policy {
    /// (`_id` or `policy_id` when `id` is absent.)
    #[serde(deserialize_with = "de::string")]
    pub id: String,
    /// (`title` or `name` when `policy_title` is absent.)
    #[serde(deserialize_with = "de::string")]
    pub policy_title: String,
    #[serde(deserialize_with = "de::opt_string")]
    pub description: Option<String>,
    #[serde(deserialize_with = "de::opt_bool")]
    pub is_default: Option<bool>,
    pub engine_settings: Value,
}

/// Lenient field deserializers shared by the models.
pub(crate) mod de {
    use std::collections::BTreeMap;

    use serde::de::DeserializeOwned;
    use serde::{Deserialize, Deserializer};
    use serde_json::Value;

    pub fn value_to_string(v: &Value) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    pub fn value_to_u64(v: &Value) -> Option<u64> {
        match v {
            Value::Number(n) => n
                .as_u64()
                .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f.round() as u64)),
            Value::String(s) => {
                let s = s.trim();
                s.parse::<u64>().ok().or_else(|| {
                    s.parse::<f64>()
                        .ok()
                        .filter(|f| f.is_finite() && *f >= 0.0)
                        .map(|f| f.round() as u64)
                })
            }
            _ => None,
        }
    }

    fn value_to_i64(v: &Value) -> Option<i64> {
        match v {
            Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.round() as i64)),
            Value::String(s) => {
                let s = s.trim();
                s.parse::<i64>()
                    .ok()
                    .or_else(|| s.parse::<f64>().ok().map(|f| f.round() as i64))
                    .or_else(|| {
                        s.parse::<jiff::Timestamp>()
                            .ok()
                            .map(|t| t.as_millisecond())
                    })
            }
            _ => None,
        }
    }

    pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        Ok(value_to_string(&Value::deserialize(d)?).unwrap_or_default())
    }

    /// `null`, `""` and non-scalars are `None`.
    pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(value_to_string(&Value::deserialize(d)?).filter(|s| !s.is_empty()))
    }

    pub fn u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        Ok(value_to_u64(&Value::deserialize(d)?).unwrap_or(0))
    }

    pub fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        Ok(value_to_u64(&Value::deserialize(d)?))
    }

    pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        Ok(value_to_i64(&Value::deserialize(d)?))
    }

    pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Bool(b) => Some(b),
            Value::Number(n) => n.as_i64().map(|n| n != 0),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" => Some(true),
                "false" | "0" | "no" => Some(false),
                _ => None,
            },
            _ => None,
        })
    }

    /// A number, a numeric string, or `{score: …}`.
    pub fn opt_score<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        fn f(v: &Value) -> Option<f64> {
            match v {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().trim_end_matches('%').parse().ok(),
                Value::Object(m) => m.get("score").and_then(f),
                _ => None,
            }
        }
        Ok(f(&Value::deserialize(d)?))
    }

    /// An array of scalars (non-scalars dropped), a single scalar, or `null`.
    pub fn string_vec<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Array(a) => a.iter().filter_map(value_to_string).collect(),
            Value::Null => Vec::new(),
            other => value_to_string(&other).into_iter().collect(),
        })
    }

    pub fn value_vec<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Value>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Array(a) => a,
            _ => Vec::new(),
        })
    }

    /// `T` if the value has T's shape, else `T::default()`.
    pub fn lenient<'de, D, T>(d: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: DeserializeOwned + Default,
    {
        Ok(serde_json::from_value(Value::deserialize(d)?).unwrap_or_default())
    }

    /// The elements that have T's shape; anything else is skipped.
    pub fn lenient_vec<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: DeserializeOwned,
    {
        Ok(match Value::deserialize(d)? {
            Value::Array(a) => a
                .into_iter()
                .filter_map(|v| serde_json::from_value(v).ok())
                .collect(),
            _ => Vec::new(),
        })
    }

    pub fn lang_map<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::Object(m) => m
                .iter()
                .filter_map(|(k, v)| value_to_string(v).map(|s| (k.clone(), s)))
                .collect(),
            Value::String(s) => BTreeMap::from([("en".to_string(), s)]),
            _ => BTreeMap::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scan_status_tolerates_strings_nulls_and_missing_fields() {
        let s = ScanStatus::from_value(&json!({
            "id": 42, "scan_id": "dup", "state": "END", "severities": {"critical": 9},
            "progress_data": {"progress": "100", "current_analysis": null},
            "sast_severities": {"critical": "2", "Critical": 5, "high": 1},
            "sca_severities": null,
            "logs": [{"logType": "information", "message": "INFO110: Scan is starting...", "create_date": "2024-01-01T00:00:00Z"}, 7],
            "weaknessesArr": [{"weakness_id": "sql_injection"}],
            "weaknessArr": ["{\"issue_state\":{\"weakness_id\":\"xss\"}}"],
            "riskscore": {"score": "87"},
            "started_at": "1700000000000",
            "ended_at": "2024-01-01T00:00:00Z",
            "tags": {"branch": "main"},
            "surprise": {"nested": true}
        }))
        .unwrap();
        assert_eq!(s.id, "42");
        assert_eq!(s.scan_state(), ScanState::Ended);
        assert_eq!(s.progress_data.progress, 100);
        assert_eq!(
            s.sast_severities,
            Counts {
                critical: 2,
                high: 1,
                medium: 0,
                low: 0
            }
        );
        assert_eq!(s.sca_severities, Counts::default());
        assert_eq!(s.logs.len(), 1);
        assert_eq!(s.weakness_ids(), vec!["sql_injection", "xss"]);
        assert_eq!(s.riskscore, Some(87.0));
        assert_eq!(s.started_at, Some(1_700_000_000_000));
        assert_eq!(s.ended_at, Some(1_704_067_200_000));
        assert_eq!(s.tags.branch.as_deref(), Some("main"));
        let empty =
            ScanStatus::from_value(&json!({"_id": "x", "severities": {"HIGH": 3}})).unwrap();
        assert_eq!(empty.id, "x");
        assert_eq!(empty.sast_severities.high, 3);
        assert_eq!(empty.scan_state(), ScanState::Unknown);
    }

    #[test]
    fn scan_states_classify_case_insensitively() {
        assert_eq!(ScanState::classify("run"), ScanState::Running);
        assert_eq!(ScanState::classify("End"), ScanState::Ended);
        for s in ["failure", "FAILED", "error"] {
            assert_eq!(ScanState::classify(s), ScanState::Failed);
        }
        assert_eq!(ScanState::classify("stop"), ScanState::Stopped);
        assert_eq!(ScanState::classify("weird"), ScanState::Unknown);
        assert!(!ScanState::Unknown.is_terminal());
    }

    #[test]
    fn issue_keeps_raw_and_prefers_english_title() {
        let v = json!({
            "issue_state": {"issue_id": "i1", "weakness_id": "xss", "severity": "High"},
            "kb_fields": {"title": {"tr": "Başlık", "en": "Cross-site scripting"}},
            "flow_steps": [{"document_path": "src/a.js", "start_linenumber": "3", "end_linenumber": 4, "code_snippet": {"text": "x"}}],
            "lang": "javascript",
            "extra": 1
        });
        let i = Issue::from_value(v.clone());
        assert_eq!(i.title(), "Cross-site scripting");
        assert_eq!(i.severity(), "high");
        assert_eq!(i.flow_steps[0].start_linenumber, Some(3));
        assert_eq!(i.flow_steps[0].code_snippet.text, "x");
        assert_eq!(i.raw, v);
        let bare = Issue::from_value(
            json!({"issue_state": {"weakness_id": "w"}, "kb_fields": {"title": null}}),
        );
        assert_eq!(bare.title(), "w");
    }

    #[test]
    fn project_and_helper_shapes() {
        let p = Project::from_value(&json!({
            "projectName": "demo", "name": "other", "type": "upload", "scan_ids": ["a", 2], "created_at": "2024-01-01",
            "sastSeverities": {"critical": 1}, "integrations": {"github": {}}, "isActive": "true"
        }))
        .unwrap();
        assert_eq!(p.project_name, "demo");
        assert_eq!(p.kind, "upload");
        assert_eq!(p.scan_ids, vec!["a", "2"]);
        assert_eq!(p.is_active, Some(true));
        let h = HelperSummary::from_value(
            json!({"report": "## md", "scaSeverityCounts": {"Critical": 3, "High": "4"}}),
        );
        assert_eq!(h.report_text(), Some("## md"));
        assert_eq!(h.sca_severity_counts.critical, 3);
        assert_eq!(h.sca_severity_counts.high, 4);
        let j =
            HelperSummary::from_value(json!({"report": {"scaSeverityCounts": {"Critical": 1}}}));
        assert_eq!(j.sca_severity_counts.critical, 1);
    }
}
