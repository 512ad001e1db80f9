//! The one place with SQL: opening (and refusing) database files, pragmas,
//! migrations, and one file per table group.

mod backlog;
mod backlog_window;
pub mod backup;
mod clock_hold;
mod delete;
mod demo;
mod interview;
mod metric;
mod roadmap;
mod roadmap_lanes;
mod shadow;
mod sync;
mod synthesis;
mod tallies;

pub use backlog::RankedRow;
pub use backlog_window::{
    ANCHOR_EVERY, ChangeStamp, Listing, RANK_BUDGET, RankAnchors, RankKey, Ranked,
};
pub use clock_hold::ClockHold;
pub use delete::Trashed;
#[cfg(test)]
pub use delete::collected;
pub use demo::DemoLoaded;
pub use interview::StoredScript;
pub use metric::{ReadingOutcome, ResearchRow};
pub use roadmap::{MapLink, RecordChange, StoredCapacity};
pub use roadmap_lanes::FillKey;
pub use shadow::Pause;
pub use sync::{Applied, Authors, Conflict, OutboxRow, Received, SYNCED, login_name};
pub use tallies::{InterviewTally, SessionTally, SynthesisTally};

use crate::domain::InputError;
use color_eyre::eyre::{Result, WrapErr, bail};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::fs::{self, DirBuilder, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Numbered migrations, applied in order; `user_version` counts those done.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_backlog.sql"),
    include_str!("migrations/0002_shadow.sql"),
    include_str!("migrations/0003_interview.sql"),
    include_str!("migrations/0004_synthesis.sql"),
    include_str!("migrations/0005_tracker.sql"),
    include_str!("migrations/0006_sync.sql"),
    include_str!("migrations/0007_entry_promotion.sql"),
    include_str!("migrations/0008_shadow_undo.sql"),
    include_str!("migrations/0009_metrics.sql"),
    include_str!("migrations/0010_roadmap.sql"),
    include_str!("migrations/0011_interview_note_trash.sql"),
    include_str!("migrations/0012_backlog_window.sql"),
    include_str!("migrations/0013_soft_delete.sql"),
    include_str!("migrations/0014_listing_index.sql"),
    include_str!("migrations/0015_synthesis_entry_trash.sql"),
    include_str!("migrations/0016_lane_load.sql"),
    include_str!("migrations/0017_triggers_on_change.sql"),
    include_str!("migrations/0018_reviewed_index.sql"),
];

/// The migration that creates the interview scripts' table; the default
/// script is loaded into the database in the same transaction.
const SCRIPTS_MIGRATION: usize = 3;

/// The schema this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// `PRAGMA application_id` of a fieldkit file: "FKIT".
const APPLICATION_ID: i64 = 0x464B_4954;

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The largest file given SQLite's full integrity check before a command
/// writes to it.
pub const INTEGRITY_CHECK_MAX_BYTES: u64 = 16 << 20;
/// The largest file given SQLite's quick check before a command writes.
pub const QUICK_CHECK_MAX_BYTES: u64 = 64 << 20;
/// Files larger than this are said to be upgrading when a new version
/// first opens them (about 70,000 backlog items; smaller ones take under
/// a second).
pub const UPGRADE_NOTICE_BYTES: u64 = 32 << 20;

