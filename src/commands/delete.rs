//! `shadow delete`, `interview delete`, `synthesis delete`, `script delete`,
//! `backlog delete` and their `undelete`: name what goes, ask (unless
//! --yes), then mark it deleted in one transaction; `undelete` brings it
//! back as it was. The TUI deletes and undoes through the same store
//! functions.

use crate::domain::InputError;
use crate::domain::time::Clock;
use crate::domain::undelete::Deleted;
use crate::formats::sanitize::terminal_line;
use crate::store::Store;
use color_eyre::eyre::Result;
use std::io::{BufRead, IsTerminal, Write};

/// Asks on the terminal whether to go ahead; without a terminal to ask on,
/// only --yes goes ahead.
fn confirmed(what: &str, undo: &str, yes: bool) -> Result<bool> {
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
    eprint!("Delete {what}? `{undo}` brings it back. [y/N] ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes"))
}

fn kept(out: &mut dyn Write) -> Result<()> {
    writeln!(out, "Nothing deleted.")?;
    Ok(())
}

fn deleted(out: &mut dyn Write, what: &str, undo: &str) -> Result<()> {
    writeln!(out, "Deleted {what}; bring it back with: {undo}")?;
    Ok(())
}

pub fn session(
    store: &mut Store,
    clock: &dyn Clock,
    id: &str,
    yes: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let session = store.find_session(id)?;
    let what = terminal_line(&format!(
        "the session with {} ({}) and its events",
        session.participant, session.workflow
    ))
    .into_owned();
    let undo = Deleted::Session(&session.id).undelete_command();
    if !confirmed(&what, &undo, yes)? {
        return kept(out);
    }
    store.delete_session(&session.id, clock.now())?;
    deleted(out, &what, &undo)
}

pub fn undelete_session(store: &mut Store, id: &str, out: &mut dyn Write) -> Result<()> {
    let session = store.undelete_session(id)?;
    writeln!(
        out,
        "Brought back the session with {} ({}) and its events.",
        terminal_line(&session.participant),
        terminal_line(&session.workflow)
    )?;
    Ok(())
}

pub fn interview(
    store: &mut Store,
    clock: &dyn Clock,
    id: &str,
    yes: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let interview = store.find_interview(id)?;
    let what = terminal_line(&format!(
        "the interview with {} and its notes and quotes",
        interview.participant
    ))
    .into_owned();
    let undo = Deleted::Interview(&interview.id).undelete_command();
    if !confirmed(&what, &undo, yes)? {
        return kept(out);
    }
    store.delete_interview(&interview.id, clock.now())?;
    deleted(out, &what, &undo)
}

pub fn undelete_interview(store: &mut Store, id: &str, out: &mut dyn Write) -> Result<()> {
    let interview = store.undelete_interview(id)?;
    writeln!(
        out,
        "Brought back the interview with {} and its notes and quotes.",
        terminal_line(&interview.participant)
    )?;
    Ok(())
}

pub fn synthesis(
    store: &mut Store,
    clock: &dyn Clock,
    id: &str,
    yes: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let synthesis = store.find_synthesis(id)?;
    let what = terminal_line(&format!(
        "the synthesis '{}' and its entries",
        synthesis.title
    ))
    .into_owned();
    let undo = Deleted::Synthesis(&synthesis.id).undelete_command();
    if !confirmed(&what, &undo, yes)? {
        return kept(out);
    }
    store.delete_synthesis(&synthesis.id, clock.now())?;
    deleted(out, &what, &undo)
}

pub fn undelete_synthesis(store: &mut Store, id: &str, out: &mut dyn Write) -> Result<()> {
    let synthesis = store.undelete_synthesis(id)?;
    writeln!(
        out,
        "Brought back the synthesis '{}' and its entries.",
        terminal_line(&synthesis.title)
    )?;
    Ok(())
}

pub fn script(
    store: &mut Store,
    clock: &dyn Clock,
    name: &str,
    yes: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let script = store.script(name)?;
    let what = terminal_line(&format!("the script '{}'", script.name)).into_owned();
    // The name is quoted for a shell, as the user would type it.
    let undo = terminal_line(&Deleted::Script(&script.name).undelete_command()).into_owned();
    if !confirmed(&what, &undo, yes)? {
        return kept(out);
    }
    store.delete_script(&script.name, clock.now())?;
    deleted(out, &what, &undo)
}

pub fn undelete_script(store: &mut Store, name: &str, out: &mut dyn Write) -> Result<()> {
    let script = store.undelete_script(name)?;
    writeln!(
        out,
        "Brought back the script '{}'.",
        terminal_line(&script.name)
    )?;
    Ok(())
}

pub fn item(
    store: &mut Store,
    clock: &dyn Clock,
    id: &str,
    yes: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let item = store.find_item(id)?;
    let what = terminal_line(&format!("'{}'", item.title)).into_owned();
    let undo = Deleted::Item(&item.id).undelete_command();
    if !confirmed(&what, &undo, yes)? {
        return kept(out);
    }
    store.delete_item(&item.id, clock.now())?;
    deleted(out, &what, &undo)
}

pub fn undelete_item(store: &mut Store, id: &str, out: &mut dyn Write) -> Result<()> {
    let item = store.undelete_item(id)?;
    writeln!(out, "Brought back '{}'.", terminal_line(&item.title))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::shadow::NewSession;
    use crate::domain::synthesis::SourceKind;
    use crate::domain::time::FakeClock;

    #[test]
    fn each_delete_is_stamped_by_the_clock_it_is_given() {
        let at: jiff::Timestamp = "2026-11-25T14:00:00Z".parse().unwrap();
        let clock = FakeClock::at(at);
        let mut store = Store::open_in_memory().unwrap();
        let recorded = store
            .create_session(&NewSession::parse("Alex", "Deploy", "", "").unwrap(), at)
            .unwrap();
        let drawn = store
            .create_synthesis(
                "Deploys",
                &[(SourceKind::Shadowing, recorded.id.clone())],
                at,
            )
            .unwrap();
        let mut out = Vec::new();
        clock.jump_wall(60.0);
        synthesis(&mut store, &clock, &drawn.id, true, &mut out).unwrap();
        clock.jump_wall(60.0);
        session(&mut store, &clock, &recorded.id, true, &mut out).unwrap();
        let when = |t: &str| -> String { t.parse::<jiff::Timestamp>().unwrap().to_string() };
        assert_eq!(
            when(&crate::store::collected(|f| store.for_each_deleted_synthesis(f))[0].deleted_at),
            "2026-11-25T14:01:00Z"
        );
        assert_eq!(
            when(&crate::store::collected(|f| store.for_each_deleted_session(f))[0].deleted_at),
            "2026-11-25T14:02:00Z"
        );
    }
}
