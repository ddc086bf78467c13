//! Client tests against in-process axum (and raw TLS) servers on 127.0.0.1.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use serde_json::json;
use url::Url;

use super::*;
use crate::secret::Secret;

const TOKEN: &str = "ct_tok_SUPERSECRET_0123456789";

async fn serve(router: Router) -> Url {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    Url::parse(&format!("http://{addr}")).unwrap()
}

fn config(url: Url) -> ClientConfig {
    let mut cfg = ClientConfig::new(url, "acme org", Secret::new(TOKEN));
    cfg.retry = RetryPolicy::default().with_base_delay(Duration::ZERO);
    cfg.read_timeout = Duration::from_secs(5);
    cfg
}

fn client(url: Url) -> Client {
    Client::new(config(url)).unwrap()
}

fn ct_json(status: u16, body: serde_json::Value) -> Response {
    (StatusCode::from_u16(status).unwrap(), axum::Json(body)).into_response()
}

fn html(status: u16) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        [(header::CONTENT_TYPE, "text/html")],
        "<!DOCTYPE html><html><head><title>Welcome</title></head><body>nginx</body></html>",
    )
        .into_response()
}

type Seen = Arc<Mutex<Vec<(HeaderMap, Option<String>)>>>;

#[tokio::test]
async fn every_call_sends_bearer_organization_user_agent_and_accept() {
    let seen: Seen = Arc::default();
    let router = Router::new()
        .route(
            "/prefix/api/organization",
            get(
                |State(seen): State<Seen>, headers: HeaderMap, RawQuery(q): RawQuery| async move {
                    seen.lock().unwrap().push((headers, q));
                    ct_json(200, json!({"ok": true}))
                },
            ),
        )
        .with_state(seen.clone());
    let mut url = serve(router).await;
    // A path prefix, a trailing `/api/` and slash are all tolerated.
    url.set_path("/prefix/api/");
    client(url).check_organization().await.unwrap();
    let seen = seen.lock().unwrap();
    let (h, q) = &seen[0];
    assert_eq!(h["authorization"], format!("Bearer {TOKEN}").as_str());
    assert_eq!(h["x-ct-organization"], "acme org");
    assert!(h["user-agent"].to_str().unwrap().starts_with("kdt/"));
    assert_eq!(h["accept"], "application/json");
    // The organization is percent-encoded in the query.
    assert_eq!(q.as_deref(), Some("key=acme+org"));
}

async fn status_server() -> Url {
    let router = Router::new().route(
        "/api/scan/status/{id}",
        get(|Path(id): Path<String>| async move {
            match id.as_str() {
                "401" => ct_json(
                    401,
                    json!({"status":401,"code":"Unauthorized","message":"Invalid token"}),
                ),
                "403" => ct_json(403, json!({"code":403,"message":"Access denied."})),
                "404json" => ct_json(404, json!({"code":404,"message":"Not Found."})),
                "404html" => html(404),
                "413" => {
                    (StatusCode::PAYLOAD_TOO_LARGE, "Request Entity Too Large").into_response()
                }
                "400" => ct_json(400, json!({"code":400,"message":"Cannot get scan status"})),
                "200html" => html(200),
                "ok" => ct_json(
                    200,
                    json!({"id":"ok","state":"run","progress_data":{"progress":5}}),
                ),
                _ => StatusCode::IM_A_TEAPOT.into_response(),
            }
        }),
    );
    serve(router).await
}

