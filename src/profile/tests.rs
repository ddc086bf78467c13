use super::*;
use crate::secret::Secret;
use std::collections::BTreeSet;

const TOKEN: &str = "ct_topsecret_token_value_9876";

fn ts(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

fn store(dir: &tempfile::TempDir) -> ProfileStore {
    ProfileStore::new(dir.path().join("kdt").join("config.toml"), DEFAULT_PROFILE)
}

fn full_profile() -> Profile {
    let mut p = Profile {
        role: Role::TeamLead,
        ..Profile::default()
    };
    p.integrations.codethreat.activated = true;
    p.integrations.codethreat.allow_team_leads_scan = true;
    p.integrations.codethreat.instances.insert(
        "default".into(),
        Instance {
            url: "https://cloud.codethreat.com".into(),
            organization: "acme".into(),
            token: Some(Secret::new(TOKEN)),
            insecure: false,
            token_set_at: Some(ts("2026-12-03T10:00:00Z")),
            last_test_ok_at: Some(ts("2026-12-03T10:01:00.5Z")),
        },
    );
    p.scans.insert(
        "s-7f3a9c01".into(),
        ScanConfig {
            project: "webapp".into(),
            tool: "codethreat".into(),
            instance: "default".into(),
            bind_to: "webapp".into(),
            branch: Some("main".into()),
            environment: Some("production".into()),
            meta: [("team".to_string(), "payments".to_string())].into(),
            scan_tag: Some("nightly".into()),
            schedule: Some(ts("2026-12-24T10:00:00Z")),
            webhook: Some(Webhook {
                platform: "github".into(),
                secret: Secret::new("whsec_hidden_value"),
                created_at: Some(ts("2026-12-03T10:02:00Z")),
            }),
            created_at: Some(ts("2026-12-03T10:02:00Z")),
            last_run: Some(LastRun {
                scan_id: Some("abc".into()),
                started_at: Some(ts("2026-12-03T11:00:00Z")),
                finished_at: None,
                outcome: "running".into(),
                exit_code: None,
                claimed_by: Some("123@host".into()),
            }),
        },
    );
    p
}

fn set_full(p: &mut Profile) -> anyhow::Result<()> {
    *p = full_profile();
    Ok(())
}

fn set_role(role: Role) -> impl FnOnce(&mut Profile) -> anyhow::Result<()> {
    move |p| {
        p.role = role;
        Ok(())
    }
}

fn read(s: &ProfileStore) -> String {
    fs::read_to_string(s.path()).unwrap()
}

fn write(s: &ProfileStore, text: &str) {
    fs::create_dir_all(s.path().parent().unwrap()).unwrap();
    fs::write(s.path(), text).unwrap();
    fs::set_permissions(s.path(), fs::Permissions::from_mode(0o600)).unwrap();
}

fn dir_entries(s: &ProfileStore) -> BTreeSet<String> {
    fs::read_dir(s.path().parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn missing_file_and_missing_profile_give_default() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    let l = s.load().unwrap();
    assert!(!l.exists);
    assert_eq!(l.profile, Profile::default());
    write(&s, "[profiles.other]\nrole = \"team-lead\"\n");
    let l = s.load().unwrap();
    assert!(l.exists);
    assert_eq!(l.profile, Profile::default());
    assert!(l.warnings.is_empty());
}

#[test]
fn round_trip_all_fields() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    let ((), w) = s.update(set_full).unwrap();
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(s.load().unwrap().profile, full_profile());
    let text = read(&s);
    assert!(text.contains("role = \"team-lead\""), "{text}");
    assert!(
        text.contains("token_set_at = \"2026-12-03T10:00:00Z\""),
        "{text}"
    );
    assert!(
        text.contains("[profiles.default.scans.s-7f3a9c01.webhook]"),
        "{text}"
    );
    assert!(
        !text.contains("finished_at"),
        "None fields are not written: {text}"
    );
    assert!(
        !text.contains("\n[profiles]\n"),
        "no empty implicit header: {text}"
    );
}

#[test]
fn comments_unknown_keys_and_order_survive_an_edit() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    let original = r#"# user comment survives
top_level_unknown = 1

# before the profile
[profiles.default]
role = "admin"              # or "team-lead"
my_note = "keep me"

# between tables
[profiles.default.integrations.codethreat]
activated = true
allow_team_leads_scan = false
allow_team_leads_create_instances = false

[profiles.default.integrations.codethreat.instances.default]
url = 'https://old.example.com'   # inline on url
organization = "acme"   # inline on org
token_set_at = 2026-12-03T10:00:00Z
custom = [1, 2]

[profiles.default.scans.s-00000001]        # header comment
project = "webapp"
tool = "codethreat"
instance = "default"
bind_to = "webapp"
extra = "unknown scan key"
"#;
    write(&s, original);
    let loaded = s.load().unwrap().profile;
    assert_eq!(
        loaded.integrations.codethreat.instances["default"].token_set_at,
        Some(ts("2026-12-03T10:00:00Z")),
        "native TOML datetimes are accepted"
    );
    s.update(|p| {
        let i = p
            .integrations
            .codethreat
            .instances
            .get_mut("default")
            .unwrap();
        i.url = "https://new.example.com".into();
        p.scans.insert(
            "s-00000002".into(),
            ScanConfig {
                project: "api".into(),
                ..ScanConfig::default()
            },
        );
        Ok(())
    })
    .unwrap();
    let text = read(&s);
    for needle in [
        "# user comment survives",
        "top_level_unknown = 1",
        "# before the profile",
        "role = \"admin\"              # or \"team-lead\"",
        "my_note = \"keep me\"",
        "# between tables",
        "url = \"https://new.example.com\"   # inline on url",
        "organization = \"acme\"   # inline on org",
        "token_set_at = 2026-12-03T10:00:00Z",
        "custom = [1, 2]",
        "[profiles.default.scans.s-00000001]        # header comment",
        "extra = \"unknown scan key\"",
        "[profiles.default.scans.s-00000002]",
        "project = \"api\"",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    // Untouched parts keep their order; the new scan goes after the existing one.
    let pos = |n: &str| text.find(n).unwrap();
    assert!(pos("# user comment") < pos("[profiles.default]"));
    assert!(pos("[profiles.default]") < pos("# between tables"));
    assert!(pos("s-00000001") < pos("s-00000002"), "{text}");
    // And it still loads to what was written.
    let p = s.load().unwrap().profile;
    assert_eq!(p.scans.len(), 2);
    assert_eq!(
        p.integrations.codethreat.instances["default"].url,
        "https://new.example.com"
    );
}

#[test]
fn removing_instance_and_scan_removes_their_tables() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    s.update(set_full).unwrap();
    s.update(|p| {
        p.integrations.codethreat.instances.clear();
        p.scans.clear();
        p.role = Role::Admin;
        Ok(())
    })
    .unwrap();
    let text = read(&s);
    assert!(!text.contains(".instances."), "{text}");
    assert!(!text.contains(".scans."), "{text}");
    assert!(!text.contains(TOKEN), "{text}");
    assert!(!text.contains("whsec"), "{text}");
    // Removing an optional field removes its key only.
    s.update(set_full).unwrap();
    s.update(|p| {
        let sc = p.scans.get_mut("s-7f3a9c01").unwrap();
        sc.schedule = None;
        sc.webhook = None;
        sc.meta.clear();
        Ok(())
    })
    .unwrap();
    let text = read(&s);
    assert!(!text.contains("schedule"), "{text}");
    assert!(!text.contains(".webhook]"), "{text}");
    assert!(!text.contains(".meta]"), "{text}");
    assert!(text.contains("project = \"webapp\""), "{text}");
}

