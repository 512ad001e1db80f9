//! The backlog as the TUI lists it, read a window at a time: the rows
//! before or after a place in the ranking, an item's rank, and how many
//! rows a filter lists (up to a cap). Everything goes through the listing
//! index on `(lane, rank_key, seq, title, description, tags)` (migration
//! 14: a walk checks a row's words and tags without reading the table) and
//! the word index `backlog_search` (migration 12), so what a key costs does
//! not grow with the backlog.
//!
//! The ranking (score descending, ties by creation order) is the order of
//! `(rank_key, seq)` ascending, where `rank_key` is minus the score as
//! SQLite computes it — the same operations as `Rice::score`, so the same
//! number. A window of several lanes merges one ordered read per lane.

use super::Store;
use super::backlog::{ITEM_COLUMNS, item_from_row};
use crate::domain::backlog::{Filter, Item, Lane};
use color_eyre::eyre::Result;
use rusqlite::{Connection, params};
use std::cmp::Ordering;

/// A place in the ranking: an item's `(rank_key, seq)`. A key stays a
/// valid place after its item changed or left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankKey {
    /// Minus the score.
    pub rank_key: f64,
    pub seq: i64,
}

impl RankKey {
    /// Before every item.
    pub const FIRST: RankKey = RankKey {
        rank_key: f64::NEG_INFINITY,
        seq: i64::MIN,
    };
    /// After every item.
    pub const LAST: RankKey = RankKey {
        rank_key: f64::INFINITY,
        seq: i64::MAX,
    };

    pub fn order(&self, other: &RankKey) -> Ordering {
        self.rank_key
            .total_cmp(&other.rank_key)
            .then(self.seq.cmp(&other.seq))
    }
}

/// An item with its place in the ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub item: Item,
    pub key: RankKey,
}

/// What this connection has seen of the file: the rows it changed
/// (`total_changes`) and what other connections committed
/// (`PRAGMA data_version`). Equal stamps mean nothing was written between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeStamp {
    changes: u64,
    others: i64,
}

impl ChangeStamp {
    /// Whether no other connection committed between `earlier` and this.
    pub fn others_same_as(&self, earlier: &ChangeStamp) -> bool {
        self.others == earlier.others
    }
}

/// Where the ranking stood: for each open lane, the key of every
/// [`ANCHOR_EVERY`]th row and how many rows of the lane rank before it.
/// An item's rank is counted from the anchor before it rather than from
/// the top, so a rank deep in a million items costs a few short counts.
/// Kept in step with the app's own writes ([`RankAnchors::moved`]); any
/// other write makes them stale (see [`ChangeStamp`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RankAnchors {
    lanes: Vec<(Lane, Vec<Anchor>)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Anchor {
    key: RankKey,
    /// Rows of the lane ranked strictly before `key`.
    before: u64,
}

/// Every how many rows of a lane [`RankAnchors`] keeps a key.
pub const ANCHOR_EVERY: usize = 256;

/// How many rows a rank may be counted over without anchors (or between
/// two rows of a window) before it is left to the anchors.
pub const RANK_BUDGET: usize = 4_096;

impl RankAnchors {
    /// An item left `from` and came to `to` (its lane and key; `None`
    /// when it was not there, or is deleted now).
    pub fn moved(&mut self, from: Option<(Lane, RankKey)>, to: Option<(Lane, RankKey)>) {
        for (place, step) in [(from, -1i64), (to, 1)] {
            let Some((lane, key)) = place else { continue };
            for (l, anchors) in &mut self.lanes {
                if *l != lane {
                    continue;
                }
                for anchor in anchors.iter_mut().filter(|a| a.key.order(&key).is_gt()) {
                    anchor.before = anchor.before.saturating_add_signed(step);
                }
            }
        }
    }

    /// The anchor of `lane` nearest before `key` (at it included).
    fn before(&self, lane: Lane, key: RankKey) -> Option<Anchor> {
        let (_, anchors) = self.lanes.iter().find(|(l, _)| *l == lane)?;
        let i = anchors.partition_point(|a| a.key.order(&key).is_le());
        i.checked_sub(1).map(|i| anchors[i])
    }
}

/// Which items the table lists: the lanes shown, and the filter's words
/// and tags.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Listing {
    lanes: Vec<Lane>,
    /// Lower-cased parts of the filter's words; each must begin a word of
    /// the title or the description.
    words: Vec<String>,
    tags: Vec<String>,
}

/// How many rows a word or tag filter may step through in ranking order
/// before the word index is asked instead: a common word fills the window
/// within a few rows, a rare one is found faster through the index. A step
/// reads the row's title, description and tags without copying them (an
/// item is built only for rows that pass), so a full budget costs a few
/// milliseconds at any size.
const WALK_BUDGET: usize = 4_000;

/// A word part found in at most one row in this many of those a walk
/// stepped through is asked of the word index; commoner parts are left to
/// the check every row the index finds goes through (a common word's
/// prefix query reads its whole posting list first: every row at 1M).
const RARE: usize = 20;

/// How many rows one ordered read of a lane fetches at a time.
const CHUNK: usize = 64;

impl Listing {
    pub fn new(filter: &Filter, show_closed: bool) -> Self {
        Self {
            lanes: filter.listed_lanes(show_closed),
            words: filter.word_parts(),
            tags: filter.tags().to_vec(),
        }
    }

    fn narrows(&self) -> bool {
        !self.words.is_empty() || !self.tags.is_empty()
    }

    /// Whether an item of a listed lane passes the words and tags.
    fn passes(&self, item: &Item) -> bool {
        self.tags.iter().all(|t| item.tags.contains(t))
            && Filter::words_begin_words(&self.words, &item.title, &item.description)
    }

    /// Whether an item is listed: its lane is shown and it passes the
    /// words and tags.
    pub fn lists(&self, item: &Item) -> bool {
        self.lanes.contains(&item.lane) && self.passes(item)
    }