/// How long a write waits for another copy of the app before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open fieldkit database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the database at `path`, creating it (0600 in a 0700 directory)
    /// if it does not exist. A file that is not SQLite, is corrupt, is another
    /// program's database or has a newer schema is refused untouched.
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_noting_upgrade(path, || {})
    }

    /// [`Store::open`], calling `upgrading` first when a large file (over
    /// [`UPGRADE_NOTICE_BYTES`]) is to be brought up to this version's
    /// schema: once per new version, and at a million items it rebuilds
    /// indexes for some seconds, which a user should not take for a hang.
    pub fn open_noting_upgrade(path: &Path, upgrading: impl FnOnce()) -> Result<Self> {
        if exists(path)? {
            check_existing(path)?;
        } else {
            create_new(path)?;
        }
        let sidecars_before = [
            sidecar(path, "-wal").exists(),
            sidecar(path, "-shm").exists(),
        ];
        let (conn, version) = match open_and_read(path, false) {
            Ok(opened) => opened,
            Err(e) if is_io_failure(&e) && disk_is_full(path) => {
                // SQLite could not make its -shm file: the disk is full.
                // Without it, one connection can still read alone, keeping
                // the index of the WAL in memory (exclusive locking mode).
                remove_partial_sidecars(path, sidecars_before);
                open_and_read(path, true).map_err(|_| {
                    color_eyre::eyre::eyre!(
                        "{}: cannot read it: the disk is full, and SQLite needs a little \
                         space beside the file to read it; free some space and try again \
                         (nothing was written)",
                        path.display()
                    )
                })?
            }
            Err(e) => {
                if is_io_failure(&e) {
                    remove_partial_sidecars(path, sidecars_before);
                }
                return Err(opening_error(e, path));
            }
        };
        check_tables(&conn, path, version)?;
        if version > 0 && version < SCHEMA_VERSION {
            let size = fs::metadata(path).map_or(0, |m| m.len());
            if size > UPGRADE_NOTICE_BYTES {
                upgrading();
            }
            // A damaged file is not migrated. Past the size where the
            // checks before a write stop (see `check_before_write`), the
            // pages SQLite loads are checked as they are read (6.8 s of
            // quick_check at 1M items, on every first open of a new
            // version, is not spent): a migration meeting damage fails
            // and rolls back.
            if size <= QUICK_CHECK_MAX_BYTES {
                check_sound(&conn, path, "quick_check")?;
            }
        }
        let mut store = Self {
            conn,
            path: path.to_path_buf(),
        };
        store
            .configure()
            .and_then(|()| store.migrate())
            .wrap_err_with(|| format!("{}: cannot prepare the database", path.display()))?;
        Ok(store)
    }

    /// An in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Self> {
        let mut store = Self {
            conn: Connection::open_in_memory()?,
            path: PathBuf::from(":memory:"),
        };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// SQLite's count of commits by other connections to this file: when
    /// it moves, another copy of the app (or the CLI) wrote.
    /// Rows this connection has written since it opened; another
    /// connection's writes show in [`Store::data_version`] instead.
    pub fn own_writes(&self) -> u64 {
        self.conn.total_changes()
    }

    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn configure(&self) -> Result<()> {
        // WAL so readers never block the writer; FULL so a commit survives
        // power loss, not only a crash of the app.
        self.conn
            .pragma_update(None, "journal_mode", "WAL")
            .wrap_err("cannot switch to WAL")?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        // Cheap extra checks on every page SQLite loads, so damage is met
        // on the first read that touches it.
        self.conn.pragma_update(None, "cell_size_check", "ON")?;
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(())
    }

    fn migrate(&mut self) -> Result<()> {
        let current: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        if current == SCHEMA_VERSION {
            return Ok(());
        }
        let tx = self.write_transaction()?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            bail!(newer_schema_message(version));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql)
                .wrap_err_with(|| format!("migration {} failed", i + 1))?;
            if i + 1 == SCRIPTS_MIGRATION {
                interview::insert_default_script(&tx)?;
            }
        }
        // The sync triggers follow the tables' columns as migrations left them.
        sync::install_triggers(&tx)?;
        sync::default_author(&tx)?;
        if version < SCHEMA_VERSION {
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// A transaction that takes the write lock at once (BEGIN IMMEDIATE), so
    /// what it reads cannot change before it writes; a second copy of the
    /// app waits up to the busy timeout instead of failing mid-way.
    fn write_transaction(&mut self) -> rusqlite::Result<rusqlite::Transaction<'_>> {
        self.conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
    }

    /// Checks the file before a command writes to it, so a damaged file is
    /// refused before anything writes. The checks read every page, so their
    /// cost grows with the file (measured on a 46 MiB file of 100k items:
    /// quick_check 0.25 s idle, integrity_check 0.5 s; five times that on
    /// a loaded machine): the full integrity check (which also finds rows
    /// missing from an index) runs on files up to
    /// [`INTEGRITY_CHECK_MAX_BYTES`], SQLite's quick check up to
    /// [`QUICK_CHECK_MAX_BYTES`]. Larger files rely on the checks SQLite
    /// makes on every page it loads (`cell_size_check` on): a read that
    /// meets damage fails the command before it writes.
    pub fn check_before_write(&self) -> Result<()> {
        let size = fs::metadata(&self.path).map_or(0, |m| m.len());
        if size <= INTEGRITY_CHECK_MAX_BYTES {
            check_sound(&self.conn, &self.path, "integrity_check")
        } else if size <= QUICK_CHECK_MAX_BYTES {
            check_sound(&self.conn, &self.path, "quick_check")
        } else {
            Ok(())
        }
    }

    /// The integrity check SQLite runs on itself: `ok` when the file is sound.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .pragma_query_value(None, "integrity_check", |r| r.get(0))?)
    }
}