#[test]
fn other_named_profile_is_untouched() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    let other = "[profiles.staging]   # staging comment\nrole = 'team-lead'\n\n[profiles.staging.integrations.codethreat.instances.x]\nurl = \"https://staging\"  # keep\ntoken = \"staging-token\"\n";
    write(&s, other);
    s.update(set_full).unwrap();
    let text = read(&s);
    assert!(text.starts_with(other), "staging section changed:\n{text}");
    let st = ProfileStore::new(s.path().to_path_buf(), "staging");
    let p = st.load().unwrap().profile;
    assert_eq!(p.role, Role::TeamLead);
    assert_eq!(
        p.integrations.codethreat.instances["x"]
            .token
            .as_ref()
            .unwrap()
            .expose(),
        "staging-token"
    );
    // And editing staging leaves default alone.
    st.update(set_role(Role::Admin)).unwrap();
    assert_eq!(s.load().unwrap().profile, full_profile());
}

#[test]
fn unparsable_file_reports_line_column_and_is_never_overwritten() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    let bad = "# ok\n[profiles.default]\nrole \"admin\"\n";
    write(&s, bad);
    let err = s.load().unwrap_err();
    match &err {
        ProfileError::Parse { line, column, .. } => {
            assert_eq!((*line, *column), (3, 6), "{err}");
        }
        other => panic!("expected Parse, got {other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.contains("config.toml:3:6:"), "{msg}");
    assert!(msg.contains("will not overwrite"), "{msg}");
    let err = s.update(set_role(Role::TeamLead)).unwrap_err();
    assert!(matches!(err, ProfileError::Parse { .. }), "{err:?}");
    assert_eq!(read(&s), bad);
}

#[test]
fn wrong_types_are_invalid_with_position() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    let bad = "[profiles.default.integrations.codethreat]\nactivated = \"yes\"\n";
    write(&s, bad);
    let err = s.load().unwrap_err();
    let ProfileError::Invalid { message, .. } = &err else {
        panic!("expected Invalid, got {err:?}");
    };
    assert!(message.starts_with("2:13:"), "{message}");
    assert!(s.update(|_| Ok(())).is_err());
    assert_eq!(read(&s), bad);

    write(&s, "[profiles.default]\nrole = \"boss\"\n");
    assert!(matches!(s.load(), Err(ProfileError::Invalid { .. })));
    write(
        &s,
        "[profiles.default.scans.s-1]\nschedule = \"tomorrow\"\n",
    );
    let err = s.load().unwrap_err();
    assert!(err.to_string().contains("tomorrow"), "{err}");
}

