//! A read that runs on a thread of its own, with its own connection to
//! the file (WAL lets it read while the app writes): counting the listed
//! rows of a broad filter, reading the ranking's anchors. Either can take
//! a tenth of a second at a million items, so the key's frame never waits
//! for one.

use crate::store::Store;
use color_eyre::eyre::Result;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};

/// A read running on its thread. Dropping it stops the read: a newer one
/// replaces it and nobody waits for the old one. Without that, keys
/// pressed faster than a read finishes (a score key held at a million
/// items) would leave a thread per key running, and they would take the
/// cores the app draws with.
pub(super) struct Job<T> {
    done: Receiver<Result<T, String>>,
    stop: Arc<AtomicBool>,
}

impl<T> std::fmt::Debug for Job<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Job")
    }
}

impl<T: Send + 'static> Job<T> {
    /// Opens the file at `path` on a new thread and runs `read` on it.
    pub(super) fn start(
        path: PathBuf,
        read: impl FnOnce(&Store) -> Result<T> + Send + 'static,
    ) -> Self {
        let (tx, done) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let theirs = Arc::clone(&stop);
        std::thread::spawn(move || {
            let run = || -> Result<T> {
                let store = Store::open(&path)?;
                store.stop_when(Arc::clone(&theirs))?;
                read(&store)
            };
            let result = run();
            // A dropped job is not reported; nobody waits for it.
            if !theirs.load(Ordering::Relaxed) {
                let _ = tx.send(result.map_err(|e| format!("{e:#}")));
            }
        });
        Self { done, stop }
    }

    /// What the read gave, once the thread is done.
    pub(super) fn finished(&self) -> Option<Result<T, String>> {
        match self.done.try_recv() {
            Ok(result) => Some(result),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => {
                Some(Err("the read stopped before it was done".to_string()))
            }
        }
    }
}

impl<T> Drop for Job<T> {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// A new, empty fieldkit file.
    fn fresh_file() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("job.db");
        drop(Store::open(&path).unwrap());
        (dir, path)
    }

    fn wait<T: Send + 'static>(job: &Job<T>) -> Result<T, String> {
        let start = Instant::now();
        loop {
            if let Some(result) = job.finished() {
                return result;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the job never finished"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    #[test]
    fn a_job_reports_what_it_read() {
        let (_dir, path) = fresh_file();
        let job = Job::start(path, |store| store.backlog_is_empty());
        assert_eq!(wait(&job), Ok(true));
    }

    #[test]
    fn a_failed_read_reports_why() {
        let (_dir, path) = fresh_file();
        let job: Job<()> = Job::start(path, |_| Err(color_eyre::eyre::eyre!("no such lane")));
        assert_eq!(wait(&job), Err("no such lane".to_string()));
    }

    #[test]
    fn a_dropped_job_interrupts_its_read() {
        let (_dir, path) = fresh_file();
        let (started, on_start) = mpsc::channel();
        let (ended, on_end) = mpsc::channel();
        let job = Job::start(path, move |store| {
            let _ = started.send(());
            // A read that never ends by itself: only an interrupt stops it.
            let endless = store.count_forever();
            let _ = ended.send(endless.is_err());
            endless
        });
        on_start.recv_timeout(Duration::from_secs(30)).unwrap();
        drop(job);
        assert_eq!(on_end.recv_timeout(Duration::from_secs(30)), Ok(true));
    }
}