/// Runs a query (prepared once and cached) and collects every row.
fn all_rows<T, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map(params, row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The kinds of record the CLI names by an id prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Records {
    BacklogItem,
    Session,
    Interview,
    Synthesis,
    Goal,
}

impl Records {
    fn table(self) -> &'static str {
        match self {
            Records::BacklogItem => "backlog_item",
            Records::Session => "shadow_session",
            Records::Interview => "interview",
            Records::Synthesis => "synthesis",
            Records::Goal => "goal",
        }
    }

    /// Whether deleting one only marks it (`deleted_at`), so it can come back.
    fn soft_deleted(self) -> bool {
        !matches!(self, Records::Goal)
    }

    fn noun(self) -> &'static str {
        match self {
            Records::BacklogItem => "backlog item",
            Records::Session => "shadowing session",
            Records::Interview => "interview",
            Records::Synthesis => "synthesis",
            Records::Goal => "goal",
        }
    }
}

impl Store {
    /// The full id of the one record whose id starts with `prefix` (at least
    /// 4 characters), or an input error that says what went wrong.
    /// Deleted records are not found (see [`Store::unique_deleted_id`]).
    fn unique_id(&self, records: Records, prefix: &str) -> Result<String> {
        self.unique_id_among(records, prefix, false)
    }

    /// The full id of the one deleted record whose id starts with `prefix`.
    fn unique_deleted_id(&self, records: Records, prefix: &str) -> Result<String> {
        self.unique_id_among(records, prefix, true)
    }

    fn unique_id_among(&self, records: Records, prefix: &str, deleted: bool) -> Result<String> {
        let prefix = prefix.trim().to_lowercase();
        let noun = if deleted {
            format!("deleted {}", records.noun())
        } else {
            records.noun().to_string()
        };
        let none = || InputError::new("id", format!("no {noun} has the id '{prefix}'"));
        if !prefix.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Err(none().into());
        }
        if prefix.len() < 4 {
            return Err(InputError::new(
                "id",
                format!("'{prefix}' is too short: give at least 4 characters of the {noun}'s id"),
            )
            .into());
        }
        // The table name is one of the constants above, never user text.
        let which = match (records.soft_deleted(), deleted) {
            (false, _) => "",
            (true, false) => " AND deleted_at IS NULL",
            (true, true) => " AND deleted_at IS NOT NULL",
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id FROM {} WHERE id >= ?1 AND id < ?1 || '~'{which} LIMIT 2",
            records.table()
        ))?;
        let mut ids = stmt
            .query_map([&prefix], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        match ids.len() {
            1 => Ok(ids.remove(0)),
            0 => Err(none().into()),
            _ => Err(InputError::new(
                "id",
                format!("'{prefix}' matches more than one {noun}: give more of the id"),
            )
            .into()),
        }
    }
}

/// What a storage failure means for the user, when SQLite says why.
pub fn storage_hint(report: &color_eyre::eyre::Report) -> Option<&'static str> {
    use rusqlite::ErrorCode;
    let error = report
        .chain()
        .find_map(|c| c.downcast_ref::<rusqlite::Error>())?;
    if matches!(
        error,
        rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::IntegralValueOutOfRange(..)
    ) {
        return Some(DAMAGED_HINT);
    }
    Some(match error.sqlite_error_code()? {
        ErrorCode::ReadOnly => "the file or its folder is read-only; nothing was written",
        ErrorCode::CannotOpen => {
            "cannot open it: the file and its folder must be readable and writable \
             (SQLite keeps its -wal and -shm files beside it); nothing was written"
        }
        ErrorCode::DiskFull => "the disk is full or the file at its limit; nothing was written",
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
            "another program held the file; nothing was written, try again"
        }
        ErrorCode::PermissionDenied => "permission denied; nothing was written",
        ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => DAMAGED_HINT,
        _ => return None,
    })
}

