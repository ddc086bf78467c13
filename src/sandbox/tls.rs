//! `--tls`: a fresh self-signed certificate for `127.0.0.1` and `localhost`.
//!
//! The certificate is written as PEM so clients can trust it explicitly (e.g. reqwest's
//! `add_root_certificate`, `SSL_CERT_FILE`, Node's `NODE_EXTRA_CA_CERTS`). The private key stays
//! in memory: nothing but this process needs it.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

pub const CERT_FILE: &str = "sandbox-cert.pem";

/// Generates the certificate, writes its PEM to `pem_path` and returns the acceptor.
pub fn acceptor(pem_path: &Path) -> anyhow::Result<TlsAcceptor> {
    let ck =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string(), "localhost".to_string()])
            .context("generating the self-signed certificate")?;
    super::persist::write_atomic(pem_path, ck.cert.pem().as_bytes())
        .with_context(|| format!("writing {}", pem_path.display()))?;
    let cert: CertificateDer<'static> = ck.cert.der().clone();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(ck.signing_key.serialize_der()));
    // An explicit provider: the process may link both aws-lc-rs and ring, and then rustls has no
    // unambiguous default.
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut cfg = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("TLS protocol versions")?
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .context("TLS certificate")?;
    cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(cfg)))
}
