//! `kdt scan` end to end: the real binary against the in-process sandbox on 127.0.0.1.
//! Every exit code of `scan run`, both start paths, reports, gates at their edges, faults,
//! packaging, CI output, secrets, saved configurations and the per-scan commands.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use crate::support::*;
use kdt::sandbox::SandboxHandle;
use predicates::prelude::*;
use serde_json::Value;

// ------------------------------------------------------------------ helpers

/// One finding per severity: critical (CT-PY-003), high (CT-SQL-001), medium (CT-CRYPTO-001),
/// low (CT-HTTP-001).
const APP_PY: &str = "import os, hashlib\n\
os.system(\"ls \" + arg)\n\
q = \"SELECT * FROM users WHERE id=\" + uid\n\
h = hashlib.md5(data)\n\
u = \"http://api.internal.test/x\"\n";

/// SCA: minimist 1.2.0 (critical), lodash 4.17.0 (high).
const PACKAGE_JSON: &str = r#"{"dependencies": {"lodash": "4.17.0", "minimist": "1.2.0"}}"#;

/// Writes files under `<tmp>/<name>` and returns the directory.
fn tree(env: &TestEnv, name: &str, files: &[(&str, &str)]) -> PathBuf {
    let root = env.dir.path().join(name);
    for (p, body) in files {
        let f = root.join(p);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, body).unwrap();
    }
    std::fs::create_dir_all(&root).unwrap();
    root
}

fn app_tree(env: &TestEnv) -> PathBuf {
    tree(
        env,
        "src",
        &[("app.py", APP_PY), ("package.json", PACKAGE_JSON)],
    )
}

/// `scan run -p PROJECT -t codethreat -b BRANCH`.
fn scan_run<'a>(project: &'a str, branch: &'a str) -> [&'a str; 8] {
    [
        "scan",
        "run",
        "-p",
        project,
        "-t",
        "codethreat",
        "-b",
        branch,
    ]
}

/// `kdt` as on a bare CI machine: no profile, credentials from the environment.
fn ci(env: &TestEnv, sb: &SandboxHandle) -> assert_cmd::Command {
    let mut cmd = env.kdt();
    cmd.env("CODETHREAT_URL", sb.base_url())
        .env("CODETHREAT_ORG", sb.org())
        .env("CODETHREAT_TOKEN", sb.token());
    cmd
}

/// `ci` + `scan run -p shop -t codethreat -b main --path DIR --create-project` + extra.
fn run(env: &TestEnv, sb: &SandboxHandle, path: &Path, extra: &[&str]) -> Output {
    ci(env, sb)
        .args(scan_run("shop", "main"))
        .arg("--path")
        .arg(path)
        .arg("--create-project")
        .args(extra)
        .output()
        .unwrap()
}

#[track_caller]
fn code(out: &Output, want: i32) {
    assert_eq!(
        out.status.code(),
        Some(want),
        "stdout:\n{}\nstderr:\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

fn schema_errors(file: &str, doc: &Value) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas")
        .join(file);
    let schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// The scan id from a `scan <id> started` / `scan <id>: state` stderr line.
fn scan_id_from(stderr: &str) -> String {
    stderr
        .lines()
        .find_map(|l| {
            let rest = l.split("scan ").nth(1)?;
            let id = rest.split([' ', ':']).next()?;
            (l.contains("started") && id.len() >= 6).then(|| id.to_string())
        })
        .unwrap_or_else(|| panic!("no scan id in:\n{stderr}"))
}

// ------------------------------------------------------------------ exit 0 and start paths

#[test]
fn upload_project_scan_exits_0_and_uploads_once() {
    let env = TestEnv::new();
    let sb = sandbox();
    let src = app_tree(&env);
    let out = run(&env, &sb, &src, &["-o", "json"]);
    code(&out, 0);
    let v = stdout_json(&out);
    assert_eq!(v["counts"]["sast"]["total"], 4);
    assert_eq!(v["counts"]["sast"]["critical"], 1);
    assert_eq!(v["counts"]["sca"]["critical"], 1);
    assert_eq!(v["counts"]["sca"]["high"], 1);
    assert_eq!(v["scan"]["project"], "shop");
    assert_eq!(v["scan"]["branch"], "main");
    assert_eq!(v["gate"]["passed"], true);
    let st = sb.stats();
    assert_eq!(st.requests_to("scan_start"), 1);
    assert_eq!(st.requests_to("integration_start"), 0);
    assert_eq!(st.scans_started, 1);
}

#[test]
fn bound_repository_project_starts_on_the_server_without_upload() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.projects = vec!["webapp:github".parse().unwrap()]);
    let empty = tree(&env, "empty", &[]);
    let dir = env.dir.path().join("rep");
    let out = ci(&env, &sb)
        .args(scan_run("webapp", "main"))
        .arg("--path")
        .arg(&empty)
        .args(["-o", "json", "--report"])
        .arg(format!("sarif={}", dir.join("a.sarif").display()))
        .arg("--report")
        .arg(format!("gitlab-sast={}", dir.join("gl.json").display()))
        .output()
        .unwrap();
    code(&out, 0);
    let v = stdout_json(&out);
    let total = v["counts"]["sast"]["total"].as_u64().unwrap();
    assert!(total > 0, "{v}");
    assert_eq!(v["findings"].as_array().unwrap().len() as u64, total);
    // The built-in sample spans several languages: the reports stay valid.
    let sarif = read_json(&dir.join("a.sarif"));
    let errs = schema_errors("sarif-schema-2.1.0.json", &sarif);
    assert!(errs.is_empty(), "SARIF: {errs:#?}");
    let gl = read_json(&dir.join("gl.json"));
    let errs = schema_errors("gitlab-sast-report-format.json", &gl);
    assert!(errs.is_empty(), "GitLab: {errs:#?}");
    let st = sb.stats();
    assert_eq!(st.requests_to("integration_start"), 1);
    assert_eq!(st.requests_to("scan_start"), 0);
    assert_eq!(st.scans_started, 1);
}

