//! `fieldkit sync`: init, send and receive, status, the trash.

use crate::cli::{SyncArgs, SyncCommand, TableFormat};
use crate::domain::InputError;
use crate::domain::time::local_minute;
use crate::domain::time::{Clock, ago};
use crate::store::Store;
use crate::sync::{self, Remote, Report, shown};
use color_eyre::eyre::{Result, bail};
use serde_json::json;
use std::io::{IsTerminal, Write};

/// The environment variable that gives `sync init` the team's secret.
const SECRET_ENV: &str = "FIELDKIT_SYNC_SECRET";

pub fn run(
    store: &mut Store,
    clock: &dyn Clock,
    args: &SyncArgs,
    out: &mut dyn Write,
) -> Result<()> {
    match &args.command {
        None => run_sync(store, args.format, out),
        Some(SyncCommand::Init { git, dir, name }) => {
            let remote = match (git, dir) {
                (Some(url), None) if url.trim().starts_with('-') => {
                    return Err(InputError::new(
                        "--git",
                        format!(
                            "'{}' is not a repository: give its URL or path (an option-like \
                             value starting with '-' is refused)",
                            shown(url.trim())
                        ),
                    )
                    .into());
                }
                (Some(url), None) if !url.trim().is_empty() => Remote::Git(url.trim().to_string()),
                (None, Some(path)) => Remote::Dir(path.clone()),
                _ => {
                    return Err(InputError::new(
                        "remote",
                        "give one of --git URL (a repository the team can push to) or --dir PATH \
                         (a shared folder)",
                    )
                    .into());
                }
            };
            let author = author_name(name.as_deref())?;
            let secret = secret()?;
            let done = sync::init(store, remote, &author, &secret)?;
            let target = match &done.remote {
                Remote::Git(url) => format!("the git repository {}", shown(url)),
                Remote::Dir(path) => {
                    format!("the shared folder {}", shown(&path.display().to_string()))
                }
            };
            writeln!(
                out,
                "Sync is set up with {target}; you write as {}.\n\
                 The secret is stored beside the database, readable by you only.\n\
                 {} records queued to send: run `fieldkit sync`.",
                shown(&done.author),
                done.queued
            )?;
            Ok(())
        }
        Some(SyncCommand::Status) => status(store, clock.now(), args.format, out),
        Some(SyncCommand::Trash) => trash(store, args.format, out),
        Some(SyncCommand::Restore { id }) => {
            let n = sync::restore(store, id)?;
            writeln!(
                out,
                "Restored {n} record{} here; the others get {} at their next sync once you run `fieldkit sync`.",
                if n == 1 { "" } else { "s" },
                if n == 1 { "it" } else { "them" }
            )?;
            Ok(())
        }
    }
}

fn author_name(given: Option<&str>) -> Result<String> {
    let name = match given {
        Some(n) => n.trim().to_string(),
        None => crate::store::login_name(),
    };
    if name.is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
        return Err(InputError::new(
            "name",
            "the author's name must be 1 to 80 characters on one line",
        )
        .into());
    }
    Ok(name)
}

fn secret() -> Result<String> {
    let secret = match std::env::var(SECRET_ENV) {
        Ok(s) => s,
        Err(_) if std::io::stdin().is_terminal() => prompt_secret()?,
        Err(_) => {
            return Err(InputError::new(
                "secret",
                format!(
                    "give the team's secret in {SECRET_ENV} (or run in a terminal to be asked)"
                ),
            )
            .into());
        }
    };
    if secret.chars().count() < 8 || secret.contains(['\n', '\r']) {
        return Err(InputError::new(
            "secret",
            "the team's secret must be at least 8 characters on one line",
        )
        .into());
    }
    Ok(secret)
}

