//! The sandbox server against the API reference (`codethreat-api.md`), driven with raw HTTP.
//!
//! These tests use reqwest directly, not kdt's client: they check the server's wire behaviour
//! (shapes, status codes, error bodies), which every official client depends on.

use std::collections::BTreeSet;
use std::io::{Cursor, Read, Write};
use std::time::{Duration, Instant};

use base64::Engine as _;
use kdt::sandbox::{Sandbox, SandboxConfig};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

/// A vulnerable little tree: 2 critical, 2 high, 1 medium, 1 low (see the rule table).
const VULN_FILES: &[(&str, &str)] = &[
    (
        "src/app.py",
        "import os\nx = eval(input())\nos.system('ls ' + x)\nrequests.get(u, verify=False)\n",
    ),
    (
        "web/ui.js",
        "el.innerHTML = name;\nconst u = \"http://api.acme.io/x\";\n",
    ),
    ("conf/settings.ini", "password = \"hunter2hunter2\"\n"),
    ("README.md", "nothing to see here\n"),
];

fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files {
        w.start_file(*name, opts).unwrap();
        w.write_all(data.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn cfg(f: impl FnOnce(&mut SandboxConfig)) -> SandboxConfig {
    let mut c = SandboxConfig {
        org: "acme".to_string(),
        token: "tok-123".to_string(),
        scan_duration: Duration::ZERO,
        ..SandboxConfig::default()
    };
    f(&mut c);
    c
}

/// A raw HTTP client that sends what the official clients send.
struct Api {
    http: reqwest::Client,
    base: String,
    auth: String,
    org: String,
}

impl Api {
    fn new(sb: &Sandbox) -> Api {
        Api {
            http: reqwest::Client::new(),
            base: sb.base_url().to_string(),
            auth: format!("Bearer {}", sb.token()),
            org: sb.org().to_string(),
        }
    }

    fn req(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{}", self.base, path))
            .header("Authorization", &self.auth)
            .header("x-ct-organization", &self.org)
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        let r = self.req(reqwest::Method::GET, path).send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .req(reqwest::Method::POST, path)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn add_project(&self, name: &str) {
        let (s, b) = self
            .post(
                "/api/project/add",
                json!({"project_name": name, "description": "d", "tags": ["code-threat", "cli"]}),
            )
            .await;
        assert_eq!(
            (s, b),
            (
                200,
                json!({"result": {"message": "successfull"}, "error": false})
            )
        );
    }

    async fn upload_to(&self, path: &str, project: &str, zip: Vec<u8>) -> (u16, Value) {
        let form = Form::new()
            .text("project", project.to_string())
            .text("scan_source", "CLI")
            .part(
                "upfile",
                Part::bytes(zip)
                    .file_name(format!("{project}.zip"))
                    .mime_str("application/zip")
                    .unwrap(),
            );
        let r = self
            .req(reqwest::Method::POST, path)
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn upload(&self, project: &str, zip: Vec<u8>) -> (u16, Value) {
        self.upload_to("/api/scan/start", project, zip).await
    }

    /// Uploads and returns the scan id, asserting PYCLI's success criterion.
    async fn start(&self, project: &str, zip: Vec<u8>) -> String {
        let (s, b) = self.upload(project, zip).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["error"], json!(false));
        assert_eq!(b["message"], "Scan started successfully.");
        b["scan_id"].as_str().unwrap().to_string()
    }

    async fn wait_done(&self, sid: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let (s, b) = self.get(&format!("/api/scan/status/{sid}")).await;
            assert_eq!(s, 200, "{b}");
            if b["state"] != "run" {
                return b;
            }
            assert!(Instant::now() < deadline, "scan {sid} never finished");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// All issues through the x-ct-pager protocol, as the old GHA/GL/JEN clients fetch them.
    async fn all_issues(&self, filter: Value, sid: &str, page_size: usize) -> Vec<Value> {
        let q = base64::engine::general_purpose::STANDARD.encode(filter.to_string());
        let r = self
            .req(
                reqwest::Method::GET,
                &format!("/api/scanlog/issues?q={q}&sid={sid}&pageSize={page_size}"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let pager = r.headers()["x-ct-pager"].to_str().unwrap().to_string();
        let first: Vec<Value> = r.json().await.unwrap();
        let pager: Value = serde_json::from_slice(
            &base64::engine::general_purpose::STANDARD
                .decode(pager)
                .unwrap(),
        )
        .unwrap();
        let pages = pager["pages"].as_u64().unwrap();
        if pages == 0 {
            return first;
        }
        let pid = pager["id"].as_str().unwrap();
        let mut all = Vec::new();
        for page in 1..=pages {
            let (s, b) = self
                .get(&format!("/api/scanlog/issues?q={q}&pid={pid}&page={page}"))
                .await;
            assert_eq!(s, 200);
            all.extend(b.as_array().unwrap().iter().cloned());
        }
        all
    }
}

/// Validates against the official SARIF 2.1.0 schema when the repository has it
/// (`tests/schemas/`, shared with the report renderers' tests); `SARIF_SCHEMA` overrides.
fn validate_sarif(sarif: &Value) {
    let path = std::env::var("SARIF_SCHEMA").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/schemas/sarif-schema-2.1.0.json"
        )
        .to_string()
    });
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("note: {path} not found; SARIF checked structurally only");
        return;
    };
    let schema: Value = serde_json::from_str(&text).unwrap();
    if let Err(e) = jsonschema::validate(&schema, sarif) {
        panic!("SARIF does not match the 2.1.0 schema: {e}");
    }
}

fn sev_total(v: &Value) -> u64 {
    ["critical", "high", "medium", "low"]
        .iter()
        .map(|k| v[k].as_u64().unwrap_or(0))
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_accepts_bearer_bare_and_signin_tokens() {
    let sb = Sandbox::start(cfg(|c| {
        c.user = Some("alice".into());
        c.password = Some("pw".into());
    }))
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let url = format!("{}/api/organization?key=acme", sb.base_url());
    let call = |auth: Option<&str>, org: Option<&str>| {
        let mut r = http.get(&url);
        if let Some(a) = auth {
            r = r.header("Authorization", a);
        }
        if let Some(o) = org {
            r = r.header("x-ct-organization", o);
        }
        r.send()
    };
    for auth in ["Bearer tok-123", "tok-123", "bearer tok-123"] {
        let r = call(Some(auth), Some("acme")).await.unwrap();
        assert_eq!(r.status(), 200, "{auth}");
        // The version header that puts GHA/GL in "404 body = no project" mode (§2.A3).
        assert_eq!(r.headers()["x-api-version"], "1.7.8");
    }
    let unauthorized = json!({"status": 401, "code": "Unauthorized", "message": "Invalid token"});
    for auth in [Some("Bearer nope"), Some("nope"), None, Some("Bearer ")] {
        let r = call(auth, Some("acme")).await.unwrap();
        assert_eq!(r.status(), 401);
        assert_eq!(r.json::<Value>().await.unwrap(), unauthorized);
    }
    for org in [Some("other"), None] {
        let r = call(Some("tok-123"), org).await.unwrap();
        assert_eq!(r.status(), 403);
        assert_eq!(
            r.json::<Value>().await.unwrap(),
            json!({"code": 403, "message": "Access denied."})
        );
    }
    // Organization key must match.
    let r = http
        .get(format!("{}/api/organization?key=other", sb.base_url()))
        .header("Authorization", "tok-123")
        .header("x-ct-organization", "acme")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // /api/signin: no auth headers; the access token then works raw and with Bearer.
    let signin = format!("{}/api/signin", sb.base_url());
    let r = http
        .post(&signin)
        .json(&json!({"client_id": "alice", "client_secret": "wrong"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.json::<Value>().await.unwrap()["message"].is_string());
    let r = http
        .post(&signin)
        .json(&json!({"client_id": "alice", "client_secret": "pw"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-api-version"], "1.7.8");
    let at = r.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    for auth in [at.clone(), format!("Bearer {at}")] {
        assert_eq!(call(Some(&auth), Some("acme")).await.unwrap().status(), 200);
    }
    let stats = sb.stats();
    assert_eq!(stats.requests_to("signin"), 2);
    assert_eq!(stats.requests_to("organization"), 12);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn projects_endpoints_match_the_reference() {
    let sb = Sandbox::start(cfg(|_| {})).await.unwrap();
    let api = Api::new(&sb);
    // A missing project: the 404 that works for PYCLI, AZ and GHA/GL (§8).
    assert_eq!(
        api.get("/api/project?key=webapp").await,
        (404, json!({"code": 404, "message": "Not Found."}))
    );
    api.add_project("webapp").await;
    let (s, b) = api
        .post("/api/project/add", json!({"project_name": "webapp"}))
        .await;
    assert_eq!(s, 400);
    assert_eq!(
        b,
        json!({"code": 400, "message": "Project already exists."})
    );
    for bad in ["ab", "no/slash", "x?y=1"] {
        let (s, b) = api
            .post("/api/project/add", json!({"project_name": bad}))
            .await;
        assert_eq!(s, 400, "{bad}");
        assert_eq!(b["code"], 400);
    }
    let (s, b) = api.post("/api/project/add", json!({})).await;
    assert_eq!((s, b["code"].clone()), (400, json!(400)));

    let (s, p) = api.get("/api/project?key=webapp").await;
    assert_eq!(s, 200);
    assert_eq!(p["project_name"], "webapp");
    assert_eq!(p["type"], "upload");
    assert_eq!(p["scan_ids"], json!([]));
    assert_eq!(p["description"], "d");
    assert_eq!(p["tags"], json!(["code-threat", "cli"]));
    for key in [
        "settings",
        "integrations",
        "languages",
        "created_at",
        "total_loc",
        "total_files",
        "analytics",
        "sastSeverities",
        "scaIssuesCount",
        "isActive",
        "state",
        "last_scan_time",
    ] {
        assert!(p.get(key).is_some(), "ProjectResponse lacks {key}");
    }
    assert!(p["analytics"]["issueTrend"].is_array());

    for i in 0..7 {
        api.add_project(&format!("svc-{i}")).await;
    }
    let (s, list) = api.get("/api/projects?page=2&pageSize=3&search=svc").await;
    assert_eq!(s, 200);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["project_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["svc-3", "svc-4", "svc-5"]);
    assert_eq!(api.get("/api/projects?pageSize=501").await.0, 400);

    let (s, pol) = api.get("/api/policy/list").await;
    assert_eq!(s, 200);
    let titles: Vec<&str> = pol
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["policy_title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 10);
    assert_eq!(titles[0], "Advanced Security");
    assert!(titles.contains(&"Sensitive Information Exposure"));
    assert_eq!(api.get("/api/nope").await.0, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_scan_findings_agree_everywhere() {
    let sb = Sandbox::start(cfg(|_| {})).await.unwrap();
    let api = Api::new(&sb);
    api.add_project("shop").await;
    let sid = api.start("shop", zip_of(VULN_FILES)).await;
    let st = api.wait_done(&sid).await;
    assert_eq!(st["state"], "end");
    assert_eq!(st["id"], sid);
    assert_eq!(st["progress_data"]["progress"], 100);
    assert!(st["progress_data"]["current_analysis"].is_string());
    assert_eq!(
        st["sast_severities"],
        json!({"critical": 2, "high": 2, "medium": 1, "low": 1})
    );
    assert!(st["sca_severities"].is_object());
    assert!(st["started_at"].as_i64().unwrap() <= st["ended_at"].as_i64().unwrap());
    assert!(st["riskscore"].is_u64());
    assert_eq!(st["tags"]["project_name"], "shop");
    assert_eq!(st["tags"]["policy_title"], "Advanced Security");
    let logs = st["logs"].as_array().unwrap();
    assert!(logs.iter().all(|l| l["logType"].is_string()
        && l["message"].is_string()
        && l["create_date"].is_string()
        && l["update_date"].is_string()));
    assert!(
        logs.iter().any(
            |l| l["logType"] == "information" && l["message"] == "INFO110: Scan is starting..."
        )
    );
    let weak: BTreeSet<&str> = st["weaknessesArr"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["weakness_id"].as_str().unwrap())
        .collect();
    assert!(weak.contains("code_injection") && weak.contains("command_injection"));
    // JEN's spelling: JSON strings holding issue_state.weakness_id.
    for w in st["weaknessArr"].as_array().unwrap() {
        let parsed: Value = serde_json::from_str(w.as_str().unwrap()).unwrap();
        assert!(weak.contains(parsed["issue_state"]["weakness_id"].as_str().unwrap()));
    }

    // The issues list agrees with the counts and has §A17's shape.
    let issues = api
        .all_issues(json!({"projectName": "shop"}), &sid, 500)
        .await;
    assert_eq!(issues.len() as u64, sev_total(&st["sast_severities"]));
    let eval = issues
        .iter()
        .find(|i| i["issue_state"]["rule_id"] == "CT-PY-001")
        .expect("eval finding");
    assert_eq!(eval["issue_state"]["severity"], "critical");
    assert_eq!(eval["issue_state"]["scan_id"], sid);
    assert_eq!(
        eval["kb_fields"]["title"]["en"],
        "Code Injection via eval/exec"
    );
    assert_eq!(eval["flow_steps"][0]["document_path"], "src/app.py");
    assert_eq!(eval["flow_steps"][0]["start_linenumber"], 2);
    assert_eq!(
        eval["flow_steps"][0]["code_snippet"]["text"],
        "x = eval(input())"
    );
    assert_eq!(eval["lang"], "python");
    // VSC's AI view: a JSON string holding the answer object.
    let (s, b) = api
        .post(
            "/api/assistant/issue",
            json!({"project_name": "shop", "issue_id": eval["issue_state"]["issue_id"]}),
        )
        .await;
    assert_eq!(s, 200);
    let answer: Value = serde_json::from_str(b.as_str().unwrap()).unwrap();
    assert!(answer["optimal_fix_remediation"].is_string());
    assert_eq!(
        api.post(
            "/api/assistant/issue",
            json!({"project_name": "shop", "issue_id": "nope"})
        )
        .await
        .0,
        404
    );
    let crit = api
        .all_issues(json!({"severity[]": ["critical"]}), &sid, 500)
        .await;
    assert_eq!(crit.len(), 2);
    let named = api
        .all_issues(json!({"issuename": "no such weakness"}), &sid, 500)
        .await;
    assert_eq!(named.len(), 0);
    let named = api.all_issues(json!({"issuename": "XSS"}), &sid, 500).await;
    assert_eq!(named.len(), 1);
    let named = api
        .all_issues(json!({"issuename": "innerHTML"}), &sid, 500)
        .await;
    assert_eq!(named.len(), 1);

    // SARIF: valid 2.1.0 with the same results.
    let (s, rep) = api
        .get(&format!(
            "/api/report/scan/create?sid={sid}&projectName=shop&branch=main&reportType=sarif"
        ))
        .await;
    assert_eq!(s, 200);
    let sarif = &rep["parsedResult"];
    validate_sarif(sarif);
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "CodeThreat");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), issues.len());
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
        assert!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
                >= 1
        );
    }
    assert_eq!(
        api.get(&format!("/api/report/scan/create?sid={sid}&reportType=pdf"))
            .await
            .0,
        400
    );

    // Helper shapes per x-ct-from (§A15).
    let helper = |from: &'static str| {
        api.req(
            reqwest::Method::GET,
            &format!("/api/plugins/helper?sid={sid}&project_name=shop&branch=main"),
        )
        .header("x-ct-from", from)
        .send()
    };
    for from in ["github", "gitlab"] {
        let b: Value = helper(from).await.unwrap().json().await.unwrap();
        assert!(
            b["report"]
                .as_str()
                .unwrap()
                .contains("| Critical | 2 | 2 |"),
            "{b}"
        );
        assert_eq!(b["scaSeverityCounts"]["Critical"], 0);
    }
    let az: Value = helper("azure").await.unwrap().json().await.unwrap();
    assert_eq!(az["report"]["totalNewIssues"], 6);
    assert_eq!(az["report"]["newIssues"]["severityCounts"]["critical"], 2);
    assert!(az["report"]["allIssues"]["severities"].is_array());
    assert!(az["report"]["durationTime"].is_string());
    assert!(az["report"]["riskscore"]["score"].is_string());
    assert!(az["scaSeverityCounts"].is_object());
    let jen: Value = helper("jenkins").await.unwrap().json().await.unwrap();
    assert_eq!(
        jen["report"]["allIssues"]["severityCounts"],
        st["sast_severities"]
    );
    assert_eq!(
        jen["report"]["allIssues"]["weaknessCounts"]["code_injection"],
        1
    );
    assert!(jen["report"]["scaSeverityCounts"].is_object());
    assert!(jen.get("scaSeverityCounts").is_none());

    // A second identical scan: same ids, nothing new, nothing fixed.
    let sid2 = api.start("shop", zip_of(VULN_FILES)).await;
    api.wait_done(&sid2).await;
    let issues2 = api.all_issues(json!({}), &sid2, 500).await;
    let ids = |v: &[Value]| -> BTreeSet<String> {
        v.iter()
            .map(|i| i["issue_state"]["issue_id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&issues), ids(&issues2));
    let az: Value = api
        .req(
            reqwest::Method::GET,
            &format!("/api/plugins/helper?sid={sid2}&project_name=shop"),
        )
        .header("x-ct-from", "azure")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(az["report"]["totalNewIssues"], 0);
    let (_, p) = api.get("/api/project?key=shop").await;
    assert_eq!(p["scan_ids"], json!([sid, sid2]));
    assert_eq!(p["sastSeverities"], st["sast_severities"]);
    assert_eq!(sb.stats().scans_started, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_uploads_are_refused_before_a_scan_exists() {
    let sb = Sandbox::start(cfg(|c| c.max_upload_bytes = 64 * 1024))
        .await
        .unwrap();
    let api = Api::new(&sb);
    api.add_project("shop").await;
    let (s, b) = api.upload("shop", b"this is not a zip".to_vec()).await;
    assert_eq!(
        (s, b),
        (400, json!({"code": 400, "message": "Unknown file type."}))
    );
    let (s, b) = api.upload("ghost", zip_of(VULN_FILES)).await;
    assert_eq!(
        (s, b),
        (
            404,
            json!({"code": 404, "message": "Not Found: Create a project first which you want to scan."})
        )
    );
    let (s, b) = api
        .upload("shop", zip_of(&[("ok.py", "x"), ("../evil.py", "eval(x)")]))
        .await;
    assert_eq!(s, 400);
    assert!(b["message"].as_str().unwrap().contains("../evil.py"), "{b}");
    let bomb = "a".repeat(16 * 1024 * 1024);
    let (s, b) = api.upload("shop", zip_of(&[("bomb.txt", &bomb)])).await;
    assert_eq!(s, 400);
    assert!(b["message"].as_str().unwrap().contains("zip bomb"), "{b}");
    // Over the configured size limit (random bytes do not compress).
    let mut big = vec![0u8; 200 * 1024];
    rand_fill(&mut big);
    let (s, b) = api.upload("shop", big).await;
    assert_eq!(s, 413);
    assert_eq!(b["code"], 413);
    // Missing fields.
    let r = api
        .req(reqwest::Method::POST, "/api/scan/start")
        .multipart(Form::new().text("project", "shop"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], 400);
    let r = api
        .req(reqwest::Method::POST, "/api/scan/start")
        .body("plain")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // Unknown policy.
    let form = Form::new()
        .text("project", "shop")
        .text("policy_id", "No Such Policy")
        .part(
            "upfile",
            Part::bytes(zip_of(VULN_FILES)).file_name("shop.zip"),
        );
    let r = api
        .req(reqwest::Method::POST, "/api/scan/start")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(sb.stats().scans_started, 0);
    assert_eq!(sb.stats().requests_to("scan_start"), 8);
}

fn rand_fill(buf: &mut [u8]) {
    let mut x: u64 = 0x243F_6A88_85A3_08D3;
    for b in buf {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scan_lifecycle_progress_stop_and_failure() {
    let sb = Sandbox::start(cfg(|c| c.scan_duration = Duration::from_millis(800)))
        .await
        .unwrap();
    let api = Api::new(&sb);
    api.add_project("shop").await;
    // Progress rises monotonically while findings appear.
    let sid = api.start("shop", zip_of(VULN_FILES)).await;
    let mut last = (0u64, 0u64);
    let mut saw_run = false;
    loop {
        let (_, st) = api.get(&format!("/api/scan/status/{sid}")).await;
        let p = st["progress_data"]["progress"].as_u64().unwrap();
        let n = sev_total(&st["sast_severities"]);
        assert!(p >= last.0 && n >= last.1, "progress went back: {st}");
        last = (p, n);
        if st["state"] == "run" {
            saw_run = true;
            assert!(st["ended_at"].is_null());
            continue;
        }
        assert_eq!(st["state"], "end");
        assert_eq!((p, n), (100, 6));
        break;
    }
    assert!(saw_run);

    // Stop: state `stop`, a second stop is refused.
    let sid = api.start("shop", zip_of(VULN_FILES)).await;
    let (s, b) = api.post("/api/scan/stop", json!({"scan_id": sid})).await;
    assert_eq!(
        (s, b),
        (
            200,
            json!({"result": {"message": "successfull"}, "error": false})
        )
    );
    let st = api.wait_done(&sid).await;
    assert_eq!(st["state"], "stop");
    assert_eq!(
        api.post("/api/scan/stop", json!({"scan_id": sid})).await.0,
        400
    );
    assert_eq!(
        api.post("/api/scan/stop", json!({"scan_id": "nope"}))
            .await
            .0,
        404
    );
    // Helper and SARIF only for finished scans: 404 means "no report".
    assert_eq!(
        api.get(&format!("/api/plugins/helper?sid={sid}&project_name=shop"))
            .await
            .0,
        404
    );

    // Nothing analysable: the scan is accepted, then fails with an error log line.
    let sid = api.start("shop", zip_of(&[])).await;
    let st = api.wait_done(&sid).await;
    assert_eq!(st["state"], "failure");
    let last_log = st["logs"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last_log["logType"], "error");
    assert_eq!(
        api.get("/api/scan/status/unknown").await,
        (404, json!({"code": 404, "message": "Not Found."}))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repository_projects_scan_the_builtin_sample() {
    let sb = Sandbox::start(cfg(|c| {
        c.projects = vec![
            "webapp:github".parse().unwrap(),
            "gl-app:gitlab".parse().unwrap(),
            "az-app:azure".parse().unwrap(),
        ]
    }))
    .await
    .unwrap();
    let api = Api::new(&sb);
    let (_, p) = api.get("/api/project?key=webapp").await;
    assert_eq!(p["type"], "github");
    assert_eq!(p["integrations"]["github"]["account"], "sandbox");
    // GHA body.
    let (s, b) = api
        .post(
            "/api/integration/github/start",
            json!({"project": "webapp", "branch": "main", "account": "sandbox", "action": true,
                   "commitId": "abc", "committer": "me", "commitMessage": "m", "type": "private",
                   "githubtoken": "x", "policy_id": "Advanced Security"}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    let sid = b["scan_id"].as_str().unwrap().to_string();
    let st = api.wait_done(&sid).await;
    assert_eq!(st["state"], "end");
    assert!(st["sast_severities"]["critical"].as_u64().unwrap() >= 3);
    assert!(st["sca_severities"]["critical"].as_u64().unwrap() >= 1);
    assert_eq!(st["tags"]["commitId"], "abc");
    let b: Value = api
        .req(
            reqwest::Method::GET,
            &format!("/api/plugins/helper?sid={sid}&project_name=webapp"),
        )
        .header("x-ct-from", "github")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(b["scaSeverityCounts"]["Critical"].as_u64().unwrap() >= 1);
    // GL and VSC use /api/plugins/gitlab with project_name.
    let (s, b) = api
        .post(
            "/api/plugins/gitlab",
            json!({"project_name": "gl-app", "branch": "main"}),
        )
        .await;
    assert_eq!(s, 200, "{b}");
    // policy_id as an id (swagger) rather than a title (plugins).
    let (_, pols) = api.get("/api/policy/list?search=owasp").await;
    let owasp = pols[0]["id"].as_str().unwrap().to_string();
    let (_, b) = api
        .post(
            "/api/plugins/gitlab",
            json!({"project_name": "gl-app", "policy_id": owasp}),
        )
        .await;
    let st = api.wait_done(b["scan_id"].as_str().unwrap()).await;
    assert_eq!(st["tags"]["policy_title"], "OWASP Top 10 Focus");
    assert_eq!(st["tags"]["policy_id"], owasp.as_str());
    assert_eq!(
        api.get(&format!("/api/policy/{owasp}")).await.1["policy_title"],
        "OWASP Top 10 Focus"
    );
    // Wrong type, unknown project, missing fields.
    assert_eq!(
        api.post(
            "/api/integration/gitlab/start",
            json!({"project": "webapp"})
        )
        .await,
        (
            400,
            json!({"code": 400, "message": "Gitlab connection is not set."})
        )
    );
    assert_eq!(
        api.post("/api/integration/github/start", json!({"project": "ghost"}))
            .await
            .0,
        404
    );
    assert_eq!(
        api.post("/api/integration/github/start", json!({})).await.0,
        400
    );
    let (s, b) = api
        .post("/api/integration/azure/start", json!({"project": "az-app"}))
        .await;
    assert_eq!(s, 200, "{b}");
    // GHA's create step for a missing project, then a duplicate.
    let body = json!({"repoId": "newrepo:42", "project": "newrepo", "branch": "main", "account": "me",
                      "action": true, "type": "public", "githubtoken": "x"});
    let (s, b) = api.post("/api/integration/github/set", body.clone()).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["error"], false);
    let (s, b) = api.post("/api/integration/github/set", body).await;
    assert_eq!((s, b["code"].clone()), (400, json!(409)));
    assert_eq!(
        api.get("/api/project?key=newrepo").await.1["type"],
        "github"
    );
    // An upload to a repository project is refused.
    assert_eq!(api.upload("webapp", zip_of(VULN_FILES)).await.0, 400);
    // Jenkins and Azure uploads create their project on first use.
    let (s, b) = api
        .upload_to("/api/plugins/jenkins", "jen-app", zip_of(VULN_FILES))
        .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(
        api.get("/api/project?key=jen-app").await.1["type"],
        "jenkins"
    );
    let (s, _) = api
        .upload_to("/api/plugins/azure", "az-app_repo", zip_of(VULN_FILES))
        .await;
    assert_eq!(s, 200);
    assert_eq!(sb.stats().scans_started, 6);
    assert_eq!(sb.stats().requests_to("integration_start"), 7);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issues_page_over_more_than_500_findings() {
    let sb = Sandbox::start(cfg(|_| {})).await.unwrap();
    let api = Api::new(&sb);
    api.add_project("big").await;
    let text = "x = eval(y)\nh = hashlib.md5(z)\n".repeat(600);
    let sid = api.start("big", zip_of(&[("big.py", &text)])).await;
    let st = api.wait_done(&sid).await;
    assert_eq!(st["sast_severities"]["critical"], 600);
    assert_eq!(st["sast_severities"]["medium"], 600);
    let all = api.all_issues(json!({}), &sid, 500).await;
    assert_eq!(all.len(), 1200);
    let ids: BTreeSet<&str> = all
        .iter()
        .map(|i| i["issue_state"]["issue_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 1200, "pages overlap or repeat");
    let crit = api
        .all_issues(
            json!({"severity[]": ["critical"], "projectName": "big"}),
            &sid,
            250,
        )
        .await;
    assert_eq!(crit.len(), 600);
    let none = api
        .all_issues(json!({"severity": ["low"]}), &sid, 500)
        .await;
    assert!(none.is_empty());
    let (s, b) = api
        .get(&format!("/api/scanlog/issues?sid={sid}&pageSize=501"))
        .await;
    assert_eq!(s, 400);
    assert_eq!(b["code"], 400);
    assert_eq!(api.get("/api/scanlog/issues?pid=bogus&page=1").await.0, 400);
    // VSC's detail view forgets `q=` and sends the base64 as a bare key.
    let q = base64::engine::general_purpose::STANDARD
        .encode(json!({"severity": ["medium"]}).to_string());
    let (s, b) = api
        .get(&format!("/api/scanlog/issues?sid={sid}&{q}&pageSize=500"))
        .await;
    assert_eq!(s, 200);
    assert_eq!(b.as_array().unwrap().len(), 500);
    assert!(
        b.as_array()
            .unwrap()
            .iter()
            .all(|i| i["issue_state"]["severity"] == "medium")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_mode_serves_with_its_own_certificate() {
    let sb = Sandbox::start(cfg(|c| c.tls = true)).await.unwrap();
    assert!(sb.base_url().starts_with("https://127.0.0.1:"));
    let pem = std::fs::read(sb.cert_pem_path().expect("cert path")).unwrap();
    let line: Value = serde_json::from_str(&sb.ready_line()).unwrap();
    assert_eq!(
        line["cert_pem"],
        sb.cert_pem_path().unwrap().to_str().unwrap()
    );
    let url = format!("{}/api/organization?key=acme", sb.base_url());
    let trusted = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
        .build()
        .unwrap();
    let r = trusted
        .get(&url)
        .header("Authorization", "tok-123")
        .header("x-ct-organization", "acme")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let localhost = url.replace("127.0.0.1", "localhost");
    assert_eq!(
        trusted
            .get(&localhost)
            .header("Authorization", "tok-123")
            .header("x-ct-organization", "acme")
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let err = reqwest::Client::new().get(&url).send().await.unwrap_err();
    assert!(err.is_connect() || err.is_request(), "{err:?}");
    // Plain HTTP to the TLS port does not get an API answer.
    let plain = url.replace("https://", "http://");
    assert!(reqwest::Client::new().get(&plain).send().await.is_err());
}

async fn status_codes(seed: u64) -> Vec<u16> {
    let sb = Sandbox::start(cfg(|c| {
        c.seed = seed;
        c.faults = vec!["status:500:0.4".parse().unwrap()];
    }))
    .await
    .unwrap();
    let api = Api::new(&sb);
    let mut out = Vec::new();
    for _ in 0..30 {
        let (s, b) = api.get("/api/scan/status/nope").await;
        if s == 500 {
            assert_eq!(b["code"], 500);
            assert!(b["message"].is_string());
        }
        out.push(s);
    }
    assert_eq!(
        sb.stats().faults_injected,
        out.iter().filter(|s| **s == 500).count() as u64
    );
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_are_seeded_and_happen_before_the_handler() {
    let a = status_codes(7).await;
    assert_eq!(a, status_codes(7).await, "same seed, same faults");
    assert_ne!(a, status_codes(8).await);
    assert!(a.contains(&500) && a.contains(&404));

    let sb = Sandbox::start(cfg(|c| {
        c.faults = vec![
            "start:503:1x".parse().unwrap(),
            "project:reset:1x".parse().unwrap(),
            "organization:badjson:1x".parse().unwrap(),
            "policy:slow=300ms".parse().unwrap(),
            "scan:failure:1x".parse().unwrap(),
        ];
    }))
    .await
    .unwrap();
    let api = Api::new(&sb);
    api.add_project("shop").await;
    // The 5xx on start came before any scan existed: retrying yields exactly one scan.
    let (s, b) = api.upload("shop", zip_of(VULN_FILES)).await;
    assert_eq!((s, b["code"].clone()), (503, json!(503)));
    assert_eq!(sb.stats().scans_started, 0);
    let sid = api.start("shop", zip_of(VULN_FILES)).await;
    assert_eq!(sb.stats().scans_started, 1);
    // scan:failure applies to the first scan actually created.
    let st = api.wait_done(&sid).await;
    assert_eq!(st["state"], "failure");
    assert_eq!(
        st["logs"].as_array().unwrap().last().unwrap()["logType"],
        "error"
    );
    // reset: the connection drops without an answer, then the next request is fine.
    let err = api
        .req(reqwest::Method::GET, "/api/project?key=shop")
        .send()
        .await
        .unwrap_err();
    assert!(!err.is_status(), "{err:?}");
    assert_eq!(api.get("/api/project?key=shop").await.0, 200);
    // badjson: a 200 whose body does not parse.
    let r = api
        .req(reqwest::Method::GET, "/api/organization?key=acme")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.json::<Value>().await.is_err());
    // slow: delayed, then answered normally.
    let t = Instant::now();
    assert_eq!(api.get("/api/policy/list").await.0, 200);
    assert!(t.elapsed() >= Duration::from_millis(300));

    let sb = Sandbox::start(cfg(|c| c.faults = vec!["upload:413".parse().unwrap()]))
        .await
        .unwrap();
    let api = Api::new(&sb);
    api.add_project("shop").await;
    // A multi-megabyte body: the client must still read the 413, not a reset.
    let mut big = vec![0u8; 6 * 1024 * 1024];
    rand_fill(&mut big);
    let (s, b) = api.upload("shop", big).await;
    assert_eq!(s, 413);
    assert_eq!(b["code"], 413);
    assert_eq!(sb.stats().scans_started, 0);
    assert!("bogus:500".parse::<kdt::sandbox::FaultRule>().is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_dir_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mk = || cfg(|c| c.state_dir = Some(dir.path().to_path_buf()));
    let sb = Sandbox::start(mk()).await.unwrap();
    let api = Api::new(&sb);
    api.add_project("keep").await;
    let sid = api.start("keep", zip_of(VULN_FILES)).await;
    let before = api.wait_done(&sid).await;
    let issues_before = api.all_issues(json!({}), &sid, 500).await;
    sb.shutdown().await;
    assert!(dir.path().join("sandbox-state.json").exists());

    let sb = Sandbox::start(mk()).await.unwrap();
    let api = Api::new(&sb);
    let (s, p) = api.get("/api/project?key=keep").await;
    assert_eq!(s, 200);
    assert_eq!(p["scan_ids"], json!([sid]));
    let after = api.wait_done(&sid).await;
    assert_eq!(after["sast_severities"], before["sast_severities"]);
    assert_eq!(after["ended_at"], before["ended_at"]);
    assert_eq!(api.all_issues(json!({}), &sid, 500).await, issues_before);
    // Still a duplicate after the restart.
    assert_eq!(
        api.post("/api/project/add", json!({"project_name": "keep"}))
            .await
            .0,
        400
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_scans_complete_and_agree() {
    let sb = Sandbox::start(cfg(|c| c.scan_duration = Duration::from_millis(300)))
        .await
        .unwrap();
    let api = std::sync::Arc::new(Api::new(&sb));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..50usize {
        let api = api.clone();
        tasks.spawn(async move {
            let name = format!("proj-{i:02}");
            api.add_project(&name).await;
            // Project i has i+1 eval calls (critical) and one weak hash (medium).
            let text = format!("{}h = hashlib.sha1(d)\n", "r = eval(q)\n".repeat(i + 1));
            let sid = api.start(&name, zip_of(&[("m.py", &text)])).await;
            let st = api.wait_done(&sid).await;
            assert_eq!(st["state"], "end");
            assert_eq!(st["tags"]["project_name"], name.as_str());
            assert_eq!(
                st["sast_severities"],
                json!({"critical": i + 1, "high": 0, "medium": 1, "low": 0})
            );
            let issues = api
                .all_issues(json!({"projectName": name}), &sid, 500)
                .await;
            assert_eq!(issues.len(), i + 2);
            assert!(
                issues
                    .iter()
                    .all(|x| x["issue_state"]["project_name"] == name.as_str())
            );
            sid
        });
    }
    let mut sids = BTreeSet::new();
    while let Some(r) = tasks.join_next().await {
        sids.insert(r.unwrap());
    }
    assert_eq!(sids.len(), 50);
    assert_eq!(sb.stats().scans_started, 50);
    assert_eq!(sb.stats().requests_to("scan_start"), 50);
}

/// `Sandbox::spawn` serves synchronous callers from its own thread and stops on drop.
#[test]
fn spawned_sandbox_serves_sync_callers() {
    let sb = Sandbox::spawn(cfg(|_| {})).unwrap();
    let addr = sb.base_url().trim_start_matches("http://").to_string();
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "GET /api/organization?key=acme HTTP/1.1\r\nHost: {addr}\r\nAuthorization: {}\r\nx-ct-organization: {}\r\nConnection: close\r\n\r\n",
        sb.token(),
        sb.org()
    )
    .unwrap();
    let mut resp = String::new();
    stream.read_to_string(&mut resp).unwrap();
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    assert_eq!(sb.stats().requests_to("organization"), 1);
    let line: Value = serde_json::from_str(&sb.ready_line()).unwrap();
    assert_eq!(line["base_url"], sb.base_url());
    assert_eq!(line["organization"], "acme");
    assert_eq!(line["token"], "tok-123");
    sb.shutdown();
    assert!(std::net::TcpStream::connect(&addr).is_err());
}

#[test]
fn default_config_is_in_memory_with_a_random_token() {
    let a = SandboxConfig::default();
    let b = SandboxConfig::default();
    assert_eq!(a.org, "sandbox-org");
    assert_ne!(a.token, b.token);
    assert!(a.token.len() >= 32);
    assert_eq!(a.scan_duration, Duration::from_secs(3));
    assert!(a.state_dir.is_none() && a.faults.is_empty() && !a.tls);
}

/// `kdt sandbox` prints one JSON line once listening, serves, and exits 0 on SIGTERM.
#[cfg(unix)]
#[test]
fn kdt_sandbox_prints_one_json_line_and_stops_on_sigterm() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_kdt"))
        .args([
            "sandbox",
            "--org",
            "acme",
            "--token",
            "tok-123",
            "--scan-seconds",
            "0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let ready: Value = serde_json::from_str(&line).expect("one JSON line");
    assert_eq!(ready["organization"], "acme");
    assert_eq!(ready["token"], "tok-123");
    assert!(ready["cert_pem"].is_null());
    let addr = ready["base_url"]
        .as_str()
        .unwrap()
        .trim_start_matches("http://")
        .to_string();
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "GET /api/organization?key=acme HTTP/1.1\r\nHost: {addr}\r\nAuthorization: tok-123\r\nx-ct-organization: acme\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut resp = String::new();
    stream.read_to_string(&mut resp).unwrap();
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "", "nothing but the JSON line on stdout");
}

/// The lead's and other engineers' tests may use the default current-thread runtime.
#[tokio::test]
async fn works_on_a_current_thread_runtime() {
    let sb = Sandbox::start(cfg(|_| {})).await.unwrap();
    let api = Api::new(&sb);
    api.add_project("single").await;
    let sid = api.start("single", zip_of(VULN_FILES)).await;
    assert_eq!(api.wait_done(&sid).await["state"], "end");
    sb.shutdown().await;
}