#[test]
fn kdt_form_scan_without_run_works() {
    let env = TestEnv::new();
    let sb = sandbox();
    let src = app_tree(&env);
    let out = ci(&env, &sb)
        .args(["scan", "-p", "shop", "-t", "codethreat", "-b", "main"])
        .arg("--path")
        .arg(&src)
        .args(["--create-project", "--threshold-crit", "0"])
        .output()
        .unwrap();
    code(&out, 1);
}

// ------------------------------------------------------------------ exit 1: gates

#[test]
fn gate_failure_exits_1_and_names_rule_and_counts() {
    let env = TestEnv::new();
    let sb = sandbox();
    let src = app_tree(&env);
    let out = run(&env, &sb, &src, &["--threshold-crit", "0"]);
    code(&out, 1);
    let err = text(&out.stderr);
    assert!(err.contains("quality gate failed"), "{err}");
    assert!(err.contains("critical findings: 1 > threshold 0"), "{err}");
    assert!(text(&out.stdout).contains("Quality gate: FAILED"));
}

#[test]
fn thresholds_equal_to_the_count_pass_and_one_less_fails() {
    let env = TestEnv::new();
    let sb = sandbox();
    let src = app_tree(&env);
    // Each severity has exactly one finding.
    for flag in [
        "--threshold-crit",
        "--threshold-high",
        "--threshold-med",
        "--threshold-low",
    ] {
        code(&run(&env, &sb, &src, &[flag, "1"]), 0);
        let out = run(&env, &sb, &src, &[flag, "0"]);
        code(&out, 1);
        assert!(text(&out.stderr).contains("1 > threshold 0"), "{flag}");
    }
    // All at once at the edge passes.
    code(
        &run(
            &env,
            &sb,
            &src,
            &[
                "--threshold-crit",
                "1",
                "--threshold-high",
                "1",
                "--threshold-med",
                "1",
                "--threshold-low",
                "1",
            ],
        ),
        0,
    );
}

#[test]
fn sca_thresholds_gate_on_dependency_findings() {
    let env = TestEnv::new();
    let sb = sandbox();
    let src = app_tree(&env);
    code(&run(&env, &sb, &src, &["--sca-threshold-crit", "1"]), 0);
    code(&run(&env, &sb, &src, &["--sca-threshold-high", "1"]), 0);
    let out = run(&env, &sb, &src, &["--sca-threshold-crit", "0"]);
    code(&out, 1);
    assert!(text(&out.stderr).contains("1 > threshold 0"));
    let out = run(
        &env,
        &sb,
        &src,
        &["--sca-threshold-high", "0", "-o", "json"],
    );
    code(&out, 1);
    let v = stdout_json(&out);
    assert_eq!(v["gate"]["violations"][0]["rule"], "threshold-sca-high");
    // SAST-only code has no SCA findings: the SCA gate holds.
    let py = tree(&env, "py", &[("app.py", APP_PY)]);
    code(&run(&env, &sb, &py, &["--sca-threshold-crit", "0"]), 0);
}

#[test]
fn weakness_rule_matches_id_or_title_case_insensitively() {
    let env = TestEnv::new();
    let sb = sandbox();
    let src = app_tree(&env);
    // weakness id
    let out = run(
        &env,
        &sb,
        &src,
        &["--weakness", "SQL_INJECTION", "-o", "json"],
    );
    code(&out, 1);
    let v = stdout_json(&out);
    let breaking: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["breaks_gate"] == true)
        .collect();
    assert_eq!(breaking.len(), 1, "{v}");
    assert_eq!(breaking[0]["weakness_id"], "sql_injection");
    // title only ("Weak Hash Algorithm (MD5/SHA-1)"; the id is weak_hash)
    code(&run(&env, &sb, &src, &["--weakness", "hash algorithm"]), 1);
    code(&run(&env, &sb, &src, &["--weakness", "md5/sha"]), 1);
    // nothing matches
    code(&run(&env, &sb, &src, &["--weakness", "xxe|deserial"]), 0);
}

// ------------------------------------------------------------------ exit 2: usage

#[test]
fn usage_errors_exit_2() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.projects = vec!["webapp".parse().unwrap()]);
    let src = app_tree(&env);
    let base = |extra: &[&str]| {
        ci(&env, &sb)
            .args(["scan", "run", "-b", "main"])
            .arg("--path")
            .arg(&src)
            .args(extra)
            .output()
            .unwrap()
    };
    // unknown tool
    let out = base(&["-p", "shop", "-t", "sonar"]);
    code(&out, 2);
    // bad --report specs
    for spec in ["xml=out.xml", "sarif", "sarif="] {
        let out = base(&["-p", "shop", "-t", "codethreat", "--report", spec]);
        code(&out, 2);
    }
    // unparsable --weakness
    let out = base(&["-p", "shop", "-t", "codethreat", "--weakness", "(unclosed"]);
    code(&out, 2);
    assert!(text(&out.stderr).contains("not a valid regex"));
    // missing project without --create-project: close matches
    let out = base(&["-p", "webap", "-t", "codethreat"]);
    code(&out, 2);
    let err = text(&out.stderr);
    assert!(err.contains("`webap` does not exist"), "{err}");
    assert!(err.contains("did you mean: webapp"), "{err}");
    assert!(err.contains("--create-project"), "{err}");
    // nothing was started by any of these
    assert_eq!(sb.stats().scans_started, 0);
}

#[test]
fn path_not_a_directory_exits_2() {
    let env = TestEnv::new();
    let sb = sandbox();
    let src = app_tree(&env);
    let out = run(&env, &sb, &src.join("app.py"), &[]);
    code(&out, 2);
    assert!(text(&out.stderr).contains("is not a directory"));
    let out = run(&env, &sb, &src.join("missing"), &[]);
    code(&out, 2);
    assert_eq!(sb.stats().scans_started, 0);
}

