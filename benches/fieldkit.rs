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
    generated_range(0..n)
}

/// Items `range` of the generated backlog.
fn generated_range(range: std::ops::Range<usize>) -> Vec<NewItem> {
    let impacts = Impact::ALL;
    let lanes = [
        Lane::Inbox,
        Lane::Now,
        Lane::Next,
        Lane::Later,
        Lane::Exploring,
        Lane::Done,
    ];
    range
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

/// The backlog sizes of the TUI's frames: a frame must cost the same at
/// each. Under `cargo test` (divan's test mode runs every bench once) they
/// shrink a thousandfold, so the suite never builds a million items.
const TUI_SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

/// Whether divan runs as `cargo bench` (else it is `cargo test`'s smoke run).
fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// A database of `n` generated items (scaled down outside `cargo bench`),
/// built the first time a bench asks for it and kept for the run: the
/// million-item file is built once, and only when a bench wants it.
fn tui_db(n: usize) -> PathBuf {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    static BUILT: OnceLock<Mutex<HashMap<usize, PathBuf>>> = OnceLock::new();
    let n = if benchmarking() { n } else { n / 1000 };
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
    let mut built = BUILT.get_or_init(Default::default).lock().unwrap();
    built
        .entry(n)
        .or_insert_with(|| {
            let path = dir.path().join(format!("tui-{n}.db"));
            let mut store = Store::open(&path).unwrap();
            // In chunks of 100k: the generated items are not all held at once.
            for start in (0..n).step_by(100_000) {
                let chunk = generated_range(start..n.min(start + 100_000));
                store.add_items(&chunk, jiff::Timestamp::now()).unwrap();
            }
            path
        })
        .clone()
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// Open the file, read what the backlog shows, draw the first 100×30 frame.
#[divan::bench(args = TUI_SIZES, sample_count = 10)]
fn start_to_first_frame(bencher: divan::Bencher, n: usize) {
    let path = tui_db(n);
    bencher.bench_local(|| {
        let app = app(&path);
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        frame(&mut terminal, &app);
        app
    });
}

/// A copy of the `n`-item file an app may write to, and the app on it.
fn writable_app(n: usize) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.db");
    std::fs::copy(tui_db(n), &path).unwrap();
    let app = app(&path);
    (dir, app)
}

/// `i` on the top item: the score edit is committed, the list re-sorted, the
/// frame drawn. Alternates `i` and `I` so the list keeps its shape.
#[divan::bench(args = TUI_SIZES, sample_count = 50)]
fn score_key_to_frame(bencher: divan::Bencher, n: usize) {
    let (_dir, mut app) = writable_app(n);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut up = true;
    bencher.bench_local(|| {
        press(&mut app, KeyCode::Char(if up { 'i' } else { 'I' }));
        up = !up;
        frame(&mut terminal, &app);
    });
}

/// A move down the list and its frame, no write.
#[divan::bench(args = TUI_SIZES, sample_count = 50)]
fn move_key_to_frame(bencher: divan::Bencher, n: usize) {
    let mut app = app(&tui_db(n));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    bencher.bench_local(|| {
        press(&mut app, KeyCode::Char('j'));
        frame(&mut terminal, &app);
    });
}

/// One keystroke in the filter line and its frame: the filter `faster 4`
/// gains a digit, then loses it (words match titles and descriptions).
#[divan::bench(args = TUI_SIZES, sample_count = 50)]
fn filter_keystroke_to_frame(bencher: divan::Bencher, n: usize) {
    let mut app = app(&tui_db(n));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    press(&mut app, KeyCode::Char('/'));
    for c in "faster 4".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let mut typing = true;
    bencher.bench_local(|| {
        press(
            &mut app,
            if typing {
                KeyCode::Char('2')
            } else {
                KeyCode::Backspace
            },
        );
        typing = !typing;
        frame(&mut terminal, &app);
    });
}

/// Reads the ranking's anchors the way the app does when a deep rank first
/// needs them (on a thread), and waits for them.
fn wait_for_threads(app: &mut App) {
    while app.is_counting() {
        app.poll_count();
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

/// `G` (the last rows of the list, the last selected) and its frame, deep
/// in the list: the ranks on screen are counted from the ranking's
/// anchors, read once on a thread before the samples.
#[divan::bench(args = TUI_SIZES, sample_count = 50)]
fn deep_window_to_frame(bencher: divan::Bencher, n: usize) {
    let mut app = app(&tui_db(n));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    press(&mut app, KeyCode::Char('G'));
    wait_for_threads(&mut app);
    bencher.bench_local(|| {
        press(&mut app, KeyCode::Char('G'));
        frame(&mut terminal, &app);
    });
}

/// PageUp from the end of the list, a page at a time, and its frame: each
/// sample reads a new window deep in the list, with its ranks.
#[divan::bench(args = TUI_SIZES, sample_count = 50)]
fn deep_page_to_frame(bencher: divan::Bencher, n: usize) {
    let mut app = app(&tui_db(n));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    press(&mut app, KeyCode::Char('G'));
    wait_for_threads(&mut app);
    bencher.bench_local(|| {
        press(&mut app, KeyCode::PageUp);
        frame(&mut terminal, &app);
    });
}

/// A filter keystroke after `G`: the filter `faster 4` typed at the end of
/// the list gains a digit, then loses it; the window keeps its place in
/// the ranking, deep in the list, with its ranks.
#[divan::bench(args = TUI_SIZES, sample_count = 50)]
fn deep_filter_keystroke_to_frame(bencher: divan::Bencher, n: usize) {
    let mut app = app(&tui_db(n));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    press(&mut app, KeyCode::Char('G'));
    wait_for_threads(&mut app);
    press(&mut app, KeyCode::Char('/'));
    for c in "faster 4".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    wait_for_threads(&mut app);
    let mut typing = true;
    bencher.bench_local(|| {
        press(
            &mut app,
            if typing {
                KeyCode::Char('2')
            } else {
                KeyCode::Backspace
            },
        );
        typing = !typing;
        frame(&mut terminal, &app);
    });
}

/// A lane move of the top item (`l`, a step in the picker, Enter): the
/// write committed, the list re-read, the frame drawn. Alternates between
/// two lanes.
#[divan::bench(args = TUI_SIZES, sample_count = 50)]
fn lane_move_to_frame(bencher: divan::Bencher, n: usize) {
    let (_dir, mut app) = writable_app(n);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut down = true;
    bencher.bench_local(|| {
        press(&mut app, KeyCode::Char('l'));
        press(&mut app, if down { KeyCode::Down } else { KeyCode::Up });
        press(&mut app, KeyCode::Enter);
        down = !down;
        frame(&mut terminal, &app);
    });
}

/// A running shadowing session of 20,000 events, 3,000 distinct tool texts
/// among them (20 and 3 outside `cargo bench`), resumed in the Shadow pane.
fn long_session() -> (tempfile::TempDir, App) {
    let (events, tools) = if benchmarking() {
        (20_000, 3_000)
    } else {
        (20, 3)
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.db");
    let mut store = Store::open(&path).unwrap();
    let now = jiff::Timestamp::now();
    let session = store
        .create_session(
            &NewSession::parse("Alex", "Deploy", "15", "5").unwrap(),
            now,
        )
        .unwrap();
    let kinds = [
        EventKind::Tool,
        EventKind::Note,
        EventKind::Friction,
        EventKind::Switch,
        EventKind::Wish,
    ];
    for i in 0..events {
        let kind = kinds[i % kinds.len()];
        let text = match kind {
            EventKind::Tool => format!("Tool number {}", (i / kinds.len()) % tools),
            _ => format!("{} {i}", kind.name()),
        };
        store
            .add_event(&session.id, kind, i as i64 * 300, &text, now)
            .unwrap();
    }
    drop(store);
    let mut app = app(&path);
    // The session was never ended: the app offers to continue it.
    press(&mut app, KeyCode::Char('c'));
    (dir, app)
}

/// The 1 Hz tick of a running session with nothing typed, and its frame.
#[divan::bench(sample_count = 100)]
fn session_idle_tick_frame(bencher: divan::Bencher) {
    let (_dir, mut app) = long_session();
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    bencher.bench_local(|| {
        app.tick();
        frame(&mut terminal, &app);
    });
}

/// `t` in that session: the stamp committed, the text prompt open and drawn.
/// Esc (keep the stamp without text) closes the prompt between samples.
#[divan::bench(sample_count = 100)]
fn session_stamp_to_prompt(bencher: divan::Bencher) {
    let (_dir, mut app) = long_session();
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    bencher.bench_local(|| {
        press(&mut app, KeyCode::Char('t'));
        frame(&mut terminal, &app);
        press(&mut app, KeyCode::Esc);
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

// ---- Interview, Synthesis and the research lists (scale-summaries) ----

/// A file holding what `fill` puts in a store: filled in memory (no
/// commit waits for the disk) and restored into the file in one
/// transaction through the backup format.
fn research_db(dir: &Path, name: &str, fill: impl FnOnce(&mut Store)) -> PathBuf {
    let mut memory = Store::open_in_memory().unwrap();
    fill(&mut memory);
    let mut backup = Vec::new();
    memory.write_backup(&mut backup).unwrap();
    let path = dir.join(name);
    Store::open(&path)
        .unwrap()
        .restore_backup(&backup[..])
        .unwrap();
    path
}

/// An interview: `quotes` quotes over its questions, a note on each,
/// `talks` talk toggles and a step every 20 talks, ended or not.
fn add_interview(store: &mut Store, who: &str, quotes: usize, talks: usize, ended: bool) -> String {
    use fieldkit::domain::interview::NewInterview;
    use fieldkit::domain::script::{Placeholders, Script};
    let now = jiff::Timestamp::now();
    let script = store.script(&Script::default_script().name).unwrap();
    let questions = Script::default_script().question_count();
    let new =
        NewInterview::parse(who, "Platform", Placeholders::default(), &["they wait"]).unwrap();
    let interview = store.create_interview(&new, &script, now).unwrap();
    let id = interview.id;
    for t in 0..talks {
        let start = t as i64 * 3_000;
        if t % 20 == 0 {
            let question = (t / 20) % questions;
            store.add_step(&id, question, start, now).unwrap();
        }
        let talk = store.start_talk(&id, start, now).unwrap();
        store.end_talk(&talk, start + 700, now).unwrap();
    }
    for q in 0..quotes {
        let offset = (q as i64 * 3_000 * talks.max(1) as i64) / quotes.max(1) as i64;
        store
            .add_quote(
                &id,
                q % questions,
                offset,
                &format!("quote {q}: I wait on the pipeline"),
                now,
            )
            .unwrap();
    }
    for q in 0..questions {
        store
            .save_note(
                &id,
                q,
                q as i64 * 60_000,
                &format!("note on question {q}"),
                now,
            )
            .unwrap();
    }
    if ended {
        store
            .end_interview(&id, talks as i64 * 3_000 + 1_000, now)
            .unwrap();
    }
    id
}

/// A shadowing session of `events` stamps (friction, wishes, notes, tools,
/// switches and ended waits), ended.
fn add_session(store: &mut Store, who: &str, events: usize) -> String {
    let now = jiff::Timestamp::now();
    let session = store
        .create_session(&NewSession::parse(who, "Deploy", "15", "5").unwrap(), now)
        .unwrap();
    let kinds = [
        EventKind::Friction,
        EventKind::Wish,
        EventKind::Note,
        EventKind::Tool,
        EventKind::Switch,
        EventKind::Wait,
    ];
    for i in 0..events {
        let kind = kinds[i % kinds.len()];
        let offset = i as i64 * 2_000;
        let event = store
            .add_event(
                &session.id,
                kind,
                offset,
                &format!("{} {i}", kind.name()),
                now,
            )
            .unwrap();
        if kind == EventKind::Wait {
            store.end_wait(&event.id, offset + 5_000, now).unwrap();
        }
    }
    store
        .end_session(&session.id, events as i64 * 2_000, now)
        .unwrap();
    session.id
}

/// A running interview of 5,000 quotes and 2,000 talk toggles (50 and 20
/// outside `cargo bench`), resumed in the Interview pane.
fn long_interview() -> (tempfile::TempDir, App) {
    let (quotes, talks) = if benchmarking() {
        (5_000, 2_000)
    } else {
        (50, 20)
    };
    let dir = tempfile::tempdir().unwrap();
    let path = research_db(dir.path(), "interview.db", |store| {
        add_interview(store, "Robin", quotes, talks, false);
    });
    let mut app = app(&path);
    // The interview was never ended: the app offers to continue it.
    press(&mut app, KeyCode::Char('c'));
    (dir, app)
}

/// The 1 Hz tick of that interview with nothing typed, and its frame.
#[divan::bench(sample_count = 100)]
fn interview_idle_tick_frame(bencher: divan::Bencher) {
    let (_dir, mut app) = long_interview();
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    bencher.bench_local(|| {
        app.tick();
        frame(&mut terminal, &app);
    });
}

/// `"`, a word and Enter in that interview: the quote committed and drawn.
#[divan::bench(sample_count = 100)]
fn interview_quote_to_frame(bencher: divan::Bencher) {
    let (_dir, mut app) = long_interview();
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    bencher.bench_local(|| {
        press(&mut app, KeyCode::Char('"'));
        press(&mut app, KeyCode::Char('x'));
        press(&mut app, KeyCode::Enter);
        frame(&mut terminal, &app);
    });
}

/// `t` in that interview: a talk started or ended, committed and drawn.
#[divan::bench(sample_count = 100)]
fn interview_talk_to_frame(bencher: divan::Bencher) {
    let (_dir, mut app) = long_interview();
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    bencher.bench_local(|| {
        press(&mut app, KeyCode::Char('t'));
        frame(&mut terminal, &app);
    });
}

/// A synthesis over 50 sources: 25 ended interviews of 40 quotes and 25
/// sessions of 200 stamps, 60 entries with 3 links each (5 sources of 4
/// quotes and 10 stamps, 6 entries, outside `cargo bench`); the app on
/// its Synthesis pane.
fn wide_synthesis() -> (tempfile::TempDir, App) {
    use fieldkit::domain::synthesis::{EvidenceRef, Section, SourceKind};
    let (pairs, quotes, events, entries) = if benchmarking() {
        (25, 40, 200, 60)
    } else {
        (5, 4, 10, 6)
    };
    let dir = tempfile::tempdir().unwrap();
    let path = research_db(dir.path(), "synthesis.db", |store| {
        let now = jiff::Timestamp::now();
        let mut sources = Vec::new();
        for n in 0..pairs {
            let interview = add_interview(store, &format!("Dev {n}"), quotes, 10, true);
            sources.push((SourceKind::Interview, interview));
            let session = add_session(store, &format!("Ops {n}"), events);
            sources.push((SourceKind::Shadowing, session));
        }
        let synthesis = store
            .create_synthesis("Deploys are slow", &sources, now)
            .unwrap();
        let candidates = store.synthesis_candidates(&synthesis.id).unwrap();
        for e in 0..entries {
            let section = Section::ALL[e % Section::ALL.len()];
            let entry = store
                .add_entry(&synthesis.id, section, &format!("Entry {e}"), now)
                .unwrap();
            for l in 0..3 {
                let evidence = &candidates[(e * 7 + l * 13) % candidates.len()];
                let reference: &EvidenceRef = &evidence.reference;
                store.link_evidence(&entry, reference, now).unwrap();
            }
        }
    });
    let mut app = app(&path);
    press(&mut app, KeyCode::Char('4'));
    (dir, app)
}

/// Enter on the synthesis (its entries, links and candidates read), its
/// frame, and Esc back to the list.
#[divan::bench(sample_count = 30)]
fn synthesis_open_to_frame(bencher: divan::Bencher) {
    let (_dir, mut app) = wide_synthesis();
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    bencher.bench_local(|| {
        press(&mut app, KeyCode::Enter);
        frame(&mut terminal, &app);
        press(&mut app, KeyCode::Esc);
    });
}

/// `a`, a word and Enter in the open synthesis: the entry committed, the
/// synthesis read again and drawn.
#[divan::bench(sample_count = 30)]
fn synthesis_add_entry_to_frame(bencher: divan::Bencher) {
    let (_dir, mut app) = wide_synthesis();
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    press(&mut app, KeyCode::Enter);
    bencher.bench_local(|| {
        press(&mut app, KeyCode::Char('a'));
        press(&mut app, KeyCode::Char('x'));
        press(&mut app, KeyCode::Enter);
        frame(&mut terminal, &app);
    });
}

/// 1,000 ended sessions of 200 stamps, 200 interviews of 50 quotes, and
/// 100 syntheses over 10 of them each with 20 entries (a thousandth
/// outside `cargo bench`), built once for the list benches.
fn research_lists_db() -> &'static Path {
    use fieldkit::domain::synthesis::{Section, SourceKind};
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DB.get_or_init(|| {
        let (sessions, events, interviews, syntheses) = if benchmarking() {
            (1_000, 200, 200, 100)
        } else {
            (10, 20, 4, 2)
        };
        let dir = tempfile::tempdir().unwrap();
        let path = research_db(dir.path(), "research.db", |store| {
            let now = jiff::Timestamp::now();
            let sessions: Vec<String> = (0..sessions)
                .map(|n| add_session(store, &format!("Ops {n}"), events))
                .collect();
            let interviews: Vec<String> = (0..interviews)
                .map(|n| add_interview(store, &format!("Dev {n}"), 50, 20, n % 5 != 0))
                .collect();
            for n in 0..syntheses {
                let sources: Vec<(SourceKind, String)> = (0..5)
                    .map(|k| {
                        (
                            SourceKind::Shadowing,
                            sessions[(n * 5 + k) % sessions.len()].clone(),
                        )
                    })
                    .chain((0..5).map(|k| {
                        (
                            SourceKind::Interview,
                            interviews[(n * 5 + k) % interviews.len()].clone(),
                        )
                    }))
                    .collect();
                let synthesis = store
                    .create_synthesis(&format!("Synthesis {n}"), &sources, now)
                    .unwrap();
                for e in 0..20 {
                    store
                        .add_entry(
                            &synthesis.id,
                            Section::ALL[e % 4],
                            &format!("Entry {e}"),
                            now,
                        )
                        .unwrap();
                }
            }
        });
        (dir, path)
    })
    .1
}

/// `shadow list`, `interview list` and `synthesis list` (tables), in
/// process, to a sink.
#[divan::bench(args = ["shadow", "interview", "synthesis"], sample_count = 10)]
fn research_list(bencher: divan::Bencher, what: &str) {
    let cli = Cli::parse_from([
        "fieldkit",
        "--db",
        research_lists_db().to_str().unwrap(),
        what,
        "list",
    ]);
    bencher.bench_local(|| {
        let mut out = std::io::sink();
        fieldkit::commands::run(&cli, cli.command.as_ref().unwrap(), &mut out).unwrap();
    });
}

// ---- The Roadmap pane at 10k, 100k and 1M items (roadmap) ----

/// The `n`-item file with Now at 24 and Next at 60 person-months (so those
/// lanes fill and the rest slips; Later and Exploring have no limit),
/// made once per run from the TUI's file.
fn roadmap_db(n: usize) -> PathBuf {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    static BUILT: OnceLock<Mutex<HashMap<usize, PathBuf>>> = OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
    let mut built = BUILT.get_or_init(Default::default).lock().unwrap();
    built
        .entry(n)
        .or_insert_with(|| {
            let path = dir.path().join(format!("roadmap-{n}.db"));
            std::fs::copy(tui_db(n), &path).unwrap();
            let mut store = Store::open(&path).unwrap();
            let now = jiff::Timestamp::now();
            store.set_capacity(Lane::Now, Some(24.0), now).unwrap();
            store.set_capacity(Lane::Next, Some(60.0), now).unwrap();
            path
        })
        .clone()
}

/// `5` from the Backlog pane: the Roadmap pane read for the first time
/// (each lane's count, load, best score, the items up to its capacity and
/// the run the board shows) and its 100×30 frame drawn.
#[divan::bench(args = TUI_SIZES, sample_count = 20)]
fn roadmap_first_shown(bencher: divan::Bencher, n: usize) {
    let path = roadmap_db(n);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    bencher
        .with_inputs(|| app(&path))
        .bench_local_values(|mut app| {
            press(&mut app, KeyCode::Char('5'));
            frame(&mut terminal, &app);
            app
        });
}

/// `L` then `H` on the Roadmap pane, alternately: the top item of Now
/// moved to Next and back (the write committed, the lanes read again,
/// what slips worked out, the popup's text made), and the frame drawn.
/// The popup is closed (Esc) before each move.
#[divan::bench(args = TUI_SIZES, sample_count = 50)]
fn roadmap_lane_move_to_frame(bencher: divan::Bencher, n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.db");
    std::fs::copy(roadmap_db(n), &path).unwrap();
    let mut app = app(&path);
    press(&mut app, KeyCode::Char('5'));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut right = true;
    bencher.bench_local(|| {
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char(if right { 'L' } else { 'H' }));
        right = !right;
        frame(&mut terminal, &app);
    });
}

/// `j` down the Now lane and its frame: the selection walks down past
/// the capacity's cut, reading the lane again whenever its run runs out.
#[divan::bench(args = TUI_SIZES, sample_count = 100)]
fn roadmap_scroll_to_frame(bencher: divan::Bencher, n: usize) {
    let mut app = app(&roadmap_db(n));
    press(&mut app, KeyCode::Char('5'));
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    bencher.bench_local(|| {
        press(&mut app, KeyCode::Char('j'));
        frame(&mut terminal, &app);
    });
}
