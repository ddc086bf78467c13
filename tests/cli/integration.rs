//! `kdt integration ...` end to end: catalog, activation, config, Test Connection's
//! troubleshooting cases, show, settings, remove, the profile file's guarantees.

use crate::support::*;
use predicates::prelude::*;

#[test]
fn list_shows_codethreat_not_activated_on_a_fresh_machine() {
    let env = TestEnv::new();
    env.kdt()
        .args(["integration", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("CodeThreat"))
        .stdout(predicate::str::contains("SAST"))
        .stdout(predicate::str::contains("KDT"))
        .stdout(predicate::str::contains("not activated"));
    let out = env
        .kdt()
        .args(["integration", "list", "-o", "json"])
        .output()
        .unwrap();
    let v = stdout_json(&out);
    assert_eq!(v["integrations"][0]["id"], "codethreat");
    assert_eq!(v["integrations"][0]["type"], "SAST");
    assert_eq!(v["integrations"][0]["scan_method"], "KDT");
    assert_eq!(v["integrations"][0]["state"], "not activated");
    // Listing writes nothing.
    assert!(!env.config.exists());
}

#[test]
fn activate_deactivate_keeps_configuration() {
    let env = TestEnv::new();
    let sb = sandbox();
    env.configure(&sb);
    env.kdt()
        .args(["integration", "deactivate", "codethreat"])
        .assert()
        .success();
    let v = stdout_json(
        &env.kdt()
            .args(["integration", "list", "-o", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(v["integrations"][0]["state"], "not activated");
    assert_eq!(v["integrations"][0]["instances"][0], "default");
    // Configuring while deactivated is refused with a hint.
    env.kdt()
        .args([
            "integration",
            "config",
            "codethreat",
            "--org",
            "x",
            "--no-test",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "kdt integration activate codethreat",
        ));
    let out = env
        .kdt()
        .args(["integration", "activate", "codethreat", "-o", "json"])
        .output()
        .unwrap();
    assert_eq!(stdout_json(&out)["state"], "activated");
}

#[test]
fn config_tests_the_connection_and_saves_a_private_profile() {
    let env = TestEnv::new();
    let sb = sandbox();
    env.kdt()
        .args(["integration", "activate", "codethreat"])
        .assert()
        .success();
    let out = env
        .kdt()
        .args(["-o", "json", "integration", "config", "codethreat", "--url"])
        .arg(sb.base_url())
        .args(["--org", sb.org(), "--token-stdin"])
        .write_stdin(format!("{}\n", sb.token()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v = stdout_json(&out);
    assert_eq!(v["test"]["ok"], true);
    // Plain http draws the unencrypted-token warning.
    assert!(text(&out.stderr).contains("unencrypted"));
    assert!(!text(&out.stdout).contains(sb.token()));
    assert!(!text(&out.stderr).contains(sb.token()));

    #[cfg(unix)]
    {
        assert_eq!(mode(&env.config), 0o600);
        assert_eq!(mode(env.config.parent().unwrap()), 0o700);
    }

    let out = env
        .kdt()
        .args(["integration", "show", "codethreat", "-o", "json"])
        .output()
        .unwrap();
    let v = stdout_json(&out);
    let masked = v["token"].as_str().unwrap();
    let tail: String = sb
        .token()
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    assert_eq!(masked, format!("****{tail}"));
    assert!(v["last_test_ok_at"].is_string(), "success recorded: {v}");
    assert_eq!(v["organization"], sb.org());
    assert!(!text(&out.stdout).contains(sb.token()));
}

#[test]
fn config_without_terminal_or_token_exits_2_without_hanging() {
    let env = TestEnv::new();
    env.kdt()
        .args(["integration", "activate", "codethreat"])
        .assert()
        .success();
    env.kdt()
        .args([
            "integration",
            "config",
            "codethreat",
            "--url",
            "https://ct.example.com",
            "--org",
            "acme",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--token-stdin"));
    // Nothing half-configured was saved.
    assert!(!env.profile_text().contains("ct.example.com"));
}

#[test]
fn test_connection_troubleshooting_cases() {
    let env = TestEnv::new();
    let sb = sandbox();
    env.configure(&sb);

    // Invalid token → 3.
    let out = env
        .kdt()
        .args(["integration", "test", "codethreat", "-o", "json"])
        .env("CODETHREAT_TOKEN", "not-the-right-token-123")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert_eq!(
        stdout_json(&out)["test"]["problem"]["kind"],
        "invalid-token"
    );
    assert!(text(&out.stderr).contains("generate a new one in CodeThreat"));

    // Wrong organization → 3.
    env.kdt()
        .args(["integration", "test", "codethreat"])
        .env("CODETHREAT_ORG", "no-such-org")
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "must match exactly as it appears in your CodeThreat account",
        ));

    // Nothing listening → 4, verify the URL.
    env.kdt()
        .args(["integration", "test", "codethreat"])
        .env("CODETHREAT_URL", closed_port_url())
        .assert()
        .code(4)
        .stderr(predicate::str::contains("verify the URL"));

    // Something that is not CodeThreat (an HTML page) → 4, verify the URL.
    let html = FixedServer::start(
        200,
        "text/html",
        "<html><body>Welcome to nginx</body></html>",
    );
    env.kdt()
        .args(["integration", "test", "codethreat"])
        .env("CODETHREAT_URL", html.url())
        .assert()
        .code(4)
        .stderr(predicate::str::contains("verify the URL"));
    let html404 = FixedServer::start(404, "text/html", "<html>Not Found</html>");
    env.kdt()
        .args(["integration", "test", "codethreat"])
        .env("CODETHREAT_URL", html404.url())
        .assert()
        .code(4);

    // Success.
    env.kdt()
        .args(["integration", "test", "codethreat"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Connection OK"));
}

#[test]
fn test_sends_bearer_token_and_organization_header() {
    let env = TestEnv::new();
    let server = FixedServer::start(200, "application/json", "{}");
    env.kdt()
        .args(["integration", "activate", "codethreat"])
        .assert()
        .success();
    env.kdt()
        .args(["integration", "config", "codethreat", "--url"])
        .arg(server.url())
        .args(["--org", "acme corp", "--token-stdin"])
        .write_stdin("tok-abcdef-123456")
        .assert()
        .success();
    let reqs = server.requests();
    let r = reqs
        .iter()
        .find(|r| r.uri.starts_with("/api/organization"))
        .expect("organization check made");
    assert_eq!(r.method, "GET");
    assert_eq!(r.header("authorization"), Some("Bearer tok-abcdef-123456"));
    assert_eq!(r.header("x-ct-organization"), Some("acme corp"));
    assert!(r.header("user-agent").unwrap().starts_with("kdt/"));
    assert!(r.uri.contains("key=acme%20corp") || r.uri.contains("key=acme+corp"));
}

#[test]
fn tls_self_signed_needs_insecure_or_trusted_ca() {
    let env = TestEnv::new();
    let sb = sandbox_with(|c| c.tls = true);
    assert!(sb.base_url().starts_with("https://"));
    env.configure(&sb);
    env.kdt()
        .args(["integration", "test", "codethreat"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("--insecure"));
    // Trusting the sandbox's certificate works with verification on.
    env.kdt()
        .args(["integration", "test", "codethreat"])
        .env("SSL_CERT_FILE", sb.cert_pem_path().unwrap())
        .assert()
        .success();
    // Insecure for this instance works, with a warning on every run.
    env.kdt()
        .args(["integration", "config", "codethreat", "--insecure"])
        .assert()
        .success()
        .stderr(predicate::str::contains("verification is OFF"));
    env.kdt()
        .args(["integration", "test", "codethreat"])
        .assert()
        .success()
        .stderr(predicate::str::contains("verification is OFF"));
    env.kdt()
        .args([
            "integration",
            "config",
            "codethreat",
            "--no-insecure",
            "--no-test",
        ])
        .assert()
        .success();
    env.kdt()
        .args(["integration", "test", "codethreat"])
        .assert()
        .code(4);
}

#[test]
fn env_overrides_profile_for_ci() {
    let env = TestEnv::new();
    let sb = sandbox();
    // A CI job with no profile at all.
    env.kdt()
        .args(["integration", "test", "codethreat"])
        .env("CODETHREAT_URL", sb.base_url())
        .env("CODETHREAT_ORG", sb.org())
        .env("CODETHREAT_SECRET", sb.token())
        .assert()
        .success();
    assert!(!env.config.exists(), "a CI run writes no profile");
    // A profile with a stale token, fixed by the environment.
    env.kdt()
        .args(["integration", "activate", "codethreat"])
        .assert()
        .success();
    env.kdt()
        .args(["integration", "config", "codethreat", "--url"])
        .arg(sb.base_url())
        .args(["--org", sb.org(), "--token-stdin", "--no-test"])
        .write_stdin("stale-token-000000")
        .assert()
        .success();
    env.kdt()
        .args(["integration", "test", "codethreat"])
        .assert()
        .code(3);
    env.kdt()
        .args(["integration", "test", "codethreat"])
        .env("CODETHREAT_TOKEN", sb.token())
        .assert()
        .success();
    // The flag picks the instance; env still overrides its values.
    env.kdt()
        .args(["integration", "test", "codethreat", "--instance", "nope"])
        .env("CODETHREAT_TOKEN", sb.token())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no CodeThreat instance `nope`"));
}

#[test]
fn unparsable_profile_is_reported_and_never_overwritten() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.config.parent().unwrap()).unwrap();
    let garbage = "# my settings\n[profiles.default]\nrole = \"admin\"\nthis is not toml\n";
    std::fs::write(&env.config, garbage).unwrap();
    env.kdt()
        .args(["integration", "activate", "codethreat"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("config.toml:4:"));
    assert_eq!(env.profile_text(), garbage);
}

#[test]
fn comments_survive_edits() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.config.parent().unwrap()).unwrap();
    std::fs::write(
        &env.config,
        "# kdt profile, hand-tuned\n[profiles.default]\nrole = \"admin\" # I am the admin\n",
    )
    .unwrap();
    env.kdt()
        .args(["integration", "activate", "codethreat"])
        .assert()
        .success();
    let text = env.profile_text();
    assert!(text.contains("# kdt profile, hand-tuned"), "{text}");
    assert!(text.contains("# I am the admin"), "{text}");
    assert!(text.contains("activated = true"), "{text}");
}

#[test]
fn concurrent_writers_lose_nothing() {
    let env = TestEnv::new();
    env.kdt()
        .args(["integration", "activate", "codethreat"])
        .assert()
        .success();
    let children: Vec<_> = (0..12)
        .map(|i| {
            let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("kdt"));
            cmd.env("HOME", &env.home)
                .env("XDG_CONFIG_HOME", env.home.join(".config"))
                .env_remove("KDT_CONFIG")
                .args(["integration", "config", "codethreat", "--no-test"])
                .args(["--instance", &format!("inst{i}")])
                .args(["--url", "https://ct.example.com", "--org", "acme"])
                .arg("--token-stdin")
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped());
            let mut child = cmd.spawn().unwrap();
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(format!("token-number-{i:04}").as_bytes())
                .unwrap();
            child
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let v = stdout_json(
        &env.kdt()
            .args(["integration", "list", "-o", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(
        v["integrations"][0]["instances"].as_array().unwrap().len(),
        12
    );
}

#[test]
fn token_never_appears_in_output_at_any_verbosity() {
    let env = TestEnv::new();
    let sb = sandbox();
    env.configure(&sb);
    for verbosity in [&[][..], &["-v"][..], &["-vv"][..], &["-vvv"][..]] {
        for args in [
            &["integration", "test", "codethreat"][..],
            &["integration", "show", "codethreat"][..],
            &["integration", "show", "codethreat", "-o", "json"][..],
        ] {
            let out = env.kdt().args(verbosity).args(args).output().unwrap();
            assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
            let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
            assert!(
                !all.contains(sb.token()),
                "token leaked by {verbosity:?} {args:?}"
            );
        }
    }
    // A rejected token is not echoed either.
    let out = env
        .kdt()
        .args(["-vv", "integration", "test", "codethreat"])
        .env("CODETHREAT_TOKEN", "wrong-secret-token-xyz")
        .output()
        .unwrap();
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(!all.contains("wrong-secret-token-xyz"));
    // --help never shows a token either (there is no flag that takes one).
    let out = env
        .kdt()
        .args(["integration", "config", "--help"])
        .output()
        .unwrap();
    assert!(text(&out.stdout).contains("--token-stdin"));
}

#[test]
fn old_token_draws_a_rotation_reminder() {
    let env = TestEnv::new();
    let sb = sandbox();
    env.configure(&sb);
    let text_before = env.profile_text();
    let old = regex_replace_token_set_at(&text_before, "2020-01-01T00:00:00Z");
    std::fs::write(&env.config, old).unwrap();
    env.kdt()
        .args(["integration", "show", "codethreat"])
        .assert()
        .success()
        .stderr(predicate::str::contains("rotate it"));
    env.kdt()
        .args(["integration", "test", "codethreat"])
        .assert()
        .success()
        .stderr(predicate::str::contains("rotate it"));
}

fn regex_replace_token_set_at(text: &str, when: &str) -> String {
    text.lines()
        .map(|l| {
            if l.trim_start().starts_with("token_set_at") {
                format!("token_set_at = \"{when}\"")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn team_lead_permissions() {
    let env = TestEnv::new();
    let sb = sandbox();
    env.configure(&sb);
    let text = env.profile_text().replace("role = \"admin\"", "");
    let text = text.replacen(
        "[profiles.default]",
        "[profiles.default]\nrole = \"team-lead\"",
        1,
    );
    let text = if text.contains("role = \"team-lead\"") {
        text
    } else {
        format!("[profiles.default]\nrole = \"team-lead\"\n{text}")
    };
    std::fs::write(&env.config, text).unwrap();

    // Settings cannot be changed by a team lead.
    env.kdt()
        .args([
            "integration",
            "settings",
            "codethreat",
            "--allow-team-leads-scan",
            "on",
        ])
        .assert()
        .code(3);
    // A new instance needs "allow team leads to create instances".
    let mut cmd = env.kdt();
    cmd.args([
        "integration",
        "config",
        "codethreat",
        "--instance",
        "second",
        "--url",
    ])
    .arg(sb.base_url())
    .args(["--org", sb.org(), "--token-stdin", "--no-test"])
    .write_stdin(sb.token().to_string());
    cmd.assert().code(3).stderr(predicate::str::contains(
        "allow-team-leads-create-instances",
    ));
    // Editing the existing instance is fine.
    env.kdt()
        .args([
            "integration",
            "config",
            "codethreat",
            "--no-test",
            "--no-insecure",
        ])
        .assert()
        .success();
    // Reading settings is fine, and shows both off by default.
    let out = env
        .kdt()
        .args(["integration", "settings", "codethreat", "-o", "json"])
        .output()
        .unwrap();
    let v = stdout_json(&out);
    assert_eq!(v["allow_team_leads_scan"], false);
    assert_eq!(v["allow_team_leads_create_instances"], false);
}

#[test]
fn admin_settings_and_remove() {
    let env = TestEnv::new();
    let sb = sandbox();
    env.configure(&sb);
    let out = env
        .kdt()
        .args([
            "-o",
            "json",
            "integration",
            "settings",
            "codethreat",
            "--allow-team-leads-scan",
            "on",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout_json(&out)["allow_team_leads_scan"], true);
    env.configure_instance(&sb, Some("selfhosted"), &[]);
    let out = env
        .kdt()
        .args([
            "-o",
            "json",
            "integration",
            "remove",
            "codethreat",
            "--instance",
            "selfhosted",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout_json(&out)["removed"], true);
    env.kdt()
        .args([
            "integration",
            "remove",
            "codethreat",
            "--instance",
            "selfhosted",
        ])
        .assert()
        .code(2);
}

#[test]
fn completions_are_current() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for shell in [
        clap_complete::Shell::Bash,
        clap_complete::Shell::Zsh,
        clap_complete::Shell::Fish,
        clap_complete::Shell::PowerShell,
        clap_complete::Shell::Elvish,
    ] {
        let name = kdt::commands::completions::file_name(shell);
        let fresh = kdt::commands::completions::generate(shell);
        let path = dir.join(name);
        if std::env::var_os("KDT_BLESS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "completions/{name} is stale: run `KDT_BLESS=1 cargo test --test cli completions` and commit"
        );
    }
    // The binary prints the same script.
    let out = TestEnv::new()
        .kdt()
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert_eq!(
        out.stdout,
        kdt::commands::completions::generate(clap_complete::Shell::Bash)
    );
}