/// Asks for the secret without showing what is typed.
fn prompt_secret() -> Result<String> {
    use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
    eprint!("The team's secret (not shown): ");
    std::io::stderr().flush()?;
    crossterm::terminal::enable_raw_mode()?;
    let mut secret = String::new();
    let outcome = loop {
        match event::read() {
            Ok(Event::Key(k)) if k.kind == KeyEventKind::Press => match k.code {
                KeyCode::Enter => break Ok(()),
                KeyCode::Esc => break Err(None),
                KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                    break Err(None);
                }
                KeyCode::Char(c) => secret.push(c),
                KeyCode::Backspace => {
                    secret.pop();
                }
                _ => {}
            },
            Ok(Event::Paste(text)) => secret.push_str(&text),
            Ok(_) => {}
            Err(e) => break Err(Some(e)),
        }
    };
    crossterm::terminal::disable_raw_mode()?;
    eprintln!();
    match outcome {
        Ok(()) => Ok(secret),
        Err(None) => bail!("cancelled: sync was not set up"),
        Err(Some(e)) => Err(e.into()),
    }
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => format!("\"{}\"", shown(s)),
        other => shown(&other.to_string()),
    }
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

fn run_sync(store: &mut Store, format: TableFormat, out: &mut dyn Write) -> Result<()> {
    let report = sync::sync(store)?;
    match format {
        TableFormat::Json => {
            crate::formats::sanitize::write_json(&mut *out, &report_json(&report))?;
            writeln!(out)?;
        }
        TableFormat::Table => print_report(&report, out)?,
    }
    Ok(())
}

fn report_json(r: &Report) -> serde_json::Value {
    json!({
        "sent": {"records": r.sent_records, "changes": r.sent_changes},
        "received": {"records": r.received(), "added": r.inserted, "changed": r.updated, "deleted": r.deleted},
        "conflicts": r.conflicts.iter().map(|c| json!({
            "record": c.record_id, "table": c.table, "field": c.field,
            "kept": {"value": c.kept_value, "by": c.kept_by, "at": c.kept_at},
            "replaced": {"value": c.lost_value, "by": c.lost_by, "at": c.lost_at},
        })).collect::<Vec<_>>(),
        "waiting": r.waiting.iter().map(|(t, id)| json!({"table": t, "record": id})).collect::<Vec<_>>(),
        "kept_as_evidence": r.kept_as_evidence.iter().map(|(t, id)| json!({"table": t, "record": id})).collect::<Vec<_>>(),
        "refused": r.refused.iter().map(|(t, id, why)| json!({"table": t, "record": id, "why": why})).collect::<Vec<_>>(),
    })
}

fn print_report(r: &Report, out: &mut dyn Write) -> Result<()> {
    writeln!(
        out,
        "Sent {} change{} to {} record{}; received {} record{} ({} added, {} changed, {} deleted).",
        r.sent_changes,
        if r.sent_changes == 1 { "" } else { "s" },
        r.sent_records,
        if r.sent_records == 1 { "" } else { "s" },
        r.received(),
        if r.received() == 1 { "" } else { "s" },
        r.inserted,
        r.updated,
        r.deleted
    )?;
    if r.conflicts.is_empty() {
        writeln!(out, "No conflicts.")?;
    } else {
        writeln!(
            out,
            "{} conflict{} (the later edit is kept; the other stays in the record's history):",
            r.conflicts.len(),
            if r.conflicts.len() == 1 { "" } else { "s" }
        )?;
        for c in &r.conflicts {
            writeln!(
                out,
                "  {} {} {}: kept {} by {}, replaced {} by {}",
                c.table,
                short(&c.record_id),
                shown(&c.field),
                value_text(&c.kept_value),
                shown(&c.kept_by),
                value_text(&c.lost_value),
                shown(&c.lost_by)
            )?;
        }
    }
    if !r.waiting.is_empty() {
        writeln!(
            out,
            "{} record{} wait for what {} refer{} to (kept; applied when it arrives):",
            r.waiting.len(),
            if r.waiting.len() == 1 { "" } else { "s" },
            if r.waiting.len() == 1 { "it" } else { "they" },
            if r.waiting.len() == 1 { "s" } else { "" }
        )?;
        for (t, id) in &r.waiting {
            writeln!(out, "  {t} {}", short(id))?;
        }
    }
    for (t, id) in &r.kept_as_evidence {
        writeln!(
            out,
            "Kept {t} {}: deleted elsewhere, but it is evidence here.",
            short(id)
        )?;
    }
    for (t, id, why) in &r.refused {
        writeln!(out, "Not applied: {t} {} ({}).", short(id), shown(why))?;
    }
    Ok(())
}