#[tokio::test]
async fn each_status_maps_to_its_error_variant() {
    let c = client(status_server().await);
    let e = c.scan_status("401").await.unwrap_err();
    assert!(
        matches!(&e, ApiError::Unauthorized { message } if message == "Invalid token"),
        "{e:?}"
    );
    let e = c.scan_status("403").await.unwrap_err();
    assert!(
        matches!(&e, ApiError::Forbidden { message } if message == "Access denied."),
        "{e:?}"
    );
    let e = c.scan_status("404json").await.unwrap_err();
    assert!(
        matches!(&e, ApiError::NotFound { message } if message == "Not Found."),
        "{e:?}"
    );
    let e = c.scan_status("404html").await.unwrap_err();
    assert!(
        matches!(&e, ApiError::NotCodeThreat { status: 404, .. }),
        "{e:?}"
    );
    let e = c.scan_status("413").await.unwrap_err();
    assert!(
        matches!(&e, ApiError::PayloadTooLarge { status: 413, .. }),
        "{e:?}"
    );
    let e = c.scan_status("400").await.unwrap_err();
    assert!(
        matches!(&e, ApiError::BadRequest { status: 400, message } if message == "Cannot get scan status"),
        "{e:?}"
    );
    let e = c.scan_status("200html").await.unwrap_err();
    assert!(
        matches!(&e, ApiError::NotCodeThreat { status: 200, .. }),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .contains("does not look like a CodeThreat API")
    );
    let s = c.scan_status("ok").await.unwrap();
    assert_eq!((s.id.as_str(), s.progress_data.progress), ("ok", 5));
}

/// A server answering `failures` times with `status`, then with `ok`.
async fn flaky(status: u16, failures: usize, ok: serde_json::Value) -> (Url, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let handler = {
        let hits = hits.clone();
        // Takes the body so an upload is fully read before the answer, as a real server does.
        move |_body: Bytes| {
            let n = hits.fetch_add(1, Ordering::SeqCst);
            let ok = ok.clone();
            async move {
                if n < failures {
                    let mut r = ct_json(status, json!({"code": status, "message": "busy"}));
                    r.headers_mut()
                        .insert(header::RETRY_AFTER, "1".parse().unwrap());
                    r
                } else {
                    ct_json(200, ok)
                }
            }
        }
    };
    let router = Router::new()
        .route("/api/scan/status/{id}", get(handler.clone()))
        .route("/api/integration/{kind}/start", post(handler.clone()))
        .route("/api/scan/start", post(handler));
    (serve(router).await, hits)
}

#[tokio::test]
async fn a_429_is_retried_then_succeeds() {
    let (url, hits) = flaky(429, 2, json!({"id": "s", "state": "end"})).await;
    let s = client(url).scan_status("s").await.unwrap();
    assert_eq!(s.scan_state(), ScanState::Ended);
    assert_eq!(hits.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_500_is_retried_then_succeeds() {
    let (url, hits) = flaky(500, 1, json!({"id": "s", "state": "run"})).await;
    client(url).scan_status("s").await.unwrap();
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_persistent_500_is_server_after_max_attempts() {
    let (url, hits) = flaky(500, usize::MAX, json!({})).await;
    let e = client(url).scan_status("s").await.unwrap_err();
    assert!(
        matches!(&e, ApiError::Server { status: 500, message } if message == "busy"),
        "{e:?}"
    );
    assert_eq!(
        hits.load(Ordering::SeqCst),
        retry::DEFAULT_MAX_ATTEMPTS as usize
    );
}

#[tokio::test]
async fn a_persistent_429_is_rate_limited_with_retry_after() {
    let (url, hits) = flaky(429, usize::MAX, json!({})).await;
    let e = client(url).scan_status("s").await.unwrap_err();
    assert!(
        matches!(e, ApiError::RateLimited { retry_after: Some(d) } if d == Duration::from_secs(1)),
        "{e:?}"
    );
    assert_eq!(
        hits.load(Ordering::SeqCst),
        retry::DEFAULT_MAX_ATTEMPTS as usize
    );
}

#[tokio::test]
async fn a_scan_start_answering_500_is_not_replayed() {
    let (url, hits) = flaky(500, usize::MAX, json!({})).await;
    let c = client(url);
    let e = c
        .start_integration_scan(RepoKind::Github, "demo", Some("main"), None)
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Server { status: 500, .. }), "{e:?}");
    assert_eq!(hits.load(Ordering::SeqCst), 1);

    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("demo.zip");
    std::fs::write(&zip, b"PK\x03\x04 not really a zip").unwrap();
    let req = UploadScan {
        project: "demo",
        archive: &zip,
        branch: None,
        policy_id: None,
    };
    let e = c
        .start_upload_scan(req, Arc::new(|_, _| {}))
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Server { status: 500, .. }), "{e:?}");
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn connection_refused_is_connect() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let c = client(Url::parse(&format!("http://{addr}")).unwrap());
    let e = c.scan_status("s").await.unwrap_err();
    assert!(
        matches!(&e, ApiError::Connect { reason, .. } if reason == "connection refused"),
        "{e:?}"
    );
    // A start is retried on a refused connection (it never left), and still fails cleanly.
    let e = c
        .start_integration_scan(RepoKind::Git, "demo", None, None)
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Connect { .. }), "{e:?}");
}