/// Regression: a tree left with nothing but its `.codethreatignore` was uploaded, scanned zero
/// files and passed every gate.
#[test]
fn empty_package_when_only_ignore_files_remain_exits_2() {
    let env = TestEnv::new();
    let sb = sandbox();
    let src = tree(
        &env,
        "ignored",
        &[
            (".codethreatignore", "*.py\n"),
            (".gitignore", "*.pyc\n"),
            ("app.py", APP_PY),
        ],
    );
    let out = run(&env, &sb, &src, &["--threshold-crit", "0"]);
    code(&out, 2);
    assert!(text(&out.stderr).contains(".codethreatignore"));
    assert_eq!(sb.stats().requests_to("scan_start"), 0);
}

// ------------------------------------------------------------------ exit 3 and 4

#[test]
fn bad_token_exits_3() {
    let env = TestEnv::new();
    let sb = sandbox();
    let src = app_tree(&env);
    let out = ci(&env, &sb)
        .env("CODETHREAT_TOKEN", "ct_wrong_token_value")
        .args(scan_run("shop", "main"))
        .arg("--path")
        .arg(&src)
        .arg("--create-project")
        .output()
        .unwrap();
    code(&out, 3);
    assert!(!text(&out.stderr).contains("ct_wrong_token_value"));
    assert_eq!(sb.stats().scans_started, 0);
}

#[test]
fn nothing_listening_exits_4() {
    let env = TestEnv::new();
    let src = app_tree(&env);
    let out = env
        .kdt()
        .env("CODETHREAT_URL", closed_port_url())
        .env("CODETHREAT_ORG", "acme")
        .env("CODETHREAT_TOKEN", "ct_whatever_123456")
        .args(scan_run("shop", "main"))
        .arg("--path")
        .arg(&src)
        .output()
        .unwrap();
    code(&out, 4);
}

#[test]
fn persisting_5xx_on_status_polls_exits_4_with_one_scan() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.faults = vec!["status:500".parse().unwrap()]);
    let src = app_tree(&env);
    let out = run(&env, &sb, &src, &["--threshold-crit", "0"]);
    code(&out, 4);
    let st = sb.stats();
    assert_eq!(st.scans_started, 1);
    assert!(st.requests_to("status") >= 2, "retried: {st:?}");
    // Regression: the error did not say that the scan goes on, nor how to follow it.
    let err = text(&out.stderr);
    let id = scan_id_from(&err);
    assert!(err.contains("HTTP 500"), "{err}");
    assert!(err.contains(&format!("kdt scan status {id}")), "{err}");
    assert!(!err.contains("quality gate"), "{err}");
}

/// Regression: `--timeout 1s` waited 20 s for a status poll that hung.
#[test]
fn timeout_holds_while_a_status_poll_hangs() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| {
        c.scan_duration = Duration::from_secs(600);
        c.faults = vec!["status:slow=60s".parse().unwrap()];
    });
    let src = app_tree(&env);
    let t0 = std::time::Instant::now();
    let out = run(&env, &sb, &src, &["--timeout", "1s"]);
    code(&out, 6);
    assert!(t0.elapsed() < Duration::from_secs(15), "{:?}", t0.elapsed());
    let err = text(&out.stderr);
    let id = scan_id_from(&err);
    assert!(err.contains(&format!("kdt scan status {id}")), "{err}");
}

// ------------------------------------------------------------------ exit 5, 6, 130

#[test]
fn failed_scan_exits_5_with_server_log_lines() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| {
        c.faults = vec!["scan:failure".parse().unwrap()];
        c.scan_duration = Duration::from_millis(200);
    });
    let src = app_tree(&env);
    let out = run(&env, &sb, &src, &[]);
    code(&out, 5);
    let err = text(&out.stderr);
    assert!(err.contains("ended in state `failure`"), "{err}");
    assert!(err.contains("server log: error"), "{err}");
}

#[test]
fn error_outranks_gate_failed_scan_with_thresholds_exits_5() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| {
        c.faults = vec!["scan:failure".parse().unwrap()];
        c.scan_duration = Duration::from_millis(200);
    });
    let src = app_tree(&env);
    let out = run(
        &env,
        &sb,
        &src,
        &["--threshold-crit", "0", "--weakness", "."],
    );
    code(&out, 5);
    assert!(!text(&out.stderr).contains("quality gate"));
}

#[test]
fn error_outranks_gate_timeout_with_thresholds_exits_6() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.scan_duration = Duration::from_secs(600));
    let src = app_tree(&env);
    let out = run(
        &env,
        &sb,
        &src,
        &["--timeout", "1s", "--threshold-crit", "0"],
    );
    code(&out, 6);
    let err = text(&out.stderr);
    let id = scan_id_from(&err);
    assert!(
        err.contains(&format!("scan {id} was still running")),
        "{err}"
    );
    assert!(err.contains(&format!("kdt scan status {id}")), "{err}");
    assert!(err.contains(&format!("kdt scan results {id}")), "{err}");
}

#[cfg(unix)]
fn interrupt_after_start(cancel: bool) -> (Output, SandboxHandle) {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.scan_duration = Duration::from_secs(600));
    let src = app_tree(&env);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kdt"));
    for (k, _) in std::env::vars() {
        if k.starts_with("KDT_") || k.starts_with("CODETHREAT_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("HOME", &env.home)
        .env("XDG_CONFIG_HOME", env.home.join(".config"))
        .env("KDT_POLL_MIN_MS", "20")
        .env("KDT_POLL_MAX_MS", "50")
        .env("CODETHREAT_URL", sb.base_url())
        .env("CODETHREAT_ORG", sb.org())
        .env("CODETHREAT_TOKEN", sb.token())
        .args(scan_run("shop", "main"))
        .arg("--path")
        .arg(&src)
        .arg("--create-project")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if cancel {
        cmd.arg("--cancel-on-interrupt");
    }
    let mut child = cmd.spawn().unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            panic!("kdt ended before the scan started:\n{seen}");
        }
        seen.push_str(&line);
        // The first status line means the scan id is known and waiting has begun.
        if line.contains(": run") {
            break;
        }
    }
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let mut out = child.wait_with_output().unwrap();
    out.stderr = format!("{seen}{rest}").into_bytes();
    (out, sb)
}