    /// What a walk learns from a stored row without copying it: whether
    /// it passes the words and tags, and which word parts (the first 64)
    /// it holds.
    fn check_row(
        &self,
        row: &rusqlite::Row<'_>,
        columns: &WalkColumns,
    ) -> rusqlite::Result<(bool, u64)> {
        if !self.narrows() {
            return Ok((true, 0));
        }
        let tags = row.get_ref(columns.tags)?.as_str()?;
        let tagged = self
            .tags
            .iter()
            .all(|t| tags.split(' ').any(|stored| stored == t));
        let title = row.get_ref(columns.title)?.as_str()?;
        let description = row.get_ref(columns.description)?.as_str()?;
        let mut parts = 0u64;
        for (i, part) in self.words.iter().enumerate().take(64) {
            if Filter::words_begin_words(std::slice::from_ref(part), title, description) {
                parts |= 1 << i;
            }
        }
        let all = if self.words.len() >= 64 {
            Filter::words_begin_words(&self.words, title, description)
        } else {
            parts.count_ones() as usize == self.words.len()
        };
        Ok((tagged && all, parts))
    }

    /// Whether every open item is listed, so listed open items have
    /// consecutive ranks.
    fn lists_every_open_item(&self) -> bool {
        !self.narrows()
            && Lane::ALL
                .iter()
                .filter(|l| !l.is_closed())
                .all(|l| self.lanes.contains(l))
    }

    /// The word index query: each word part `asked` as a prefix in the
    /// title or the description, each tag in the tags; all must match.
    /// Bound as a value.
    fn match_query(&self, asked: &[&String]) -> String {
        let quoted = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
        let mut terms: Vec<String> = asked
            .iter()
            .map(|w| format!("{{title description}} : {}*", quoted(w)))
            .collect();
        terms.extend(self.tags.iter().map(|t| format!("tags : {}", quoted(t))));
        terms.join(" AND ")
    }

    /// The listed lanes as ` now next ` for `instr`.
    fn lane_list(&self) -> String {
        let names: Vec<&str> = self.lanes.iter().map(|l| l.name()).collect();
        format!(" {} ", names.join(" "))
    }
}

/// Which way a read goes from its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    /// Rows after the key (or at it, when inclusive), best first.
    After { inclusive: bool },
    /// Rows before the key, nearest first.
    Before,
}

fn ranked_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Ranked> {
    let item = item_from_row(row)?;
    let key = RankKey {
        rank_key: row.get("rank_key")?,
        seq: item.seq,
    };
    Ok(Ranked { item, key })
}

/// One row a walk stepped through: its place, whether it passes the
/// filter, and which word parts it holds (see [`Listing::check_row`]).
struct Step {
    key: RankKey,
    passes: bool,
    parts: u64,
}

/// Where a walk's statement has the columns it checks: looked up by name
/// once per statement rather than once per row (a walk steps through
/// thousands).
struct WalkColumns {
    seq: usize,
    rank_key: usize,
    title: usize,
    description: usize,
    tags: usize,
}

/// Up to `n` rows of one lane from `key` going `way`, each checked against
/// the listing's words and tags. The statement reads only columns the
/// ranking index holds (migration 14), so SQLite reads the index alone,
/// in order, and never looks a row up in the table.
fn lane_steps(
    conn: &Connection,
    listing: &Listing,
    lane: Lane,
    key: RankKey,
    way: Way,
    n: usize,
) -> Result<Vec<Step>> {
    const WALKED: &str = "SELECT seq, rank_key, title, description, tags FROM backlog_item \
                          WHERE lane = ?1 AND deleted_at IS NULL";
    let sql = match way {
        Way::After { inclusive: false } => {
            format!("{WALKED} AND (rank_key, seq) > (?2, ?3) ORDER BY rank_key, seq LIMIT ?4")
        }
        Way::After { inclusive: true } => {
            format!("{WALKED} AND (rank_key, seq) >= (?2, ?3) ORDER BY rank_key, seq LIMIT ?4")
        }
        Way::Before => format!(
            "{WALKED} AND (rank_key, seq) < (?2, ?3) ORDER BY rank_key DESC, seq DESC LIMIT ?4"
        ),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let columns = WalkColumns {
        seq: stmt.column_index("seq")?,
        rank_key: stmt.column_index("rank_key")?,
        title: stmt.column_index("title")?,
        description: stmt.column_index("description")?,
        tags: stmt.column_index("tags")?,
    };
    let steps = stmt
        .query_map(
            params![lane.name(), key.rank_key, key.seq, n as i64],
            |row| {
                let key = RankKey {
                    rank_key: row.get(columns.rank_key)?,
                    seq: row.get(columns.seq)?,
                };
                let (passes, parts) = listing.check_row(row, &columns)?;
                Ok(Step { key, passes, parts })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(steps)
}

/// The rows at `keys` read whole, in the same order. A row deleted by
/// another connection since its key was read is left out.
fn rows_at(conn: &Connection, keys: &[RankKey]) -> Result<Vec<Ranked>> {
    use rusqlite::OptionalExtension;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ITEM_COLUMNS} FROM backlog_item WHERE seq = ?1 AND deleted_at IS NULL"
    ))?;
    let mut out = Vec::with_capacity(keys.len());
    for key in keys {
        if let Some(item) = stmt.query_row([key.seq], item_from_row).optional()? {
            out.push(Ranked { item, key: *key });
        }
    }
    Ok(out)
}

/// Up to `n` rows the word index finds for the word parts `asked` (and
/// every tag) among the listed lanes, from `key` going `way`. The caller
/// checks them against the whole filter.
fn indexed_rows(
    conn: &Connection,
    listing: &Listing,
    asked: &[&String],
    key: RankKey,
    way: Way,
    n: usize,
) -> Result<Vec<Ranked>> {
    let (compare, order) = match way {
        Way::After { inclusive: false } => (">", "rank_key, seq"),
        Way::After { inclusive: true } => (">=", "rank_key, seq"),
        Way::Before => ("<", "rank_key DESC, seq DESC"),
    };
    let sql = format!(
        "SELECT {ITEM_COLUMNS}, rank_key FROM backlog_item \
         WHERE seq IN (SELECT rowid FROM backlog_search WHERE backlog_search MATCH ?1) \
         AND instr(?2, ' ' || lane || ' ') > 0 AND deleted_at IS NULL AND (rank_key, seq) {compare} (?3, ?4) \
         ORDER BY {order} LIMIT ?5"
    );
    super::all_rows(
        conn,
        &sql,
        params![
            listing.match_query(asked),
            listing.lane_list(),
            key.rank_key,
            key.seq,
            n as i64
        ],
        ranked_from_row,
    )
}

