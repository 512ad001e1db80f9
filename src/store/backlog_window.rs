//! The backlog as the TUI lists it, read a window at a time: the rows
//! before or after a place in the ranking, an item's rank, and how many
//! rows a filter lists (up to a cap). Everything goes through the index on
//! `(lane, rank_key, seq)` and the word index `backlog_search` (migration
//! 11), so what a key costs does not grow with the backlog.
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
/// within a few rows, a rare one is found faster through the index.
const WALK_BUDGET: usize = 2_000;

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

    /// Whether every open item is listed, so listed open items have
    /// consecutive ranks.
    fn lists_every_open_item(&self) -> bool {
        !self.narrows()
            && Lane::ALL
                .iter()
                .filter(|l| !l.is_closed())
                .all(|l| self.lanes.contains(l))
    }

    /// The word index query: each word part as a prefix in the title or the
    /// description, each tag in the tags; all must match. Bound as a value.
    fn match_query(&self) -> String {
        let quoted = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
        let mut terms: Vec<String> = self
            .words
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

/// Up to `n` rows of one lane from `key` going `way`.
fn lane_rows(
    conn: &Connection,
    lane: Lane,
    key: RankKey,
    way: Way,
    n: usize,
) -> Result<Vec<Ranked>> {
    let sql = match way {
        Way::After { inclusive: false } => format!(
            "SELECT {ITEM_COLUMNS}, rank_key FROM backlog_item \
             WHERE lane = ?1 AND deleted_at IS NULL AND (rank_key, seq) > (?2, ?3) ORDER BY rank_key, seq LIMIT ?4"
        ),
        Way::After { inclusive: true } => format!(
            "SELECT {ITEM_COLUMNS}, rank_key FROM backlog_item \
             WHERE lane = ?1 AND deleted_at IS NULL AND (rank_key, seq) >= (?2, ?3) ORDER BY rank_key, seq LIMIT ?4"
        ),
        Way::Before => format!(
            "SELECT {ITEM_COLUMNS}, rank_key FROM backlog_item \
             WHERE lane = ?1 AND deleted_at IS NULL AND (rank_key, seq) < (?2, ?3) \
             ORDER BY rank_key DESC, seq DESC LIMIT ?4"
        ),
    };
    super::all_rows(
        conn,
        &sql,
        params![lane.name(), key.rank_key, key.seq, n as i64],
        ranked_from_row,
    )
}

/// Up to `n` rows the word index finds among the listed lanes, from `key`
/// going `way`.
fn indexed_rows(
    conn: &Connection,
    listing: &Listing,
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
            listing.match_query(),
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
    buffered: std::collections::VecDeque<Ranked>,
    /// Where the next chunk starts (exclusive), or `None` when the lane is
    /// read to its end.
    next: Option<RankKey>,
    way: Way,
}

impl LaneCursor {
    fn head(&mut self, conn: &Connection, chunk: usize) -> Result<Option<&Ranked>> {
        if self.buffered.is_empty()
            && let Some(key) = self.next
        {
            let rows = lane_rows(conn, self.lane, key, self.way, chunk)?;
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

/// Merges the listed lanes' ordered reads: up to `n` rows that pass the
/// filter, or `None` when more than `budget` rows were stepped through.
fn merged_rows(
    conn: &Connection,
    listing: &Listing,
    key: RankKey,
    way: Way,
    n: usize,
    budget: usize,
) -> Result<Option<Vec<Ranked>>> {
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
    let mut stepped = 0;
    while out.len() < n {
        let mut best: Option<(usize, RankKey)> = None;
        for (i, cursor) in cursors.iter_mut().enumerate() {
            if let Some(head) = cursor.head(conn, chunk)? {
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
        let Some(row) = cursors[i].buffered.pop_front() else {
            break;
        };
        stepped += 1;
        if listing.passes(&row.item) {
            out.push(row);
        } else if stepped > budget {
            return Ok(None);
        }
    }
    Ok(Some(out))
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
        if n == 0 || listing.lanes.is_empty() {
            return Ok(Vec::new());
        }
        if !listing.narrows() {
            return Ok(
                merged_rows(&self.conn, listing, key, way, n, usize::MAX)?.unwrap_or_default()
            );
        }
        // A common word: stepping through the ranking fills the window soon.
        if let Some(rows) = merged_rows(&self.conn, listing, key, way, n, WALK_BUDGET)? {
            return Ok(rows);
        }
        // A rare one: the word index finds its few rows. They are checked
        // again by the same rule the walk uses, so both ways list the same.
        let mut out = Vec::new();
        let mut from = key;
        let mut way_now = way;
        loop {
            let want = n - out.len();
            let rows = indexed_rows(&self.conn, listing, from, way_now, want)?;
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

    /// How many open items rank strictly between `from` and `to`.
    fn open_between(&self, from: RankKey, to: RankKey) -> Result<u64> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT count(*) FROM backlog_item \
             WHERE lane = ?1 AND deleted_at IS NULL AND (rank_key, seq) > (?2, ?3) \
             AND (rank_key, seq) < (?4, ?5)",
        )?;
        let mut total = 0u64;
        for lane in Lane::ALL.iter().filter(|l| !l.is_closed()) {
            let n: i64 = stmt.query_row(
                params![lane.name(), from.rank_key, from.seq, to.rank_key, to.seq],
                |r| r.get(0),
            )?;
            total += n as u64;
        }
        Ok(total)
    }

    /// The rank (1 = best) of each open row of `rows` (in ranking order)
    /// among all open items; `None` for done and killed. Counts through
    /// the index from the top to the first row, then between rows.
    pub fn open_ranks(&self, listing: &Listing, rows: &[Ranked]) -> Result<Vec<Option<u64>>> {
        let consecutive = listing.lists_every_open_item();
        let mut ranks = Vec::with_capacity(rows.len());
        let mut last: Option<(RankKey, u64)> = None;
        for row in rows {
            if row.item.lane.is_closed() {
                ranks.push(None);
                continue;
            }
            let rank = match last {
                None => self.open_between(RankKey::FIRST, row.key)? + 1,
                Some((_, rank)) if consecutive => rank + 1,
                Some((key, rank)) => rank + self.open_between(key, row.key)? + 1,
            };
            ranks.push(Some(rank));
            last = Some((row.key, rank));
        }
        Ok(ranks)
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
    use crate::domain::backlog::{NewItem, Tags, Title, rank};
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
        ) {
            let mut store = Store::open_in_memory().unwrap();
            let news: Vec<NewItem> = specs.into_iter().map(new_item).collect();
            store.add_items(&news, now()).unwrap();
            let filter = Filter::parse(&text).unwrap();
            let listing = Listing::new(&filter, show_closed);
            let expected = full_ranking(&store, &filter, show_closed);

            // Forwards, a page at a time.
            let mut forwards = Vec::new();
            let mut from = RankKey::FIRST;
            loop {
                let rows = store.listed_after(&listing, from, false, page).unwrap();
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
                let mut rows = store.listed_before(&listing, from, page).unwrap();
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

            // From each listed row, inclusive: the rest of the list.
            for (i, (id, _)) in expected.iter().enumerate() {
                let key = store.rank_key(id).unwrap().unwrap();
                let rows = store.listed_after(&listing, key, true, page).unwrap();
                let end = (i + page).min(expected.len());
                prop_assert_eq!(ids_and_ranks(&store, &listing, &rows), expected[i..end].to_vec());
            }
            let count = store.listed_count(&listing, 1_000).unwrap();
            prop_assert_eq!(count, expected.len());
        }
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
