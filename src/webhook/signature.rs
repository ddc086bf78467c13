//! Delivery authentication: HMAC-SHA256 body signatures (GitHub `X-Hub-Signature-256`,
//! Bitbucket Cloud `X-Hub-Signature`) and GitLab's shared token (`X-Gitlab-Token`).
//!
//! Every comparison is constant time so response timing does not reveal how much of a guess
//! was right.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

const PREFIX: &str = "sha256=";

/// `sha256=<lowercase hex HMAC-SHA256 of body>`, the header value GitHub and Bitbucket send.
pub fn github_signature(secret: &[u8], body: &[u8]) -> String {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC accepts keys of any length");
    mac.update(body);
    format!("{PREFIX}{}", hex::encode(mac.finalize().into_bytes()))
}

/// Whether `header_value` is `sha256=<hex>` with the HMAC-SHA256 of `body` under `secret`.
///
/// Anything else is rejected: a missing prefix, non-hex or short/long hex, an empty secret
/// (an HMAC with an empty key is no authentication at all). Hex case is not significant.
pub fn verify_hmac_sha256_header(secret: &[u8], body: &[u8], header_value: &str) -> bool {
    if secret.is_empty() {
        return false;
    }
    let Some(hex_sig) = header_value.strip_prefix(PREFIX) else {
        return false;
    };
    // Length is public (always 64), so checking it before decoding leaks nothing.
    if hex_sig.len() != 64 {
        return false;
    }
    let Ok(tag) = hex::decode(hex_sig) else {
        return false;
    };
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC accepts keys of any length");
    mac.update(body);
    // verify_slice compares in constant time.
    mac.verify_slice(&tag).is_ok()
}

/// Constant-time equality of a presented token with the expected one, hiding the length too:
/// both are MACed under a fixed key and the fixed-size tags are compared in constant time.
pub fn verify_token(expected: &[u8], presented: &[u8]) -> bool {
    if expected.is_empty() {
        return false;
    }
    // The key only serves to map both inputs to fixed-size values; it need not be secret.
    const KEY: &[u8] = b"kdt webhook token comparison";
    let tag = |v: &[u8]| {
        let mut mac = HmacSha256::new_from_slice(KEY).expect("HMAC accepts keys of any length");
        mac.update(v);
        mac.finalize()
    };
    // CtOutput's PartialEq is constant time.
    tag(expected) == tag(presented)
}

#[cfg(test)]
mod tests {
    use super::*;

    // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
    const GH_SECRET: &[u8] = b"It's a Secret to Everybody";
    const GH_BODY: &[u8] = b"Hello, World!";
    const GH_SIG: &str = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    #[test]
    fn github_published_vector() {
        assert_eq!(github_signature(GH_SECRET, GH_BODY), GH_SIG);
        assert!(verify_hmac_sha256_header(GH_SECRET, GH_BODY, GH_SIG));
        assert!(verify_hmac_sha256_header(
            GH_SECRET,
            GH_BODY,
            &GH_SIG.to_ascii_uppercase().replace("SHA256=", "sha256=")
        ));
    }

    #[test]
    fn computed_signatures_verify() {
        let body = br#"{"ref":"refs/heads/main"}"#;
        let sig = github_signature(b"s3cret", body);
        assert!(verify_hmac_sha256_header(b"s3cret", body, &sig));
        assert!(!verify_hmac_sha256_header(b"other", body, &sig));
        assert!(!verify_hmac_sha256_header(b"s3cret", b"{}", &sig));
    }

    #[test]
    fn malformed_or_wrong_signatures_are_rejected() {
        let hex_part = &GH_SIG[PREFIX.len()..];
        let mut flipped = GH_SIG.to_string();
        flipped.replace_range(GH_SIG.len() - 1.., "f");
        let cases = [
            flipped.as_str(),                         // one nibble wrong
            &GH_SIG[..GH_SIG.len() - 2],              // truncated
            &GH_SIG[..PREFIX.len()],                  // prefix only
            hex_part,                                 // no `sha256=` prefix
            &format!("sha1={hex_part}"),              // other algorithm
            &format!("sha256={}zz", &hex_part[..62]), // non-hex
            &format!("{GH_SIG}00"),                   // too long
            &format!(" {GH_SIG}"),                    // leading junk
            "",                                       // empty
            "sha256=",                                // empty hex
            &format!("sha256={}", "0".repeat(64)),    // zero tag
        ];
        for case in cases {
            assert!(
                !verify_hmac_sha256_header(GH_SECRET, GH_BODY, case),
                "accepted {case:?}"
            );
        }
    }

    #[test]
    fn empty_secret_never_verifies() {
        let sig = github_signature(b"", GH_BODY);
        assert!(!verify_hmac_sha256_header(b"", GH_BODY, &sig));
        assert!(!verify_token(b"", b""));
    }

    #[test]
    fn token_comparison() {
        assert!(verify_token(b"gl-token", b"gl-token"));
        assert!(!verify_token(b"gl-token", b"gl-toke"));
        assert!(!verify_token(b"gl-token", b"gl-token "));
        assert!(!verify_token(b"gl-token", b""));
        assert!(!verify_token(b"gl-token", b"GL-TOKEN"));
    }
}