#[test]
fn token_is_never_in_debug_or_errors() {
    let p = full_profile();
    let dbg = format!("{p:?}");
    assert!(!dbg.contains(TOKEN), "{dbg}");
    assert!(!dbg.contains("whsec_hidden_value"), "{dbg}");
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    write(
        &s,
        &format!(
            "[profiles.default.integrations.codethreat.instances.a]\ntoken = \"{TOKEN}\"\ninsecure = \"x\"\n"
        ),
    );
    let err = s.load().unwrap_err();
    assert!(!err.to_string().contains(TOKEN), "{err}");
    assert!(!format!("{err:?}").contains(TOKEN), "{err:?}");
}

#[test]
fn modes_after_create_and_no_temp_files() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    let (n, w) = s
        .update(|p| {
            p.role = Role::TeamLead;
            Ok(7)
        })
        .unwrap();
    assert_eq!(n, 7);
    assert!(w.is_empty(), "{w:?}");
    let dir_mode = fs::metadata(s.path().parent().unwrap()).unwrap().mode() & 0o777;
    let file_mode = fs::metadata(s.path()).unwrap().mode() & 0o777;
    assert_eq!(dir_mode, 0o700);
    assert_eq!(file_mode, 0o600);
    let expected: BTreeSet<String> = ["config.toml", "config.toml.lock"].map(String::from).into();
    assert_eq!(dir_entries(&s), expected);

    // A failing edit writes nothing and leaves no temp file.
    let before = read(&s);
    let err = s
        .update(|p| -> anyhow::Result<()> {
            p.role = Role::Admin;
            anyhow::bail!("nope")
        })
        .unwrap_err();
    assert!(matches!(err, ProfileError::Edit(_)));
    assert_eq!(err.to_string(), "nope");
    assert_eq!(read(&s), before);
    assert_eq!(dir_entries(&s), expected);
}

