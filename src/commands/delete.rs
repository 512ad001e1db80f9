//! `shadow delete`, `interview delete`, `synthesis delete`, `script delete`:
//! name what goes, ask (unless --yes), then delete in one transaction. The
//! TUI deletes through the same store functions.

use crate::domain::InputError;
use crate::formats::sanitize::terminal_line;
use crate::store::Store;
use color_eyre::eyre::Result;
use std::io::{BufRead, IsTerminal, Write};

/// Asks on the terminal whether to go ahead; without a terminal to ask on,
/// only --yes goes ahead.
fn confirmed(what: &str, yes: bool) -> Result<bool> {
    if yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        return Err(InputError::new(
            "--yes",
            format!("deleting {what} asks first, and there is no terminal to ask on: add --yes"),
        )
        .into());
    }
    eprint!("Delete {what}? This cannot be undone. [y/N] ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes"))
}

fn kept(out: &mut dyn Write) -> Result<()> {
    writeln!(out, "Nothing deleted.")?;
    Ok(())
}

pub fn session(store: &mut Store, id: &str, yes: bool, out: &mut dyn Write) -> Result<()> {
    let session = store.find_session(id)?;
    let what = terminal_line(&format!(
        "the session with {} ({}) and its events",
        session.participant, session.workflow
    ))
    .into_owned();
    if !confirmed(&what, yes)? {
        return kept(out);
    }
    store.delete_session(&session.id)?;
    writeln!(out, "Deleted {what}.")?;
    Ok(())
}

pub fn interview(store: &mut Store, id: &str, yes: bool, out: &mut dyn Write) -> Result<()> {
    let interview = store.find_interview(id)?;
    let what = terminal_line(&format!(
        "the interview with {} and its notes and quotes",
        interview.participant
    ))
    .into_owned();
    if !confirmed(&what, yes)? {
        return kept(out);
    }
    store.delete_interview(&interview.id)?;
    writeln!(out, "Deleted {what}.")?;
    Ok(())
}

pub fn synthesis(store: &mut Store, id: &str, yes: bool, out: &mut dyn Write) -> Result<()> {
    let synthesis = store.find_synthesis(id)?;
    let what = terminal_line(&format!(
        "the synthesis '{}' and its entries",
        synthesis.title
    ))
    .into_owned();
    if !confirmed(&what, yes)? {
        return kept(out);
    }
    store.delete_synthesis(&synthesis.id)?;
    writeln!(out, "Deleted {what}.")?;
    Ok(())
}

pub fn script(store: &mut Store, name: &str, yes: bool, out: &mut dyn Write) -> Result<()> {
    let script = store.script(name)?;
    let what = terminal_line(&format!("the script '{}'", script.name)).into_owned();
    if !confirmed(&what, yes)? {
        return kept(out);
    }
    store.delete_script(&script.name)?;
    writeln!(out, "Deleted {what}.")?;
    Ok(())
}