#[cfg(unix)]
#[test]
fn interrupt_exits_130_and_says_how_to_follow_the_scan() {
    let (out, sb) = interrupt_after_start(false);
    code(&out, 130);
    let err = text(&out.stderr);
    let id = scan_id_from(&err);
    assert!(err.contains(&format!("kdt scan status {id}")), "{err}");
    assert_eq!(sb.stats().requests_to("stop"), 0);
}

#[cfg(unix)]
#[test]
fn interrupt_with_cancel_on_interrupt_stops_the_scan() {
    let (out, sb) = interrupt_after_start(true);
    code(&out, 130);
    assert!(text(&out.stderr).contains("was stopped"));
    assert_eq!(sb.stats().requests_to("stop"), 1);
}

// ------------------------------------------------------------------ --async

#[test]
fn async_prints_the_id_and_does_not_poll() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.scan_duration = Duration::from_secs(600));
    let src = app_tree(&env);
    let out = run(&env, &sb, &src, &["--async", "--threshold-crit", "0"]);
    code(&out, 0);
    let id = text(&out.stdout).trim().to_string();
    assert!(
        !id.is_empty() && !id.contains(char::is_whitespace),
        "{id:?}"
    );
    let err = text(&out.stderr);
    assert!(err.contains(&format!("kdt scan status {id}")), "{err}");
    // Regression: gate flags were silently ignored with --async.
    assert!(
        err.contains("quality gate and --report are not evaluated"),
        "{err}"
    );
    assert!(
        err.contains(&format!("kdt scan results {id} -p shop")),
        "{err}"
    );

    let out = run(&env, &sb, &src, &["--async", "-o", "json"]);
    code(&out, 0);
    let v = stdout_json(&out);
    assert!(v["scan_id"].as_str().is_some_and(|s| !s.is_empty()), "{v}");
    assert!(!text(&out.stderr).contains("not evaluated"));
    assert_eq!(v["project"], "shop");
    assert_eq!(v["branch"], "main");
    let st = sb.stats();
    assert_eq!(st.requests_to("status"), 0);
    assert_eq!(st.scans_started, 2);
}

// ------------------------------------------------------------------ paging and reports

#[test]
fn more_than_500_findings_arrive_over_pages() {
    let env = TestEnv::new();
    let sb = sandbox();
    let body: String = (0..600)
        .map(|i| format!("h{i} = hashlib.md5(d{i})\n"))
        .collect();
    let src = tree(&env, "many", &[("many.py", &body)]);
    let report = env.dir.path().join("r.json");
    let out = run(
        &env,
        &sb,
        &src,
        &["--report", &format!("json={}", report.display())],
    );
    code(&out, 0);
    let v = read_json(&report);
    assert_eq!(v["counts"]["sast"]["total"], 600);
    assert_eq!(v["findings"].as_array().unwrap().len(), 600);
    assert!(sb.stats().requests_to("issues") >= 3, "{:?}", sb.stats());
}

#[test]
fn more_than_500_findings_arrive_over_flaky_pages() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| {
        c.faults = vec![
            "issues:500:0.4".parse().unwrap(),
            "issues:reset:0.2".parse().unwrap(),
        ];
        c.seed = 3;
    });
    let body: String = (0..1100)
        .map(|i| format!("h{i} = hashlib.md5(d{i})\n"))
        .collect();
    let src = tree(&env, "many", &[("many.py", &body)]);
    let out = run(&env, &sb, &src, &["-o", "json"]);
    code(&out, 0);
    let v = stdout_json(&out);
    assert_eq!(v["counts"]["sast"]["total"], 1100);
    let ids: std::collections::BTreeSet<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 1100, "no page lost or repeated");
    assert!(sb.stats().faults_injected > 0);
}

#[test]
fn every_report_format_is_written_valid_and_atomically() {
    let env = TestEnv::new();
    let sb = sandbox();
    let src = app_tree(&env);
    let dir = env.dir.path().join("reports");
    let p = |f: &str| dir.join(f);
    let spec = |fmt: &str, f: &str| format!("{fmt}={}", p(f).display());
    let out = run(
        &env,
        &sb,
        &src,
        &[
            "--threshold-high",
            "0",
            "--report",
            &spec("sarif", "out.sarif"),
            "--report",
            &spec("gitlab-sast", "gl.json"),
            "--report",
            &spec("junit", "junit.xml"),
            "--report",
            &spec("json", "out.json"),
            "--report",
            &spec("table", "out.txt"),
        ],
    );
    // Reports are written even when the gate fails.
    code(&out, 1);

    let sarif = read_json(&p("out.sarif"));
    let errs = schema_errors("sarif-schema-2.1.0.json", &sarif);
    assert!(errs.is_empty(), "SARIF: {errs:#?}");
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 4);

    let gl = read_json(&p("gl.json"));
    let errs = schema_errors("gitlab-sast-report-format.json", &gl);
    assert!(errs.is_empty(), "GitLab: {errs:#?}");
    assert_eq!(gl["vulnerabilities"].as_array().unwrap().len(), 4);

    let xml = std::fs::read_to_string(p("junit.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed JUnit");
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let failures = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .count();
    // The gate's own case and the one high finding that breaks it fail; the other three pass.
    assert_eq!(cases.len(), 5, "{xml}");
    assert_eq!(failures, 2, "{xml}");

    let j = read_json(&p("out.json"));
    assert_eq!(j["schema_version"], 1);
    assert_eq!(j["tool"]["name"], "kdt");
    assert_eq!(j["counts"]["sast"]["total"], 4);
    assert_eq!(j["gate"]["passed"], false);
    assert_eq!(j["findings"].as_array().unwrap().len(), 4);
    for f in j["findings"].as_array().unwrap() {
        for k in ["id", "weakness_id", "title", "severity", "file", "line"] {
            assert!(!f[k].is_null(), "{k} in {f}");
        }
    }
    assert!(
        std::fs::read_to_string(p("out.txt"))
            .unwrap()
            .contains("Critical")
    );

    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["gl.json", "junit.xml", "out.json", "out.sarif", "out.txt"],
        "no temporary leftovers"
    );
}

