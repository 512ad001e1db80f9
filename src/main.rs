use clap::Parser;
use fieldkit::cli::Cli;
use fieldkit::domain::InputError;
use fieldkit::formats::sanitize::terminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    if let Err(e) = color_eyre::install() {
        eprintln!("fieldkit: {e}");
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    match fieldkit::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(report) => {
            // `head` closing the pipe early is not a failure.
            if fieldkit::is_broken_pipe(&report) {
                return ExitCode::SUCCESS;
            }
            eprintln!("fieldkit: {}", terminal(&message(&report)));
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

/// clap's message for a bad command line, with the argument it quotes
/// sanitized so a hostile argument stays inert. Help and version carry no
/// user text and keep clap's own printing.
fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind::{
        DisplayHelp, DisplayHelpOnMissingArgumentOrSubcommand, DisplayVersion,
    };
    if matches!(
        e.kind(),
        DisplayHelp | DisplayVersion | DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        e.exit();
    }
    let text = e.render().to_string();
    // stderr gone too: nothing more to say.
    let _ = std::io::Write::write_all(&mut std::io::stderr(), terminal(&text).as_bytes());
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
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
