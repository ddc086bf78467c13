//! Diagnostic logging through `tracing`, to stderr. Verbosity: by default kdt's own warnings (and the webhook
//! receiver's one line per delivery), `-v` info, `-vv` debug (the HTTP trace), `-vvv` trace;
//! `KDT_LOG` takes a full filter. Every line passes the printer's secret scrubber.

use std::io::Write;

use tracing_subscriber::EnvFilter;

use crate::cli::GlobalArgs;
use crate::env;
use crate::output::Printer;

pub fn init(global: &GlobalArgs, printer: &Printer) {
    let default = match (global.quiet, global.verbose) {
        // Libraries' own log lines (e.g. the TLS verifier's) repeat what kdt's error already
        // says, so they show only from -vvv on.
        (true, _) => "kdt=error",
        (false, 0) => "kdt=warn,kdt::webhook=info",
        (false, 1) => "kdt=info",
        (false, 2) => "kdt=debug",
        _ => "info,kdt=trace",
    };
    let filter = env::var(env::KDT_LOG)
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| EnvFilter::new(default));
    let printer = printer.clone();
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(global.verbose >= 2)
        .with_ansi(false)
        .with_writer(move || ScrubbingWriter {
            printer: printer.clone(),
            buf: Vec::new(),
        })
        .try_init();
}

/// Buffers one event and writes it scrubbed of registered secrets when dropped.
struct ScrubbingWriter {
    printer: Printer,
    buf: Vec<u8>,
}

impl Write for ScrubbingWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for ScrubbingWriter {
    fn drop(&mut self) {
        let text = String::from_utf8_lossy(&self.buf);
        let _ = std::io::stderr()
            .lock()
            .write_all(self.printer.scrub(&text).as_bytes());
    }
}
