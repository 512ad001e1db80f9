//! The sync folder beside the database: `<db>.sync/` (0700) holds
//! `config.json` (the remote, the last sync), `secret` (0600, the team's
//! encryption secret), `replica/` (TaskChampion's copy of every record) and
//! `git/` (its clone of the remote).

use color_eyre::eyre::{Result, WrapErr, bail, eyre};
use serde::{Deserialize, Serialize};
use std::fs::{self, DirBuilder, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Where the team meets.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Remote {
    /// A git repository the team can push to (any URL git understands).
    Git(String),
    /// A shared folder holding a bare git repository.
    Dir(PathBuf),
}

impl Remote {
    /// What git is given as the remote.
    pub fn url(&self) -> String {
        match self {
            Remote::Git(url) => url.clone(),
            Remote::Dir(path) => path.display().to_string(),
        }
    }
}

/// The outcome of the last sync, kept for `sync status`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LastSync {
    pub at: String,
    pub sent: usize,
    pub received: usize,
    pub conflicts: usize,
    pub waiting: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Config {
    pub remote: Remote,
    #[serde(default)]
    pub last_sync: Option<LastSync>,
}

/// The paths of one database's sync folder.
#[derive(Debug, Clone)]
pub struct Paths {
    pub dir: PathBuf,
}

impl Paths {
    pub fn for_database(db: &Path) -> Result<Self> {
        // Absolute: git runs in the clone's folder and is given these paths.
        let db = std::path::absolute(db)
            .wrap_err_with(|| format!("{}: cannot resolve the path", db.display()))?;
        let name = db
            .file_name()
            .ok_or_else(|| eyre!("{}: not a file name", db.display()))?;
        let mut dir_name = name.to_os_string();
        dir_name.push(".sync");
        Ok(Self {
            dir: db.with_file_name(dir_name),
        })
    }

    pub fn config(&self) -> PathBuf {
        self.dir.join("config.json")
    }

    pub fn secret(&self) -> PathBuf {
        self.dir.join("secret")
    }

    pub fn replica(&self) -> PathBuf {
        self.dir.join("replica")
    }

    pub fn git(&self) -> PathBuf {
        self.dir.join("git")
    }

    pub fn create(&self) -> Result<()> {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&self.dir)
            .wrap_err_with(|| format!("{}: cannot create the sync folder", self.dir.display()))?;
        fs::set_permissions(&self.dir, fs::Permissions::from_mode(0o700))?;
        Ok(())
    }

    /// Holds this file's sync lock until dropped: one sync at a time. A
    /// sync killed mid-way may have left git's lock files in the clone;
    /// with the lock held nothing else uses it, so they are removed.
    pub fn lock(&self) -> Result<fs::File> {
        let path = self.dir.join("lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(&path)
            .wrap_err_with(|| format!("{}: cannot open", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                bail!("another sync of this file is running; try again when it has finished")
            }
            Err(fs::TryLockError::Error(e)) => {
                return Err(e).wrap_err_with(|| format!("{}: cannot lock", path.display()));
            }
        }
        let git = self.git().join(".git");
        for dir in [git.clone(), git.join("refs").join("heads")] {
            if let Ok(entries) = fs::read_dir(&dir) {
                for entry in entries.flatten() {
                    if entry.path().extension().is_some_and(|e| e == "lock") {
                        let _ = fs::remove_file(entry.path());
                    }
                }
            }
        }
        Ok(file)
    }

    /// The configuration, or None before `sync init`.
    pub fn read_config(&self) -> Result<Option<Config>> {
        let path = self.config();
        match fs::read_to_string(&path) {
            Ok(text) => Ok(Some(serde_json::from_str(&text).wrap_err_with(|| {
                format!("{}: is not a fieldkit sync configuration", path.display())
            })?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).wrap_err_with(|| format!("{}: cannot read", path.display())),
        }
    }

    /// Writes the configuration atomically (a temp file renamed over it).
    pub fn write_config(&self, config: &Config) -> Result<()> {
        let tmp = self.dir.join("config.json.tmp");
        write_private(&tmp, serde_json::to_string_pretty(config)?.as_bytes())?;
        fs::rename(&tmp, self.config())
            .wrap_err_with(|| format!("{}: cannot write", self.config().display()))?;
        Ok(())
    }

    pub fn write_secret(&self, secret: &str) -> Result<()> {
        let tmp = self.dir.join("secret.tmp");
        write_private(&tmp, secret.as_bytes())?;
        fs::rename(&tmp, self.secret())
            .wrap_err_with(|| format!("{}: cannot write", self.secret().display()))?;
        Ok(())
    }

    pub fn read_secret(&self) -> Result<Vec<u8>> {
        let path = self.secret();
        let secret = fs::read(&path).wrap_err_with(|| {
            format!(
                "{}: cannot read the team's secret; run `fieldkit sync init` again",
                path.display()
            )
        })?;
        if secret.is_empty() {
            bail!("{}: the team's secret is empty", path.display());
        }
        Ok(secret)
    }
}

/// Creates (or replaces) a file readable by its owner only.
fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let _ = fs::remove_file(path);
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .wrap_err_with(|| format!("{}: cannot create", path.display()))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}
