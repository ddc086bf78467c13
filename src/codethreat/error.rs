//! `ApiError`: every way a CodeThreat call can fail, classified once from the HTTP status, the
//! body and the transport error chain so the top level can map it to an exit code and a hint.
//!
//! No variant ever carries the token: messages come from response bodies (truncated) or from
//! transport errors, and the token only ever lives in a request header.

use std::time::Duration;

/// How much of a response body an error keeps: enough to recognise an HTML error page or a
/// proxy's message, not so much that a whole page lands in a CI log.
pub(crate) const SNIPPET_CHARS: usize = 200;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 401: the token is missing, expired or wrong.
    #[error("unauthorized: {message}")]
    Unauthorized { message: String },
    /// 403, e.g. "Access denied." when the organization does not match the token.
    #[error("forbidden: {message}")]
    Forbidden { message: String },
    /// 404 with a CodeThreat JSON body.
    #[error("not found: {message}")]
    NotFound { message: String },
    /// 429 after retries.
    #[error("rate limited by the CodeThreat server{}", fmt_retry_after(.retry_after))]
    RateLimited { retry_after: Option<Duration> },
    /// 413, or a 4xx whose message says the upload is too large.
    #[error("upload too large (HTTP {status}): {message}")]
    PayloadTooLarge { status: u16, message: String },
    /// Any other 4xx with a CodeThreat `{code, message}` body.
    #[error("request rejected (HTTP {status}): {message}")]
    BadRequest { status: u16, message: String },
    /// 5xx after retries.
    #[error("CodeThreat server error (HTTP {status}): {message}")]
    Server { status: u16, message: String },
    /// HTML, non-JSON or an unexpected shape: the URL is probably not a CodeThreat API.
    #[error("this URL does not look like a CodeThreat API (HTTP {status}): {snippet}")]
    NotCodeThreat { status: u16, snippet: String },
    /// A redirect we refused to follow (another host, scheme or port, or any redirect of a
    /// request that starts a scan). Added to the lead's shape: the fix is to use `location`.
    #[error("the server redirected (HTTP {status}) to {location}")]
    Redirect { status: u16, location: String },
    /// The connection broke while the archive was still being sent (`sent < total`). Most
    /// often a server or proxy enforcing an upload size limit: it answers 413 early and closes,
    /// and the TCP reset discards that answer before we can read it. Added to the lead's shape.
    #[error(
        "the connection was closed after {sent} of {total} bytes of the upload (an upload size limit?): {reason}"
    )]
    UploadAborted {
        sent: u64,
        total: u64,
        reason: String,
    },
    /// Certificate problems: self-signed, unknown CA, expired, wrong host name.
    #[error("TLS certificate problem: {0}")]
    Tls(String),
    /// DNS failure, connection refused or reset before any response.
    #[error("could not connect to {url}: {reason}")]
    Connect { url: String, reason: String },
    #[error("the CodeThreat server did not answer in time")]
    Timeout,
    #[error("transport error: {0}")]
    Transport(String),
    #[error("could not decode the CodeThreat response: {0}")]
    Decode(String),
}

fn fmt_retry_after(d: &Option<Duration>) -> String {
    match d {
        Some(d) => format!(" (retry after {}s)", d.as_secs()),
        None => String::new(),
    }
}