/// One lane read in order, a chunk at a time.
struct LaneCursor {
    lane: Lane,
    buffered: std::collections::VecDeque<Step>,
    /// Where the next chunk starts (exclusive), or `None` when the lane is
    /// read to its end.
    next: Option<RankKey>,
    way: Way,
}

impl LaneCursor {
    fn head(
        &mut self,
        conn: &Connection,
        listing: &Listing,
        chunk: usize,
    ) -> Result<Option<&Step>> {
        if self.buffered.is_empty()
            && let Some(key) = self.next
        {
            let rows = lane_steps(conn, listing, self.lane, key, self.way, chunk)?;
            self.next = if rows.len() < chunk {
                None
            } else {
                rows.last().map(|r| r.key)
            };
            // Later chunks continue after the last row read.
            if self.way != Way::Before {
                self.way = Way::After { inclusive: false };
            }
            self.buffered.extend(rows);
        }
        Ok(self.buffered.front())
    }
}

/// How a walk through the ranking ended.
enum Walk {
    /// Up to `n` rows that pass the filter: all there are, or `n` (read
    /// whole when the walk wants rows), and how many passed.
    Done(Vec<Ranked>, usize),
    /// More than the budget stepped through: how many rows were, and how
    /// many of them held each word part.
    OverBudget { stepped: usize, hits: Vec<usize> },
}

/// Merges the listed lanes' ordered reads: up to `n` rows that pass the
/// filter, unless more than `budget` rows are stepped through.
fn merged_rows(
    conn: &Connection,
    listing: &Listing,
    key: RankKey,
    way: Way,
    n: usize,
    budget: usize,
) -> Result<Walk> {
    walk(conn, listing, key, way, n, budget, true)
}

/// The walk of [`merged_rows`]; `whole` false only counts the rows that
/// pass.
fn walk(
    conn: &Connection,
    listing: &Listing,
    key: RankKey,
    way: Way,
    n: usize,
    budget: usize,
    whole: bool,
) -> Result<Walk> {
    let chunk = if listing.narrows() { CHUNK } else { n.max(1) };
    let mut cursors: Vec<LaneCursor> = listing
        .lanes
        .iter()
        .map(|&lane| LaneCursor {
            lane,
            buffered: Default::default(),
            next: Some(key),
            way,
        })
        .collect();
    let mut out = Vec::new();
    let mut passed = 0;
    let mut stepped = 0;
    let mut hits = vec![0usize; listing.words.len()];
    while passed < n {
        let mut best: Option<(usize, RankKey)> = None;
        for (i, cursor) in cursors.iter_mut().enumerate() {
            if let Some(head) = cursor.head(conn, listing, chunk)? {
                let better = match best {
                    None => true,
                    Some((_, b)) => match way {
                        Way::Before => head.key.order(&b).is_gt(),
                        Way::After { .. } => head.key.order(&b).is_lt(),
                    },
                };
                if better {
                    best = Some((i, head.key));
                }
            }
        }
        let Some((i, _)) = best else { break };
        let Some(step) = cursors[i].buffered.pop_front() else {
            break;
        };
        stepped += 1;
        for (part, hit) in hits.iter_mut().enumerate().take(64) {
            *hit += usize::from(step.parts & (1 << part) != 0);
        }
        if step.passes {
            passed += 1;
            if whole {
                out.push(step.key);
            }
        } else if stepped > budget {
            // Parts past the 64th were not sampled: never taken as rare.
            for hit in hits.iter_mut().skip(64) {
                *hit = stepped;
            }
            return Ok(Walk::OverBudget { stepped, hits });
        }
    }
    Ok(Walk::Done(rows_at(conn, &out)?, passed))
}

impl Store {
    /// Up to `n` listed rows after `key` (at it too when `inclusive`), in
    /// ranking order.
    pub fn listed_after(
        &self,
        listing: &Listing,
        key: RankKey,
        inclusive: bool,
        n: usize,
    ) -> Result<Vec<Ranked>> {
        self.listed(listing, key, Way::After { inclusive }, n)
    }

    /// Up to `n` listed rows before `key`, nearest first.
    pub fn listed_before(&self, listing: &Listing, key: RankKey, n: usize) -> Result<Vec<Ranked>> {
        self.listed(listing, key, Way::Before, n)
    }

    fn listed(&self, listing: &Listing, key: RankKey, way: Way, n: usize) -> Result<Vec<Ranked>> {
        self.listed_within(listing, key, way, n, WALK_BUDGET)
    }

    /// The rows `listed` reads, walking at most `budget` rows before the
    /// word index is asked.
    fn listed_within(
        &self,
        listing: &Listing,
        key: RankKey,
        way: Way,
        n: usize,
        budget: usize,
    ) -> Result<Vec<Ranked>> {
        if n == 0 || listing.lanes.is_empty() {
            return Ok(Vec::new());
        }
        let budget = if listing.narrows() {
            budget
        } else {
            usize::MAX
        };
        // A common word: stepping through the ranking fills the window soon.
        let (stepped, hits) = match merged_rows(&self.conn, listing, key, way, n, budget)? {
            Walk::Done(rows, _) => return Ok(rows),
            Walk::OverBudget { stepped, hits } => (stepped, hits),
        };
        // A rare one: the word index finds its few rows. It is asked for
        // the parts that were rare in the walk (or the rarest): a common
        // part would make it read its whole posting list. Every row it
        // finds is checked again by the same rule the walk uses, so both
        // ways list the same.
        let mut asked: Vec<&String> = listing
            .words
            .iter()
            .zip(&hits)
            .filter(|(_, hit)| **hit * RARE <= stepped)
            .map(|(word, _)| word)
            .collect();
        if asked.is_empty()
            && let Some((word, _)) = listing.words.iter().zip(&hits).min_by_key(|(_, hit)| **hit)
        {
            asked.push(word);
        }
        let mut out = Vec::new();
        let mut from = key;
        let mut way_now = way;
        loop {
            let want = n - out.len();
            let rows = indexed_rows(&self.conn, listing, &asked, from, way_now, want)?;
            let fetched = rows.len();
            if let Some(last) = rows.last() {
                from = last.key;
            }
            out.extend(rows.into_iter().filter(|r| listing.passes(&r.item)));
            if fetched < want || out.len() >= n {
                break;
            }
            if way_now != Way::Before {
                way_now = Way::After { inclusive: false };
            }
        }
        Ok(out)
    }

