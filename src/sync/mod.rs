//! Team sync through TaskChampion, the engine of Taskwarrior 3.
//!
//! fieldkit's tables stay what the app reads. Every write also lands, in its
//! own transaction, in the outbox (triggers in `store::sync`). `sync`:
//! 1. turns the outbox into TaskChampion operations on one object per
//!    record (see `engine`) and commits them to the local replica;
//! 2. syncs the replica with the remote, a git repository (TaskChampion's
//!    git server, encrypted with the team's secret) — for a shared folder a
//!    bare repository in it;
//! 3. writes every replica object that changed since it was last applied
//!    into the tables, records the conflicts, and empties the outbox of
//!    what was sent — all in one transaction of the database.
//!
//! A kill at any point loses nothing: until step 3 commits, the outbox is
//! intact; committing it to the replica twice is harmless (a value already
//! there is not sent again), and step 3 applies whatever differs from what
//! it applied before, however many syncs ago that was.
//!
//! The async runtime (tokio, current-thread) lives in this module only.

mod engine;
mod files;

pub use files::{LastSync, Remote};

use crate::store::{Conflict, Store};
use color_eyre::eyre::{Result, WrapErr, bail, eyre};
use files::{Config, Paths};
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use taskchampion::storage::AccessMode;
use taskchampion::{Operation, Operations, Replica, ServerConfig, SqliteStorage, TaskData, Uuid};

/// The git branch fieldkit writes in the team's repository.
const BRANCH: &str = "fieldkit";

/// What `sync init` did.
#[derive(Debug, Clone)]
pub struct Initialized {
    pub remote: Remote,
    pub author: String,
    pub queued: usize,
}

/// What one sync did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Records whose changes were sent.
    pub sent_records: usize,
    /// Field changes sent.
    pub sent_changes: usize,
    pub inserted: usize,
    pub updated: usize,
    pub deleted: usize,
    pub conflicts: Vec<Conflict>,
    pub waiting: Vec<(String, String)>,
    pub kept_as_evidence: Vec<(String, String)>,
    pub refused: Vec<(String, String, String)>,
}

impl Report {
    pub fn received(&self) -> usize {
        self.inserted + self.updated + self.deleted
    }

    /// Adds a second round's figures; what waits is what waits after it.
    fn absorb(&mut self, later: Report) {
        self.sent_records += later.sent_records;
        self.sent_changes += later.sent_changes;
        self.inserted += later.inserted;
        self.updated += later.updated;
        self.deleted += later.deleted;
        self.conflicts.extend(later.conflicts);
        self.waiting = later.waiting;
        self.kept_as_evidence.extend(later.kept_as_evidence);
        self.refused = later.refused;
    }
}

/// What `sync status` shows.
#[derive(Debug, Clone)]
pub struct Status {
    pub remote: Option<Remote>,
    pub author: String,
    pub to_send: i64,
    pub last_sync: Option<LastSync>,
}

/// A deleted record the replica still holds.
#[derive(Debug, Clone)]
pub struct Trashed {
    pub id: String,
    pub table: String,
    pub summary: String,
    pub deleted_by: String,
    pub deleted_at: String,
}

/// Text safe for a terminal (the app's one sanitizer).
pub fn shown(text: &str) -> String {
    crate::formats::sanitize::terminal(text).into_owned()
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .wrap_err("cannot start the sync runtime")
}

/// Runs git with prompts off, so an unreachable remote fails instead of
/// waiting for a password nobody types.
fn git(args: &[&str]) -> Result<std::process::Output> {
    let mut cmd = Command::new("git");
    cmd.args(args).env("GIT_TERMINAL_PROMPT", "0");
    if std::env::var_os("GIT_SSH_COMMAND").is_none() {
        cmd.env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
    }
    cmd.output()
        .wrap_err("cannot run git: team sync needs git installed")
}

fn first_line(bytes: &[u8]) -> String {
    shown(
        String::from_utf8_lossy(bytes)
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim(),
    )
}

/// Checks the remote answers before anything else happens.
fn check_reachable(remote: &Remote) -> Result<()> {
    let url = remote.url();
    // `--`: the URL is the user's, and one starting with `-` must reach git
    // as a repository, never as an option (`--upload-pack=…` runs a command).
    let out = git(&["ls-remote", "--heads", "--", &url])?;
    if !out.status.success() {
        bail!(
            "cannot reach the sync remote {}: {}; nothing was sent or changed, the outbox is kept",
            shown(&url),
            first_line(&out.stderr)
        );
    }
    Ok(())
}