#[tokio::test]
async fn project_not_found_conventions_are_none() {
    let router = Router::new().route(
        "/api/project",
        get(|RawQuery(q): RawQuery| async move {
            match q.unwrap_or_default().as_str() {
                "key=nf404" => ct_json(404, json!({"code":404,"message":"Not Found."})),
                "key=nf400" => ct_json(400, json!({"code":404,"message":"Project not found"})),
                "key=empty" => ct_json(200, json!([])),
                "key=emptystr" => ct_json(200, json!("")),
                "key=err400" => ct_json(
                    400,
                    json!({"code":400,"message":"Error occurred: Cannot get project."}),
                ),
                "key=html" => html(404),
                _ => ct_json(
                    200,
                    json!({"project_name":"demo","type":"upload","scan_ids":["a","b"]}),
                ),
            }
        }),
    );
    let c = client(serve(router).await);
    for key in ["nf404", "nf400", "empty", "emptystr"] {
        assert_eq!(c.get_project(key).await.unwrap(), None, "{key}");
    }
    assert!(matches!(
        c.get_project("err400").await,
        Err(ApiError::BadRequest { status: 400, .. })
    ));
    assert!(matches!(
        c.get_project("html").await,
        Err(ApiError::NotCodeThreat { status: 404, .. })
    ));
    let p = c.get_project("demo").await.unwrap().unwrap();
    assert_eq!(
        (p.project_name.as_str(), p.kind.as_str()),
        ("demo", "upload")
    );
    assert_eq!(p.scan_ids, vec!["a", "b"]);
}

#[tokio::test]
async fn issues_follow_the_pager_over_three_pages_in_order() {
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let router = Router::new()
        .route(
            "/api/scanlog/issues",
            get(|State(seen): State<Arc<Mutex<Vec<String>>>>, RawQuery(q): RawQuery| async move {
                let q = q.unwrap_or_default();
                seen.lock().unwrap().push(q.clone());
                let pairs: Vec<(String, String)> =
                    url::form_urlencoded::parse(q.as_bytes()).into_owned().collect();
                let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
                let issue = |id: String| json!({"issue_state": {"issue_id": id, "weakness_id": "xss", "severity": "high"}});
                match get("page") {
                    None => {
                        let pager = base64::engine::general_purpose::STANDARD
                            .encode(json!({"id": "pager-1", "pages": 3}).to_string());
                        let mut r = ct_json(200, json!([issue("first-body".into())]));
                        r.headers_mut().insert("x-ct-pager", pager.parse().unwrap());
                        r
                    }
                    Some(p) => {
                        assert_eq!(get("pid").as_deref(), Some("pager-1"));
                        ct_json(200, json!([issue(format!("p{p}-a")), issue(format!("p{p}-b"))]))
                    }
                }
            }),
        )
        .with_state(seen.clone());
    let issues = client(serve(router).await)
        .scan_issues("scan 1", "demo")
        .await
        .unwrap();
    let ids: Vec<&str> = issues
        .iter()
        .map(|i| i.issue_state.issue_id.as_str())
        .collect();
    assert_eq!(ids, ["p1-a", "p1-b", "p2-a", "p2-b", "p3-a", "p3-b"]);
    assert_eq!(issues[0].raw["issue_state"]["issue_id"], "p1-a");
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 4);
    let first: Vec<(String, String)> = url::form_urlencoded::parse(seen[0].as_bytes())
        .into_owned()
        .collect();
    let q = &first.iter().find(|(k, _)| k == "q").unwrap().1;
    let filter = base64::engine::general_purpose::STANDARD.decode(q).unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&filter).unwrap(),
        json!({"projectName": "demo"})
    );
    assert!(first.contains(&("sid".into(), "scan 1".into())));
    assert!(first.contains(&("pageSize".into(), "500".into())));
}