impl ApiError {
    /// The HTTP status behind this error, when there was a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Unauthorized { .. } => Some(401),
            ApiError::Forbidden { .. } => Some(403),
            ApiError::NotFound { .. } => Some(404),
            ApiError::RateLimited { .. } => Some(429),
            ApiError::PayloadTooLarge { status, .. }
            | ApiError::BadRequest { status, .. }
            | ApiError::Server { status, .. }
            | ApiError::NotCodeThreat { status, .. }
            | ApiError::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// Cuts `s` to [`SNIPPET_CHARS`] characters (on a char boundary) and squeezes whitespace so an
/// HTML page becomes one readable line.
pub(crate) fn snippet(s: &str) -> String {
    let squeezed: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = squeezed.chars().take(SNIPPET_CHARS).collect();
    if squeezed.chars().count() > SNIPPET_CHARS {
        out.push('…');
    }
    out
}

/// What a CodeThreat error body told us, in any of the documented shapes:
/// `{code, message}`, `{status, code: "Unauthorized", message}`, `{error: true, message}`,
/// or plain text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ErrorBody {
    /// The body was JSON with a recognisable message (i.e. it came from CodeThreat).
    pub codethreat: bool,
    /// `code` as a number when it is one (`{code: 404}` or `{code: "404"}`).
    pub code: Option<u16>,
    pub message: String,
}

pub(crate) fn parse_error_body(body: &[u8]) -> ErrorBody {
    let text = String::from_utf8_lossy(body);
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(body) {
        let code = map.get("code").and_then(|c| match c {
            serde_json::Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        });
        let message = ["message", "error_description", "msg", "detail"]
            .iter()
            .find_map(|k| map.get(*k).and_then(value_text))
            // `{error: "text"}` (not the boolean flag) and the Gen-2 `{error: {message}}`.
            .or_else(|| match map.get("error") {
                Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s.clone()),
                Some(serde_json::Value::Object(e)) => e.get("message").and_then(value_text),
                _ => None,
            })
            .or_else(|| match map.get("code") {
                Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s.clone()),
                _ => None,
            });
        let recognised = message.is_some()
            || code.is_some()
            || map.contains_key("error")
            || map.contains_key("status");
        return ErrorBody {
            codethreat: recognised,
            code,
            message: snippet(&message.unwrap_or_else(|| text.to_string())),
        };
    }
    ErrorBody {
        codethreat: false,
        code: None,
        message: snippet(&text),
    }
}

fn value_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Does this body look like HTML (a proxy page, a login portal, a SPA index)?
pub(crate) fn looks_like_html(body: &[u8]) -> bool {
    let head: String = String::from_utf8_lossy(&body[..body.len().min(512)])
        .trim_start()
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype")
        || head.starts_with("<html")
        || head.starts_with("<?xml")
        || head.starts_with("<head")
        || head.starts_with("<body")
}

/// Words servers and proxies use for "too big" when they do not send a 413.
pub(crate) fn says_too_large(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    (m.contains("upload") || m.contains("file") || m.contains("payload") || m.contains("body"))
        && (m.contains("too large")
            || m.contains("too big")
            || m.contains("exceed")
            || m.contains("maximum")
            || m.contains("max upload")
            || m.contains("size limit"))
}

/// Builds the error for a non-success response. `retry_after` is only used for 429.
pub(crate) fn from_response(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    retry_after: Option<Duration>,
) -> ApiError {
    let parsed = parse_error_body(body);
    let html = looks_like_html(body) || content_type.is_some_and(|c| c.contains("html"));
    let message = if parsed.message.is_empty() {
        default_reason(status)
    } else {
        parsed.message.clone()
    };
    match status {
        401 => ApiError::Unauthorized { message },
        403 => ApiError::Forbidden { message },
        404 if parsed.codethreat && !html => ApiError::NotFound { message },
        404 => ApiError::NotCodeThreat {
            status,
            snippet: parsed.message,
        },
        413 => ApiError::PayloadTooLarge { status, message },
        429 => ApiError::RateLimited { retry_after },
        500..=599 => ApiError::Server { status, message },
        400..=499 if says_too_large(&message) => ApiError::PayloadTooLarge { status, message },
        400..=499 if html => ApiError::NotCodeThreat {
            status,
            snippet: parsed.message,
        },
        400..=499 => ApiError::BadRequest { status, message },
        _ => ApiError::NotCodeThreat {
            status,
            snippet: parsed.message,
        },
    }
}

fn default_reason(status: u16) -> String {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("no message")
        .to_string()
}

