//! Waiting for a scan: polls `scan/status` with an interval that starts short and backs off to
//! a cap, and shows what happens — a progress bar on a terminal, plain lines plus a heartbeat
//! in CI logs.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::codethreat::{Client, Counts, ScanState, ScanStatus};
use crate::commands::scan::ScanPlan;
use crate::output::Printer;

pub enum WaitOutcome {
    Finished(ScanStatus),
    Failed(ScanStatus),
    TimedOut(ScanStatus),
}

/// Growth of the poll interval per poll: quick scans are seen quickly, long ones cost few
/// requests (0.5 s → 5 s cap in about six polls).
const BACKOFF: f64 = 1.5;

/// Added to the predicted end of a scan before the next poll.
const PREDICTION_SLACK: Duration = Duration::from_millis(100);

/// A byte progress bar for the upload; hidden when progress is off.
pub fn upload_bar(printer: &Printer, total: u64) -> ProgressBar {
    if !printer.progress_enabled() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "uploading {bar:30.cyan/blue} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
        )
        .expect("static template")
        .progress_chars("=> "),
    );
    bar
}

fn scan_bar(printer: &Printer) -> ProgressBar {
    if !printer.progress_enabled() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(100), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} scanning {bar:30.green/white} {pos:>3}% {msg}")
            .expect("static template")
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

fn counts_line(c: &Counts) -> String {
    format!(
        "critical {} · high {} · medium {} · low {}",
        c.critical, c.high, c.medium, c.low
    )
}

pub async fn wait_for_scan(
    printer: &Printer,
    client: &Client,
    id: &str,
    plan: &ScanPlan,
) -> anyhow::Result<WaitOutcome> {
    let started = Instant::now();
    let deadline = plan.timeout.map(|t| started + t);
    let bar = scan_bar(printer);
    let interactive = printer.progress_enabled();
    // In CI every line goes to stderr as it is; on a terminal through the bar so it stays intact.
    let say = |line: String| {
        if interactive {
            bar.println(line);
        } else {
            printer.status(&line);
        }
    };

    let mut seen_logs: HashSet<(String, String, String)> = HashSet::new();
    let mut last_state = String::new();
    let mut last_counts = Counts::default();
    let mut last_line = Instant::now();
    let mut interval = plan.poll_min;
    let mut polls = 0u64;
    // The last status seen, for a timeout that strikes while a poll hangs.
    let mut last_status = ScanStatus::default();
    loop {
        let poll = client.scan_status(id);
        let status = match deadline {
            // A poll that hangs (slow server, retries) must not outlast --timeout.
            Some(d) => match tokio::time::timeout_at(tokio::time::Instant::from_std(d), poll).await
            {
                Ok(r) => r?,
                Err(_) => {
                    bar.finish_and_clear();
                    return Ok(WaitOutcome::TimedOut(last_status));
                }
            },
            None => poll.await?,
        };
        polls += 1;
        let mut printed = false;
        for log in &status.logs {
            let key = (
                log.log_type.clone(),
                log.message.clone(),
                log.create_date.clone().unwrap_or_default(),
            );
            if seen_logs.insert(key) {
                say(format!("[CodeThreat] {}: {}", log.log_type, log.message));
                printed = true;
            }
        }
        // After the logs: the final poll's log lines belong before `end`.
        if status.state != last_state {
            say(format!("scan {id}: {}", status.state));
            last_state = status.state.clone();
            printed = true;
        }
        if status.sast_severities != last_counts {
            last_counts = status.sast_severities;
            if !interactive {
                say(format!("findings so far: {}", counts_line(&last_counts)));
                printed = true;
            }
        }
        let progress = status.progress_data.progress.min(100);
        bar.set_position(progress);
        bar.set_message(format!(
            "{} | {}",
            status
                .progress_data
                .current_analysis
                .as_deref()
                .unwrap_or(""),
            counts_line(&last_counts)
        ));
        if printed {
            last_line = Instant::now();
        } else if !interactive && last_line.elapsed() >= plan.heartbeat {
            say(format!(
                "still scanning {id}: {progress}% after {}s",
                started.elapsed().as_secs()
            ));
            last_line = Instant::now();
        }

        match status.scan_state() {
            ScanState::Ended => {
                bar.finish_and_clear();
                tracing::debug!(polls, "scan finished");
                return Ok(WaitOutcome::Finished(status));
            }
            ScanState::Failed | ScanState::Stopped => {
                bar.finish_and_clear();
                return Ok(WaitOutcome::Failed(status));
            }
            ScanState::Running | ScanState::Unknown => {}
        }
        last_status = status;

        let mut pause = interval;
        // Aim the next poll just past the end the progress predicts, so a scan is seen to end
        // within ~0.1 s instead of up to a whole backed-off interval late; the floor keeps a
        // wrong prediction from turning into a burst of polls.
        if (1..100).contains(&progress) {
            let elapsed = started.elapsed();
            let remaining = elapsed.mul_f64((100 - progress) as f64 / progress as f64);
            pause = pause.min((remaining + PREDICTION_SLACK).max(interval / 4));
        }
        if let Some(d) = deadline {
            let now = Instant::now();
            if now >= d {
                bar.finish_and_clear();
                return Ok(WaitOutcome::TimedOut(last_status));
            }
            pause = pause.min(d - now);
        }
        // Heartbeats are due even while the pause is long.
        if !interactive {
            pause = pause.min(plan.heartbeat.max(Duration::from_millis(10)));
        }
        tokio::time::sleep(pause).await;
        interval = interval.mul_f64(BACKOFF).min(plan.poll_max);
    }
}
