//! Every subcommand: parse the user's values with the domain's rules, call
//! the store, print plain text, CSV, JSON or Markdown.

mod backlog;
mod documents;
mod export;
mod interview;
mod shadow;
mod sync;
mod synthesis;

use crate::cli::{Cli, Command};
use crate::domain::time::{Clock, SystemClock};
use crate::store::Store;
use color_eyre::eyre::{Result, eyre};
use std::io::Write;
use std::path::PathBuf;

/// The database path: `--db`, then `FIELDKIT_DB` (both through clap), then
/// `fieldkit.db` in the platform's data directory.
pub fn database_path(cli: &Cli) -> Result<PathBuf> {
    if let Some(path) = &cli.db {
        return Ok(path.clone());
    }
    let dirs = directories::ProjectDirs::from("", "", "fieldkit")
        .ok_or_else(|| eyre!("no home directory found: give a database with --db PATH"))?;
    Ok(dirs.data_dir().join("fieldkit.db"))
}

/// Runs a subcommand, writing its output to `out`.
pub fn run(cli: &Cli, command: &Command, out: &mut dyn Write) -> Result<()> {
    // Documents about the command line itself need no database: they must
    // work before any file exists (a shell's startup sources them).
    match command {
        Command::Completions { shell } => return documents::completions(*shell, out),
        Command::Man { dir } => return documents::man(dir.as_deref(), out),
        _ => {}
    }
    let path = database_path(cli)?;
    let clock = SystemClock::default();
    let mut store = Store::open(&path)?;
    let result = match command {
        Command::Demo => demo(&mut store, &clock, out),
        Command::Backlog(sub) => backlog::run(&mut store, &clock, sub, out),
        Command::Shadow(sub) => shadow::run(&store, sub, out),
        Command::Interview(sub) => interview::run(&store, sub, out),
        Command::Script(sub) => interview::run_script(&mut store, &clock, sub, out),
        Command::Synthesis(sub) => synthesis::run(&store, sub, out),
        Command::Export => export::run(&store, &clock, out),
        Command::Completions { shell } => documents::completions(*shell, out),
        Command::Man { dir } => documents::man(dir.as_deref(), out),
        Command::Sync(args) => sync::run(&mut store, args, out),
    };
    // A storage failure names the file it happened to.
    result.map_err(|e| {
        if crate::store::storage_hint(&e).is_some() {
            e.wrap_err(path.display().to_string())
        } else {
            e
        }
    })
}

fn demo(store: &mut Store, clock: &dyn Clock, out: &mut dyn Write) -> Result<()> {
    let examples = crate::domain::demo::examples();
    let added = store.add_items_with_ids(&examples, clock.now())?;
    writeln!(
        out,
        "Loaded {added} of the seed's {} example items into {}{}",
        examples.len(),
        crate::formats::sanitize::terminal_line(&store.path().display().to_string()),
        if added < examples.len() {
            " (the others were already there)"
        } else {
            ""
        }
    )?;
    Ok(())
}
