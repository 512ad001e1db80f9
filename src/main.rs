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
            eprintln!("fieldkit: {report:#}");
            if report.downcast_ref::<InputError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}
