//! `kdt demo`: the README's main-job command runs end to end and leaves only its reports.

use crate::support::*;

#[test]
fn demo_runs_end_to_end_and_leaves_only_reports() {
    let env = TestEnv::new();
    let cwd = env.dir.path().join("work");
    std::fs::create_dir_all(&cwd).unwrap();
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/vulnerable-app");
    let out = env
        .kdt()
        .current_dir(&cwd)
        .args(["demo", "--scan-seconds", "0", "--path"])
        .arg(&source)
        // The demo ignores the shell's CodeThreat settings.
        .env("CODETHREAT_URL", closed_port_url())
        .env("CODETHREAT_TOKEN", "not-used-by-the-demo-000")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Critical"), "{stdout}");
    let reports = cwd.join("kdt-demo-reports");
    for f in [
        "codethreat.sarif",
        "junit.xml",
        "gl-sast-report.json",
        "scan.json",
    ] {
        assert!(reports.join(f).is_file(), "missing {f}");
    }
    let scan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(reports.join("scan.json")).unwrap()).unwrap();
    assert!(scan["findings"].as_array().unwrap().len() >= 15);
    // Nothing else in the working directory, and no profile in the user's HOME.
    let entries: Vec<_> = std::fs::read_dir(&cwd)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, vec![std::ffi::OsString::from("kdt-demo-reports")]);
    assert!(!env.config.exists());
}
