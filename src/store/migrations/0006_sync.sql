-- Team sync: who writes on this laptop, the outbox of changes not yet sent,
-- what has been applied from the sync replica, who created and last changed
-- each record, and the values that lost a same-field conflict.
--
-- The triggers that fill the outbox and record_author are not here: they are
-- generated from each synced table's columns (src/store/sync.rs) after every
-- migration, so a column or table added later is recorded too.

CREATE TABLE sync_config (
    one       INTEGER PRIMARY KEY CHECK (one = 1),
    author    TEXT NOT NULL DEFAULT '',
    recording INTEGER NOT NULL DEFAULT 0,  -- 1 once `sync init` ran: writes go to the outbox
    applying  INTEGER NOT NULL DEFAULT 0   -- 1 only inside the transaction applying received changes
);
INSERT INTO sync_config (one) VALUES (1);

CREATE TABLE sync_outbox (
    seq       INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL,
    tbl       TEXT NOT NULL,
    op        TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    old_row   TEXT,                         -- JSON object of the row before
    new_row   TEXT,                         -- JSON object of the row after
    at        TEXT NOT NULL,                -- UTC, milliseconds
    author    TEXT NOT NULL
);

CREATE TABLE sync_applied (
    record_id TEXT PRIMARY KEY,
    digest    TEXT NOT NULL                 -- of the replica object last applied
) WITHOUT ROWID;

CREATE TABLE record_author (
    record_id  TEXT PRIMARY KEY,
    tbl        TEXT NOT NULL,
    created_by TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE sync_conflict (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    record_id  TEXT NOT NULL,
    tbl        TEXT NOT NULL,
    field      TEXT NOT NULL,
    kept_value TEXT NOT NULL,               -- JSON
    kept_by    TEXT NOT NULL,
    kept_at    TEXT NOT NULL,
    lost_value TEXT NOT NULL,               -- JSON
    lost_by    TEXT NOT NULL,
    lost_at    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX sync_conflict_by_record ON sync_conflict (record_id, seq);