/// What to do about a damaged file.
const DAMAGED_HINT: &str = "the file is damaged; fieldkit wrote nothing to it. \
     `fieldkit export > backup.json` saves every record it can read and names the rest; \
     `fieldkit --db NEW restore backup.json` rebuilds them (or try SQLite's .recover on a copy)";

fn newer_schema_message(version: i64) -> String {
    format!(
        "was written by a newer fieldkit (schema {version}; this one knows up to {SCHEMA_VERSION}): \
         upgrade fieldkit to open it"
    )
}

/// Creates a new, empty database file readable by its owner only.
fn create_new(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .wrap_err_with(|| format!("{}: cannot create the directory", dir.display()))?;
    }
    // SQLite gives its -wal and -shm files the mode of the database file.
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .wrap_err_with(|| format!("{}: cannot create the database", path.display()))?;
    Ok(())
}

/// Whether the database file exists. A path that cannot be looked at
/// (a folder on the way that may not be entered) is an error naming it, and
/// a link to nothing says so, instead of "File exists" from creating it.
fn exists(path: &Path) -> Result<bool> {
    let shown = path.display();
    match path.try_exists() {
        Ok(true) => Ok(true),
        Ok(false) => match fs::symlink_metadata(path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(path)
                    .map(|t| t.display().to_string())
                    .unwrap_or_default();
                bail!("{shown}: is a link to {target}, which does not exist")
            }
            _ => Ok(false),
        },
        Err(e) => Err(color_eyre::eyre::Report::new(e).wrap_err(format!(
            "{shown}: cannot read it (the file, or a folder on its way, may not be read)"
        ))),
    }
}

/// Opens a connection and makes the first reads; `exclusive` keeps the WAL
/// index in memory, so no -shm file is needed (and no other copy may open
/// the file meanwhile).
fn open_and_read(path: &Path, exclusive: bool) -> rusqlite::Result<(Connection, i64)> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if exclusive {
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
    }
    // The whole-file check reads every page, too slow for every start of a
    // large backlog; it runs before a migration or a command writes. Damage
    // otherwise surfaces on the first page read, as SQLite checks each page
    // it loads, and is reported as such.
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })?;
    Ok((conn, version))
}

/// SQLite's file beside the database: `-wal` or `-shm`.
fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

fn is_io_failure(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::SystemIoFailure | rusqlite::ErrorCode::DiskFull)
    )
}

/// Whether the disk holding `path` is full: a small file beside it cannot
/// be written. Asked only after SQLite met an I/O error.
fn disk_is_full(path: &Path) -> bool {
    use std::io::Write as _;
    let probe = sidecar(path, &format!(".space-{}", std::process::id()));
    let written = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&probe)
        .and_then(|mut f| {
            f.write_all(&[0u8; 64 * 1024])?;
            f.sync_all()
        });
    let _ = fs::remove_file(&probe);
    matches!(written, Err(e) if e.raw_os_error() == Some(28) || e.kind() == std::io::ErrorKind::StorageFull)
}

/// Removes the -wal and -shm files a failed open made, when they were not
/// there before and hold nothing: an empty WAL, a -shm shorter than the
/// 32 KiB SQLite gives a real one.
fn remove_partial_sidecars(path: &Path, before: [bool; 2]) {
    let [wal_before, shm_before] = before;
    let wal = sidecar(path, "-wal");
    let shm = sidecar(path, "-shm");
    let len = |p: &Path| fs::metadata(p).map(|m| m.len()).ok();
    if !shm_before && len(&shm).is_some_and(|n| n < 32 * 1024) {
        let _ = fs::remove_file(&shm);
    }
    if !wal_before && len(&wal) == Some(0) {
        let _ = fs::remove_file(&wal);
    }
}

