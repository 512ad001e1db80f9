//! Team sync end to end: two (or three) databases, each used as a laptop
//! would be, meeting in a bare git repository or a shared folder in a temp
//! directory.

use fieldkit::domain::backlog::NewItem;
use fieldkit::domain::interview::NewInterview;
use fieldkit::domain::script::Placeholders;
use fieldkit::domain::synthesis::{EvidenceRef, Section, SourceKind};
use fieldkit::store::Store;
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const SECRET: &str = "correct horse battery staple";

struct Team {
    dir: tempfile::TempDir,
    remote: String,
}

impl Team {
    /// A bare git repository, as a team would create on its git host.
    fn git() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let bare = dir.path().join("team.git");
        let ok = Command::new("git")
            .args(["init", "--bare", "--quiet"])
            .arg(&bare)
            .status()
            .unwrap()
            .success();
        assert!(ok, "git init --bare failed");
        Self {
            remote: bare.display().to_string(),
            dir,
        }
    }

    fn laptop(&self, name: &str) -> Laptop {
        Laptop {
            path: self.dir.path().join(format!("{name}.db")),
            name: name.to_string(),
        }
    }

    fn shared_folder(&self) -> PathBuf {
        self.dir.path().join("shared")
    }
}

struct Laptop {
    path: PathBuf,
    name: String,
}

impl Laptop {
    fn cmd(&self, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("fieldkit").unwrap();
        cmd.env_remove("FIELDKIT_DB")
            .env("FIELDKIT_SYNC_SECRET", SECRET)
            .arg("--db")
            .arg(&self.path)
            .args(args);
        cmd
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self
            .cmd(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).unwrap()
    }

    fn init_git(&self, team: &Team) {
        self.ok(&["sync", "init", "--git", &team.remote, "--name", &self.name]);
    }

    fn sync(&self) -> String {
        self.ok(&["sync"])
    }

    fn add(&self, title: &str) -> String {
        self.ok(&[
            "backlog",
            "add",
            title,
            "--reach",
            "100",
            "--impact",
            "2",
            "--confidence",
            "80",
            "--effort",
            "2",
        ])
        .trim()
        .to_string()
    }

