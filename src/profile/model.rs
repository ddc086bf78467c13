//! The typed profile model and its serde mapping.
//!
//! Every struct is `#[serde(default)]` so a hand-written file may omit any key, and `Option`
//! fields / empty maps are skipped on output so the file only holds what is set. Unknown keys
//! are ignored here; they survive in the file because saving merges into the parsed document
//! (see `merge.rs`) instead of rewriting it. jiff is built without its serde feature, so
//! timestamps and secrets go through the small `with` helpers at the bottom.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::secret::Secret;

/// Who the profile belongs to. Serialized as `"admin"` / `"team-lead"`.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    #[default]
    Admin,
    TeamLead,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Profile {
    pub role: Role,
    pub integrations: Integrations,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub scans: BTreeMap<String, ScanConfig>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Integrations {
    pub codethreat: CodethreatIntegration,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct CodethreatIntegration {
    pub activated: bool,
    pub allow_team_leads_scan: bool,
    pub allow_team_leads_create_instances: bool,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub instances: BTreeMap<String, Instance>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Instance {
    pub url: String,
    pub organization: String,
    #[serde(with = "opt_secret", skip_serializing_if = "Option::is_none")]
    pub token: Option<Secret>,
    pub insecure: bool,
    #[serde(with = "opt_ts", skip_serializing_if = "Option::is_none")]
    pub token_set_at: Option<jiff::Timestamp>,
    #[serde(with = "opt_ts", skip_serializing_if = "Option::is_none")]
    pub last_test_ok_at: Option<jiff::Timestamp>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ScanConfig {
    pub project: String,
    pub tool: String,
    pub instance: String,
    pub bind_to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub meta: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scan_tag: Option<String>,
    /// Absent = no schedule. "now" is never stored: such a scan runs at once.
    #[serde(with = "opt_ts", skip_serializing_if = "Option::is_none")]
    pub schedule: Option<jiff::Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook: Option<Webhook>,
    #[serde(with = "opt_ts", skip_serializing_if = "Option::is_none")]
    pub created_at: Option<jiff::Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_run: Option<LastRun>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Webhook {
    pub platform: String,
    #[serde(with = "secret")]
    pub secret: Secret,
    #[serde(with = "opt_ts", skip_serializing_if = "Option::is_none")]
    pub created_at: Option<jiff::Timestamp>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct LastRun {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scan_id: Option<String>,
    #[serde(with = "opt_ts", skip_serializing_if = "Option::is_none")]
    pub started_at: Option<jiff::Timestamp>,
    #[serde(with = "opt_ts", skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<jiff::Timestamp>,
    /// passed | gate-failed | scan-failed | timeout | error | started | running
    pub outcome: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
    /// `pid@host` while `kdt scan due` runs this scan, so overlapping runs never run it twice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimed_by: Option<String>,
}

/// `Secret` as a plain string. Kept here (not in secret.rs) so the only place a secret is
/// turned back into text for serialization is the profile file writer.
mod secret {
    use super::*;

    pub fn serialize<S: serde::Serializer>(v: &Secret, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v.expose())
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Secret, D::Error> {
        String::deserialize(d).map(Secret::new)
    }
}

mod opt_secret {
    use super::*;

    pub fn serialize<S: serde::Serializer>(v: &Option<Secret>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_str(v.expose()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Secret>, D::Error> {
        Ok(Some(Secret::new(String::deserialize(d)?)))
    }
}

/// Optional timestamps, written as RFC 3339 strings. On input a native TOML datetime
/// (`x = 2026-12-03T10:00:00Z`, unquoted, as a user may type it) is accepted too.
mod opt_ts {
    use super::*;
    use serde::de::Error as _;

    pub fn serialize<S: serde::Serializer>(
        v: &Option<jiff::Timestamp>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(t) => s.collect_str(t),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Option<jiff::Timestamp>, D::Error> {
        let text = match toml::Value::deserialize(d)? {
            toml::Value::String(s) => s,
            toml::Value::Datetime(dt) => dt.to_string(),
            other => {
                return Err(D::Error::custom(format!(
                    "expected an RFC 3339 timestamp string like \"2026-12-03T10:00:00Z\", found {}",
                    other.type_str()
                )));
            }
        };
        text.parse::<jiff::Timestamp>().map(Some).map_err(|e| {
            D::Error::custom(format!(
                "invalid timestamp {text:?}: {e} (expected RFC 3339 with an offset, like \"2026-12-03T10:00:00Z\")"
            ))
        })
    }
}
