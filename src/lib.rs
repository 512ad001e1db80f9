//! fieldkit: a keyboard-first terminal app for platform teams that run their
//! platform as a product — RICE triage, developer shadowing, structured
//! interviews and research synthesis, offline in one SQLite file.
#![deny(clippy::unwrap_used)]

pub mod cli;
pub mod commands;
pub mod domain;
pub mod formats;
pub mod store;
pub mod sync;
pub mod tui;

use cli::Cli;
use color_eyre::eyre::Result;
use std::io::Write;

/// Whether a failure is only the reader of stdout going away (`| head`),
/// which ends the command quietly and successfully.
pub fn is_broken_pipe(report: &color_eyre::eyre::Report) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    report.chain().any(|cause| {
        if let Some(e) = cause.downcast_ref::<std::io::Error>() {
            return e.kind() == BrokenPipe;
        }
        if let Some(e) = cause.downcast_ref::<serde_json::Error>() {
            return e.io_error_kind() == Some(BrokenPipe);
        }
        if let Some(e) = cause.downcast_ref::<::csv::Error>() {
            return matches!(e.kind(), ::csv::ErrorKind::Io(io) if io.kind() == BrokenPipe);
        }
        false
    })
}

/// Runs what the command line asks: a subcommand, or the TUI.
pub fn run(cli: &Cli) -> Result<()> {
    match &cli.command {
        Some(command) => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            commands::run(cli, command, &mut out)?;
            out.flush()?;
            Ok(())
        }
        None => {
            let path = commands::database_path(cli)?;
            let store = commands::open_store(&path)?;
            // The app writes (heartbeats, resumed clocks, every edit): a
            // damaged file is refused first, as the CLI's writing commands
            // refuse it, and before the terminal is taken so the message
            // stays readable.
            store.check_before_write()?;
            // A storage failure names the file it happened to.
            tui::run(store).map_err(|e| {
                if store::storage_hint(&e).is_some() {
                    e.wrap_err(path.display().to_string())
                } else {
                    e
                }
            })
        }
    }
}