/// Sets up sync for the database at `db`: the remote, the author, the
/// secret (stored 0600 beside the database). The first time, every record
/// already in the file is queued to be sent.
pub fn init(store: &mut Store, remote: Remote, author: &str, secret: &str) -> Result<Initialized> {
    let paths = Paths::for_database(store.path())?;
    let remote = match remote {
        Remote::Dir(path) => Remote::Dir(prepare_shared_folder(&path)?),
        git_remote => git_remote,
    };
    check_reachable(&remote)?;
    paths.create()?;
    let _lock = paths.lock()?;
    let previous = paths.read_config()?;
    let moved = previous.as_ref().is_some_and(|c| c.remote != remote);
    if moved {
        // A new meeting point starts from this file's records: the replica
        // and clone of the old one are dropped, everything is queued again.
        for dir in [paths.replica(), paths.git()] {
            if dir.exists() {
                std::fs::remove_dir_all(&dir)
                    .wrap_err_with(|| format!("{}: cannot remove", dir.display()))?;
            }
        }
        store.restart_sync_recording()?;
    }
    paths.write_secret(secret)?;
    let last_sync = previous.filter(|_| !moved).and_then(|c| c.last_sync);
    paths.write_config(&Config {
        remote: remote.clone(),
        last_sync,
    })?;
    let queued = store.start_sync_recording(author)?;
    Ok(Initialized {
        remote,
        author: author.to_string(),
        queued,
    })
}

/// A shared folder holds a bare git repository: created when the folder is
/// missing or empty, used when it is one already.
fn prepare_shared_folder(path: &Path) -> Result<std::path::PathBuf> {
    let shown = shown(&path.display().to_string());
    let empty = match std::fs::read_dir(path) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => return Err(e).wrap_err_with(|| format!("{shown}: cannot read the folder")),
    };
    if empty {
        std::fs::create_dir_all(path).wrap_err_with(|| format!("{shown}: cannot create"))?;
        let target = path.display().to_string();
        let out = git(&["init", "--bare", "--quiet", "--", &target])?;
        if !out.status.success() {
            bail!(
                "{shown}: cannot create a git repository there: {}",
                first_line(&out.stderr)
            );
        }
    } else if !path.join("HEAD").is_file() || !path.join("objects").is_dir() {
        bail!(
            "{shown}: the folder is neither empty nor a fieldkit sync folder (a bare git repository); \
             give an empty folder"
        );
    }
    path.canonicalize()
        .wrap_err_with(|| format!("{shown}: cannot resolve the path"))
}

fn config(paths: &Paths) -> Result<Config> {
    paths
        .read_config()?
        .ok_or_else(|| eyre!("sync is not set up for this file: run `fieldkit sync init` first"))
}

async fn open_replica(paths: &Paths) -> Result<Replica<SqliteStorage>> {
    let storage = SqliteStorage::new(paths.replica(), AccessMode::ReadWrite, true)
        .await
        .wrap_err_with(|| {
            format!(
                "{}: cannot open the sync replica",
                paths.replica().display()
            )
        })?;
    Ok(Replica::new(storage))
}

/// Sends the outbox, receives what others sent, applies it.
pub fn sync(store: &mut Store) -> Result<Report> {
    let paths = Paths::for_database(store.path())?;
    let mut config = config(&paths)?;
    if !store.sync_recording()? {
        bail!("sync is not set up for this file: run `fieldkit sync init` first");
    }
    let secret = paths.read_secret()?;
    let _lock = paths.lock()?;
    check_reachable(&config.remote)?;
    let server_config = || ServerConfig::Git {
        local_path: paths.git(),
        branch: BRANCH.to_string(),
        remote: Some(config.remote.url()),
        local_only: false,
        encryption_secret: secret.clone(),
        git_path: None,
    };
    // A sync that did not finish (killed, or an error) may have left the
    // clone of the remote half-written. It is only a cache: whatever the
    // remote has not acknowledged is still in the replica as local
    // operations, so the clone is made afresh.
    let unfinished = paths.dir.join("sync-unfinished");
    if unfinished.exists() && paths.git().exists() {
        std::fs::remove_dir_all(paths.git())
            .wrap_err_with(|| format!("{}: cannot remove", paths.git().display()))?;
    }
    std::fs::write(&unfinished, b"")
        .wrap_err_with(|| format!("{}: cannot write", unfinished.display()))?;
    let report = runtime()?.block_on(async {
        let mut replica = open_replica(&paths).await?;
        let mut server = server_config()
            .into_server()
            .await
            .map_err(|e| explain(&format!("{e:#}"), &config.remote))?;
        let mut report = round(store, &mut replica, &mut server, &config.remote).await?;
        // The conflicts just recorded are records too: send them now, so
        // the other laptops see them at their next sync.
        if !report.conflicts.is_empty() {
            let again = round(store, &mut replica, &mut server, &config.remote).await?;
            report.absorb(again);
        }
        Ok::<_, color_eyre::eyre::Report>(report)
    })?;
    std::fs::remove_file(&unfinished)
        .wrap_err_with(|| format!("{}: cannot remove", unfinished.display()))?;
    config.last_sync = Some(LastSync {
        at: crate::domain::time::utc_string(jiff::Timestamp::now()),
        sent: report.sent_records,
        received: report.received(),
        conflicts: report.conflicts.len(),
        waiting: report.waiting.len(),
    });
    paths.write_config(&config)?;
    Ok(report)
}

