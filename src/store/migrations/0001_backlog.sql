-- The backlog: items scored with RICE, and the history of every score change.
-- Every record carries a UUID and created/updated times (UTC) so two
-- laptops' files can be merged later.

CREATE TABLE backlog_item (
    seq         INTEGER PRIMARY KEY,           -- creation order, the ranking's tie-breaker
    id          TEXT NOT NULL UNIQUE,          -- UUID
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description TEXT NOT NULL DEFAULT '',
    reach       REAL NOT NULL CHECK (reach >= 0),
    impact      REAL NOT NULL CHECK (impact IN (0.25, 0.5, 1, 2, 3)),
    confidence  REAL NOT NULL CHECK (confidence > 0 AND confidence <= 100),
    effort      REAL NOT NULL CHECK (effort > 0),
    lane        TEXT NOT NULL DEFAULT 'inbox'
                CHECK (lane IN ('inbox', 'now', 'next', 'later', 'exploring', 'done', 'killed')),
    tags        TEXT NOT NULL DEFAULT '',      -- space-separated short words
    kill_reason TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (lane <> 'killed' OR kill_reason IS NOT NULL)
);

CREATE TABLE score_history (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    item_id    TEXT NOT NULL REFERENCES backlog_item (id) ON DELETE CASCADE,
    old_score  REAL,                           -- NULL for the score an item was created with
    new_score  REAL NOT NULL,
    change     TEXT NOT NULL,                  -- e.g. 'impact 1 → 2'
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX score_history_by_item ON score_history (item_id, seq);