#[tokio::test]
async fn issues_with_zero_pages_use_the_first_body() {
    let router = Router::new().route(
        "/api/scanlog/issues",
        get(|| async {
            let pager = base64::engine::general_purpose::STANDARD.encode(r#"{"id":"x","pages":0}"#);
            let mut r = ct_json(200, json!([{"issue_state": {"issue_id": "only"}}]));
            r.headers_mut().insert("x-ct-pager", pager.parse().unwrap());
            r
        }),
    );
    let issues = client(serve(router).await)
        .scan_issues("s", "p")
        .await
        .unwrap();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].issue_state.issue_id, "only");
}

#[tokio::test]
async fn upload_streams_exact_bytes_and_reports_progress_to_total() {
    type Got = Arc<Mutex<Option<(HeaderMap, Bytes)>>>;
    let got: Got = Arc::default();
    let router = Router::new()
        .route(
            "/api/scan/start",
            post(
                |State(got): State<Got>, headers: HeaderMap, body: Bytes| async move {
                    *got.lock().unwrap() = Some((headers, body));
                    ct_json(
                        200,
                        json!({"error": false, "message": "ok", "scan_id": "scan-42"}),
                    )
                },
            ),
        )
        .layer(axum::extract::DefaultBodyLimit::disable())
        .with_state(got.clone());
    let c = client(serve(router).await);

    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("archive.zip");
    let content: Vec<u8> = (0..300_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    std::fs::write(&zip, &content).unwrap();

    let calls: Arc<Mutex<Vec<(u64, u64)>>> = Arc::default();
    let progress: Progress = {
        let calls = calls.clone();
        Arc::new(move |sent, total| calls.lock().unwrap().push((sent, total)))
    };
    let req = UploadScan {
        project: "demo",
        archive: &zip,
        branch: Some("main"),
        policy_id: Some("pol 1"),
    };
    let id = c.start_upload_scan(req, progress).await.unwrap();
    assert_eq!(id, "scan-42");

    let calls = calls.lock().unwrap();
    let total = content.len() as u64;
    assert_eq!(calls.last(), Some(&(total, total)));
    assert!(calls.windows(2).all(|w| w[0].0 <= w[1].0));

    let (headers, body) = got.lock().unwrap().take().unwrap();
    assert_eq!(
        headers["content-length"].to_str().unwrap(),
        body.len().to_string()
    );
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("multipart/form-data")
    );
    let needle = body
        .windows(content.len())
        .position(|w| w == content.as_slice());
    assert!(needle.is_some(), "the file bytes arrive unchanged");
    let text = String::from_utf8_lossy(&body);
    assert!(text.contains(r#"name="upfile"; filename="demo.zip""#));
    assert!(text.contains("Content-Type: application/zip"));
    for (name, value) in [
        ("project", "demo"),
        ("scan_source", "CLI"),
        ("branch", "main"),
        ("policy_id", "pol 1"),
    ] {
        assert!(
            text.contains(&format!("name=\"{name}\"\r\n\r\n{value}\r\n")),
            "{name}"
        );
    }
}

#[tokio::test]
async fn the_token_never_appears_in_errors() {
    // A hostile server echoing the Authorization header back in every error body.
    let echo = |status: u16| {
        move |headers: HeaderMap| async move {
            let auth = headers["authorization"].to_str().unwrap().to_string();
            ct_json(
                status,
                json!({"code": status, "message": format!("bad header {auth}")}),
            )
        }
    };
    let router = Router::new()
        .route("/api/scan/status/401", get(echo(401)))
        .route("/api/scan/status/403", get(echo(403)))
        .route("/api/scan/status/404", get(echo(404)))
        .route("/api/scan/status/400", get(echo(400)))
        .route("/api/scan/status/500", get(echo(500)))
        .route(
            "/api/scan/status/html",
            get(|headers: HeaderMap| async move {
                format!(
                    "<html>{}</html>",
                    headers["authorization"].to_str().unwrap()
                )
            }),
        );
    let c = client(serve(router).await);
    assert!(!format!("{c:?}").contains(TOKEN));
    for id in ["401", "403", "404", "400", "500", "html"] {
        let e = c.scan_status(id).await.unwrap_err();
        for shown in [e.to_string(), format!("{e:?}")] {
            assert!(!shown.contains(TOKEN), "{id}: {shown}");
            assert!(!shown.contains("SUPERSECRET"), "{id}: {shown}");
        }
    }
}

#[tokio::test]
async fn a_cross_host_redirect_is_reported_not_followed() {
    let router = Router::new().route(
        "/api/scan/status/{id}",
        get(|| async {
            (
                StatusCode::FOUND,
                [(
                    header::LOCATION,
                    "https://elsewhere.example/api/scan/status/x",
                )],
            )
        }),
    );
    let e = client(serve(router).await)
        .scan_status("x")
        .await
        .unwrap_err();
    assert!(
        matches!(&e, ApiError::Redirect { status: 302, location } if location.contains("elsewhere.example")),
        "{e:?}"
    );
}

#[tokio::test]
async fn summary_and_sarif_404_are_none() {
    let router = Router::new()
        .route(
            "/api/plugins/helper",
            get(|| async { ct_json(404, json!({"code":404,"message":"Not Found."})) }),
        )
        .route(
            "/api/report/scan/create",
            get(|| async { ct_json(404, json!({"code":404,"message":"Not Found."})) }),
        );
    let c = client(serve(router).await);
    assert_eq!(c.scan_summary("s", "p", Some("main")).await.unwrap(), None);
    assert_eq!(c.sarif_report("s", "p", None).await.unwrap(), None);
}

#[tokio::test]
async fn summary_sarif_and_policies_parse() {
    let router = Router::new()
        .route(
            "/api/plugins/helper",
            get(|headers: HeaderMap| async move {
                assert_eq!(headers["x-ct-from"], "github");
                ct_json(200, json!({"report": "## Result", "scaSeverityCounts": {"Critical": 1, "High": 2}}))
            }),
        )
        .route(
            "/api/report/scan/create",
            get(|| async { ct_json(200, json!({"parsedResult": {"version": "2.1.0", "runs": []}})) }),
        )
        .route(
            "/api/policy/list",
            get(|| async { ct_json(200, json!([{"id": "7xoPVRFf6l86", "policy_title": "Advanced Security", "is_default": true}])) }),
        );
    let c = client(serve(router).await);
    let h = c.scan_summary("s", "p", None).await.unwrap().unwrap();
    assert_eq!(h.report_text(), Some("## Result"));
    assert_eq!(
        (h.sca_severity_counts.critical, h.sca_severity_counts.high),
        (1, 2)
    );
    let sarif = c
        .sarif_report("s", "p", Some("main"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let p = c.policies().await.unwrap();
    assert_eq!(p[0].policy_title, "Advanced Security");
    assert_eq!(p[0].is_default, Some(true));
}

mod tls {
    use super::*;
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio_rustls::rustls;
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

    /// A private CA (PEM) and a server certificate for 127.0.0.1 signed by it.
    fn pki() -> (String, CertificateDer<'static>, PrivateKeyDer<'static>) {
        let ca_key = KeyPair::generate().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "kdt test CA");
        let ca_cert = ca_params.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca_params, ca_key);
        let leaf_key = KeyPair::generate().unwrap();
        let leaf = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
            .unwrap()
            .signed_by(&leaf_key, &issuer)
            .unwrap();
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
        (ca_cert.pem(), leaf.der().clone(), key)
    }

    /// A minimal HTTPS server answering every request with `200 {}`.
    async fn https_server(cert: CertificateDer<'static>, key: PrivateKeyDer<'static>) -> Url {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    return;
                };
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    let Ok(mut tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        match tls.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let _ = tls
                        .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
                        .await;
                    let _ = tls.shutdown().await;
                });
            }
        });
        Url::parse(&format!("https://127.0.0.1:{}", addr.port())).unwrap()
    }

    #[tokio::test]
    async fn self_signed_fails_secure_and_works_insecure_or_with_the_ca() {
        let (ca_pem, cert, key) = pki();
        let url = https_server(cert, key).await;

        let e = client(url.clone()).check_organization().await.unwrap_err();
        assert!(matches!(e, ApiError::Tls(_)), "{e:?}");

        let mut insecure = config(url.clone());
        insecure.insecure = true;
        Client::new(insecure)
            .unwrap()
            .check_organization()
            .await
            .unwrap();

        let dir = tempfile::tempdir().unwrap();
        let ca = dir.path().join("ca.pem");
        std::fs::write(&ca, ca_pem).unwrap();
        let mut with_ca = config(url);
        with_ca.extra_ca_pem = Some(ca);
        Client::new(with_ca)
            .unwrap()
            .check_organization()
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn an_unreadable_ca_bundle_is_a_tls_error() {
        let mut cfg = config(Url::parse("https://127.0.0.1:1").unwrap());
        cfg.extra_ca_pem = Some("/nonexistent/ca.pem".into());
        assert!(matches!(Client::new(cfg), Err(ApiError::Tls(_))));
    }
}

