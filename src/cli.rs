//! The command line: clap's derive types. No subcommand opens the TUI.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "fieldkit",
    version,
    about = "Triage a platform backlog with RICE, shadow developers, run interviews and synthesize research — offline, in one SQLite file."
)]
pub struct Cli {
    /// The database file (default: fieldkit.db in the platform data directory).
    #[arg(long, global = true, env = "FIELDKIT_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

// Parsed once per run, so the size difference between variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load the seed's example backlog (running it twice adds nothing twice).
    Demo,
    /// Triage the backlog with RICE.
    #[command(subcommand)]
    Backlog(BacklogCommand),
    /// Developer shadowing sessions.
    #[command(subcommand)]
    Shadow(ShadowCommand),
    /// Structured interviews.
    #[command(subcommand)]
    Interview(InterviewCommand),
    /// Interview scripts.
    #[command(subcommand)]
    Script(ScriptCommand),
    /// Syntheses of interviews and sessions.
    #[command(subcommand)]
    Synthesis(SynthesisCommand),
    /// Print every record, with its id, as JSON on stdout (a backup).
    Export,
    /// Rebuild a backup written by `export` into a new or empty database.
    Restore {
        /// The JSON file `fieldkit export` wrote.
        file: PathBuf,
    },
    /// Print shell completions: `source <(fieldkit completions bash)`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per command into a folder.
    Man {
        /// Write fieldkit.1 and a page per subcommand (fieldkit-backlog-import.1…) here.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Success metrics: targets, readings, status and alerts.
    #[command(subcommand)]
    Metric(MetricCommand),
    /// The research cadence: teams shadowed this quarter, interviews this month.
    Cadence(CadenceArgs),
    /// Team sync through TaskChampion: send and receive changes (see `sync init`).
    Sync(SyncArgs),
    /// The roadmap: lanes with dates, capacity, load, order and what slips.
    #[command(subcommand)]
    Roadmap(RoadmapCommand),
    /// The impact map: goals → actors → impacts → backlog items.
    #[command(subcommand)]
    Goal(GoalCommand),
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SyncArgs {
    #[command(subcommand)]
    pub command: Option<SyncCommand>,
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Set up sync with the team's git remote or shared folder; the secret comes from
    /// FIELDKIT_SYNC_SECRET or a prompt.
    Init {
        /// A git repository the team can push to (a bare repository on your git host).
        #[arg(
            long,
            value_name = "URL",
            required_unless_present = "dir",
            conflicts_with = "dir"
        )]
        git: Option<String>,
        /// A shared folder (a bare git repository is made in it if it is empty).
        #[arg(long, value_name = "PATH")]
        dir: Option<PathBuf>,
        /// Your name on what you write (default: your login name).
        #[arg(long, value_name = "AUTHOR")]
        name: Option<String>,
    },
    /// What waits to be sent, who you write as, and the last sync.
    Status,
    /// Deleted records sync keeps, newest first (restorable).
    Trash,
    /// Bring a deleted record back, here and, at their next sync, everywhere.
    Restore {
        /// The record's id (or a unique prefix of at least 4 characters).
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum MetricCommand {
    /// Add a metric; prints its id alone.
    Add {
        /// 1–80 characters, unique (any case).
        #[arg(allow_hyphen_values = true)]
        name: String,
        /// '> 80', '>= 4/5', '< 2 h', '< 30 min', '> 99.9%', a pair with labels
        /// ('< 2 h new service, < 30 min change') or 'decreasing month over month'.
        #[arg(long, allow_hyphen_values = true)]
        target: String,
        /// Shown after values when the target has no unit (NPS, tickets).
        #[arg(long, allow_hyphen_values = true)]
        unit: Option<String>,
        /// leading or lagging (default lagging).
        #[arg(long)]
        kind: Option<String>,
        /// weekly, monthly or quarterly (default: weekly when leading, monthly when lagging).
        #[arg(long)]
        cadence: Option<String>,
    },
    /// Record a reading (a second one on the same day corrects it).
    Record {
        /// The metric's name (any case, or a unique start of it).
        name: String,
        /// The value in the target's unit (78, 2.5, 1.5 h); `-` reads CSV
        /// from stdin with the columns date,value[,note][,part] (a header
        /// line is optional): all rows or none.
        #[arg(allow_hyphen_values = true)]
        value: String,
        /// YYYY-MM-DD, not in the future (default today).
        #[arg(long)]
        date: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        note: Option<String>,
        /// For a pair target: which part the reading is of (its label).
        #[arg(long)]
        part: Option<String>,
    },
    /// The metrics with their latest value, status and baseline → latest; alerts follow.
    List {
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Only the deleted ones, newest deletion first, with when each was
        /// deleted and the readings it keeps (to find the name for
        /// `metric undelete`).
        #[arg(long)]
        deleted: bool,
    },
    /// One metric with every reading and its alerts.
    Show {
        name: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Md)]
        format: ShowFormat,
    },
    /// Add the seed's eight metrics (adoption, time to production, satisfaction…).
    Preset,
    /// Delete a metric (asks unless --yes); `metric undelete` brings it back.
    Delete {
        name: String,
        #[arg(long)]
        yes: bool,
    },
    /// Bring back a deleted metric with its readings.
    Undelete { name: String },
    /// Remove a reading recorded by mistake (the output says how to put it back).
    Unrecord {
        name: String,
        /// The reading's date, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// For a pair target: which part.
        #[arg(long)]
        part: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct CadenceArgs {
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// Set the target of distinct teams shadowed per quarter (the seed's: 3).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub set_teams: Option<String>,
    /// Set the target of interviews per month (the seed's: 5).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub set_interviews: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RoadmapCommand {
    /// Lanes Now, Next, Later, Exploring with their dates, capacity, load,
    /// items in order (pins first, then RICE) and the items that slip.
    Show {
        #[arg(long, value_enum, default_value_t = DiagramFormat::Table)]
        format: DiagramFormat,
    },
    /// Set a lane's capacity in person-months (`none` removes the limit).
    Capacity {
        /// now, next, later or exploring.
        lane: String,
        /// Person-months from 0 to 10,000, or none.
        person_months: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum GoalCommand {
    /// Add a goal; prints its id alone.
    Add {
        /// The goal, e.g. "Reduce time to production by 50%".
        #[arg(allow_hyphen_values = true)]
        title: String,
        /// The metric that measures it, by name.
        #[arg(long, allow_hyphen_values = true)]
        metric: Option<String>,
    },
    /// Link a backlog item to a goal through an actor and an impact
    /// (created under the goal when new).
    Link {
        /// The goal's id (or a unique prefix), or its exact title.
        goal: String,
        /// The item's id (or a unique prefix).
        item: String,
        /// Who changes behaviour, e.g. "Developers".
        #[arg(long, allow_hyphen_values = true)]
        actor: String,
        /// How their behaviour changes, e.g. "Deploy faster".
        #[arg(long, allow_hyphen_values = true)]
        impact: String,
    },
    /// The impact map: each goal's actors, impacts and items in RICE
    /// order, then the items that serve no goal.
    List {
        #[arg(long, value_enum, default_value_t = DiagramFormat::Table)]
        format: DiagramFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum SynthesisCommand {
    /// List syntheses, newest first.
    List {
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
        /// Only the deleted ones, newest deletion first, with when each was
        /// deleted (to find the id for `synthesis undelete`).
        #[arg(long)]
        deleted: bool,
    },
    /// A synthesis as the seed's template (Markdown) or with every link (JSON).
    Export {
        /// The synthesis's id (or a unique prefix of at least 4 characters).
        id: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Md)]
        format: ShowFormat,
    },
    /// Delete a synthesis: its entries and their links; the quotes and events stay (asks first unless --yes;
    /// `synthesis undelete` brings it back).
    Delete {
        /// The synthesis's id (or a unique prefix of at least 4 characters).
        id: String,
        /// Delete without asking.
        #[arg(long)]
        yes: bool,
    },
    /// Bring back a deleted synthesis with its entries.
    Undelete {
        /// The deleted synthesis's id (or a unique prefix of at least 4 characters).
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum InterviewCommand {
    /// List interviews, newest first.
    List {
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
        /// Only the deleted ones, newest deletion first, with when each was
        /// deleted (to find the id for `interview undelete`).
        #[arg(long)]
        deleted: bool,
    },
    /// An interview's record (Markdown) or all of it with a numeric talk_ratio (JSON).
    Export {
        /// The interview's id (or a unique prefix of at least 4 characters).
        id: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Md)]
        format: ShowFormat,
    },
    /// Delete an interview with its notes and quotes (asks first unless --yes;
    /// `interview undelete` brings it back).
    Delete {
        /// The interview's id (or a unique prefix of at least 4 characters).
        id: String,
        /// Delete without asking.
        #[arg(long)]
        yes: bool,
    },
    /// Bring back a deleted interview with its notes and quotes.
    Undelete {
        /// The deleted interview's id (or a unique prefix of at least 4 characters).
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ScriptCommand {
    /// List the scripts.
    List {
        /// Only the deleted ones, newest deletion first, with when each was
        /// deleted (to find the name for `script undelete`).
        #[arg(long)]
        deleted: bool,
    },
    /// Import a script file (TOML, the format of the default script).
    Import {
        file: PathBuf,
        /// Replace the script of the same name, if there is one.
        #[arg(long)]
        replace: bool,
    },
    /// Print a script as TOML.
    Show {
        /// The script's name (case-insensitive).
        name: String,
    },
    /// Delete a script; interviews keep the copy they ran (asks first unless --yes;
    /// `script undelete` brings it back).
    Delete {
        /// The script's name (case-insensitive).
        name: String,
        /// Delete without asking.
        #[arg(long)]
        yes: bool,
    },
    /// Bring back a deleted script.
    Undelete {
        /// The deleted script's name (case-insensitive).
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ShadowCommand {
    /// List sessions, newest first.
    List {
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
        /// Only the deleted ones, newest deletion first, with when each was
        /// deleted (to find the id for `shadow undelete`).
        #[arg(long)]
        deleted: bool,
    },
    /// A session's notes as the seed's template (Markdown) or every event (JSON).
    Export {
        /// The session's id (or a unique prefix of at least 4 characters).
        id: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Md)]
        format: ShowFormat,
    },
    /// Delete a session with its events and pauses (asks first unless --yes;
    /// `shadow undelete` brings it back).
    Delete {
        /// The session's id (or a unique prefix of at least 4 characters).
        id: String,
        /// Delete without asking.
        #[arg(long)]
        yes: bool,
    },
    /// Bring back a deleted session with its events and pauses.
    Undelete {
        /// The deleted session's id (or a unique prefix of at least 4 characters).
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum BacklogCommand {
    /// Add an item; prints its id alone.
    Add(AddArgs),
    /// List items by RICE score.
    List(ListArgs),
    /// Show an item, its formula, score history and evidence.
    Show {
        /// The item's id (or a unique prefix of at least 4 characters).
        id: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Md)]
        format: ShowFormat,
    },
    /// Change fields of an item.
    Set(SetArgs),
    /// Kill an item, with the reason.
    Kill {
        /// The item's id (or a unique prefix).
        id: String,
        /// Why it is not worth building.
        #[arg(long, allow_hyphen_values = true)]
        reason: String,
    },
    /// Delete an item (asks first unless --yes; `backlog undelete` brings it back).
    Delete {
        /// The item's id (or a unique prefix of at least 4 characters).
        id: String,
        /// Delete without asking.
        #[arg(long)]
        yes: bool,
    },
    /// Bring back a deleted item with its history and evidence.
    Undelete {
        /// The deleted item's id (or a unique prefix of at least 4 characters).
        id: String,
    },
    /// Import items from CSV, a Jira export or `gh issue list`: all rows or none.
    ///
    /// A row whose id or tracker key is already stored updates that item's
    /// changed fields only; the others are added. Prints how many were
    /// added, updated and unchanged.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// fieldkit's CSV (the columns of backlog list --format csv; title,
    /// reach, impact, confidence, effort required), Jira's CSV export, or the
    /// JSON of gh issue list --json number,title,body,labels,state,url.
    pub file: PathBuf,
    /// What wrote the file.
    #[arg(long = "from", value_enum, default_value_t = ImportSource::Csv)]
    pub source: ImportSource,
    /// The Jira site's address (https://acme.atlassian.net): items keep
    /// their issue's page, BASE/browse/KEY.
    #[arg(long, value_name = "BASE")]
    pub jira_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportSource {
    /// fieldkit's own CSV.
    Csv,
    /// Jira's CSV export.
    Jira,
    /// gh issue list --json number,title,body,labels,state,url.
    Github,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// 1–200 characters.
    #[arg(allow_hyphen_values = true)]
    pub title: String,
    /// Developers (or teams) affected per quarter, ≥ 0.
    #[arg(long, allow_hyphen_values = true)]
    pub reach: String,
    /// 3, 2, 1, 0.5, 0.25 or massive, high, medium, low, minimal.
    #[arg(long, allow_hyphen_values = true)]
    pub impact: String,
    /// A percent (80 or 80%) or high, medium, low.
    #[arg(long, allow_hyphen_values = true)]
    pub confidence: String,
    /// Person-months, > 0.
    #[arg(long, allow_hyphen_values = true)]
    pub effort: String,
    /// inbox, now, next, later, exploring or done (default inbox).
    #[arg(long)]
    pub lane: Option<String>,
    /// A short word; repeat for more.
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub description: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only these lanes; repeat for more.
    #[arg(long = "lane")]
    pub lanes: Vec<String>,
    /// Include done and killed items.
    #[arg(long)]
    pub all: bool,
    /// Only the deleted items (in any lane), newest deletion first, with
    /// when each was deleted (to find the id for `backlog undelete`).
    #[arg(long)]
    pub deleted: bool,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// The item's id (or a unique prefix).
    pub id: String,
    #[arg(long, allow_hyphen_values = true)]
    pub title: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub reach: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub impact: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub confidence: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub effort: Option<String>,
    #[arg(long)]
    pub lane: Option<String>,
    /// Replace the tags; repeat for more.
    #[arg(long = "tag")]
    pub tags: Option<Vec<String>>,
    #[arg(long, allow_hyphen_values = true)]
    pub description: Option<String>,
    /// Why it is here: users, research, data, team idea or leadership ('' removes it).
    #[arg(long, allow_hyphen_values = true)]
    pub source: Option<String>,
    /// What must be true by the review date for it to stay ('' removes
    /// the criteria and the date).
    #[arg(long, allow_hyphen_values = true)]
    pub success: Option<String>,
    /// The review date of the success criteria, YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD", allow_hyphen_values = true)]
    pub review_by: Option<String>,
    /// Place it above its RICE rank within its lane, with the reason.
    #[arg(
        long,
        value_name = "REASON",
        allow_hyphen_values = true,
        conflicts_with = "unpin"
    )]
    pub pin: Option<String>,
    /// Remove the pin.
    #[arg(long)]
    pub unpin: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    /// Every column import reads, tracker key and url included.
    Csv,
    Json,
    Md,
    /// Issue key and the RICE fields and score, for Jira's CSV importer
    /// (only items with a Jira key).
    Jira,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    Md,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagramFormat {
    Table,
    Md,
    Mermaid,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Md,
    Json,
}