// ------------------------------------------------------------------ faults

#[test]
fn flaky_status_polls_still_complete_with_one_scan() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| {
        c.faults = vec![
            "status:500:0.3".parse().unwrap(),
            "status:reset:0.2".parse().unwrap(),
        ];
        c.seed = 7;
        c.scan_duration = Duration::from_millis(400);
    });
    let src = app_tree(&env);
    let out = run(&env, &sb, &src, &["-o", "json"]);
    code(&out, 0);
    let v = stdout_json(&out);
    assert_eq!(v["counts"]["sast"]["total"], 4);
    assert_eq!(v["findings"].as_array().unwrap().len(), 4);
    let st = sb.stats();
    assert_eq!(st.scans_started, 1);
    assert_eq!(st.requests_to("scan_start"), 1);
    assert!(st.faults_injected > 0, "{st:?}");
    // Retried polls repeat neither state lines nor server log lines.
    let err = text(&out.stderr);
    let id = scan_id_from(&err);
    let count = |needle: &str| err.lines().filter(|l| l.contains(needle)).count();
    assert_eq!(count(&format!("scan {id}: end")), 1, "{err}");
    assert_eq!(count("INFO110: Scan is starting"), 1, "{err}");
}

#[test]
fn a_5xx_on_scan_start_is_not_replayed_into_two_scans() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.faults = vec!["scan_start:503:1x".parse().unwrap()]);
    let src = app_tree(&env);
    let out = run(&env, &sb, &src, &[]);
    let st = sb.stats();
    assert!(st.scans_started <= 1, "{st:?}");
    match out.status.code() {
        Some(0) => assert_eq!(st.scans_started, 1),
        Some(4) => assert_eq!(st.scans_started, 0),
        other => panic!("unexpected exit {other:?}: {}", text(&out.stderr)),
    }
}

#[test]
fn reset_on_scan_start_does_not_create_two_scans() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.faults = vec!["scan_start:reset:1x".parse().unwrap()]);
    let src = app_tree(&env);
    let out = run(&env, &sb, &src, &[]);
    let st = sb.stats();
    assert!(st.scans_started <= 1, "{st:?}");
    assert!(matches!(out.status.code(), Some(0) | Some(4)));
}

// ------------------------------------------------------------------ packaging

fn finding_files(out: &Output) -> Vec<String> {
    let v = stdout_json(out);
    let mut files: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect();
    files.sort();
    files.dedup();
    files
}

#[test]
fn gitignore_without_git_and_codethreatignore_exclude_files() {
    let env = TestEnv::new();
    let sb = sandbox();
    let src = tree(
        &env,
        "ign",
        &[
            ("app.py", APP_PY),
            ("build/gen.py", APP_PY),
            ("secret.py", APP_PY),
            ("vendor/lib.py", APP_PY),
            (".gitignore", "build/\nsecret.py\n"),
            (".codethreatignore", "vendor/\n"),
        ],
    );
    assert!(!src.join(".git").exists());
    let out = run(&env, &sb, &src, &["-o", "json"]);
    code(&out, 0);
    assert_eq!(finding_files(&out), ["app.py"]);
}

#[cfg(unix)]
#[test]
fn symlink_pointing_outside_the_tree_is_not_packed() {
    let env = TestEnv::new();
    let sb = sandbox();
    let outside = tree(&env, "outside", &[("leak.py", APP_PY)]);
    let src = tree(&env, "linked", &[("app.py", APP_PY)]);
    std::os::unix::fs::symlink(outside.join("leak.py"), src.join("leak.py")).unwrap();
    std::os::unix::fs::symlink(&outside, src.join("outdir")).unwrap();
    let out = run(&env, &sb, &src, &["-o", "json"]);
    code(&out, 0);
    assert!(
        text(&out.stderr).contains("2 symlinks"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(finding_files(&out), ["app.py"]);
}

#[test]
fn max_file_size_skips_a_big_file_with_a_warning() {
    let env = TestEnv::new();
    let sb = sandbox();
    let big: String = APP_PY.repeat(400); // ~60 KB
    let src = tree(&env, "big", &[("app.py", APP_PY), ("big.py", &big)]);
    let out = run(&env, &sb, &src, &["--max-file-size", "10K", "-o", "json"]);
    code(&out, 0);
    let err = text(&out.stderr);
    assert!(err.contains("skipped big.py"), "{err}");
    assert!(err.contains("--max-file-size"), "{err}");
    assert_eq!(finding_files(&out), ["app.py"]);
}

#[test]
fn upload_413_says_the_server_limit() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.max_upload_bytes = 100);
    let src = app_tree(&env);
    let out = run(&env, &sb, &src, &["--threshold-crit", "0"]);
    code(&out, 2);
    let err = text(&out.stderr);
    assert!(err.contains("HTTP 413"), "{err}");
    assert!(
        err.contains("limit 100 bytes"),
        "the server's own limit: {err}"
    );
    assert!(err.contains("over the server's upload limit"), "{err}");
    assert!(err.contains(".codethreatignore"), "what to do: {err}");
    assert_eq!(sb.stats().scans_started, 0);

    let sb = sandbox_with(|c| c.faults = vec!["upload:413".parse().unwrap()]);
    let out = run(&env, &sb, &src, &[]);
    code(&out, 2);
    assert!(text(&out.stderr).contains("over the server's upload limit"));
    assert_eq!(sb.stats().scans_started, 0);
}