#[test]
fn unchanged_model_is_not_written() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    s.update(set_full).unwrap();
    let ino = fs::metadata(s.path()).unwrap().ino();
    s.update(set_role(Role::TeamLead)).unwrap();
    assert_eq!(fs::metadata(s.path()).unwrap().ino(), ino, "rewritten");
    s.update(set_role(Role::Admin)).unwrap();
    assert_ne!(fs::metadata(s.path()).unwrap().ino(), ino, "not rewritten");
    // No file is created for a no-op edit either.
    let d2 = tempfile::tempdir().unwrap();
    let s2 = store(&d2);
    s2.update(|_| Ok(())).unwrap();
    assert!(!s2.path().exists());
}

#[test]
fn group_readable_file_warns_and_is_tightened() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    write(&s, "[profiles.default]\nrole = \"admin\"\n");
    fs::set_permissions(s.path(), fs::Permissions::from_mode(0o640)).unwrap();
    let l = s.load().unwrap();
    assert_eq!(l.warnings.len(), 1, "{:?}", l.warnings);
    assert!(l.warnings[0].contains("chmod 600"), "{:?}", l.warnings);
    let ((), w) = s.update(set_role(Role::TeamLead)).unwrap();
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(fs::metadata(s.path()).unwrap().mode() & 0o777, 0o600);
    assert!(s.load().unwrap().warnings.is_empty());
}

#[test]
fn existing_dir_is_not_chmodded() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    let dir = s.path().parent().unwrap();
    fs::create_dir(dir).unwrap();
    fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).unwrap();
    s.update(set_role(Role::TeamLead)).unwrap();
    assert_eq!(fs::metadata(dir).unwrap().mode() & 0o777, 0o755);
    fs::set_permissions(dir, fs::Permissions::from_mode(0o777)).unwrap();
    let ((), w) = s.update(set_role(Role::Admin)).unwrap();
    assert!(w.iter().any(|w| w.contains("chmod 700")), "{w:?}");
}

#[test]
fn update_waits_for_a_held_lock() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    s.update(set_role(Role::TeamLead)).unwrap();
    let lock = File::open(s.path().with_extension("toml.lock")).unwrap();
    lock.lock().unwrap();
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(lock);
    });
    let start = Instant::now();
    s.update(set_role(Role::Admin)).unwrap();
    assert!(start.elapsed() >= Duration::from_millis(250));
    t.join().unwrap();
}

#[test]
fn held_lock_times_out_as_locked() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d).with_lock_timeout(Duration::from_millis(200));
    s.update(set_role(Role::TeamLead)).unwrap();
    let before = read(&s);
    let lock = File::open(s.path().with_extension("toml.lock")).unwrap();
    lock.lock().unwrap();
    let err = s.update(set_role(Role::Admin)).unwrap_err();
    assert!(matches!(err, ProfileError::Locked { .. }), "{err:?}");
    assert_eq!(read(&s), before);
    // Reading needs no lock.
    assert_eq!(s.load().unwrap().profile.role, Role::TeamLead);
}

#[test]
fn symlinked_profile_is_followed_not_replaced() {
    let d = tempfile::tempdir().unwrap();
    let real = d.path().join("dotfiles").join("kdt.toml");
    fs::create_dir_all(real.parent().unwrap()).unwrap();
    fs::write(&real, "# mine\n").unwrap();
    let link_dir = d.path().join("kdt");
    fs::create_dir(&link_dir).unwrap();
    let link = link_dir.join("config.toml");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let s = ProfileStore::new(link.clone(), DEFAULT_PROFILE);
    s.update(set_role(Role::TeamLead)).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let text = fs::read_to_string(&real).unwrap();
    assert!(
        text.starts_with("# mine\n") && text.contains("team-lead"),
        "{text}"
    );
}

fn add_scan(s: &ProfileStore, id: String) {
    s.update(|p| {
        // Read-modify-write that depends on the current state: lost updates would show.
        assert!(!p.scans.contains_key(&id));
        p.scans.insert(
            id.clone(),
            ScanConfig {
                project: id.clone(),
                ..ScanConfig::default()
            },
        );
        Ok(())
    })
    .unwrap();
}

