//! Ctrl-C and SIGTERM as one future: cron, systemd and CI runners stop jobs with SIGTERM, and
//! kdt treats it like Ctrl-C so a scan's id is reported and the profile stays consistent.

/// Resolves on Ctrl-C, or on SIGTERM where there is one.
pub async fn terminated() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
