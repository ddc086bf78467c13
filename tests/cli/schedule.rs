//! `kdt scan due` end to end: which saved configurations run, exactly once, what is recorded,
//! the summary and exit code, `--dry-run`, and two overlapping cron runs.
//!
//! Configurations are made due by writing a past `schedule` into the profile (the CLI refuses
//! past times), so nothing here sleeps.

use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kdt::sandbox::SandboxHandle;
use serde_json::Value;

use crate::support::*;
use crate::webhook::kdt_process;

const PAST: &str = "2020-01-01T00:00:00Z";
const FUTURE: &str = "2999-01-01T00:00:00Z";

fn repo_sandbox() -> SandboxHandle {
    sandbox_with(|c| c.projects = vec!["webapp:github".parse().unwrap()])
}

/// A configuration bound to the sandbox's repository project `webapp` (no upload needed).
fn create_config(env: &TestEnv, project: &str, extra: &[&str]) -> String {
    let out = env
        .kdt()
        .args([
            "scan",
            "create",
            "-p",
            project,
            "-t",
            "codethreat",
            "--bind-to",
            "webapp",
            "-b",
            "main",
            "-o",
            "json",
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    stdout_json(&out)["id"].as_str().unwrap().to_string()
}

/// Edits one key of a saved configuration in the profile file, as a user would by hand.
fn set_key(env: &TestEnv, id: &str, key: &str, value: &str) {
    let mut doc: toml_edit::DocumentMut = env.profile_text().parse().unwrap();
    doc["profiles"]["default"]["scans"][id][key] = toml_edit::value(value);
    std::fs::write(&env.config, doc.to_string()).unwrap();
}

fn due_json(env: &TestEnv, extra: &[&str]) -> (i32, Value, String) {
    let out = env
        .kdt()
        .args(["scan", "due", "-o", "json"])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        stdout_json(&out),
        text(&out.stderr),
    )
}

fn show(env: &TestEnv, id: &str) -> Value {
    stdout_json(
        &env.kdt()
            .args(["scan", "show", id, "-o", "json"])
            .output()
            .unwrap(),
    )
}

fn ran_ids(v: &Value) -> Vec<String> {
    v["ran"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn past_schedule_runs_exactly_once_and_records_the_outcome() {
    let env = TestEnv::new();
    let sb = repo_sandbox();
    env.configure(&sb);
    let id = create_config(&env, "shop", &[]);
    set_key(&env, &id, "schedule", PAST);

    let (code, v, err) = due_json(&env, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(ran_ids(&v), vec![id.clone()]);
    assert_eq!(v["exit_code"], 0);
    let run = &v["ran"][0];
    assert_eq!(run["outcome"], "passed");
    assert_eq!(run["exit_code"], 0);
    let scan_id = run["scan_id"]
        .as_str()
        .expect("scan id recorded")
        .to_string();
    assert_eq!(sb.stats().scans_started, 1);

    // Recorded in the profile.
    let c = show(&env, &id);
    assert_eq!(c["last_run"]["scan_id"], scan_id.as_str());
    assert_eq!(c["last_run"]["outcome"], "passed");
    assert_eq!(c["last_run"]["exit_code"], 0);
    assert!(c["last_run"]["started_at"].is_string());
    assert!(c["last_run"]["finished_at"].is_string());
    assert_eq!(c["schedule"], PAST);
    assert!(!env.profile_text().contains("claimed_by"), "claim released");

    // `scan list` shows the schedule and the last run.
    env.kdt()
        .args(["scan", "list"])
        .assert()
        .success()
        .stdout(predicates::str::contains(PAST))
        .stdout(predicates::str::contains("passed"));
    let list = stdout_json(
        &env.kdt()
            .args(["scan", "list", "-o", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(list["scans"][0]["last_run"]["scan_id"], scan_id.as_str());

    // Already run: the next cron tick starts nothing and succeeds.
    let (code, v, err) = due_json(&env, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["ran"], serde_json::json!([]));
    assert_eq!(sb.stats().scans_started, 1);
    env.kdt()
        .args(["scan", "due"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicates::str::contains("no scheduled scans are due"));
    assert_eq!(sb.stats().scans_started, 1);
}

#[test]
fn future_and_unscheduled_configurations_do_not_run() {
    let env = TestEnv::new();
    let sb = repo_sandbox();
    env.configure(&sb);
    let future = create_config(&env, "later", &["--schedule", FUTURE]);
    let _plain = create_config(&env, "plain", &[]);
    let before = sb.stats().total_requests();

    let (code, v, _) = due_json(&env, &[]);
    assert_eq!(code, 0);
    assert_eq!(v["ran"], serde_json::json!([]));
    let (code, v, _) = due_json(&env, &["--dry-run"]);
    assert_eq!(code, 0);
    assert_eq!(v["ran"], serde_json::json!([]));
    assert_eq!(sb.stats().scans_started, 0);
    assert_eq!(
        sb.stats().total_requests(),
        before,
        "nothing due, nothing asked"
    );
    assert!(show(&env, &future)["last_run"].is_null());
}

#[test]
fn rescheduling_after_a_run_makes_it_due_again() {
    let env = TestEnv::new();
    let sb = repo_sandbox();
    env.configure(&sb);
    let id = create_config(&env, "shop", &[]);
    set_key(&env, &id, "schedule", PAST);
    assert_eq!(due_json(&env, &[]).0, 0);
    assert_eq!(sb.stats().scans_started, 1);
    let first = show(&env, &id)["last_run"]["scan_id"].clone();

    // A past date through the CLI is refused; `now` is the way to say "next tick".
    env.kdt()
        .args(["scan", "edit", &id, "--schedule", PAST])
        .assert()
        .code(2);
    env.kdt()
        .args(["scan", "edit", &id, "--schedule", "now"])
        .assert()
        .success();
    let (code, v, err) = due_json(&env, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(ran_ids(&v), vec![id.clone()]);
    assert_eq!(sb.stats().scans_started, 2);
    let second = show(&env, &id)["last_run"]["scan_id"].clone();
    assert_ne!(first, second, "a new scan is recorded");
    assert_eq!(due_json(&env, &[]).1["ran"], serde_json::json!([]));

    // Moved to the future, or cleared: not due.
    env.kdt()
        .args(["scan", "edit", &id, "--schedule", FUTURE])
        .assert()
        .success();
    assert_eq!(due_json(&env, &[]).1["ran"], serde_json::json!([]));
    env.kdt()
        .args(["scan", "edit", &id, "--schedule", "none"])
        .assert()
        .success();
    assert!(show(&env, &id)["schedule"].is_null());
    assert_eq!(due_json(&env, &[]).1["ran"], serde_json::json!([]));
    assert_eq!(sb.stats().scans_started, 2);
}

#[test]
fn exit_code_is_the_worst_outcome_and_every_outcome_is_recorded() {
    let env = TestEnv::new();
    // The first scan created fails on the server; the second passes.
    let sb = sandbox_with(|c| {
        c.projects = vec!["webapp:github".parse().unwrap()];
        c.faults = vec!["scan:failure:1x".parse().unwrap()];
    });
    env.configure(&sb);
    let a = create_config(&env, "a", &[]);
    let b = create_config(&env, "b", &[]);
    set_key(&env, &a, "schedule", PAST);
    set_key(&env, &b, "schedule", PAST);

    let (code, v, err) = due_json(&env, &[]);
    assert_eq!(code, 5, "{err}");
    assert_eq!(v["exit_code"], 5);
    let mut outcomes: Vec<(String, i64)> = v["ran"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["outcome"].as_str().unwrap().to_string(),
                r["exit_code"].as_i64().unwrap(),
            )
        })
        .collect();
    outcomes.sort();
    assert_eq!(
        outcomes,
        vec![("passed".into(), 0), ("scan-failed".into(), 5)]
    );
    assert_eq!(sb.stats().scans_started, 2);
    let mut recorded: Vec<_> = [&a, &b]
        .iter()
        .map(|id| show(&env, id)["last_run"]["outcome"].clone())
        .collect();
    recorded.sort_by_key(|o| o.to_string());
    assert_eq!(recorded, vec!["passed", "scan-failed"]);
    // The failure is reported on stderr, and the failed one is not retried on the next tick.
    assert!(err.contains("failure"), "{err}");
    assert_eq!(due_json(&env, &[]).0, 0);
    assert_eq!(sb.stats().scans_started, 2);
}

#[test]
fn a_configuration_that_cannot_start_is_recorded_and_the_others_still_run() {
    let env = TestEnv::new();
    let sb = repo_sandbox();
    env.configure(&sb);
    let good = create_config(&env, "good", &[]);
    let bad = create_config(&env, "bad", &[]);
    set_key(&env, &good, "schedule", PAST);
    set_key(&env, &bad, "schedule", PAST);
    // The bound project disappeared (here: renamed by hand).
    set_key(&env, &bad, "bind_to", "no-such-project");

    // Table output this time: one row per configuration.
    let out = env.kdt().args(["scan", "due"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("CONFIG"), "{stdout}");
    assert!(stdout.contains(&good) && stdout.contains(&bad), "{stdout}");
    assert!(text(&out.stderr).contains("no-such-project"));
    assert_eq!(sb.stats().scans_started, 1);
    let g = show(&env, &good);
    assert_eq!(g["last_run"]["outcome"], "passed");
    let b = show(&env, &bad);
    assert_eq!(b["last_run"]["outcome"], "error");
    assert_eq!(b["last_run"]["exit_code"], 2);
    assert!(b["last_run"]["scan_id"].is_null());
}

#[test]
fn json_summary_is_one_document_and_dry_run_starts_nothing() {
    let env = TestEnv::new();
    let sb = repo_sandbox();
    env.configure(&sb);
    let ids: BTreeSet<String> = (0..3)
        .map(|i| {
            let id = create_config(&env, &format!("p{i}"), &[]);
            set_key(&env, &id, "schedule", PAST);
            id
        })
        .collect();
    let before = sb.stats().total_requests();

    let (code, v, _) = due_json(&env, &["--dry-run"]);
    assert_eq!(code, 0);
    let due: BTreeSet<String> = v["due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    assert_eq!(due, ids);
    assert_eq!(sb.stats().scans_started, 0);
    assert_eq!(sb.stats().total_requests(), before, "dry run asks nothing");
    for id in &ids {
        assert!(
            show(&env, id)["last_run"].is_null(),
            "dry run claims nothing"
        );
    }
    // Table form: the ids, one per line.
    let out = env
        .kdt()
        .args(["scan", "due", "--dry-run"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let listed: BTreeSet<String> = text(&out.stdout).lines().map(str::to_string).collect();
    assert_eq!(listed, ids);

    // The real run: stdout is exactly one JSON document (no per-scan summaries mixed in).
    let out = env
        .kdt()
        .args(["scan", "due", "-o", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let ran: BTreeSet<String> = ran_ids(&v).into_iter().collect();
    assert_eq!(ran, ids);
    assert_eq!(sb.stats().scans_started, 3);
}

/// Two cron runs that overlap: every due configuration runs once in total.
#[test]
fn two_concurrent_scan_due_runs_start_each_configuration_once() {
    const N: usize = 6;
    let env = TestEnv::new();
    let sb = repo_sandbox();
    env.configure(&sb);
    let ids: BTreeSet<String> = (0..N)
        .map(|i| {
            let id = create_config(&env, &format!("p{i}"), &[]);
            set_key(&env, &id, "schedule", PAST);
            id
        })
        .collect();

    let spawn = || {
        kdt_process(&env)
            .args(["scan", "due", "-o", "json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let children = [spawn(), spawn()];
    let deadline = Instant::now() + Duration::from_secs(120);
    let outs: Vec<_> = children
        .into_iter()
        .map(|mut c| {
            while c.try_wait().unwrap().is_none() {
                assert!(Instant::now() < deadline, "scan due did not finish");
                std::thread::sleep(Duration::from_millis(20));
            }
            c.wait_with_output().unwrap()
        })
        .collect();

    let mut all = Vec::new();
    for out in &outs {
        assert!(out.status.success(), "{}", text(&out.stderr));
        all.extend(ran_ids(&stdout_json(out)));
    }
    all.sort();
    assert_eq!(
        all,
        ids.iter().cloned().collect::<Vec<_>>(),
        "each ran once"
    );
    assert_eq!(sb.stats().scans_started, N as u64);
    for id in &ids {
        assert_eq!(show(&env, id)["last_run"]["outcome"], "passed");
    }
}

/// Ctrl-C during a scheduled run: exit 130, the interrupted scan is recorded, and the
/// configurations not started yet stay due for the next tick (they are not left claimed).
#[cfg(unix)]
#[test]
fn interrupt_stops_the_run_and_releases_what_did_not_start() {
    stopped_by_signal("-INT");
}

/// SIGTERM (cron's or systemd's timeout, a CI job cancelled): the same, except that the scan
/// in progress is abandoned without its id.
#[cfg(unix)]
#[test]
fn sigterm_stops_the_run_and_releases_what_did_not_start() {
    stopped_by_signal("-TERM");
}

#[cfg(unix)]
fn stopped_by_signal(signal: &str) {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| {
        c.projects = vec!["webapp:github".parse().unwrap()];
        c.scan_duration = Duration::from_secs(60);
    });
    env.configure(&sb);
    let ids: BTreeSet<String> = (0..3)
        .map(|i| {
            let id = create_config(&env, &format!("p{i}"), &[]);
            set_key(&env, &id, "schedule", PAST);
            id
        })
        .collect();

    let mut child = kdt_process(&env)
        .args(["scan", "due", "-o", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while sb.stats().scans_started < 1 {
        assert!(Instant::now() < deadline, "no scan started");
        assert!(child.try_wait().unwrap().is_none());
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "scan due went on after {signal} ({} scans started): {}",
                sb.stats().scans_started,
                text(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", text(&out.stderr));
    assert_eq!(sb.stats().scans_started, 1, "nothing started after Ctrl-C");
    let v = stdout_json(&out);
    let ran = ran_ids(&v);
    assert_eq!(ran.len(), 1, "{v}");
    assert_eq!(v["ran"][0]["outcome"], "interrupted");
    if signal == "-INT" {
        assert!(v["ran"][0]["scan_id"].is_string());
    }
    assert!(text(&out.stderr).contains("the next `kdt scan due` runs them"));
    assert_eq!(show(&env, &ran[0])["last_run"]["outcome"], "interrupted");

    // The other two were released: still due, not marked as running.
    let (_, v, _) = due_json(&env, &["--dry-run"]);
    let due: BTreeSet<String> = v["due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    let rest: BTreeSet<String> = ids.iter().filter(|i| **i != ran[0]).cloned().collect();
    assert_eq!(due, rest);
    for id in &rest {
        assert!(show(&env, id)["last_run"].is_null(), "claim released");
    }
}