/// Classifies a transport failure by walking the source chain: rustls/webpki certificate
/// errors become `Tls`, failures to establish the connection `Connect`, time-outs `Timeout`.
pub(crate) fn from_reqwest(err: &reqwest::Error, url: &str) -> ApiError {
    let chain = error_chain(err);
    let lower = chain.to_ascii_lowercase();
    if is_tls_problem(&lower) {
        return ApiError::Tls(tls_reason(&chain));
    }
    if err.is_connect() {
        let reason = if err.is_timeout() || lower.contains("timed out") {
            "connection timed out".to_string()
        } else {
            connect_reason(&chain)
        };
        return ApiError::Connect {
            url: url.to_string(),
            reason,
        };
    }
    if err.is_timeout() {
        return ApiError::Timeout;
    }
    if err.is_decode() {
        return ApiError::Decode(chain);
    }
    ApiError::Transport(chain)
}

fn is_tls_problem(lower: &str) -> bool {
    [
        "certificate",
        "unknownissuer",
        "notvalidforname",
        "invalidcertificate",
        "webpki",
        "badsignature",
        "expired",
        "self signed",
        "self-signed",
    ]
    .iter()
    .any(|k| lower.contains(k))
}

fn tls_reason(chain: &str) -> String {
    let lower = chain.to_ascii_lowercase();
    let what = if lower.contains("unknownissuer") || lower.contains("unknown issuer") {
        "the certificate is signed by an unknown authority (self-signed or a private CA)"
    } else if lower.contains("notvalidforname") || lower.contains("not valid for name") {
        "the certificate is not valid for this host name"
    } else if lower.contains("expired") {
        "the certificate has expired"
    } else if lower.contains("notvalidyet") {
        "the certificate is not valid yet"
    } else {
        "the server's certificate was rejected"
    };
    format!("{what} ({})", snippet(chain))
}

fn connect_reason(chain: &str) -> String {
    let lower = chain.to_ascii_lowercase();
    if lower.contains("dns")
        || lower.contains("failed to lookup")
        || lower.contains("name or service")
    {
        "DNS lookup failed".to_string()
    } else if lower.contains("refused") {
        "connection refused".to_string()
    } else if lower.contains("reset") {
        "connection reset".to_string()
    } else {
        snippet(chain)
    }
}

/// `outer: inner: innermost`, skipping repeats (hyper and reqwest often repeat their source).
pub(crate) fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        let s = e.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
        cur = e.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_documented_error_shape() {
        let b = parse_error_body(br#"{"code":404,"message":"Not Found."}"#);
        assert_eq!(
            (b.codethreat, b.code, b.message.as_str()),
            (true, Some(404), "Not Found.")
        );
        let b =
            parse_error_body(br#"{"status":401,"code":"Unauthorized","message":"Invalid token"}"#);
        assert_eq!(b.message, "Invalid token");
        let b = parse_error_body(br#"{"error":true,"message":"nope"}"#);
        assert_eq!(b.message, "nope");
        let b =
            parse_error_body(br#"{"code":"400","message":"Error occurred: Cannot get project."}"#);
        assert_eq!(b.code, Some(400));
        let b = parse_error_body(b"plain text failure");
        assert!(!b.codethreat);
        assert_eq!(b.message, "plain text failure");
    }

    #[test]
    fn snippets_are_truncated_and_one_line() {
        let long = "<html>\n".repeat(200);
        let s = snippet(&long);
        assert!(s.chars().count() <= SNIPPET_CHARS + 1);
        assert!(!s.contains('\n'));
    }

    #[test]
    fn a_400_saying_the_upload_is_too_large_is_payload_too_large() {
        let e = from_response(
            400,
            Some("application/json"),
            br#"{"code":400,"message":"Max upload size exceeded"}"#,
            None,
        );
        assert!(
            matches!(e, ApiError::PayloadTooLarge { status: 400, .. }),
            "{e:?}"
        );
    }
}