// ------------------------------------------------------------------ CI output, secrets

#[test]
fn ci_output_has_no_escape_codes_and_one_line_per_change() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.scan_duration = Duration::from_millis(2500));
    // No findings: nothing new to say for most of the scan, so heartbeats are due.
    let src = tree(&env, "quiet", &[("quiet.py", "x = 1\n")]);
    let out = ci(&env, &sb)
        .env("KDT_HEARTBEAT_SECS", "1")
        .args(scan_run("shop", "main"))
        .arg("--path")
        .arg(&src)
        .arg("--create-project")
        .output()
        .unwrap();
    code(&out, 0);
    let err = text(&out.stderr);
    assert!(!err.contains('\x1b'), "escape codes: {err:?}");
    assert!(!err.contains('\r'), "carriage returns: {err:?}");
    let id = scan_id_from(&err);
    let count = |needle: &str| err.lines().filter(|l| l.contains(needle)).count();
    assert_eq!(count(&format!("scan {id}: run")), 1, "{err}");
    assert_eq!(count(&format!("scan {id}: end")), 1, "{err}");
    assert_eq!(count("INFO110: Scan is starting"), 1, "{err}");
    assert!(count("still scanning") >= 1, "heartbeat: {err}");
    assert!(!text(&out.stdout).contains('\x1b'));
}

#[test]
fn token_never_appears_in_output_or_reports_at_vv() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.scan_duration = Duration::from_millis(200));
    let src = app_tree(&env);
    let dir = env.dir.path().join("rep");
    let mut args = vec!["-vv".to_string()];
    for (fmt, f) in [
        ("sarif", "a.sarif"),
        ("json", "a.json"),
        ("junit", "a.xml"),
        ("gitlab-sast", "gl.json"),
        ("table", "a.txt"),
    ] {
        args.push("--report".into());
        args.push(format!("{fmt}={}", dir.join(f).display()));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&env, &sb, &src, &args);
    code(&out, 0);
    let token = sb.token();
    assert!(!text(&out.stdout).contains(token));
    let err = text(&out.stderr);
    assert!(!err.contains(token), "token in stderr");
    assert!(err.contains("kdt::http"), "-vv traces HTTP: {err}");
    assert!(err.contains("authorization=\"Bearer ****\""), "{err}");
    for e in std::fs::read_dir(&dir).unwrap() {
        let body = std::fs::read_to_string(e.unwrap().path()).unwrap();
        assert!(!body.contains(token));
    }
}

// ------------------------------------------------------------------ saved configurations

fn create(env: &TestEnv, args: &[&str]) -> Output {
    env.kdt()
        .args(["scan", "create", "-t", "codethreat"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn saved_configuration_is_used_by_scan_run() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.projects = vec!["webapp:github".parse().unwrap()]);
    env.configure(&sb);
    let out = create(
        &env,
        &[
            "-p",
            "shop",
            "--bind-to",
            "webapp",
            "-b",
            "develop",
            "--env",
            "staging",
            "-m",
            "team=payments",
            "-m",
            "tier=1",
            "--scan-tag",
            "nightly",
            "-o",
            "json",
        ],
    );
    code(&out, 0);
    let v = stdout_json(&out);
    let id = v["id"].as_str().unwrap().to_string();
    assert_eq!(v["bind_to"], "webapp");
    assert_eq!(v["environment"], "staging");
    assert_eq!(v["meta"]["team"], "payments");
    assert_eq!(v["scan_tag"], "nightly");
    assert_eq!(v["branch"], "develop");

    // `-p shop` runs the saved configuration: the bound repository project, no upload.
    let out = env
        .kdt()
        .args(scan_run("shop", "develop"))
        .args(["-o", "json"])
        .output()
        .unwrap();
    code(&out, 0);
    let r = stdout_json(&out);
    assert_eq!(r["scan"]["project"], "webapp");
    assert_eq!(r["scan"]["branch"], "develop");
    let st = sb.stats();
    assert_eq!(st.requests_to("integration_start"), 1);
    assert_eq!(st.requests_to("scan_start"), 0);

    // list / show: table and JSON
    let out = env.kdt().args(["scan", "list"]).output().unwrap();
    code(&out, 0);
    let t = text(&out.stdout);
    assert!(t.contains("BOUND TO") && t.contains(&id) && t.contains("webapp"));
    let out = env
        .kdt()
        .args(["scan", "list", "-o", "json"])
        .output()
        .unwrap();
    let l = stdout_json(&out);
    assert_eq!(l["scans"].as_array().unwrap().len(), 1);
    assert_eq!(l["scans"][0]["id"], id.as_str());
    let out = env.kdt().args(["scan", "show", &id]).output().unwrap();
    code(&out, 0);
    let t = text(&out.stdout);
    assert!(t.contains("team=payments") && t.contains("nightly") && t.contains("staging"));
    let out = env
        .kdt()
        .args(["scan", "show", &id, "-o", "json"])
        .output()
        .unwrap();
    let s = stdout_json(&out);
    assert_eq!(s["meta"]["tier"], "1");
    assert!(s["last_run"].is_object() || s["last_run"].is_null());

    // delete, then it is gone
    let out = env
        .kdt()
        .args(["scan", "delete", &id, "-o", "json"])
        .output()
        .unwrap();
    code(&out, 0);
    assert_eq!(stdout_json(&out)["deleted"], true);
    code(&env.kdt().args(["scan", "show", &id]).output().unwrap(), 2);
    let l = stdout_json(
        &env.kdt()
            .args(["scan", "list", "-o", "json"])
            .output()
            .unwrap(),
    );
    assert!(l["scans"].as_array().unwrap().is_empty());
}

#[test]
fn bad_create_values_exit_2_and_leave_the_profile_byte_identical() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.projects = vec!["webapp:github".parse().unwrap()]);
    env.configure(&sb);
    let before = std::fs::read(&env.config).unwrap();
    let ok = ["-p", "shop", "--bind-to", "webapp"];
    let cases: &[&[&str]] = &[
        &["--env", "qa"],
        &["-m", "novalue"],
        &["-m", "=value"],
        &["--schedule", "2020-01-01T00:00:00Z"],
        &["--schedule", "tomorrow"],
        &["--instance", "nope"],
    ];
    for extra in cases {
        let mut args = ok.to_vec();
        args.extend_from_slice(extra);
        let out = create(&env, &args);
        code(&out, 2);
        assert_eq!(
            std::fs::read(&env.config).unwrap(),
            before,
            "profile changed by {extra:?}"
        );
    }
    // unknown CodeThreat project
    code(&create(&env, &["-p", "shop", "--bind-to", "nosuch"]), 2);
    assert_eq!(std::fs::read(&env.config).unwrap(), before);

    // deactivated integration
    env.kdt()
        .args(["integration", "deactivate", "codethreat"])
        .assert()
        .success();
    let before = std::fs::read(&env.config).unwrap();
    let out = create(&env, &ok);
    code(&out, 2);
    assert!(text(&out.stderr).contains("kdt integration activate codethreat"));
    assert_eq!(std::fs::read(&env.config).unwrap(), before);
}

