//! Exit statuses and error classification: the table in `cli-contract.md` is an API.
//!
//! Commands return `anyhow::Error`. A command that knows what went wrong attaches a
//! [`Failure`] (status + message + hints); anything else is classified here once, by looking
//! through the cause chain for the client's `ApiError` or the profile's `ProfileError`.

use std::fmt;

use crate::codethreat::error::ApiError;
use crate::profile::ProfileError;

/// The documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExitStatus {
    /// Success; scan finished and every threshold held; `--async` scan started.
    Success,
    /// Quality gate failed: findings broke a threshold or the weakness rule.
    GateFailed,
    /// Usage or configuration error.
    Usage,
    /// Authentication or authorization failed.
    Auth,
    /// Could not reach or talk to CodeThreat.
    Connection,
    /// The scan ran and failed or was stopped on the server.
    ScanFailed,
    /// `--timeout` passed while the scan was still running.
    Timeout,
    /// Interrupted (Ctrl-C).
    Interrupted,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::GateFailed => 1,
            ExitStatus::Usage => 2,
            ExitStatus::Auth => 3,
            ExitStatus::Connection => 4,
            ExitStatus::ScanFailed => 5,
            ExitStatus::Timeout => 6,
            ExitStatus::Interrupted => 130,
        }
    }

    /// The word a saved configuration's `last_run.outcome` records for this status.
    pub fn outcome(self) -> &'static str {
        match self {
            ExitStatus::Success => "passed",
            ExitStatus::GateFailed => "gate-failed",
            ExitStatus::ScanFailed => "scan-failed",
            ExitStatus::Timeout => "timeout",
            ExitStatus::Interrupted => "interrupted",
            _ => "error",
        }
    }

    /// Which of two outcomes a summary (e.g. `kdt scan due`) reports: errors outrank findings,
    /// and any failure outranks success.
    pub fn worst(self, other: ExitStatus) -> ExitStatus {
        fn rank(s: ExitStatus) -> u8 {
            match s {
                ExitStatus::Success => 0,
                ExitStatus::GateFailed => 1,
                ExitStatus::Timeout => 2,
                ExitStatus::ScanFailed => 3,
                ExitStatus::Usage => 4,
                ExitStatus::Connection => 5,
                ExitStatus::Auth => 6,
                ExitStatus::Interrupted => 7,
            }
        }
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

/// An error whose exit status and advice are already known.
#[derive(Debug)]
pub struct Failure {
    pub status: ExitStatus,
    pub message: String,
    pub hints: Vec<String>,
}

impl Failure {
    pub fn new(status: ExitStatus, message: impl Into<String>) -> Self {
        Failure {
            status,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Failure::new(ExitStatus::Usage, message)
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// What the top level prints and returns for an error.
pub struct Classified {
    pub status: ExitStatus,
    pub hints: Vec<String>,
}

pub fn classify(err: &anyhow::Error) -> Classified {
    for cause in err.chain() {
        if let Some(f) = cause.downcast_ref::<Failure>() {
            return Classified {
                status: f.status,
                hints: f.hints.clone(),
            };
        }
        if let Some(api) = cause.downcast_ref::<ApiError>() {
            return classify_api(api);
        }
        if let Some(p) = cause.downcast_ref::<ProfileError>() {
            return Classified {
                status: ExitStatus::Usage,
                hints: profile_hints(p),
            };
        }
    }
    Classified {
        status: ExitStatus::Usage,
        hints: Vec::new(),
    }
}

fn profile_hints(err: &ProfileError) -> Vec<String> {
    match err {
        ProfileError::Parse { .. } | ProfileError::Invalid { .. } => vec![
            "fix the file by hand (or move it away to start afresh); kdt never overwrites a file it cannot read".into(),
        ],
        ProfileError::Locked { .. } => {
            vec!["another kdt process holds the profile lock; try again in a moment".into()]
        }
        _ => Vec::new(),
    }
}

/// The general advice per client error. Commands that know more (e.g. `integration test`)
/// attach a [`Failure`] with sharper hints instead.
pub fn classify_api(err: &ApiError) -> Classified {
    use ApiError::*;
    let (status, hint): (ExitStatus, Option<&str>) = match err {
        Unauthorized { .. } => (
            ExitStatus::Auth,
            Some(
                "verify the token; generate a new one in CodeThreat (Organization Settings > Access Token)",
            ),
        ),
        Forbidden { .. } => (
            ExitStatus::Auth,
            Some(
                "the organization name must match exactly as it appears in your CodeThreat account",
            ),
        ),
        NotFound { .. } | BadRequest { .. } => (ExitStatus::Usage, None),
        PayloadTooLarge { .. } => (
            ExitStatus::Usage,
            Some(
                "the package is over the server's upload limit: exclude build outputs and data with .codethreatignore, or lower --max-file-size",
            ),
        ),
        RateLimited { .. } => (
            ExitStatus::Connection,
            Some("CodeThreat is rate limiting this token; wait and retry"),
        ),
        Server { .. } | Transport(_) | Decode(_) | Timeout => (ExitStatus::Connection, None),
        NotCodeThreat { .. } | Connect { .. } => (
            ExitStatus::Connection,
            Some(
                "verify the URL, e.g. https://cloud.codethreat.com/ for cloud or your self-hosted URL",
            ),
        ),
        Redirect { .. } => (
            ExitStatus::Connection,
            Some(
                "the server redirects elsewhere: configure the URL it redirects to (see the message)",
            ),
        ),
        UploadAborted { .. } => (
            ExitStatus::Connection,
            Some(
                "the server closed the connection during the upload; it may be over the server's upload size limit: exclude more with .codethreatignore or lower --max-file-size",
            ),
        ),
        Tls(_) => (
            ExitStatus::Connection,
            Some(
                "if your self-hosted instance uses a self-signed certificate, enable Insecure for this instance: `kdt integration config codethreat --insecure`",
            ),
        ),
    };
    Classified {
        status,
        hints: hint.map(|h| vec![h.to_string()]).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_the_contract() {
        let table = [
            (ExitStatus::Success, 0),
            (ExitStatus::GateFailed, 1),
            (ExitStatus::Usage, 2),
            (ExitStatus::Auth, 3),
            (ExitStatus::Connection, 4),
            (ExitStatus::ScanFailed, 5),
            (ExitStatus::Timeout, 6),
            (ExitStatus::Interrupted, 130),
        ];
        for (s, c) in table {
            assert_eq!(s.code(), c);
        }
    }

    #[test]
    fn errors_outrank_findings() {
        assert_eq!(
            ExitStatus::GateFailed.worst(ExitStatus::ScanFailed),
            ExitStatus::ScanFailed
        );
        assert_eq!(
            ExitStatus::Success.worst(ExitStatus::GateFailed),
            ExitStatus::GateFailed
        );
        assert_eq!(
            ExitStatus::Connection.worst(ExitStatus::Success),
            ExitStatus::Connection
        );
    }

    #[test]
    fn failure_inside_context_is_found() {
        let err = anyhow::Error::new(Failure::new(ExitStatus::Auth, "nope").hint("do x"))
            .context("while testing");
        let c = classify(&err);
        assert_eq!(c.status, ExitStatus::Auth);
        assert_eq!(c.hints, vec!["do x".to_string()]);
    }

    #[test]
    fn api_errors_map_to_contract_codes() {
        let c = classify(&anyhow::Error::new(ApiError::Unauthorized {
            message: "Invalid token".into(),
        }));
        assert_eq!(c.status, ExitStatus::Auth);
        let c = classify(&anyhow::Error::new(ApiError::Tls("bad cert".into())));
        assert_eq!(c.status, ExitStatus::Connection);
        assert!(c.hints[0].contains("--insecure"));
    }
}