/// One exchange: the outbox into the replica, the replica with the remote,
/// what changed into the tables.
async fn round(
    store: &mut Store,
    replica: &mut Replica<SqliteStorage>,
    server: &mut Box<dyn taskchampion::Server>,
    remote: &Remote,
) -> Result<Report> {
    let outbox = store.outbox()?;
    let sent_up_to = outbox.last().map_or(0, |r| r.seq);
    let changes = engine::coalesce(&outbox)?;
    let before = replica.all_task_data().await?;
    let (ops, sent, mut conflicts) = engine::to_operations(&changes, &before);
    drop(before);
    replica.commit_operations(ops).await?;
    let before = replica.all_task_data().await?;
    replica
        .sync(server, false)
        .await
        .map_err(|e| explain(&format!("{e:#}"), remote))?;
    let after = replica.all_task_data().await?;
    check_format(&after)?;
    conflicts.extend(engine::overwritten(&before, &after));
    drop(before);
    let applied = apply(store, &after, &conflicts, sent_up_to)?;
    let mut sent_records: Vec<&str> = sent.iter().map(|c| c.record_id.as_str()).collect();
    sent_records.sort_unstable();
    sent_records.dedup();
    Ok(Report {
        sent_records: sent_records.len(),
        sent_changes: sent.len(),
        inserted: applied.inserted,
        updated: applied.updated,
        deleted: applied.deleted,
        conflicts,
        waiting: applied.waiting,
        kept_as_evidence: applied.kept_as_evidence,
        refused: applied.refused,
    })
}

/// Applies every replica object that changed since it was last applied.
fn apply(
    store: &mut Store,
    replica: &HashMap<Uuid, TaskData>,
    conflicts: &[Conflict],
    sent_up_to: i64,
) -> Result<crate::store::Applied> {
    let digests = store.applied_digests()?;
    let received: Vec<_> = replica
        .iter()
        .filter_map(|(uuid, task)| engine::to_received(uuid, task))
        .filter(|r| digests.get(&r.record_id) != Some(&r.digest))
        .collect();
    store.apply_received(&received, conflicts, sent_up_to)
}

fn check_format(replica: &HashMap<Uuid, TaskData>) -> Result<()> {
    if let Some(newest) = replica.values().map(engine::format_of).max()
        && newest > engine::FORMAT
    {
        bail!(
            "the sync remote was written by a newer fieldkit (record format {newest}; this one \
             knows up to {}): upgrade fieldkit, then sync again; this file was not changed and \
             its outbox is kept",
            engine::FORMAT
        );
    }
    Ok(())
}

/// TaskChampion's error, in the user's terms.
fn explain(message: &str, remote: &Remote) -> color_eyre::eyre::Report {
    let url = shown(&remote.url());
    let kept = "this file was not changed and its outbox is kept";
    if message.contains("unsealing") || message.contains("envelope") {
        eyre!(
            "cannot read the sync remote {url}: the team's secret does not match the one it \
             was written with (run `fieldkit sync init` again with the right secret); {kept}"
        )
    } else if message.contains("git ") || message.contains("push") {
        eyre!(
            "cannot sync with the remote {url}: {}; {kept}",
            shown(message)
        )
    } else {
        eyre!("sync with {url} failed: {}; {kept}", shown(message))
    }
}

/// Where sync stands, without touching the network.
pub fn status(store: &Store) -> Result<Status> {
    status_counting(store, None)
}

/// The same with the changes to send counted up to `cap` (a count of
/// `cap` means "at least"): what the app reads every second.
pub fn status_capped(store: &Store, cap: usize) -> Result<Status> {
    status_counting(store, Some(cap))
}

fn status_counting(store: &Store, cap: Option<usize>) -> Result<Status> {
    let paths = Paths::for_database(store.path())?;
    let config = paths.read_config()?;
    Ok(Status {
        remote: config.as_ref().map(|c| c.remote.clone()),
        author: store.sync_author()?,
        to_send: match (store.sync_recording()?, cap) {
            (false, _) => 0,
            (true, None) => store.outbox_len()?,
            (true, Some(cap)) => store.outbox_len_capped(cap)? as i64,
        },
        last_sync: config.and_then(|c| c.last_sync),
    })
}

