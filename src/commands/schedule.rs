//! `kdt scan due`: runs every saved configuration whose scheduled time has passed and that has
//! not run since. Each is claimed under the profile lock before it starts, so two overlapping
//! cron runs never start the same scan twice.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::json;

use crate::cli::DueArgs;
use crate::commands::scan::{RunOverrides, ScanPlan, execute_tracked};
use crate::exit::{self, ExitStatus};
use crate::output::table;
use crate::profile::{LastRun, Profile, ScanConfig};
use crate::settings::Context;

/// Due: scheduled at or before `now`, and not started since that time — or claimed by a
/// `scan due` that died without finishing (killed outright, machine rebooted).
pub fn is_due(c: &ScanConfig, now: jiff::Timestamp) -> bool {
    let Some(at) = c.schedule else { return false };
    if at > now {
        return false;
    }
    match &c.last_run {
        None => true,
        Some(r) if r.outcome == "running" && claimer_is_gone(r.claimed_by.as_deref()) => true,
        Some(r) => r.started_at.is_none_or(|s| s < at),
    }
}

/// Whether the process named by a claim (`pid N`) no longer runs on this machine. Where that
/// cannot be told, the claim is assumed alive: a missed run is better than a doubled one.
fn claimer_is_gone(claimed_by: Option<&str>) -> bool {
    let Some(pid) = claimed_by
        .and_then(|c| c.strip_prefix("pid "))
        .and_then(|p| p.trim().parse::<u32>().ok())
    else {
        return false;
    };
    if pid == std::process::id() {
        return false;
    }
    let proc = std::path::Path::new("/proc");
    proc.join("self").exists() && !proc.join(pid.to_string()).exists()
}

fn due_ids(p: &Profile, now: jiff::Timestamp) -> Vec<String> {
    p.scans
        .iter()
        .filter(|(_, c)| is_due(c, now))
        .map(|(id, _)| id.clone())
        .collect()
}

pub async fn due(ctx: &Context, args: DueArgs) -> anyhow::Result<ExitStatus> {
    let now = jiff::Timestamp::now();
    let me = format!("pid {}", std::process::id());
    let mut previous: HashMap<String, Option<LastRun>> = HashMap::new();
    let ids = if args.dry_run {
        due_ids(&ctx.load_profile()?, now)
    } else {
        // The claim: last_run.started_at = now marks it taken for every later `scan due`.
        ctx.update_profile(|p| {
            let ids = due_ids(p, now);
            for id in &ids {
                if let Some(c) = p.scans.get_mut(id) {
                    previous.insert(id.clone(), c.last_run.clone());
                    c.last_run = Some(LastRun {
                        scan_id: None,
                        started_at: Some(now),
                        finished_at: None,
                        outcome: "running".into(),
                        exit_code: None,
                        claimed_by: Some(me.clone()),
                    });
                }
            }
            Ok(ids)
        })?
    };

    if ids.is_empty() {
        if ctx.printer.is_json() {
            ctx.printer.json(&json!({ "ran": [] }));
        } else {
            ctx.printer.status("no scheduled scans are due");
        }
        return Ok(ExitStatus::Success);
    }
    if args.dry_run {
        if ctx.printer.is_json() {
            ctx.printer.json(&json!({ "due": ids }));
        } else {
            ctx.printer.data(&ids.join("\n"));
        }
        return Ok(ExitStatus::Success);
    }

    // Each scan's own summary would break a single JSON document on stdout.
    let inner = if ctx.printer.is_json() {
        Context::new(ctx.global.clone(), ctx.printer.without_data())?
    } else {
        Context::new(ctx.global.clone(), ctx.printer.clone())?
    };
    // Ctrl-C or SIGTERM (cron, systemd, CI cancelling) ends the whole run, not just the scan
    // in progress: that one is recorded as interrupted, and the configurations not started
    // yet are released for the next tick instead of staying claimed.
    let interrupt = Arc::new(AtomicBool::new(false));
    let watcher = {
        let interrupt = interrupt.clone();
        tokio::spawn(async move {
            // The scan in progress hears the same signal and records itself as interrupted.
            crate::signals::terminated().await;
            interrupt.store(true, Ordering::SeqCst);
        })
    };
    let mut worst = ExitStatus::Success;
    let mut rows = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        if interrupt.load(Ordering::SeqCst) {
            worst = worst.worst(ExitStatus::Interrupted);
            release(ctx, &ids[n..], &previous, now, &me)?;
            break;
        }
        ctx.printer.status(&format!("running scheduled scan {id}"));
        let profile = ctx.load_profile()?;
        let overrides = RunOverrides {
            timeout: args.timeout,
            ..RunOverrides::default()
        };
        let (result, scan_id) = match ScanPlan::for_config(&inner, &profile, id, overrides) {
            Ok(plan) => execute_tracked(&inner, plan).await,
            Err(e) => (Err(e), None),
        };
        let status = match result {
            Ok(s) => s,
            Err(e) => {
                let c = exit::classify(&e);
                ctx.printer.error(&e, &c.hints);
                c.status
            }
        };
        worst = worst.worst(status);
        let finished = jiff::Timestamp::now();
        ctx.update_profile(|p| {
            if let Some(c) = p.scans.get_mut(id) {
                c.last_run = Some(LastRun {
                    scan_id: scan_id.clone(),
                    started_at: Some(now),
                    finished_at: Some(finished),
                    outcome: status.outcome().into(),
                    exit_code: Some(status.code().into()),
                    claimed_by: None,
                });
            }
            Ok(())
        })?;
        rows.push((id.clone(), scan_id, status));
        if status == ExitStatus::Interrupted {
            interrupt.store(true, Ordering::SeqCst);
        }
    }
    watcher.abort();

    if ctx.printer.is_json() {
        let ran: Vec<_> = rows
            .iter()
            .map(|(id, sid, st)| {
                json!({ "id": id, "scan_id": sid, "outcome": st.outcome(), "exit_code": st.code() })
            })
            .collect();
        ctx.printer
            .json(&json!({ "ran": ran, "exit_code": worst.code() }));
    } else {
        let t: Vec<Vec<String>> = rows
            .iter()
            .map(|(id, sid, st)| {
                vec![
                    id.clone(),
                    sid.clone().unwrap_or_else(|| "-".into()),
                    st.outcome().into(),
                    st.code().to_string(),
                ]
            })
            .collect();
        ctx.printer
            .data(&table(&["CONFIG", "SCAN", "OUTCOME", "EXIT"], &t));
    }
    Ok(worst)
}