    /// The export without its time stamp: what must be equal on every laptop.
    fn export(&self) -> String {
        self.ok(&["export"])
            .lines()
            .filter(|l| !l.contains("\"exported_at\""))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn store(&self) -> Store {
        Store::open(&self.path).unwrap()
    }
}

fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

fn item(title: &str) -> NewItem {
    fieldkit::domain::demo::examples()
        .into_iter()
        .next()
        .map(|(_, mut new)| {
            new.title = fieldkit::domain::backlog::Title::parse(title).unwrap();
            new
        })
        .unwrap()
}

/// Both sync twice; their exports must then be identical.
fn converge(laptops: &[&Laptop]) {
    for _ in 0..2 {
        for l in laptops {
            l.sync();
        }
    }
    let first = laptops[0].export();
    for l in &laptops[1..] {
        assert_eq!(
            first,
            l.export(),
            "exports of {} and {} differ",
            laptops[0].name,
            l.name
        );
    }
}

#[test]
fn a_quote_promoted_by_the_researcher_reaches_the_pms_item_as_evidence() {
    let team = Team::git();
    let researcher = team.laptop("researcher");
    let pm = team.laptop("pm");
    researcher.add("Seed");
    researcher.init_git(&team);
    pm.init_git(&team);
    pm.sync();

    // The researcher interviews, quotes, synthesises and promotes, offline.
    let item_id = {
        let mut store = researcher.store();
        let script = store.script("Structured interview (30 min)").unwrap();
        let interview = store
            .create_interview(
                &NewInterview::parse("Priya", "Payments", Placeholders::default(), &["CI"])
                    .unwrap(),
                &script,
                now(),
            )
            .unwrap();
        let quote = store
            .add_quote(&interview.id, 2, 90_000, "It takes 40 minutes", now())
            .unwrap();
        let synthesis = store
            .create_synthesis("Deploys", &[(SourceKind::Interview, interview.id)], now())
            .unwrap();
        let entry = store
            .add_entry(&synthesis.id, Section::PainPoint, "Deploys are slow", now())
            .unwrap();
        store
            .link_evidence(&entry, &EvidenceRef::InterviewNote(quote), now())
            .unwrap();
        store
            .promote_entry(&entry, &item("Make deploys fast"), now())
            .unwrap()
            .id
    };
    let sent = researcher.sync();
    assert!(sent.starts_with("Sent "), "{sent}");
    let received = pm.sync();
    assert!(received.contains("added"), "{received}");

    let shown = pm.ok(&["backlog", "show", &item_id]);
    assert!(shown.contains("# Make deploys fast"), "{shown}");
    assert!(shown.contains("It takes 40 minutes"), "{shown}");
    assert!(shown.contains("added by researcher"), "{shown}");
    converge(&[&researcher, &pm]);
}

#[test]
fn concurrent_edits_keep_both_fields_and_the_later_value_with_the_other_in_history() {
    let team = Team::git();
    let alice = team.laptop("alice");
    let bob = team.laptop("bob");
    let id = alice.add("Faster CI");
    alice.init_git(&team);
    alice.sync();
    bob.init_git(&team);
    bob.sync();

    alice.ok(&[
        "backlog",
        "set",
        &id,
        "--title",
        "Title by alice",
        "--reach",
        "200",
    ]);
    std::thread::sleep(std::time::Duration::from_millis(20));
    bob.ok(&[
        "backlog",
        "set",
        &id,
        "--title",
        "Title by bob",
        "--effort",
        "4",
    ]);

    alice.sync();
    bob.sync();
    let report = alice.sync();
    assert!(
        report
            .contains("title: kept \"Title by bob\" by bob, replaced \"Title by alice\" by alice"),
        "{report}"
    );
    converge(&[&alice, &bob]);

    for laptop in [&alice, &bob] {
        let shown = laptop.ok(&["backlog", "show", &id]);
        assert!(shown.contains("# Title by bob"), "{shown}");
        // Different fields: both kept; the score recomputed from them.
        assert!(shown.contains("reach 200"), "{shown}");
        assert!(shown.contains("effort 4"), "{shown}");
        assert!(shown.contains("(200 × 2 × 80%) ÷ 4 = 80.0"), "{shown}");
        // The same field: the earlier value stays in the history, with its author.
        assert!(
            shown.contains("- title: Title by alice by alice"),
            "{} lacks the conflict: {shown}",
            laptop.name
        );
        assert!(
            shown.contains("replaced by the later Title by bob by bob"),
            "{shown}"
        );
    }
}

#[test]
fn a_delete_against_an_edit_leaves_the_record_restorable_from_the_trash() {
    let team = Team::git();
    let alice = team.laptop("alice");
    let bob = team.laptop("bob");
    let id = alice.add("Cache builds");
    alice.add("Keep me");
    alice.init_git(&team);
    alice.sync();
    bob.init_git(&team);
    bob.sync();

    // A delete marks the item (one field), so bob's edit of another field
    // is kept with it: deleted everywhere, with bob's title.
    alice.ok(&["backlog", "delete", &id, "--yes"]);
    bob.ok(&["backlog", "set", &id, "--title", "Cache builds and tests"]);
    converge(&[&alice, &bob]);
    for laptop in [&alice, &bob] {
        let list = laptop.ok(&["backlog", "list"]);
        assert!(!list.contains("Cache builds"), "{list}");
        assert!(list.contains("Keep me"), "{list}");
    }

    let restored = bob.ok(&["backlog", "undelete", &id[..8]]);
    assert_eq!(restored, "Brought back 'Cache builds and tests'.\n");
    assert!(
        bob.ok(&["backlog", "list"])
            .contains("Cache builds and tests")
    );
    converge(&[&alice, &bob]);
    let shown = alice.ok(&["backlog", "show", &id]);
    assert!(shown.contains("# Cache builds and tests"), "{shown}");
    // Its score history was never gone.
    assert!(shown.contains("(created)"), "{shown}");
    assert_eq!(alice.export(), bob.export());
}

#[test]
fn a_record_removed_outright_stays_restorable_from_the_trash() {
    let team = Team::git();
    let alice = team.laptop("alice");
    let bob = team.laptop("bob");
    alice.ok(&["metric", "add", "Adoption", "--target", "> 80%"]);
    alice.ok(&["metric", "record", "Adoption", "61", "--date", "2026-01-05"]);
    alice.init_git(&team);
    alice.sync();
    bob.init_git(&team);
    bob.sync();

    // A reading recorded by mistake is removed, not marked.
    alice.ok(&["metric", "unrecord", "Adoption", "--date", "2026-01-05"]);
    converge(&[&alice, &bob]);
    let mut id = String::new();
    for laptop in [&alice, &bob] {
        assert!(!laptop.ok(&["metric", "show", "Adoption"]).contains("61"));
        let trash = laptop.ok(&["sync", "trash"]);
        let row = trash
            .lines()
            .find(|l| l.contains("metric_reading"))
            .unwrap_or_else(|| panic!("{trash}"));
        assert!(row.contains("alice"), "{trash}");
        id = row.split_whitespace().next().unwrap().to_string();
    }
    let restored = bob.ok(&["sync", "restore", &id[..8]]);
    assert!(restored.starts_with("Restored "), "{restored}");
    converge(&[&alice, &bob]);
    assert!(alice.ok(&["metric", "show", "Adoption"]).contains("61"));
}

#[test]
fn everything_created_offline_on_three_laptops_is_kept_through_a_shared_folder() {
    let team = Team::git();
    let folder = team.shared_folder();
    let folder_arg = folder.display().to_string();
    let laptops = [team.laptop("a"), team.laptop("b"), team.laptop("c")];
    for (i, l) in laptops.iter().enumerate() {
        l.add(&format!("Before sync {i}"));
        l.ok(&["sync", "init", "--dir", &folder_arg, "--name", &l.name]);
    }
    for (i, l) in laptops.iter().enumerate() {
        l.add(&format!("Offline {i}"));
        let mut store = l.store();
        let session = store
            .create_session(
                &fieldkit::domain::shadow::NewSession::parse("Alex", "Deploy", "", "").unwrap(),
                now(),
            )
            .unwrap();
        store
            .add_event(
                &session.id,
                fieldkit::domain::shadow::EventKind::Friction,
                1_000,
                &format!("friction {i}"),
                now(),
            )
            .unwrap();
    }
    let refs: Vec<&Laptop> = laptops.iter().collect();
    converge(&refs);
    let export = laptops[0].export();
    for i in 0..3 {
        assert!(export.contains(&format!("Before sync {i}")), "{export}");
        assert!(export.contains(&format!("Offline {i}")), "{export}");
        assert!(export.contains(&format!("friction {i}")), "{export}");
    }
    // The folder holds only encrypted history: no title in clear.
    let out = Command::new("grep")
        .args(["-r", "-l", "Offline 0"])
        .arg(&folder)
        .output()
        .unwrap();
    assert!(out.stdout.is_empty(), "clear text in the shared folder");
}

#[test]
fn failures_leave_the_file_and_its_outbox_as_they_were() {
    let team = Team::git();
    let alice = team.laptop("alice");
    alice.add("Faster CI");
    alice.init_git(&team);
    alice.sync();
    alice.add("Not sent yet");
    let status = alice.ok(&["sync", "status"]);
    assert!(status.contains("To send: "), "{status}");
    let export = alice.export();

    // A wrong secret.
    let eve = team.laptop("eve");
    eve.cmd(&["sync", "init", "--git", &team.remote, "--name", "eve"])
        .env("FIELDKIT_SYNC_SECRET", "not the team's secret")
        .assert()
        .success();
    eve.cmd(&["sync"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("secret does not match"));
    assert!(!eve.ok(&["backlog", "list"]).contains("Faster CI"));

    // An unreachable remote.
    let moved = team.dir.path().join("moved.git");
    std::fs::rename(&team.remote, &moved).unwrap();
    alice
        .cmd(&["sync"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot reach the sync remote"))
        .stderr(predicate::str::contains("the outbox is kept"));
    assert_eq!(alice.export(), export);
    assert_eq!(alice.ok(&["sync", "status"]), status);
    std::fs::rename(&moved, &team.remote).unwrap();
    alice.sync();
    assert!(alice.ok(&["sync", "status"]).contains("To send: 0 changes"));

    // Bad input writes nothing.
    let fresh = team.laptop("fresh");
    fresh
        .cmd(&["sync", "init", "--git", &team.remote, "--name", ""])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("name"));
    // A "URL" that git would read as an option (here one that runs a
    // command) is refused before git sees it.
    let marker = team.dir.path().join("ran");
    fresh
        .cmd(&[
            "sync",
            "init",
            &format!("--git=--upload-pack=touch {}", marker.display()),
            "--name",
            "fresh",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--git"))
        .stderr(predicate::str::contains("is not a repository"));
    assert!(!marker.exists());
    fresh
        .cmd(&["sync", "init", "--git", &team.remote])
        .env("FIELDKIT_SYNC_SECRET", "short")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("secret"));
    fresh
        .cmd(&["sync"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("sync init"));
}

#[test]
fn the_secret_is_kept_private_and_never_printed() {
    let team = Team::git();
    let alice = team.laptop("alice");
    let out = alice
        .cmd(&["sync", "init", "--git", &team.remote, "--name", "alice"])
        .assert()
        .success()
        .get_output()
        .clone();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains(SECRET));
    use std::os::unix::fs::PermissionsExt;
    let secret = sync_dir(&alice.path).join("secret");
    let mode = std::fs::metadata(&secret).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert!(!alice.ok(&["sync", "status"]).contains(SECRET));
}

fn sync_dir(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap().to_os_string();
    name.push(".sync");
    db.with_file_name(name)
}

/// A small xorshift for kill moments.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn a_sync_killed_at_random_moments_loses_nothing() {
    let team = Team::git();
    let alice = team.laptop("alice");
    let bob = team.laptop("bob");
    alice.add("First");
    alice.init_git(&team);
    bob.init_git(&team);
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    for i in 0..8 {
        alice.add(&format!("Item {i}"));
        bob.add(&format!("Bob item {i}"));
        let mut child = Command::new(super::binary())
            .env("FIELDKIT_SYNC_SECRET", SECRET)
            .arg("--db")
            .arg(&alice.path)
            .arg("sync")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(next(&mut seed) % 400));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if i % 3 == 0 {
            bob.sync();
        }
    }
    converge(&[&alice, &bob]);
    let export = bob.export();
    for i in 0..8 {
        assert!(export.contains(&format!("\"Item {i}\"")), "Item {i} lost");
        assert!(
            export.contains(&format!("\"Bob item {i}\"")),
            "Bob item {i} lost"
        );
    }
    assert!(alice.ok(&["sync", "status"]).contains("To send: 0 changes"));
}

#[test]
fn moving_the_team_to_a_new_repository_sends_everything_again() {
    let old = Team::git();
    let alice = old.laptop("alice");
    alice.add("Kept across the move");
    alice.init_git(&old);
    alice.sync();

    let new = Team::git();
    alice.init_git(&new);
    let status = alice.ok(&["sync", "status"]);
    assert!(status.contains(&new.remote), "{status}");
    assert!(!status.contains("To send: 0 changes"), "{status}");
    alice.sync();
    let bob = new.laptop("bob");
    bob.init_git(&new);
    bob.sync();
    assert!(
        bob.ok(&["backlog", "list"])
            .contains("Kept across the move")
    );
    converge(&[&alice, &bob]);
}

#[test]
fn a_remote_written_by_a_newer_fieldkit_is_refused_and_nothing_changes_here() {
    use taskchampion::storage::AccessMode;
    use taskchampion::{Operation, Operations, Replica, ServerConfig, SqliteStorage, Uuid};
    let team = Team::git();
    let alice = team.laptop("alice");
    alice.add("Mine");
    alice.init_git(&team);
    alice.sync();

    // A newer fieldkit writes a record in a format this one does not know.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let storage = SqliteStorage::new(
            team.dir.path().join("future-replica"),
            AccessMode::ReadWrite,
            true,
        )
        .await
        .unwrap();
        let mut replica = Replica::new(storage);
        let uuid = Uuid::new_v4();
        let stamp =
            |v: &str| format!(r#"{{"v":{v},"t":"2030-01-01T00:00:00.000Z","a":"future","p":""}}"#);
        let mut ops = Operations::new();
        ops.push(Operation::Create { uuid });
        for (property, value) in [("fk", stamp("2")), ("table", stamp("\"backlog_item\""))] {
            ops.push(Operation::Update {
                uuid,
                property: property.into(),
                old_value: None,
                value: Some(value),
                timestamp: taskchampion::chrono::Utc::now(),
            });
        }
        replica.commit_operations(ops).await.unwrap();
        let mut server = ServerConfig::Git {
            local_path: team.dir.path().join("future-git"),
            branch: "fieldkit".into(),
            remote: Some(team.remote.clone()),
            local_only: false,
            encryption_secret: SECRET.as_bytes().to_vec(),
            git_path: None,
        }
        .into_server()
        .await
        .unwrap();
        replica.sync(&mut server, false).await.unwrap();
    });