#[test]
fn schedule_now_runs_the_scan() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.projects = vec!["webapp:github".parse().unwrap()]);
    env.configure(&sb);
    let out = create(
        &env,
        &["-p", "shop", "--bind-to", "webapp", "--schedule", "now"],
    );
    code(&out, 0);
    assert_eq!(sb.stats().scans_started, 1);
    assert!(text(&out.stdout).contains("saved scan configuration"));
}

#[test]
fn webhook_secret_is_printed_once() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.projects = vec!["webapp:github".parse().unwrap()]);
    env.configure(&sb);
    let out = create(
        &env,
        &[
            "-p",
            "shop",
            "--bind-to",
            "webapp",
            "--webhook",
            "--platform",
            "github",
            "-o",
            "json",
        ],
    );
    code(&out, 0);
    let v = stdout_json(&out);
    let secret = v["webhook"]["secret"].as_str().unwrap().to_string();
    assert!(secret.len() >= 16);
    assert_eq!(v["webhook"]["platform"], "github");
    let id = v["id"].as_str().unwrap();
    for args in [
        vec!["scan", "show", id, "-o", "json"],
        vec!["scan", "show", id],
        vec!["scan", "list", "-o", "json"],
        vec!["scan", "list"],
    ] {
        let out = env.kdt().args(&args).output().unwrap();
        code(&out, 0);
        assert!(!text(&out.stdout).contains(&secret), "{args:?}");
        assert!(!text(&out.stderr).contains(&secret), "{args:?}");
    }
    let s = stdout_json(
        &env.kdt()
            .args(["scan", "show", id, "-o", "json"])
            .output()
            .unwrap(),
    );
    assert!(s["webhook"].is_object());
    assert!(s["webhook"].get("secret").is_none(), "{s}");

    // Table form prints it once too.
    let out = create(
        &env,
        &[
            "-p",
            "shop2",
            "--bind-to",
            "webapp",
            "--webhook",
            "--platform",
            "gitlab",
        ],
    );
    code(&out, 0);
    assert!(text(&out.stdout).contains("secret (shown once)"));
    // --webhook needs --platform
    code(
        &create(&env, &["-p", "x", "--bind-to", "webapp", "--webhook"]),
        2,
    );
}

#[test]
fn team_lead_without_permission_cannot_scan() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.projects = vec!["webapp:github".parse().unwrap()]);
    env.configure(&sb);
    let text_ = env.profile_text().replace("role = \"admin\"", "");
    let text_ = if text_.contains("[profiles.default]") {
        text_.replacen(
            "[profiles.default]",
            "[profiles.default]\nrole = \"team-lead\"",
            1,
        )
    } else {
        format!("[profiles.default]\nrole = \"team-lead\"\n{text_}")
    };
    std::fs::write(&env.config, text_).unwrap();
    let before = std::fs::read(&env.config).unwrap();
    let out = create(&env, &["-p", "shop", "--bind-to", "webapp"]);
    code(&out, 3);
    assert!(text(&out.stderr).contains("allow-team-leads-scan"));
    let out = env.kdt().args(scan_run("webapp", "main")).output().unwrap();
    code(&out, 3);
    assert_eq!(std::fs::read(&env.config).unwrap(), before);
    assert_eq!(sb.stats().scans_started, 0);
}

// ------------------------------------------------------------------ per-scan commands

