//! The quality bars of PRODUCT.md, measured in process on generated data:
//! `cargo bench`. Whole-process comparisons (against Taskwarrior, resident
//! memory) live in `bench/compare.sh`.

use clap::Parser;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use fieldkit::cli::Cli;
use fieldkit::domain::backlog::{Lane, NewItem, Tags, Title};
use fieldkit::domain::rice::{Confidence, Effort, Impact, Reach, Rice};
use fieldkit::domain::shadow::{EventKind, NewSession};
use fieldkit::domain::time::SystemClock;
use fieldkit::store::Store;
use fieldkit::tui::app::App;
use fieldkit::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn main() {
    divan::main();
}

const SIZES: [usize; 2] = [10_000, 100_000];

/// A varied backlog: every impact step, the confidence presets, lanes and tags.
fn generated(n: usize) -> Vec<NewItem> {
    let impacts = Impact::ALL;
    let lanes = [
        Lane::Inbox,
        Lane::Now,
        Lane::Next,
        Lane::Later,
        Lane::Exploring,
        Lane::Done,
    ];
    (0..n)
        .map(|i| NewItem {
            title: Title::parse(&format!(
                "Initiative {i}: make the platform {} faster",
                i % 97
            ))
            .unwrap(),
            description: format!("Generated item {i} for benchmarks."),
            rice: Rice {
                reach: Reach::new((i * 7919 % 500) as f64).unwrap(),
                impact: impacts[i % impacts.len()],
                confidence: Confidence::PRESETS[i % 3],
                effort: Effort::new(0.5 + (i % 12) as f64).unwrap(),
            },
            lane: lanes[i % lanes.len()],
            tags: Tags::parse(["ci", "db", "dx", "k8s"][i % 4]).unwrap(),
            kill_reason: None,
        })
        .collect()
}

struct Fixtures {
    _dir: tempfile::TempDir,
    dbs: Vec<(usize, PathBuf)>,
    csvs: Vec<(usize, PathBuf)>,
}

/// One database and one CSV per size, made once per run.
fn fixtures() -> &'static Fixtures {
    static FIXTURES: OnceLock<Fixtures> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut dbs = Vec::new();
        let mut csvs = Vec::new();
        for n in SIZES {
            let path = dir.path().join(format!("backlog-{n}.db"));
            let mut store = Store::open(&path).unwrap();
            store
                .add_items(&generated(n), jiff::Timestamp::now())
                .unwrap();
            drop(store);
            let csv = dir.path().join(format!("backlog-{n}.csv"));
            let cli = Cli::parse_from([
                "fieldkit",
                "--db",
                path.to_str().unwrap(),
                "backlog",
                "list",
                "--all",
                "--format",
                "csv",
            ]);
            let mut out = Vec::new();
            fieldkit::commands::run(&cli, cli.command.as_ref().unwrap(), &mut out).unwrap();
            std::fs::write(&csv, out).unwrap();
            dbs.push((n, path));
            csvs.push((n, csv));
        }
        Fixtures {
            _dir: dir,
            dbs,
            csvs,
        }
    })
}

fn db(n: usize) -> &'static Path {
    &fixtures()
        .dbs
        .iter()
        .find(|(size, _)| *size == n)
        .unwrap()
        .1
}

fn app(path: &Path) -> App {
    App::new(
        Store::open(path).unwrap(),
        Box::new(SystemClock::default()),
        Theme { color: true },
        jiff::tz::TimeZone::UTC,
        Rect::new(0, 0, 100, 30),
    )
    .unwrap()
}

fn frame(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
}

/// Open the file, load and rank the backlog, draw the first 100×30 frame.
#[divan::bench(args = SIZES, sample_count = 20)]
fn start_to_first_frame(bencher: divan::Bencher, n: usize) {
    let path = db(n);
    bencher.bench_local(|| {
        let app = app(path);
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        frame(&mut terminal, &app);
        app
    });
}

/// `i` on the top item: the score edit is committed, the list re-sorted, the
/// frame drawn. Alternates `i` and `I` so the list keeps its shape.
#[divan::bench(args = SIZES, sample_count = 50)]
fn score_key_to_frame(bencher: divan::Bencher, n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.db");
    std::fs::copy(db(n), &path).unwrap();
    let mut app = app(&path);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut up = true;
    bencher.bench_local(|| {
        let key = if up { 'i' } else { 'I' };
        up = !up;
        app.handle_event(Event::Key(KeyEvent::new(
            KeyCode::Char(key),
            KeyModifiers::NONE,
        )));
        frame(&mut terminal, &app);
    });
}