/// Gives back the claims on configurations this run did not start (after an interrupt), so the
/// next `kdt scan due` runs them. A claim another process has replaced since is left alone.
fn release(
    ctx: &Context,
    ids: &[String],
    previous: &HashMap<String, Option<LastRun>>,
    claimed_at: jiff::Timestamp,
    me: &str,
) -> anyhow::Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    ctx.update_profile(|p| {
        for id in ids {
            let Some(c) = p.scans.get_mut(id) else {
                continue;
            };
            let ours = c.last_run.as_ref().is_some_and(|r| {
                r.claimed_by.as_deref() == Some(me) && r.started_at == Some(claimed_at)
            });
            if ours {
                c.last_run = previous.get(id).cloned().flatten();
            }
        }
        Ok(())
    })?;
    ctx.printer.status(&format!(
        "interrupted: {} scheduled scan(s) not started; the next `kdt scan due` runs them",
        ids.len()
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(schedule: Option<&str>, last_started: Option<&str>) -> ScanConfig {
        ScanConfig {
            schedule: schedule.map(|s| s.parse().unwrap()),
            last_run: last_started.map(|s| LastRun {
                started_at: Some(s.parse().unwrap()),
                outcome: "passed".into(),
                ..LastRun::default()
            }),
            ..ScanConfig::default()
        }
    }

    #[test]
    fn a_claim_by_a_dead_process_is_due_again() {
        let now: jiff::Timestamp = "2026-12-03T12:00:00Z".parse().unwrap();
        let mut c = cfg(Some("2026-12-03T11:00:00Z"), Some("2026-12-03T11:00:05Z"));
        let run = c.last_run.as_mut().unwrap();
        run.outcome = "running".into();
        run.claimed_by = Some(format!("pid {}", std::process::id()));
        assert!(!is_due(&c, now), "our own claim is alive");
        if std::path::Path::new("/proc/self").exists() {
            // PIDs are below 2^22 on Linux; this one cannot exist.
            c.last_run.as_mut().unwrap().claimed_by = Some("pid 4194305".to_string());
            assert!(
                is_due(&c, now),
                "a dead claimer's configuration is due again"
            );
        }
    }

    #[test]
    fn due_rules() {
        let now: jiff::Timestamp = "2026-12-03T12:00:00Z".parse().unwrap();
        assert!(is_due(&cfg(Some("2026-12-03T11:00:00Z"), None), now));
        assert!(!is_due(&cfg(Some("2026-12-03T13:00:00Z"), None), now));
        assert!(!is_due(&cfg(None, None), now));
        assert!(!is_due(
            &cfg(Some("2026-12-03T11:00:00Z"), Some("2026-12-03T11:00:05Z")),
            now
        ));
        // Rescheduled after its last run: due again.
        assert!(is_due(
            &cfg(Some("2026-12-03T11:30:00Z"), Some("2026-12-01T11:00:05Z")),
            now
        ));
    }
}
