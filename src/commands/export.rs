//! `fieldkit export` and `fieldkit restore`: every record as JSON on stdout
//! (a backup), and that backup rebuilt into a new or empty file. The format
//! and how to add a table to it: `crate::store::backup`.

use crate::formats::sanitize::terminal_line;
use crate::store::Store;
use color_eyre::eyre::{Result, WrapErr, bail};
use std::io::Write;
use std::path::Path;

/// Writes the backup; if some rows could not be read, every readable one is
/// still written and the command fails naming the ones left out.
pub fn run(store: &Store, out: &mut dyn Write) -> Result<()> {
    let skipped = store.write_backup(out)?;
    out.flush()?;
    if skipped.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = skipped.iter().map(|u| format!("  {u}")).collect();
    bail!(
        "{}: the file is damaged; the backup holds every record that could be read, \
         and leaves out {} it could not read:\n{}\n\
         Restore the backup into a new file (fieldkit --db NEW restore BACKUP.json), \
         or try SQLite's .recover on a copy for the rest",
        store.path().display(),
        skipped.len(),
        list.join("\n")
    );
}

/// `fieldkit restore FILE.json`: all or nothing into a file with no records.
pub fn restore(store: &mut Store, file: &Path, out: &mut dyn Write) -> Result<()> {
    let shown = file.display().to_string();
    let json = std::fs::File::open(file).wrap_err_with(|| format!("{shown}: cannot read"))?;
    let restored = store.restore_backup(json).wrap_err(shown)?;
    writeln!(
        out,
        "Restored {restored} records from {} into {}",
        terminal_line(&file.display().to_string()),
        terminal_line(&store.path().display().to_string())
    )?;
    Ok(())
}