#[test]
fn status_results_and_stop_on_a_running_scan() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.scan_duration = Duration::from_secs(600));
    let src = app_tree(&env);
    let out = run(&env, &sb, &src, &["--async", "-o", "json"]);
    code(&out, 0);
    let id = stdout_json(&out)["scan_id"].as_str().unwrap().to_string();

    let out = ci(&env, &sb)
        .args(["scan", "status", &id, "-o", "json"])
        .output()
        .unwrap();
    code(&out, 0);
    let v = stdout_json(&out);
    assert_eq!(v["state"], "run");
    assert_eq!(v["scan_id"], id.as_str());
    ci(&env, &sb)
        .args(["scan", "status", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains("run"));

    // results of an unfinished scan: not a gate result
    let out = ci(&env, &sb)
        .args(["scan", "results", &id])
        .output()
        .unwrap();
    code(&out, 6);
    assert!(text(&out.stderr).contains(&format!("kdt scan status {id}")));

    let out = ci(&env, &sb)
        .args(["scan", "stop", &id, "-o", "json"])
        .output()
        .unwrap();
    code(&out, 0);
    assert_eq!(stdout_json(&out)["stopped"], true);
    assert_eq!(sb.stats().requests_to("stop"), 1);
    let v = stdout_json(
        &ci(&env, &sb)
            .args(["scan", "status", &id, "-o", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(v["state"], "stop");
    // results of a stopped scan → 5
    code(
        &ci(&env, &sb)
            .args(["scan", "results", &id])
            .output()
            .unwrap(),
        5,
    );
}

#[test]
fn results_of_a_finished_scan_write_reports_and_gate() {
    let env = TestEnv::new();
    let sb = sandbox();
    let src = app_tree(&env);
    let out = run(&env, &sb, &src, &["--async", "-o", "json"]);
    code(&out, 0);
    let id = stdout_json(&out)["scan_id"].as_str().unwrap().to_string();
    let sarif = env.dir.path().join("res/out.sarif");
    let out = ci(&env, &sb)
        .args(["scan", "results", &id, "--report"])
        .arg(format!("sarif={}", sarif.display()))
        .args(["--threshold-crit", "0"])
        .output()
        .unwrap();
    code(&out, 1);
    let s = read_json(&sarif);
    let errs = schema_errors("sarif-schema-2.1.0.json", &s);
    assert!(errs.is_empty(), "{errs:#?}");
    assert_eq!(s["runs"][0]["results"].as_array().unwrap().len(), 4);
    let out = ci(&env, &sb)
        .args(["scan", "results", &id, "-o", "json"])
        .output()
        .unwrap();
    code(&out, 0);
    assert_eq!(stdout_json(&out)["counts"]["sast"]["total"], 4);
}

/// Regression: `scan status/results/stop` of an unknown id said only "not found: Not Found.".
#[test]
fn per_scan_commands_name_an_unknown_id() {
    let env = TestEnv::new();
    let sb = sandbox();
    for sub in ["status", "results", "stop"] {
        let out = ci(&env, &sb)
            .args(["scan", sub, "nosuchscan"])
            .output()
            .unwrap();
        code(&out, 2);
        assert!(
            text(&out.stderr).contains("no scan `nosuchscan`"),
            "{sub}: {}",
            text(&out.stderr)
        );
    }
}

// ------------------------------------------------------------------ errors after the scan

#[test]
fn findings_fetch_failure_with_a_gate_exits_4_never_1() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.faults = vec!["issues:500".parse().unwrap()]);
    let src = app_tree(&env);
    let out = run(&env, &sb, &src, &["--threshold-crit", "0"]);
    code(&out, 4);
    let err = text(&out.stderr);
    let id = scan_id_from(&err);
    assert!(
        err.contains(&format!("kdt scan results {id} -p shop")),
        "{err}"
    );
    assert!(!err.contains("quality gate"), "{err}");
    assert!(text(&out.stdout).is_empty());
}

#[test]
fn server_sarif_unavailable_falls_back_to_kdt_sarif() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.faults = vec!["report:500".parse().unwrap()]);
    let src = app_tree(&env);
    let sarif = env.dir.path().join("fallback.sarif");
    let out = run(
        &env,
        &sb,
        &src,
        &["--report", &format!("sarif={}", sarif.display())],
    );
    code(&out, 0);
    let s = read_json(&sarif);
    let errs = schema_errors("sarif-schema-2.1.0.json", &s);
    assert!(errs.is_empty(), "{errs:#?}");
    assert_eq!(s["runs"][0]["results"].as_array().unwrap().len(), 4);
}

#[test]
fn report_write_failure_outranks_the_gate() {
    let env = TestEnv::new();
    let sb = sandbox();
    let src = app_tree(&env);
    let dir = env.dir.path().join("adir");
    std::fs::create_dir_all(&dir).unwrap();
    let out = run(
        &env,
        &sb,
        &src,
        &[
            "--threshold-crit",
            "0",
            "--report",
            &format!("json={}", dir.display()),
        ],
    );
    code(&out, 2);
    assert!(text(&out.stderr).contains("writing the json report"));
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "no leftovers");
}

#[test]
fn scan_run_of_a_saved_configuration_records_its_last_run() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.projects = vec!["webapp:github".parse().unwrap()]);
    env.configure(&sb);
    let out = create(&env, &["-p", "shop", "--bind-to", "webapp", "-o", "json"]);
    code(&out, 0);
    let id = stdout_json(&out)["id"].as_str().unwrap().to_string();
    let out = env
        .kdt()
        .args([
            "scan",
            "-p",
            "shop",
            "-t",
            "codethreat",
            "-b",
            "main",
            "--threshold-crit",
            "0",
        ])
        .output()
        .unwrap();
    code(&out, 1);
    let shown = stdout_json(
        &env.kdt()
            .args(["scan", "show", &id, "-o", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(shown["last_run"]["outcome"], "gate-failed", "{shown}");
    assert_eq!(shown["last_run"]["exit_code"], 1);
    assert!(shown["last_run"]["scan_id"].is_string());
}

#[test]
fn malformed_json_from_the_server_is_a_faulty_answer_not_a_wrong_url() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.faults = vec!["status:badjson".parse().unwrap()]);
    let src = app_tree(&env);
    let out = run(&env, &sb, &src, &[]);
    code(&out, 4);
    let err = text(&out.stderr);
    assert!(err.contains("malformed JSON"), "{err}");
    assert!(!err.contains("verify the URL"), "{err}");
    assert_eq!(sb.stats().scans_started, 1);
}

#[test]
fn schedule_now_with_json_output_prints_one_document() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.projects = vec!["webapp:github".parse().unwrap()]);
    env.configure(&sb);
    let out = create(
        &env,
        &[
            "-p",
            "shop",
            "--bind-to",
            "webapp",
            "--schedule",
            "now",
            "-o",
            "json",
        ],
    );
    code(&out, 0);
    let v = stdout_json(&out);
    assert_eq!(v["last_run"]["outcome"], "passed", "{v}");
    assert!(v["last_run"]["scan_id"].is_string());
    assert_eq!(sb.stats().scans_started, 1);
}