fn summary(uuid: &Uuid, task: &TaskData) -> String {
    let Some(record) = engine::to_received(uuid, task) else {
        return String::new();
    };
    ["title", "text", "participant", "name", "change", "field"]
        .iter()
        .find_map(|f| {
            record
                .fields
                .get(*f)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        })
        .unwrap_or_default()
}

/// The deleted records the replica keeps, newest delete first.
pub fn trash(store: &Store) -> Result<Vec<Trashed>> {
    let paths = Paths::for_database(store.path())?;
    config(&paths)?;
    runtime()?.block_on(async {
        let mut replica = open_replica(&paths).await?;
        let all = replica.all_task_data().await?;
        let mut out: Vec<Trashed> = all
            .iter()
            .filter_map(|(uuid, task)| {
                let deleted = task.get("deleted").and_then(engine::Stamped::decode)?;
                if deleted.v != serde_json::Value::Bool(true) {
                    return None;
                }
                let record = engine::to_received(uuid, task)?;
                Some(Trashed {
                    id: uuid.to_string(),
                    table: record.table,
                    summary: summary(uuid, task),
                    deleted_by: deleted.a,
                    deleted_at: deleted.t,
                })
            })
            .collect();
        out.sort_by(|a, b| b.deleted_at.cmp(&a.deleted_at).then(a.id.cmp(&b.id)));
        Ok(out)
    })
}

/// Brings a deleted record back (with what was deleted with it), here at
/// once and on the other laptops at their next sync. Returns how many
/// records came back.
pub fn restore(store: &mut Store, prefix: &str) -> Result<usize> {
    let paths = Paths::for_database(store.path())?;
    config(&paths)?;
    let _lock = paths.lock()?;
    let prefix = prefix.trim().to_lowercase();
    let author = store.sync_author()?;
    runtime()?.block_on(async {
        let mut replica = open_replica(&paths).await?;
        // What this file deleted and has not sent yet goes in first.
        let outbox = store.outbox()?;
        let sent_up_to = outbox.last().map_or(0, |r| r.seq);
        let changes = engine::coalesce(&outbox)?;
        let before = replica.all_task_data().await?;
        let (ops, _, conflicts) = engine::to_operations(&changes, &before);
        replica.commit_operations(ops).await?;
        let all = replica.all_task_data().await?;
        let deleted_of = |task: &TaskData| {
            task.get("deleted")
                .and_then(engine::Stamped::decode)
                .filter(|d| d.v == serde_json::Value::Bool(true))
        };
        let matches: Vec<(&Uuid, &TaskData)> = all
            .iter()
            .filter(|(uuid, task)| {
                prefix.len() >= 4
                    && uuid.to_string().starts_with(&prefix)
                    && deleted_of(task).is_some()
            })
            .collect();
        let (uuid, task) = match matches.as_slice() {
            [one] => *one,
            [] => {
                return Err(crate::domain::InputError::new(
                    "id",
                    format!(
                        "no deleted record has the id '{}' (see `fieldkit sync trash`)",
                        shown(&prefix)
                    ),
                )
                .into());
            }
            _ => {
                return Err(crate::domain::InputError::new(
                    "id",
                    format!(
                        "'{}' matches more than one deleted record: give more of the id",
                        shown(&prefix)
                    ),
                )
                .into());
            }
        };
        let Some(deleted) = deleted_of(task) else {
            bail!("record {uuid} is not deleted");
        };
        // The records deleted by the same statement (the cascade).
        let with_it: Vec<(Uuid, String)> = all
            .iter()
            .filter_map(|(u, t)| {
                let d = deleted_of(t)?;
                (d.t == deleted.t && d.a == deleted.a || u == uuid)
                    .then(|| (*u, t.get("deleted").unwrap_or_default().to_string()))
            })
            .collect();
        let now = engine::Stamped {
            v: serde_json::Value::Bool(false),
            t: jiff::Timestamp::now()
                .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
                .to_string(),
            a: author,
            p: deleted.t.clone(),
        };
        let mut ops = Operations::new();
        for (u, old) in &with_it {
            ops.push(Operation::Update {
                uuid: *u,
                property: "deleted".into(),
                old_value: Some(old.clone()),
                value: Some(now.encode()),
                timestamp: taskchampion::chrono::Utc::now(),
            });
        }
        replica.commit_operations(ops).await?;
        let all = replica.all_task_data().await?;
        apply(store, &all, &conflicts, sent_up_to)?;
        Ok(with_it.len())
    })
}