/// A server that sleeps `slow_first` requests past the client's read timeout.
async fn sleepy(slow_first: usize) -> (Url, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let handler = {
        let hits = hits.clone();
        move || {
            let n = hits.fetch_add(1, Ordering::SeqCst);
            async move {
                if n < slow_first {
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
                ct_json(
                    200,
                    json!({"id": "s", "state": "run", "scan_id": "s1", "error": false}),
                )
            }
        }
    };
    let router = Router::new()
        .route("/api/scan/status/{id}", get(handler.clone()))
        .route("/api/integration/{kind}/start", post(handler));
    (serve(router).await, hits)
}

#[tokio::test]
async fn a_read_timeout_is_retried_for_gets_but_not_for_starts() {
    let (url, hits) = sleepy(1).await;
    let mut cfg = config(url);
    cfg.read_timeout = Duration::from_millis(300);
    let c = Client::new(cfg).unwrap();
    c.scan_status("s").await.unwrap();
    assert_eq!(hits.load(Ordering::SeqCst), 2);

    let (url, hits) = sleepy(usize::MAX).await;
    let mut cfg = config(url);
    cfg.read_timeout = Duration::from_millis(300);
    let c = Client::new(cfg).unwrap();
    let e = c
        .start_integration_scan(RepoKind::Gitlab, "demo", None, Some("Advanced Security"))
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Timeout), "{e:?}");
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn signin_posts_credentials_without_auth_headers() {
    let router = Router::new().route(
        "/api/signin",
        post(
            |headers: HeaderMap, axum::Json(body): axum::Json<serde_json::Value>| async move {
                assert!(headers.get("authorization").is_none());
                assert!(headers.get("x-ct-organization").is_none());
                assert_eq!(body, json!({"client_id": "me", "client_secret": "pw"}));
                ct_json(200, json!({"access_token": "issued-token-123"}))
            },
        ),
    );
    let mut cfg = config(serve(router).await);
    cfg.token = Secret::default();
    let t = Client::signin(cfg, "me", &Secret::new("pw")).await.unwrap();
    assert_eq!(t.expose(), "issued-token-123");
}

