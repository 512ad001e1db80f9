use clap::Parser;
use fieldkit::cli::Cli;
use fieldkit::domain::InputError;
use std::process::ExitCode;

fn main() -> ExitCode {
    if let Err(e) = color_eyre::install() {
        eprintln!("fieldkit: {e}");
    }
    let cli = Cli::parse();
    match fieldkit::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(report) => {
            // `head` closing the pipe early is not a failure.
            let broken_pipe = report
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe);
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("fieldkit: {}", message(&report));
            if let Some(hint) = fieldkit::store::storage_hint(&report) {
                eprintln!("fieldkit: {hint}");
            }
            if report.downcast_ref::<InputError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// The report's chain of causes, joined by ": ", stopping at SQLite's own
/// error (whose sources repeat it with a numeric code).
fn message(report: &color_eyre::eyre::Report) -> String {
    let mut parts = Vec::new();
    for cause in report.chain() {
        parts.push(cause.to_string());
        if cause.downcast_ref::<rusqlite::Error>().is_some() {
            break;
        }
    }
    parts.join(": ")
}
