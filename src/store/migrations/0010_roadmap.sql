-- The roadmap and the impact map: why an item is on the list (its source),
-- what must be true by its review date for it to stay, the goal path it
-- serves, and a pin that places it above its RICE rank; a capacity per lane;
-- goals → actors → impacts as records of their own.

CREATE TABLE goal (
    seq        INTEGER PRIMARY KEY,            -- creation order
    id         TEXT NOT NULL UNIQUE,           -- UUID
    title      TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    metric     TEXT,                           -- a metric's name, joined to metrics later
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE actor (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    goal_id    TEXT NOT NULL REFERENCES goal (id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (goal_id, name)
);

CREATE TABLE impact (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    actor_id   TEXT NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (actor_id, name)
);

-- One row per lane that has a capacity; a lane without a row has no limit.
CREATE TABLE lane_capacity (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    lane          TEXT NOT NULL UNIQUE CHECK (lane IN ('now', 'next', 'later', 'exploring')),
    person_months REAL NOT NULL CHECK (person_months >= 0 AND person_months <= 10000),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

-- The history of goals, actors, impacts and lane capacities (items keep
-- theirs in score_history): what changed, when.
CREATE TABLE record_history (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    record_id  TEXT NOT NULL,
    change     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX record_history_by_record ON record_history (record_id, seq);

ALTER TABLE backlog_item ADD COLUMN source TEXT
    CHECK (source IS NULL OR source IN ('users', 'research', 'data', 'team idea', 'leadership'));
ALTER TABLE backlog_item ADD COLUMN success_criteria TEXT;
ALTER TABLE backlog_item ADD COLUMN review_by TEXT      -- YYYY-MM-DD, set with the criteria
    CHECK ((review_by IS NULL) = (success_criteria IS NULL));
ALTER TABLE backlog_item ADD COLUMN impact_id TEXT REFERENCES impact (id) ON DELETE SET NULL;
ALTER TABLE backlog_item ADD COLUMN pin_reason TEXT     -- pinned when set
    CHECK (pin_reason IS NULL OR length(trim(pin_reason)) > 0);

CREATE INDEX backlog_item_by_impact ON backlog_item (impact_id);
