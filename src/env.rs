//! Every environment variable kdt reads, declared once. Nothing else names an env var by string.

pub const KDT_CONFIG: &str = "KDT_CONFIG";
pub const KDT_PROFILE: &str = "KDT_PROFILE";
pub const KDT_OUTPUT: &str = "KDT_OUTPUT";
pub const KDT_LOG: &str = "KDT_LOG";
pub const KDT_NO_PROGRESS: &str = "KDT_NO_PROGRESS";
pub const NO_COLOR: &str = "NO_COLOR";
pub const CLICOLOR_FORCE: &str = "CLICOLOR_FORCE";

pub const CODETHREAT_TOKEN: &str = "CODETHREAT_TOKEN";
pub const CODETHREAT_SECRET: &str = "CODETHREAT_SECRET";
pub const CODETHREAT_URL: &str = "CODETHREAT_URL";
pub const CODETHREAT_APP_URL: &str = "CODETHREAT_APP_URL";
pub const CODETHREAT_ORG: &str = "CODETHREAT_ORG";
pub const CODETHREAT_INSECURE: &str = "CODETHREAT_INSECURE";

/// Base delay of the client's retry backoff in milliseconds (tests set 0 for no waiting).
pub const KDT_RETRY_BASE_MS: &str = "KDT_RETRY_BASE_MS";
/// Cap of the scan status poll interval in milliseconds (default 5000).
pub const KDT_POLL_MAX_MS: &str = "KDT_POLL_MAX_MS";
/// First scan status poll interval in milliseconds (default 500).
pub const KDT_POLL_MIN_MS: &str = "KDT_POLL_MIN_MS";
/// Seconds between CI heartbeat lines while waiting (default 60).
pub const KDT_HEARTBEAT_SECS: &str = "KDT_HEARTBEAT_SECS";

/// Extra CA bundle (PEM) trusted in addition to the platform store.
pub const SSL_CERT_FILE: &str = "SSL_CERT_FILE";

/// Reads a variable, treating an empty value as unset.
pub fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The first of several aliases that is set.
pub fn first_of(names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| var(n))
}

/// `1`, `true`, `yes`, `on` (any case) are true.
pub fn flag(name: &str) -> Option<bool> {
    var(name).map(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on"))
}
