//! Deleting whole records: a shadowing session, an interview, a synthesis,
//! a script. Research that other records rest on is refused with a message
//! saying what to delete first; nothing is half-deleted (one transaction).

use super::Store;
use crate::domain::InputError;
use color_eyre::eyre::Result;
use rusqlite::{OptionalExtension, Transaction, params};

/// The title of one synthesis that draws on a source, if one does.
fn synthesis_using(tx: &Transaction<'_>, column: &str, id: &str) -> Result<Option<String>> {
    // `column` is one of two fixed names, never user text.
    let sql = match column {
        "session_id" => {
            "SELECT s.title AS title FROM synthesis_source src JOIN synthesis s \
             ON s.id = src.synthesis_id WHERE src.session_id = ?1 ORDER BY s.seq LIMIT 1"
        }
        _ => {
            "SELECT s.title AS title FROM synthesis_source src JOIN synthesis s \
             ON s.id = src.synthesis_id WHERE src.interview_id = ?1 ORDER BY s.seq LIMIT 1"
        }
    };
    Ok(tx
        .query_row(sql, params![id], |r| r.get("title"))
        .optional()?)
}

impl Store {
    /// Deletes a session with its events and pauses. Refused while a
    /// synthesis draws on it or its stamps are evidence on backlog items.
    pub fn delete_session(&mut self, id: &str) -> Result<()> {
        let tx = self.write_transaction()?;
        if let Some(title) = synthesis_using(&tx, "session_id", id)? {
            return Err(InputError::new(
                "session",
                format!("the synthesis '{title}' draws on it: delete that synthesis first"),
            )
            .into());
        }
        let linked: i64 = tx.query_row(
            "SELECT count(*) AS n FROM evidence WHERE shadow_event_id IN \
             (SELECT id FROM shadow_event WHERE session_id = ?1)",
            params![id],
            |r| r.get("n"),
        )?;
        if linked > 0 {
            return Err(InputError::new(
                "session",
                format!(
                    "{linked} of its stamps are evidence on backlog items: delete those items first"
                ),
            )
            .into());
        }
        tx.execute(
            "DELETE FROM shadow_event WHERE session_id = ?1",
            params![id],
        )?;
        tx.execute(
            "DELETE FROM shadow_pause WHERE session_id = ?1",
            params![id],
        )?;
        tx.execute("DELETE FROM shadow_session WHERE id = ?1", params![id])?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes an interview with its steps, notes, quotes and talk times.
    /// Refused while a synthesis draws on it or its quotes are evidence.
    pub fn delete_interview(&mut self, id: &str) -> Result<()> {
        let tx = self.write_transaction()?;
        if let Some(title) = synthesis_using(&tx, "interview_id", id)? {
            return Err(InputError::new(
                "interview",
                format!("the synthesis '{title}' draws on it: delete that synthesis first"),
            )
            .into());
        }
        let linked: i64 = tx.query_row(
            "SELECT count(*) AS n FROM evidence WHERE interview_note_id IN \
             (SELECT id FROM interview_note WHERE interview_id = ?1)",
            params![id],
            |r| r.get("n"),
        )?;
        if linked > 0 {
            return Err(InputError::new(
                "interview",
                format!("{linked} of its quotes and notes are evidence on backlog items: delete those items first"),
            )
            .into());
        }
        // Its steps, notes and talk times go with it (ON DELETE CASCADE).
        tx.execute("DELETE FROM interview WHERE id = ?1", params![id])?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes a synthesis with its entries and their links; the quotes
    /// and events it linked, and backlog items promoted from it, stay.
    pub fn delete_synthesis(&mut self, id: &str) -> Result<()> {
        let tx = self.write_transaction()?;
        tx.execute("DELETE FROM synthesis WHERE id = ?1", params![id])?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes a script by name; interviews keep the copy they ran. The
    /// last script is kept, so a new interview always has one.
    pub fn delete_script(&mut self, name: &str) -> Result<String> {
        let script = self.script(name)?;
        let tx = self.write_transaction()?;
        let count: i64 = tx.query_row("SELECT count(*) AS n FROM interview_script", [], |r| {
            r.get("n")
        })?;
        if count <= 1 {
            return Err(InputError::new(
                "script",
                format!(
                    "'{}' is the only script: import another first (fieldkit script import FILE)",
                    script.name
                ),
            )
            .into());
        }
        tx.execute(
            "DELETE FROM interview_script WHERE name = ?1",
            params![script.name],
        )?;
        tx.commit()?;
        Ok(script.name)
    }
}