#[test]
fn concurrent_thread_writers_lose_nothing() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    write(&s, "# keep\n[profiles.default]\nrole = \"admin\"\n");
    std::thread::scope(|scope| {
        for t in 0..16 {
            let s = s.clone();
            scope.spawn(move || {
                for i in 0..10 {
                    add_scan(&s, format!("s-t{t:02}-{i:02}"));
                }
            });
        }
    });
    let p = s.load().unwrap().profile;
    assert_eq!(p.scans.len(), 160);
    assert!(read(&s).starts_with("# keep\n"));
    assert_eq!(dir_entries(&s).len(), 2, "{:?}", dir_entries(&s));
}

const CHILD_ENV: &str = "KDT_PROFILE_TEST_CHILD";

/// Runs only when re-executed by `concurrent_process_writers_lose_nothing`.
#[test]
fn child_writer() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (path, tag) = spec.split_once('|').unwrap();
    let s = ProfileStore::new(PathBuf::from(path), DEFAULT_PROFILE);
    for i in 0..10 {
        add_scan(&s, format!("s-p{tag}-{i:02}"));
    }
}

#[test]
fn concurrent_process_writers_lose_nothing() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..4)
        .map(|n| {
            std::process::Command::new(&exe)
                .args([
                    "--exact",
                    "profile::tests::child_writer",
                    "--test-threads=1",
                ])
                .env(CHILD_ENV, format!("{}|{n}", s.path().display()))
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    // Writers in this process too, at the same time.
    for i in 0..10 {
        add_scan(&s, format!("s-main-{i:02}"));
    }
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    assert_eq!(s.load().unwrap().profile.scans.len(), 50);
}

#[test]
fn scan_ids_look_right() {
    let a = new_scan_id();
    assert_eq!(a.len(), 10);
    assert!(a.starts_with("s-"));
    assert!(
        a[2..]
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    assert_ne!(a, new_scan_id());
}

#[test]
fn inline_and_dotted_tables_are_edited_in_place() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    let original = "[profiles.default]\nintegrations.codethreat.activated = true # dotted\n\n[profiles.default.integrations.codethreat.instances]\nprod = { url = \"https://a\", organization = \"o\", mine = 1 } # inline\n";
    write(&s, original);
    s.update(|p| {
        let c = &mut p.integrations.codethreat;
        c.allow_team_leads_scan = true;
        let i = c.instances.get_mut("prod").unwrap();
        i.token = Some(Secret::new("tok"));
        i.token_set_at = Some(ts("2026-12-03T10:00:00Z"));
        c.instances.insert(
            "dev".into(),
            Instance {
                url: "https://dev".into(),
                ..Instance::default()
            },
        );
        Ok(())
    })
    .unwrap();
    let text = read(&s);
    assert!(text.contains("# dotted"), "{text}");
    assert!(text.contains("mine = 1"), "{text}");
    assert!(text.contains("# inline"), "{text}");
    let p = s.load().unwrap().profile;
    let c = &p.integrations.codethreat;
    assert!(c.activated && c.allow_team_leads_scan);
    assert_eq!(c.instances["prod"].token.as_ref().unwrap().expose(), "tok");
    assert_eq!(c.instances["dev"].url, "https://dev");
    assert_eq!(s.profile_names().unwrap(), vec!["default".to_string()]);
}

#[test]
fn error_messages_name_position_and_fix() {
    let d = tempfile::tempdir().unwrap();
    let s = store(&d);
    for (bad, want) in [
        (
            "[profiles.default.integrations.codethreat]\nactivated = \"yes\"\n",
            "config.toml:2:13: invalid type: string \"yes\", expected a boolean — fix the value",
        ),
        (
            "[profiles.default]\nrole = \"boss\"\n",
            "config.toml:2:8: unknown variant `boss`, expected `admin` or `team-lead`",
        ),
        (
            "[profiles.default.scans.s-1]\nschedule = 5\n",
            "config.toml:2:12: expected an RFC 3339 timestamp",
        ),
        ("[profiles.default\n", "config.toml:1:18: unclosed table"),
        ("profiles = 3\n", "config.toml:1:12: invalid type: integer"),
    ] {
        write(&s, bad);
        let msg = s.load().unwrap_err().to_string();
        assert!(msg.contains(want), "{msg}");
        assert!(msg.ends_with("kdt will not overwrite it"), "{msg}");
    }
}