#[tokio::test]
async fn create_project_and_stop_scan_send_documented_bodies() {
    type Bodies = Arc<Mutex<Vec<serde_json::Value>>>;
    let bodies: Bodies = Arc::default();
    let record = |State(b): State<Bodies>, axum::Json(v): axum::Json<serde_json::Value>| async move {
        b.lock().unwrap().push(v);
        ct_json(
            200,
            json!({"result": {"message": "successfull"}, "error": false}),
        )
    };
    let router = Router::new()
        .route("/api/project/add", post(record))
        .route("/api/scan/stop", post(record))
        .with_state(bodies.clone());
    let c = client(serve(router).await);
    c.create_project("demo", "Project demo created by kdt", &["kdt", "cli"])
        .await
        .unwrap();
    c.stop_scan("s1").await.unwrap();
    let b = bodies.lock().unwrap();
    assert_eq!(
        b[0],
        json!({"project_name": "demo", "description": "Project demo created by kdt", "tags": ["kdt", "cli"]})
    );
    assert_eq!(b[1], json!({"scan_id": "s1"}));
}

#[derive(Clone, Default)]
struct LogBuf(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogBuf {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn the_http_trace_masks_the_authorization_header() {
    // A thread-scoped subscriber races with callsite-interest caching when other tests hit
    // the same callsites in parallel (passes reliably with --test-threads=1), so the trace
    // is captured on up to five runs; the token check applies to every run.
    let mut log = String::new();
    for _ in 0..5 {
        let buf = LogBuf::default();
        let writer = buf.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        tracing::callsite::rebuild_interest_cache();
        let (url, _) = flaky(500, 1, json!({"id": "s", "state": "run"})).await;
        client(url).scan_status("s").await.unwrap();
        log = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
        assert!(!log.contains(TOKEN), "{log}");
        if log.contains("status=200") {
            break;
        }
    }
    assert!(log.contains("kdt::http"), "{log}");
    assert!(log.contains("Bearer ****"), "{log}");
    assert!(
        log.contains("status=500") && log.contains("status=200"),
        "{log}"
    );
    assert!(log.contains("attempt=2"), "{log}");
}

#[tokio::test]
async fn an_early_413_during_upload_is_reported_as_an_aborted_upload() {
    let router = Router::new().route(
        "/api/scan/start",
        post(|| async {
            (
                StatusCode::PAYLOAD_TOO_LARGE,
                "<html>413 Request Entity Too Large</html>",
            )
        }),
    );
    let c = client(serve(router).await);
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("big.zip");
    std::fs::write(&zip, vec![7u8; 8 * 1024 * 1024]).unwrap();
    let req = UploadScan {
        project: "demo",
        archive: &zip,
        branch: None,
        policy_id: None,
    };
    let e = c
        .start_upload_scan(req, Arc::new(|_, _| {}))
        .await
        .unwrap_err();
    // The reset usually destroys the 413 before it can be read; if it wins the race, fine.
    assert!(
        matches!(e, ApiError::UploadAborted { sent, total, .. } if sent < total && total == 8 * 1024 * 1024)
            || matches!(e, ApiError::PayloadTooLarge { status: 413, .. }),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_same_origin_redirect_is_followed_with_the_token_and_a_pasted_bearer_is_trimmed() {
    let router = Router::new()
        .route(
            "/api/scan/status/old",
            get(|| async {
                (
                    StatusCode::MOVED_PERMANENTLY,
                    [(header::LOCATION, "/api/scan/status/new")],
                )
            }),
        )
        .route(
            "/api/scan/status/new",
            get(|headers: HeaderMap| async move {
                assert_eq!(headers["authorization"], format!("Bearer {TOKEN}").as_str());
                ct_json(200, json!({"id": "new", "state": "end"}))
            }),
        );
    let mut cfg = config(serve(router).await);
    cfg.token = Secret::new(format!("bearer {TOKEN}\n"));
    let s = Client::new(cfg).unwrap().scan_status("old").await.unwrap();
    assert_eq!(s.id, "new");
}