    alice.add("Not sent yet");
    let export = alice.export();
    let status = alice.ok(&["sync", "status"]);
    alice
        .cmd(&["sync"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("written by a newer fieldkit"));
    assert_eq!(alice.export(), export);
    assert_eq!(alice.ok(&["sync", "status"]), status);
}

#[test]
fn a_received_value_out_of_range_is_not_applied_and_is_named() {
    let team = Team::git();
    let alice = team.laptop("alice");
    let bob = team.laptop("bob");
    let id = alice.add("Cache builds");
    alice.init_git(&team);
    alice.sync();
    bob.init_git(&team);
    bob.sync();
    let before = bob.export();

    // Another copy (an older or a broken one) writes what no command lets
    // through: SQL's CHECK (reach ≥ 0) holds it, the product's range does not.
    let conn = rusqlite::Connection::open(&alice.path).unwrap();
    conn.execute("UPDATE backlog_item SET reach = 1e300 WHERE id = ?1", [&id])
        .unwrap();
    drop(conn);
    alice.sync();
    let report = bob.sync();
    assert!(
        report.contains(&format!("Not applied: backlog_item {}", &id[..8])),
        "{report}"
    );
    assert!(report.contains("reach must be"), "{report}");
    assert_eq!(bob.export(), before);
    assert!(bob.ok(&["backlog", "show", &id]).contains("reach 100"));
    // It stays parked, and is named again at the next sync.
    assert!(bob.sync().contains("Not applied: backlog_item"));
}

#[test]
fn a_synthesis_entry_deleted_on_one_laptop_is_hidden_on_both_and_comes_back_with_its_edit() {
    let team = Team::git();
    let alice = team.laptop("alice");
    let bob = team.laptop("bob");
    let (synthesis, entry) = {
        let mut store = alice.store();
        let script = store.script("Structured interview (30 min)").unwrap();
        let interview = store
            .create_interview(
                &NewInterview::parse("Priya", "Payments", Placeholders::default(), &[]).unwrap(),
                &script,
                now(),
            )
            .unwrap();
        let synthesis = store
            .create_synthesis("Deploys", &[(SourceKind::Interview, interview.id)], now())
            .unwrap();
        let entry = store
            .add_entry(&synthesis.id, Section::PainPoint, "Deploys are slow", now())
            .unwrap();
        (synthesis.id, entry)
    };
    alice.init_git(&team);
    alice.sync();
    bob.init_git(&team);
    bob.sync();
    let texts = |laptop: &Laptop| -> Vec<String> {
        laptop
            .store()
            .synthesis(&synthesis)
            .unwrap()
            .unwrap()
            .entries
            .into_iter()
            .map(|e| e.text)
            .collect()
    };
    assert_eq!(texts(&bob), ["Deploys are slow"]);

    // Alice deletes it while Bob edits it: the delete is one field, so
    // both stay — hidden everywhere, with Bob's text.
    alice.store().delete_entry(&entry, now()).unwrap();
    assert!(
        bob.store()
            .set_entry_text(&entry, "Deploys take 40 minutes", now())
            .unwrap(),
        "Bob's copy has not seen the delete yet"
    );
    converge(&[&alice, &bob]);
    for laptop in [&alice, &bob] {
        assert!(texts(laptop).is_empty());
        // The backup keeps it, marked.
        let backup = laptop.export();
        assert!(backup.contains("Deploys take 40 minutes"), "{backup}");
    }
    bob.store().undelete_entry(&entry).unwrap();
    converge(&[&alice, &bob]);
    assert_eq!(texts(&alice), ["Deploys take 40 minutes"]);
}