fn status(
    store: &Store,
    now: jiff::Timestamp,
    format: TableFormat,
    out: &mut dyn Write,
) -> Result<()> {
    let st = sync::status(store)?;
    match format {
        TableFormat::Json => {
            let remote = st.remote.as_ref().map(|r| match r {
                Remote::Git(url) => json!({"git": url}),
                Remote::Dir(p) => json!({"dir": p.display().to_string()}),
            });
            crate::formats::sanitize::write_json(
                &mut *out,
                &json!({
                    "remote": remote,
                    "author": st.author,
                    "to_send": st.to_send,
                    "last_sync": st.last_sync.as_ref().map(|l| json!({
                        "at": l.at, "sent": l.sent, "received": l.received,
                        "conflicts": l.conflicts, "waiting": l.waiting,
                    })),
                }),
            )?;
            writeln!(out)?;
        }
        TableFormat::Table => {
            match &st.remote {
                None => writeln!(
                    out,
                    "Sync is not set up: run `fieldkit sync init --git URL` (or --dir PATH)."
                )?,
                Some(Remote::Git(url)) => writeln!(out, "Remote: git {}", shown(url))?,
                Some(Remote::Dir(p)) => {
                    writeln!(
                        out,
                        "Remote: shared folder {}",
                        shown(&p.display().to_string())
                    )?;
                }
            }
            writeln!(out, "Author: {}", shown(&st.author))?;
            if st.remote.is_some() {
                writeln!(
                    out,
                    "To send: {} change{}",
                    st.to_send,
                    if st.to_send == 1 { "" } else { "s" }
                )?;
                match &st.last_sync {
                    None => writeln!(out, "Last sync: never")?,
                    Some(l) => writeln!(
                        out,
                        "Last sync: {} ({}): sent {}, received {}, {} conflict{}{}",
                        local_minute(&l.at, &jiff::tz::TimeZone::system()),
                        l.at.parse::<jiff::Timestamp>()
                            .map(|then| ago(then, now))
                            .unwrap_or_default(),
                        l.sent,
                        l.received,
                        l.conflicts,
                        if l.conflicts == 1 { "" } else { "s" },
                        if l.waiting > 0 {
                            format!(", {} waiting for what they refer to", l.waiting)
                        } else {
                            String::new()
                        }
                    )?,
                }
            }
        }
    }
    Ok(())
}

fn trash(store: &Store, format: TableFormat, out: &mut dyn Write) -> Result<()> {
    let items = sync::trash(store)?;
    match format {
        TableFormat::Json => {
            let rows: Vec<_> = items
                .iter()
                .map(|t| {
                    json!({"id": t.id, "table": t.table, "summary": t.summary,
                           "deleted_by": t.deleted_by, "deleted_at": t.deleted_at})
                })
                .collect();
            crate::formats::sanitize::write_json(&mut *out, &rows)?;
            writeln!(out)?;
        }
        TableFormat::Table => {
            if items.is_empty() {
                writeln!(out, "The trash is empty.")?;
                return Ok(());
            }
            use crate::formats::table::{Align, render};
            let zone = jiff::tz::TimeZone::system();
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|t| {
                    vec![
                        short(&t.id).to_string(),
                        t.table.clone(),
                        t.summary.clone(),
                        t.deleted_by.clone(),
                        local_minute(&t.deleted_at, &zone),
                    ]
                })
                .collect();
            write!(
                out,
                "{}",
                render(
                    &[
                        ("id", Align::Left),
                        ("kind", Align::Left),
                        ("what", Align::Left),
                        ("deleted by", Align::Left),
                        ("when", Align::Left),
                    ],
                    &rows
                )
            )?;
            writeln!(out, "Bring one back with `fieldkit sync restore ID`.")?;
        }
    }
    Ok(())
}