    /// Where an item sits in the ranking, if it exists.
    pub fn rank_key(&self, id: &str) -> Result<Option<RankKey>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .prepare_cached(
                "SELECT rank_key, seq FROM backlog_item WHERE id = ?1 AND deleted_at IS NULL",
            )?
            .query_row([id], |r| {
                Ok(RankKey {
                    rank_key: r.get("rank_key")?,
                    seq: r.get("seq")?,
                })
            })
            .optional()?)
    }

    /// What this connection has seen of the file now.
    pub fn change_stamp(&self) -> Result<ChangeStamp> {
        Ok(ChangeStamp {
            changes: self.conn.total_changes(),
            others: self
                .conn
                .pragma_query_value(None, "data_version", |r| r.get(0))?,
        })
    }

    /// An item's lane and place in the ranking, if it exists.
    pub fn rank_place(&self, id: &str) -> Result<Option<(Lane, RankKey)>> {
        use rusqlite::OptionalExtension;
        let found: Option<(String, RankKey)> = self
            .conn
            .prepare_cached(
                "SELECT lane, rank_key, seq FROM backlog_item WHERE id = ?1 AND deleted_at IS NULL",
            )?
            .query_row([id], |r| {
                Ok((
                    r.get("lane")?,
                    RankKey {
                        rank_key: r.get("rank_key")?,
                        seq: r.get("seq")?,
                    },
                ))
            })
            .optional()?;
        Ok(match found {
            Some((lane, key)) => Some((Lane::parse(&lane)?, key)),
            None => None,
        })
    }

    /// The ranking's anchors, every `every` rows of each open lane, read
    /// in one snapshot. Reads every open row's key: meant for a thread of
    /// its own at a million items.
    pub fn rank_anchors(&self, every: usize) -> Result<RankAnchors> {
        let every = every.max(1);
        let tx = self.conn.unchecked_transaction()?;
        let mut lanes = Vec::new();
        {
            let mut stmt = tx.prepare_cached(
                "SELECT rank_key, seq FROM backlog_item WHERE lane = ?1 AND deleted_at IS NULL \
                 ORDER BY rank_key, seq",
            )?;
            for lane in Lane::ALL.iter().filter(|l| !l.is_closed()) {
                let mut anchors = Vec::new();
                let mut rows = stmt.query([lane.name()])?;
                let mut at = 0u64;
                while let Some(row) = rows.next()? {
                    if at.is_multiple_of(every as u64) {
                        anchors.push(Anchor {
                            key: RankKey {
                                rank_key: row.get("rank_key")?,
                                seq: row.get("seq")?,
                            },
                            before: at,
                        });
                    }
                    at += 1;
                }
                lanes.push((*lane, anchors));
            }
        }
        tx.commit()?;
        Ok(RankAnchors { lanes })
    }

    /// How many open items rank strictly between `from` and `to`, if at
    /// most `cap`.
    fn open_between(&self, from: RankKey, to: RankKey, cap: usize) -> Result<Option<u64>> {
        use rusqlite::types::Value;
        let open: Vec<Lane> = Lane::ALL
            .iter()
            .copied()
            .filter(|l| !l.is_closed())
            .collect();
        let lanes = vec!["?"; open.len()].join(", ");
        let n = open.len();
        let sql = format!(
            "SELECT count(*) FROM (SELECT 1 FROM backlog_item \
             WHERE lane IN ({lanes}) AND deleted_at IS NULL \
             AND (rank_key, seq) > (?{a}, ?{b}) AND (rank_key, seq) < (?{c}, ?{d}) LIMIT ?{e})",
            a = n + 1,
            b = n + 2,
            c = n + 3,
            d = n + 4,
            e = n + 5,
        );
        let mut values: Vec<Value> = open.iter().map(|l| Value::Text(l.name().into())).collect();
        values.extend([
            Value::Real(from.rank_key),
            Value::Integer(from.seq),
            Value::Real(to.rank_key),
            Value::Integer(to.seq),
            Value::Integer(cap.saturating_add(1).min(i64::MAX as usize) as i64),
        ]);
        let counted: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(values), |r| r.get(0))?;
        Ok((counted as usize <= cap).then_some(counted as u64))
    }

    /// The keys of the open items ranked strictly between `from` and
    /// `to`, in ranking order, if at most `cap`.
    fn open_keys_between(
        &self,
        from: RankKey,
        to: RankKey,
        cap: usize,
    ) -> Result<Option<Vec<RankKey>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT rank_key, seq FROM backlog_item WHERE lane = ?1 AND deleted_at IS NULL \
             AND (rank_key, seq) > (?2, ?3) AND (rank_key, seq) < (?4, ?5) \
             ORDER BY rank_key, seq LIMIT ?6",
        )?;
        let mut keys: Vec<RankKey> = Vec::new();
        for lane in Lane::ALL.iter().filter(|l| !l.is_closed()) {
            let room = cap - keys.len();
            let lane_keys = stmt
                .query_map(
                    params![
                        lane.name(),
                        from.rank_key,
                        from.seq,
                        to.rank_key,
                        to.seq,
                        room.saturating_add(1).min(i64::MAX as usize) as i64
                    ],
                    |r| {
                        Ok(RankKey {
                            rank_key: r.get("rank_key")?,
                            seq: r.get("seq")?,
                        })
                    },
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            if lane_keys.len() > room {
                return Ok(None);
            }
            keys.extend(lane_keys);
        }
        keys.sort_by(|a, b| a.order(b));
        Ok(Some(keys))
    }

    /// How many rows of `lane` rank at or after `from` and before `to`.
    fn lane_between(&self, lane: Lane, from: RankKey, to: RankKey) -> Result<u64> {
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM backlog_item WHERE lane = ?1 AND deleted_at IS NULL \
                 AND (rank_key, seq) >= (?2, ?3) AND (rank_key, seq) < (?4, ?5)",
            )?
            .query_row(
                params![lane.name(), from.rank_key, from.seq, to.rank_key, to.seq],
                |r| r.get(0),
            )?;
        Ok(n as u64)
    }

    /// The rank (1 = best) among open items of an open item at `key`,
    /// counted from the anchors, or from the top when at most `cap` rows
    /// rank above it.
    fn open_rank(
        &self,
        key: RankKey,
        anchors: Option<&RankAnchors>,
        cap: usize,
    ) -> Result<Option<u64>> {
        let Some(anchors) = anchors else {
            return Ok(self.open_between(RankKey::FIRST, key, cap)?.map(|n| n + 1));
        };
        let mut above = 0;
        for lane in Lane::ALL.iter().filter(|l| !l.is_closed()) {
            let anchor = anchors.before(*lane, key).unwrap_or(Anchor {
                key: RankKey::FIRST,
                before: 0,
            });
            above += anchor.before + self.lane_between(*lane, anchor.key, key)?;
        }
        Ok(Some(above + 1))
    }

    /// The rank (1 = best) of each open row of `rows` (in ranking order)
    /// among all open items; `None` for done and killed. Counts from the
    /// top, then between rows: exact, and as long as the ranks are deep.
    pub fn open_ranks(&self, listing: &Listing, rows: &[Ranked]) -> Result<Vec<Option<u64>>> {
        self.open_ranks_near(listing, rows, None, usize::MAX)?
            .ok_or_else(|| color_eyre::eyre::eyre!("a rank was not counted"))
    }

    /// [`Store::open_ranks`] counting at most `cap` rows for a rank: the
    /// first row's from the anchors (or from the top), each next row's
    /// from the row before it (or from the anchors when far). `None` when
    /// a rank needs more than `cap` rows counted and there are no anchors.
    /// The anchors must be in step with the file (see [`ChangeStamp`]).
    pub fn open_ranks_near(
        &self,
        listing: &Listing,
        rows: &[Ranked],
        anchors: Option<&RankAnchors>,
        cap: usize,
    ) -> Result<Option<Vec<Option<u64>>>> {
        let consecutive = listing.lists_every_open_item();
        // The open items ranked between the window's first and last open
        // rows, when at most `cap`: the ranks between are counted from
        // them, with one read per lane instead of one per row.
        let mut open = rows.iter().filter(|r| !r.item.lane.is_closed());
        let span = match (open.next(), open.next_back()) {
            (Some(first), Some(last)) if !consecutive => {
                self.open_keys_between(first.key, last.key, cap)?
            }
            _ => None,
        };
        let mut ranks = Vec::with_capacity(rows.len());
        let mut last: Option<(RankKey, u64)> = None;
        for row in rows {
            if row.item.lane.is_closed() {
                ranks.push(None);
                continue;
            }
            let near = match (last, &span) {
                (None, _) => None,
                (Some((_, rank)), _) if consecutive => Some(rank + 1),
                (Some((key, rank)), Some(span)) => {
                    let through = span.partition_point(|k| k.order(&key).is_le());
                    let before = span.partition_point(|k| k.order(&row.key).is_lt());
                    Some(rank + (before - through) as u64 + 1)
                }
                (Some((key, rank)), None) => self
                    .open_between(key, row.key, cap)?
                    .map(|between| rank + between + 1),
            };
            let rank = match near {
                Some(rank) => rank,
                None => match self.open_rank(row.key, anchors, cap)? {
                    Some(rank) => rank,
                    None => return Ok(None),
                },
            };
            ranks.push(Some(rank));
            last = Some((row.key, rank));
        }
        Ok(Some(ranks))
    }

    /// How many rows the listing shows, counted up to `cap` (a count of
    /// `cap` means "at least").
    pub fn listed_count(&self, listing: &Listing, cap: usize) -> Result<usize> {
        if !listing.narrows() {
            let mut stmt = self.conn.prepare_cached(
                "SELECT count(*) FROM (SELECT 1 FROM backlog_item WHERE lane = ?1 AND deleted_at IS NULL LIMIT ?2)",
            )?;
            let mut total = 0usize;
            for lane in &listing.lanes {
                let n: i64 = stmt.query_row(params![lane.name(), cap as i64], |r| r.get(0))?;
                total += n as usize;
                if total >= cap {
                    return Ok(cap);
                }
            }
            return Ok(total);
        }
        Ok(self
            .listed_after(listing, RankKey::FIRST, false, cap)?
            .len())
    }

    /// [`Store::listed_count`] when it is quick to tell: without words or
    /// tags (counted per lane through the index), or when a walk through
    /// at most `budget` rows finds `cap` rows or the end. `None` otherwise.
    pub fn listed_count_quick(
        &self,
        listing: &Listing,
        cap: usize,
        budget: usize,
    ) -> Result<Option<usize>> {
        if !listing.narrows() || listing.lanes.is_empty() {
            return self.listed_count(listing, cap).map(Some);
        }
        let first = Way::After { inclusive: false };
        Ok(
            match walk(
                &self.conn,
                listing,
                RankKey::FIRST,
                first,
                cap,
                budget,
                false,
            )? {
                Walk::Done(_, passed) => Some(passed),
                Walk::OverBudget { .. } => None,
            },
        )
    }

    /// Lets this connection keep up to `mib` MiB of the file's pages
    /// (SQLite's default is 2): a walk through the ranking reads rows
    /// scattered over the file, and the next keystroke's walk reads most
    /// of them again. Only pages read are kept.
    pub fn keep_pages(&self, mib: i64) -> Result<()> {
        self.conn.pragma_update(None, "cache_size", -mib * 1024)?;
        Ok(())
    }

    /// Whether the file lives in memory only (no other connection can
    /// open it).
    pub fn in_memory(&self) -> bool {
        self.conn.path().is_none_or(str::is_empty)
    }

    /// Makes this connection's statements stop (with an error) once
    /// `stop` is set, whether they were running then or start after:
    /// SQLite checks it every thousand or so steps. An interrupt handle
    /// would miss a statement that had not started yet.
    pub fn stop_when(&self, stop: std::sync::Arc<std::sync::atomic::AtomicBool>) -> Result<()> {
        use std::sync::atomic::Ordering;
        self.conn
            .progress_handler(1_000, Some(move || stop.load(Ordering::Relaxed)))?;
        Ok(())
    }

    /// A read that never ends by itself (it counts without end): what a
    /// test of an interrupt stops. Fails once interrupted.
    #[cfg(test)]
    pub(crate) fn count_forever(&self) -> Result<()> {
        self.conn.query_row(
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) \
             SELECT count(*) FROM n",
            [],
            |_| Ok(()),
        )?;
        Ok(())
    }

    /// Whether the backlog holds no item at all (deleted ones aside).
    pub fn backlog_is_empty(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM backlog_item WHERE deleted_at IS NULL)",
            [],
            |r| r.get(0),
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::backlog::{ItemPatch, NewItem, Tags, Title, rank};
    use crate::domain::rice::{Confidence, Effort, Impact, Reach, Rice};
    use proptest::prelude::*;

    fn now() -> jiff::Timestamp {
        "2026-11-25T14:00:00Z".parse().unwrap()
    }

    const WORDS: [&str; 6] = ["faster", "CI", "database", "self-service", "mesh", "Kube"];
    const TAGS: [&str; 3] = ["ci", "db", "k8s"];

    /// An item from small numbers, so scores often tie.
    fn new_item(
        (reach, impact, effort, lane, word, tag, in_description): (
            u8,
            usize,
            u8,
            usize,
            usize,
            usize,
            bool,
        ),
    ) -> NewItem {
        let lane = Lane::ALL[lane % Lane::ALL.len()];
        let word = WORDS[word % WORDS.len()];
        let (title, description) = if in_description {
            ("Initiative".to_string(), format!("About {word} things"))
        } else {
            (format!("{word} initiative"), String::new())
        };
        NewItem {
            title: Title::parse(&title).unwrap(),
            description,
            rice: Rice {
                reach: Reach::new(f64::from(reach % 4) * 10.0).unwrap(),
                impact: Impact::ALL[impact % 5],
                confidence: Confidence::PRESETS[impact % 3],
                effort: Effort::new(f64::from(effort % 3) + 0.5).unwrap(),
            },
            lane,
            tags: Tags::parse(TAGS[tag % TAGS.len()]).unwrap(),
            kill_reason: (lane == Lane::Killed).then(|| "no".to_string()),
        }
    }

    /// The listing computed the old way: every item ranked in Rust.
    fn full_ranking(
        store: &Store,
        filter: &Filter,
        show_closed: bool,
    ) -> Vec<(String, Option<u64>)> {
        let mut items = store.items().unwrap();
        rank(&mut items);
        let parts = filter.word_parts();
        let lanes = filter.listed_lanes(show_closed);
        let mut open = 0;
        let mut out = Vec::new();
        for item in items {
            let rank = (!item.lane.is_closed()).then(|| {
                open += 1;
                open
            });
            let listed = lanes.contains(&item.lane)
                && filter.tags().iter().all(|t| item.tags.contains(t))
                && Filter::words_begin_words(&parts, &item.title, &item.description);
            if listed {
                out.push((item.id, rank));
            }
        }
        out
    }

    fn ids_and_ranks(
        store: &Store,
        listing: &Listing,
        rows: &[Ranked],
    ) -> Vec<(String, Option<u64>)> {
        let ranks = store.open_ranks(listing, rows).unwrap();
        rows.iter().map(|r| r.item.id.clone()).zip(ranks).collect()
    }

    fn filters() -> impl Strategy<Value = String> {
        proptest::sample::select(vec![
            "",
            "lane:now",
            "lane:done lane:inbox",
            "tag:ci",
            "fast",
            "ci",
            "database tag:db",
            "self",
            "service",
            "kube lane:later",
            "initiative mesh",
            "about kube tag:k8s",
            "initiative self service",
            "initiative about",
            "nothing-matches-this",
        ])
        .prop_map(str::to_string)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Read page by page forwards and backwards, from the top and from
        /// any row, the windows give the full ranking's order and ranks.
        #[test]
        fn windows_give_the_full_rankings_order_and_ranks(
            specs in proptest::collection::vec(
                (any::<u8>(), 0usize..5, any::<u8>(), 0usize..7, 0usize..6, 0usize..3, any::<bool>()),
                0..60,
            ),
            text in filters(),
            show_closed in any::<bool>(),
            page in 1usize..7,
            // Small budgets send walks to the word index (with only the
            // parts rare in the walk asked of it) after a few rows.
            budget in proptest::sample::select(vec![0usize, 1, 3, 8, WALK_BUDGET]),
            // Anchors every few rows, and ranks counted near rows within a
            // small cap, so both ways are taken.
            every in 1usize..6,
            cap in proptest::sample::select(vec![0usize, 1, 4, RANK_BUDGET]),
        ) {
            let mut store = Store::open_in_memory().unwrap();
            let news: Vec<NewItem> = specs.into_iter().map(new_item).collect();
            store.add_items(&news, now()).unwrap();
            let filter = Filter::parse(&text).unwrap();
            let listing = Listing::new(&filter, show_closed);
            let expected = full_ranking(&store, &filter, show_closed);

            let after = |key: RankKey, inclusive: bool| {
                store
                    .listed_within(&listing, key, Way::After { inclusive }, page, budget)
                    .unwrap()
            };
            // Forwards, a page at a time.
            let mut forwards = Vec::new();
            let mut from = RankKey::FIRST;
            loop {
                let rows = after(from, false);
                if rows.is_empty() {
                    break;
                }
                from = rows.last().unwrap().key;
                forwards.extend(ids_and_ranks(&store, &listing, &rows));
            }
            prop_assert_eq!(&forwards, &expected);

            // Backwards from the end.
            let mut backwards = Vec::new();
            let mut from = RankKey::LAST;
            loop {
                let mut rows = store
                    .listed_within(&listing, from, Way::Before, page, budget)
                    .unwrap();
                if rows.is_empty() {
                    break;
                }
                from = rows.last().unwrap().key;
                rows.reverse();
                let mut part = ids_and_ranks(&store, &listing, &rows);
                part.extend(backwards);
                backwards = part;
            }
            prop_assert_eq!(&backwards, &expected);

            // Counted from anchors (every `every` rows of a lane), or near
            // the rows within `cap`: the same ranks, or none when too far.
            let anchors = store.rank_anchors(every).unwrap();
            let mut near = Vec::new();
            let mut from = RankKey::FIRST;
            loop {
                let rows = after(from, false);
                if rows.is_empty() {
                    break;
                }
                from = rows.last().unwrap().key;
                let ids = rows.iter().map(|r| r.item.id.clone());
                let ranks = store
                    .open_ranks_near(&listing, &rows, Some(&anchors), cap)
                    .unwrap()
                    .unwrap();
                near.extend(ids.clone().zip(ranks));
                if let Some(ranks) = store.open_ranks_near(&listing, &rows, None, cap).unwrap() {
                    let exact: Vec<_> = ids.zip(ranks).collect();
                    let start = near.len() - exact.len();
                    prop_assert_eq!(&exact[..], &near[start..]);
                }
            }
            prop_assert_eq!(&near, &expected);

            // From each listed row, inclusive: the rest of the list.
            for (i, (id, _)) in expected.iter().enumerate() {
                let key = store.rank_key(id).unwrap().unwrap();
                let rows = after(key, true);
                let end = (i + page).min(expected.len());
                prop_assert_eq!(ids_and_ranks(&store, &listing, &rows), expected[i..end].to_vec());
            }
            let count = store.listed_count(&listing, 1_000).unwrap();
            prop_assert_eq!(count, expected.len());
            // The quick count is the same when it can tell.
            let quick = store.listed_count_quick(&listing, 1_000, budget).unwrap();
            prop_assert!(quick.is_none() || quick == Some(expected.len()), "{quick:?}");
            // Capped: at most the cap, exact below it.
            let capped = store.listed_count_quick(&listing, 3, usize::MAX).unwrap();
            prop_assert_eq!(capped, Some(expected.len().min(3)));
            // Whether each item is listed, as the pane checks it.
            for item in store.items().unwrap() {
                let listed = expected.iter().any(|(id, _)| *id == item.id);
                prop_assert_eq!(listing.lists(&item), listed);
            }
        }
    }

    /// One write the app makes to an item: a score edit, a lane move, a
    /// delete, bringing it back, or a new item.
    #[derive(Debug, Clone)]
    enum Write {
        Impact(usize, usize),
        Reach(usize, u8),
        Lane(usize, usize),
        Delete(usize),
        Undelete(usize),
        Add((u8, usize, u8, usize, usize, usize, bool)),
    }

    fn writes() -> impl Strategy<Value = Write> {
        prop_oneof![
            (any::<usize>(), 0usize..5).prop_map(|(i, s)| Write::Impact(i, s)),
            (any::<usize>(), any::<u8>()).prop_map(|(i, r)| Write::Reach(i, r)),
            (any::<usize>(), 0usize..7).prop_map(|(i, l)| Write::Lane(i, l)),
            any::<usize>().prop_map(Write::Delete),
            any::<usize>().prop_map(Write::Undelete),
            (
                any::<u8>(),
                0usize..5,
                any::<u8>(),
                0usize..7,
                0usize..6,
                0usize..3,
                any::<bool>()
            )
                .prop_map(Write::Add),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// Anchors moved with each write (its item's place before and
        /// after) give the ranks of a full ranking of the file as it is
        /// now, and say so through the change stamp.
        #[test]
        fn anchors_kept_in_step_with_writes_give_the_full_rankings_ranks(
            specs in proptest::collection::vec(
                (any::<u8>(), 0usize..5, any::<u8>(), 0usize..7, 0usize..6, 0usize..3, any::<bool>()),
                1..50,
            ),
            every in 1usize..5,
            steps in proptest::collection::vec(writes(), 1..12),
        ) {
            let mut store = Store::open_in_memory().unwrap();
            let news: Vec<NewItem> = specs.into_iter().map(new_item).collect();
            store.add_items(&news, now()).unwrap();
            let mut anchors = store.rank_anchors(every).unwrap();
            let mut stamp = store.change_stamp().unwrap();
            let mut deleted: Vec<String> = Vec::new();
            let everything = Listing::new(&Filter::default(), true);
            for step in steps {
                let ids: Vec<String> = store.items().unwrap().into_iter().map(|i| i.id).collect();
                let pick = |i: usize| ids.get(i % ids.len().max(1)).cloned();
                let id = match &step {
                    Write::Impact(i, _) | Write::Reach(i, _) | Write::Lane(i, _) | Write::Delete(i) => pick(*i),
                    Write::Undelete(i) => deleted.get(i % deleted.len().max(1)).cloned(),
                    Write::Add(_) => None,
                };
                let from = match &id {
                    Some(id) => store.rank_place(id).unwrap(),
                    None => None,
                };
                prop_assert_eq!(store.change_stamp().unwrap(), stamp);
                let written = match (step, id) {
                    (Write::Impact(_, s), Some(id)) => {
                        let patch = ItemPatch { impact: Some(Impact::ALL[s]), ..Default::default() };
                        store.update_item(&id, &patch, now()).unwrap().id
                    }
                    (Write::Reach(_, r), Some(id)) => {
                        let reach = Reach::new(f64::from(r % 5) * 10.0).unwrap();
                        let patch = ItemPatch { reach: Some(reach), ..Default::default() };
                        store.update_item(&id, &patch, now()).unwrap().id
                    }
                    (Write::Lane(_, l), Some(id)) => {
                        let lane = Lane::ALL[l];
                        let patch = ItemPatch {
                            lane: Some(lane),
                            kill_reason: (lane == Lane::Killed).then(|| "no".to_string()),
                            ..Default::default()
                        };
                        store.update_item(&id, &patch, now()).unwrap().id
                    }
                    (Write::Delete(_), Some(id)) => {
                        store.delete_item(&id, now()).unwrap();
                        deleted.push(id.clone());
                        id
                    }
                    (Write::Undelete(_), Some(id)) => {
                        deleted.retain(|d| *d != id);
                        store.undelete_item(&id).unwrap().id
                    }
                    (Write::Add(spec), _) => store.add_item(&new_item(spec), now()).unwrap().id,
                    _ => continue,
                };
                let now_stamp = store.change_stamp().unwrap();
                let to = store.rank_place(&written).unwrap();
                // A write that changed nothing leaves the stamp as it was.
                prop_assert!(now_stamp != stamp || from == to, "{from:?} {to:?}");
                anchors.moved(from, to);
                stamp = now_stamp;
                // Every row's rank from the anchors alone (nothing counted
                // near another row) is the full ranking's.
                let expected = full_ranking(&store, &Filter::default(), true);
                let rows = store
                    .listed_after(&everything, RankKey::FIRST, false, usize::MAX)
                    .unwrap();
                let mut ranks = Vec::new();
                for row in &rows {
                    let one = store
                        .open_ranks_near(&everything, std::slice::from_ref(row), Some(&anchors), 0)
                        .unwrap()
                        .unwrap();
                    ranks.push((row.item.id.clone(), one[0]));
                }
                prop_assert_eq!(ranks, expected);
                // Anchors read afresh are the moved ones' equal in what
                // they tell: the same ranks (their keys may differ).
                let fresh = store.rank_anchors(every).unwrap();
                for row in &rows {
                    let one = |a: &RankAnchors| {
                        store
                            .open_ranks_near(&everything, std::slice::from_ref(row), Some(a), 0)
                            .unwrap()
                    };
                    prop_assert_eq!(one(&anchors), one(&fresh));
                }
            }
        }
    }

    /// Another connection's write changes the change stamp: anchors read
    /// before it are no longer taken as in step.
    #[test]
    fn another_connections_write_changes_the_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stamp.db");
        let mut mine = Store::open(&path).unwrap();
        mine.add_item(&new_item((1, 1, 1, 1, 0, 0, false)), now())
            .unwrap();
        let before = mine.change_stamp().unwrap();
        assert_eq!(
            mine.change_stamp().unwrap(),
            before,
            "reading changes nothing"
        );
        let mut theirs = Store::open(&path).unwrap();
        theirs
            .add_item(&new_item((2, 1, 1, 1, 0, 0, false)), now())
            .unwrap();
        assert_ne!(mine.change_stamp().unwrap(), before);
    }

    /// The walk through the ranking and the word index list the same rows:
    /// a rare word among many items goes through the index.
    #[test]
    fn a_rare_word_is_found_through_the_index_and_in_descriptions() {
        let mut store = Store::open_in_memory().unwrap();
        let mut news: Vec<NewItem> = (0..WALK_BUDGET + 500)
            .map(|i| new_item((i as u8, i, i as u8, 0, 0, 0, false)))
            .collect();
        // Ranked last (reach 0), so a walk from the top would step through
        // every other item first.
        let mut rare = new_item((0, 0, 0, 0, 0, 0, true));
        rare.description = "Templates for a golden path, with Zanzibar auth".into();
        news.push(rare);
        store.add_items(&news, now()).unwrap();
        let listing = Listing::new(&Filter::parse("zanzi").unwrap(), false);
        let rows = store
            .listed_after(&listing, RankKey::FIRST, false, 10)
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert!(rows[0].item.description.contains("Zanzibar"));
        assert_eq!(store.listed_count(&listing, 1_000).unwrap(), 1);
        // Edits and deletes keep the word index in step.
        let id = rows[0].item.id.clone();
        store
            .update_item(
                &id,
                &crate::domain::backlog::ItemPatch {
                    description: Some("Now about Quokkas".into()),
                    ..Default::default()
                },
                now(),
            )
            .unwrap();
        let count = |store: &Store, text: &str| {
            let listing = Listing::new(&Filter::parse(text).unwrap(), false);
            store.listed_count(&listing, 1_000).unwrap()
        };
        assert_eq!(count(&store, "zanzi"), 0);
        assert_eq!(count(&store, "quokka"), 1);
        store.delete_item(&id, now()).unwrap();
        assert_eq!(count(&store, "quokka"), 0);
        // A common word fills the window by walking.
        assert_eq!(count(&store, "faster"), 1_000);
    }

    /// A walk down the ranking reads the listing index (migration 14),
    /// which holds what a filter checks: SQLite plans it as a search of
    /// that index, in its order, without a sort.
    #[test]
    fn the_walk_reads_the_listing_index_in_order() {
        let store = Store::open_in_memory().unwrap();
        let listing = Listing::new(&Filter::parse("faster").unwrap(), false);
        for way in [Way::After { inclusive: false }, Way::Before] {
            lane_steps(&store.conn, &listing, Lane::Now, RankKey::FIRST, way, 8).unwrap();
        }
        let plans: Vec<String> = super::super::all_rows(
            &store.conn,
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'backlog_item' AND sql IS NOT NULL",
            [],
            |r| r.get("sql"),
        )
        .unwrap();
        assert!(
            plans.iter().any(|sql| sql.contains("backlog_item_listing")
                && sql.contains("(lane, rank_key, seq, title, description, tags)")),
            "{plans:?}"
        );
        for sql in [
            "SELECT seq, rank_key, title, description, tags FROM backlog_item \
             WHERE lane = ?1 AND deleted_at IS NULL AND (rank_key, seq) > (?2, ?3) \
             ORDER BY rank_key, seq LIMIT ?4",
            "SELECT seq, rank_key, title, description, tags FROM backlog_item \
             WHERE lane = ?1 AND deleted_at IS NULL AND (rank_key, seq) < (?2, ?3) \
             ORDER BY rank_key DESC, seq DESC LIMIT ?4",
        ] {
            let plan: Vec<String> = super::super::all_rows(
                &store.conn,
                &format!("EXPLAIN QUERY PLAN {sql}"),
                params!["now", 0.0, 0, 8],
                |r| r.get("detail"),
            )
            .unwrap();
            assert_eq!(plan.len(), 1, "{plan:?}");
            assert!(
                plan[0].starts_with(
                    "SEARCH backlog_item USING INDEX backlog_item_listing (lane=? AND rank_key"
                ),
                "{plan:?}"
            );
        }
    }

    /// The ranking column is computed in SQLite exactly as the domain
    /// computes the score.
    #[test]
    fn the_stored_rank_key_is_minus_the_domains_score() {
        let mut store = Store::open_in_memory().unwrap();
        let news: Vec<NewItem> = (0..200u32)
            .map(|i| {
                let mut item = new_item((i as u8, i as usize, (i / 3) as u8, 1, 0, 0, false));
                item.rice.reach = Reach::new(f64::from(i * 137 + 1) / 100.0).unwrap();
                item.rice.effort = Effort::new(f64::from(i % 97 * 7 + 1) / 100.0).unwrap();
                item
            })
            .collect();
        store.add_items(&news, now()).unwrap();
        for item in store.items().unwrap() {
            let key = store.rank_key(&item.id).unwrap().unwrap();
            assert_eq!(
                key.rank_key.to_bits(),
                (-item.score()).to_bits(),
                "{item:?}"
            );
        }
    }
}