/// Decides from the file's 100-byte header, without writing a byte, whether
/// an existing file may be opened: SQLite, fieldkit's, not from the future.
fn check_existing(path: &Path) -> Result<()> {
    let shown = path.display();
    let meta = fs::metadata(path).wrap_err_with(|| format!("{shown}: cannot read"))?;
    if !meta.is_file() {
        bail!("{shown}: is not a file");
    }
    if meta.len() == 0 {
        // An empty file is an empty SQLite database: nothing to lose.
        return Ok(());
    }
    let mut header = [0u8; 100];
    let mut file = fs::File::open(path).wrap_err_with(|| format!("{shown}: cannot read"))?;
    let read = file.read(&mut header).unwrap_or(0);
    if read < header.len() || !header.starts_with(SQLITE_MAGIC) {
        bail!("{shown}: is not a SQLite database; fieldkit leaves it as it is");
    }
    let field = |offset: usize| {
        i64::from(u32::from_be_bytes([
            header[offset],
            header[offset + 1],
            header[offset + 2],
            header[offset + 3],
        ]))
    };
    // Offsets from SQLite's file format: schema cookie 40, user_version 60,
    // application_id 68.
    let (schema_cookie, version, app_id) = (field(40), field(60), field(68));
    if app_id != APPLICATION_ID && (app_id != 0 || schema_cookie != 0) {
        bail!("{shown}: is a SQLite database but not a fieldkit one; fieldkit leaves it as it is");
    }
    if version > SCHEMA_VERSION {
        bail!("{shown}: {}", newer_schema_message(version));
    }
    if app_id == APPLICATION_ID && version == 0 {
        // fieldkit sets its mark and its schema version in one transaction.
        bail!(
            "{shown}: is damaged: it has fieldkit's mark but no schema version; \
             fieldkit leaves it as it is"
        );
    }
    Ok(())
}

/// An error met while opening: damage is named as such, anything else
/// (permissions, a lock) keeps SQLite's own words.
fn opening_error(e: rusqlite::Error, path: &Path) -> color_eyre::eyre::Report {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
    let shown = path.display();
    if matches!(e.sqlite_error_code(), Some(DatabaseCorrupt | NotADatabase)) {
        color_eyre::eyre::eyre!("{shown}: is corrupt ({e}); {DAMAGED_HINT}")
    } else {
        color_eyre::eyre::Report::new(e).wrap_err(format!("{shown}: cannot open the database"))
    }
}

/// The tables the first `version` migrations create.
fn migrated_tables(version: i64) -> Vec<&'static str> {
    let done = usize::try_from(version).unwrap_or(0).min(MIGRATIONS.len());
    MIGRATIONS[..done]
        .iter()
        .flat_map(|sql| sql.split("CREATE TABLE ").skip(1))
        .filter_map(|rest| rest.split([' ', '(', '\n']).next())
        .collect()
}

/// Refuses, before anything writes, a file whose schema lacks a table its
/// version promises (fieldkit's mark on a file without its tables).
fn check_tables(conn: &Connection, path: &Path, version: i64) -> Result<()> {
    let present =
        backup::schema_tables(conn).map_err(|e| match e.downcast::<rusqlite::Error>() {
            Ok(sqlite) => opening_error(sqlite, path),
            Err(other) => other,
        })?;
    if let Some(missing) = migrated_tables(version)
        .into_iter()
        .find(|t| !present.iter().any(|p| p == t))
    {
        bail!(
            "{}: is damaged: it has fieldkit's schema {version} but not its table '{missing}'; \
             fieldkit leaves it as it is (restore a backup with fieldkit restore)",
            path.display()
        );
    }
    Ok(())
}

/// SQLite's `quick_check` or `integrity_check` on a connection that has not
/// written anything yet.
fn check_sound(conn: &Connection, path: &Path, pragma: &str) -> Result<()> {
    let shown = path.display();
    let check: String = conn
        .pragma_query_value(None, pragma, |r| r.get(0))
        .map_err(|e| opening_error(e, path))?;
    if check != "ok" {
        bail!("{shown}: is corrupt ({check}); {DAMAGED_HINT}");
    }
    Ok(())
}

#[cfg(test)]
mod tests;
