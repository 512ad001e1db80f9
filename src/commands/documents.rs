//! `fieldkit completions SHELL` and `fieldkit man`: generated from the same
//! clap definition as the parser, so they never drift from the commands.

use crate::cli::Cli;
use clap::CommandFactory;
use color_eyre::eyre::{Result, WrapErr};
use std::io::Write;
use std::path::Path;

/// The completion script for `shell` on `out`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<()> {
    let mut command = Cli::command();
    // Generated into memory first: clap_complete panics on a failed write,
    // and `| head` closing the pipe is no reason to panic.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "fieldkit", &mut script);
    out.write_all(&script)?;
    Ok(())
}

/// fieldkit(1) on `out`, or with `dir` every page (fieldkit.1,
/// fieldkit-backlog.1, fieldkit-backlog-import.1…) written there.
pub fn man(dir: Option<&Path>, out: &mut dyn Write) -> Result<()> {
    let command = Cli::command();
    match dir {
        None => clap_mangen::Man::new(command).render(out)?,
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .wrap_err_with(|| format!("{}: cannot create the folder", dir.display()))?;
            clap_mangen::generate_to(command, dir)
                .wrap_err_with(|| format!("{}: cannot write the man pages", dir.display()))?;
            writeln!(out, "Wrote the man pages to {}", dir.display())?;
        }
    }
    Ok(())
}
