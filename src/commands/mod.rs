//! Every subcommand: parse the user's values with the domain's rules, call
//! the store, print plain text, CSV, JSON or Markdown.

mod backlog;
mod delete;
#[cfg(test)]
mod deleted_golden;
mod documents;
mod export;
mod goal;
mod interview;
#[cfg(test)]
mod list_golden;
mod metric;
mod roadmap;
#[cfg(test)]
mod roadmap_golden;
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
    // Unknown (a folder that may not be entered): opening says why.
    let existed = path.try_exists().unwrap_or(true);
    let result = run_on(&path, command, out);
    if !existed && path.exists() {
        if matches!(command, Command::Restore { .. }) && result.is_err() {
            // A failed restore leaves no half-made file behind.
            remove_database(&path);
        } else {
            // A mistyped --db must not pass unnoticed.
            eprintln!(
                "fieldkit: created new database at {}",
                crate::formats::sanitize::terminal_line(&path.display().to_string())
            );
        }
    }
    // A storage failure names the file it happened to (once).
    let shown = path.display().to_string();
    result.map_err(|e| {
        let named = e.chain().any(|c| c.to_string().contains(&shown));
        if crate::store::storage_hint(&e).is_some() && !named {
            e.wrap_err(shown)
        } else {
            e
        }
    })
}

/// Opens the file at `path`, saying on stderr when a large file is being
/// brought up to this version first (it can take some seconds).
pub fn open_store(path: &std::path::Path) -> Result<Store> {
    Store::open_noting_upgrade(path, || {
        eprintln!(
            "fieldkit: updating {} for this version (once; a large file takes a while)…",
            crate::formats::sanitize::terminal_line(&path.display().to_string())
        );
    })
}

fn run_on(path: &std::path::Path, command: &Command, out: &mut dyn Write) -> Result<()> {
    let clock = SystemClock::default();
    let mut store = open_store(path)?;
    if writes(command) {
        store.check_before_write()?;
    }
    match command {
        Command::Demo => demo(&mut store, &clock, out),
        Command::Backlog(sub) => backlog::run(&mut store, &clock, sub, out),
        Command::Shadow(sub) => shadow::run(&mut store, &clock, sub, out),
        Command::Interview(sub) => interview::run(&mut store, &clock, sub, out),
        Command::Script(sub) => interview::run_script(&mut store, &clock, sub, out),
        Command::Synthesis(sub) => synthesis::run(&mut store, &clock, sub, out),
        Command::Export => export::run(&store, out),
        Command::Restore { file } => export::restore(&mut store, file, out),
        Command::Completions { shell } => documents::completions(*shell, out),
        Command::Man { dir } => documents::man(dir.as_deref(), out),
        Command::Sync(args) => sync::run(&mut store, &clock, args, out),
        Command::Metric(sub) => metric::run(&mut store, &clock, sub, out),
        Command::Cadence(args) => metric::cadence(&mut store, &clock, args, out),
        Command::Roadmap(sub) => roadmap::run(&mut store, &clock, sub, out),
        Command::Goal(sub) => goal::run(&mut store, &clock, sub, out),
    }
}

/// Whether a command writes to the database: those check the file is
/// sound first (see `Store::check_before_write`). Every command is listed,
/// so a new one cannot compile until it says.
fn writes(command: &Command) -> bool {
    use crate::cli::{
        BacklogCommand, GoalCommand, InterviewCommand, MetricCommand, RoadmapCommand,
        ScriptCommand, ShadowCommand, SyncCommand, SynthesisCommand,
    };
    match command {
        Command::Demo | Command::Restore { .. } => true,
        Command::Export | Command::Completions { .. } | Command::Man { .. } => false,
        Command::Sync(args) => match &args.command {
            None | Some(SyncCommand::Init { .. }) | Some(SyncCommand::Restore { .. }) => true,
            Some(SyncCommand::Status) | Some(SyncCommand::Trash) => false,
        },
        Command::Backlog(sub) => match sub {
            BacklogCommand::Add(_)
            | BacklogCommand::Set(_)
            | BacklogCommand::Kill { .. }
            | BacklogCommand::Delete { .. }
            | BacklogCommand::Undelete { .. }
            | BacklogCommand::Import { .. } => true,
            BacklogCommand::List(_) | BacklogCommand::Show { .. } => false,
        },
        Command::Shadow(sub) => match sub {
            ShadowCommand::Delete { .. } | ShadowCommand::Undelete { .. } => true,
            ShadowCommand::List { .. } | ShadowCommand::Export { .. } => false,
        },
        Command::Interview(sub) => match sub {
            InterviewCommand::Delete { .. } | InterviewCommand::Undelete { .. } => true,
            InterviewCommand::List { .. } | InterviewCommand::Export { .. } => false,
        },
        Command::Script(sub) => match sub {
            ScriptCommand::Import { .. }
            | ScriptCommand::Delete { .. }
            | ScriptCommand::Undelete { .. } => true,
            ScriptCommand::List { .. } | ScriptCommand::Show { .. } => false,
        },
        Command::Synthesis(sub) => match sub {
            SynthesisCommand::Delete { .. } | SynthesisCommand::Undelete { .. } => true,
            SynthesisCommand::List { .. } | SynthesisCommand::Export { .. } => false,
        },
        Command::Metric(sub) => match sub {
            MetricCommand::Add { .. }
            | MetricCommand::Record { .. }
            | MetricCommand::Preset
            | MetricCommand::Delete { .. }
            | MetricCommand::Undelete { .. }
            | MetricCommand::Unrecord { .. } => true,
            MetricCommand::List { .. } | MetricCommand::Show { .. } => false,
        },
        Command::Cadence(args) => args.set_teams.is_some() || args.set_interviews.is_some(),
        Command::Roadmap(sub) => match sub {
            RoadmapCommand::Capacity { .. } => true,
            RoadmapCommand::Show { .. } => false,
        },
        Command::Goal(sub) => match sub {
            GoalCommand::Add { .. } | GoalCommand::Link { .. } => true,
            GoalCommand::List { .. } => false,
        },
    }
}

/// Removes a database file this run created, with SQLite's files beside it.
fn remove_database(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        // Best effort: a file that is not there is what we want.
        let _ = std::fs::remove_file(std::path::PathBuf::from(name));
    }
}

/// `fieldkit demo`: the seed's examples, impact map, metrics and research,
/// in one transaction (the Backlog pane's `D` loads the same).
pub(crate) fn demo(store: &mut Store, clock: &dyn Clock, out: &mut dyn Write) -> Result<()> {
    let now = clock.now();
    let zone = jiff::tz::TimeZone::system();
    let today = now.to_zoned_datetime(zone.clone()).date();
    let loaded = store.load_demo(today, &zone, now)?;
    writeln!(
        out,
        "Loaded {} of the seed's {} example items into {}{}",
        loaded.items,
        loaded.items_offered,
        crate::formats::sanitize::terminal_line(&store.path().display().to_string()),
        if loaded.items < loaded.items_offered {
            " (the others were already there)"
        } else {
            ""
        }
    )?;
    writeln!(
        out,
        "Loaded {} of the seed's {} metrics with {} readings, and {} \
         sessions and interviews for the research cadence",
        loaded.metrics, loaded.metrics_offered, loaded.readings, loaded.research
    )?;
    if loaded.linked > 0 {
        writeln!(
            out,
            "Linked {} deliverables into the seed's impact map (2 goals, 6 actors, 6 impacts): \
             see `fieldkit goal list`",
            loaded.linked
        )?;
    }
    Ok(())
}