/// A move down the list and its frame, no write.
#[divan::bench(args = SIZES, sample_count = 50)]
fn move_key_to_frame(bencher: divan::Bencher, n: usize) {
    let mut app = app(db(n));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    bencher.bench_local(|| {
        app.handle_event(Event::Key(KeyEvent::new(
            KeyCode::Char('j'),
            KeyModifiers::NONE,
        )));
        frame(&mut terminal, &app);
    });
}

/// A shadowing stamp committed (WAL, synchronous=FULL) on a real file, in a
/// session that already holds ~2,000 events.
#[divan::bench(sample_count = 200)]
fn stamp_durable(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("shadow.db")).unwrap();
    let now = jiff::Timestamp::now();
    let session = store
        .create_session(&NewSession::parse("Alex", "Deploy", "", "").unwrap(), now)
        .unwrap();
    for i in 0..2_000 {
        store
            .add_event(
                &session.id,
                EventKind::ALL[i % 6],
                i as i64 * 3_600,
                "",
                now,
            )
            .unwrap();
    }
    let mut offset = 7_200_000;
    bencher.bench_local(|| {
        offset += 100;
        store
            .add_event(
                &session.id,
                EventKind::Friction,
                offset,
                "",
                jiff::Timestamp::now(),
            )
            .unwrap()
    });
}

/// `backlog list --all --format csv`, in process, to a sink.
#[divan::bench(args = SIZES, sample_count = 10)]
fn list_csv(bencher: divan::Bencher, n: usize) {
    let cli = Cli::parse_from([
        "fieldkit",
        "--db",
        db(n).to_str().unwrap(),
        "backlog",
        "list",
        "--all",
        "--format",
        "csv",
    ]);
    bencher.bench_local(|| {
        let mut out = std::io::sink();
        fieldkit::commands::run(&cli, cli.command.as_ref().unwrap(), &mut out).unwrap();
    });
}

/// `backlog import` of the list's own CSV into a new file.
#[divan::bench(args = SIZES, sample_count = 5)]
fn import_csv(bencher: divan::Bencher, n: usize) {
    let csv = &fixtures()
        .csvs
        .iter()
        .find(|(size, _)| *size == n)
        .unwrap()
        .1;
    bencher
        .with_inputs(|| tempfile::tempdir().unwrap())
        .bench_local_values(|dir| {
            let path = dir.path().join("import.db");
            let cli = Cli::parse_from([
                "fieldkit",
                "--db",
                path.to_str().unwrap(),
                "backlog",
                "import",
                csv.to_str().unwrap(),
            ]);
            fieldkit::commands::run(&cli, cli.command.as_ref().unwrap(), &mut std::io::sink())
                .unwrap();
            dir
        });
}

/// Team sync of 10,000 changes between two laptops: 10,000 items added on
/// one (each with its creation in the score history) are sent through a
/// bare git repository and received and applied by the other. The setup
/// (a new repository, both files, the items) is outside the timing.
#[divan::bench(sample_count = 3)]
fn sync_10k_changes(bencher: divan::Bencher) {
    use fieldkit::sync::Remote;
    const SECRET: &str = "benchmark secret";
    bencher
        .with_inputs(|| {
            let dir = tempfile::tempdir().unwrap();
            let bare = dir.path().join("team.git");
            let ok = std::process::Command::new("git")
                .args(["init", "--bare", "--quiet"])
                .arg(&bare)
                .status()
                .unwrap()
                .success();
            assert!(ok);
            let remote = Remote::Git(bare.display().to_string());
            let mut a = Store::open(&dir.path().join("a.db")).unwrap();
            fieldkit::sync::init(&mut a, remote.clone(), "a", SECRET).unwrap();
            a.add_items(&generated(10_000), jiff::Timestamp::now())
                .unwrap();
            let mut b = Store::open(&dir.path().join("b.db")).unwrap();
            fieldkit::sync::init(&mut b, remote, "b", SECRET).unwrap();
            (dir, a, b)
        })
        .bench_local_values(|(dir, mut a, mut b)| {
            let sent = fieldkit::sync::sync(&mut a).unwrap();
            let received = fieldkit::sync::sync(&mut b).unwrap();
            // The items and their history rows; the default script both files share.
            assert_eq!(sent.sent_records, 20_001);
            assert_eq!(received.inserted, 20_000);
            (dir, a, b)
        });
}
