-- Success metrics, their readings, and the team's research targets.
-- Dates of readings are local calendar dates (YYYY-MM-DD); times are UTC.

CREATE TABLE metric (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    unit        TEXT NOT NULL DEFAULT '',          -- shown when the target has no unit
    direction   TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    target      TEXT NOT NULL,                     -- as shown: '< 2 h new service, < 30 min change'
    target_form TEXT NOT NULL,                     -- the parsed target, JSON
    kind        TEXT NOT NULL CHECK (kind IN ('leading', 'lagging')),
    cadence     TEXT NOT NULL CHECK (cadence IN ('weekly', 'monthly', 'quarterly')),
    created_on  TEXT NOT NULL,                     -- local date: "overdue" counts from it
    deleted_at  TEXT,                              -- deleted: kept, restorable
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- One live metric per name, whatever its case, is the app's rule, not a
-- UNIQUE index: two laptops may add the same name before they sync, and
-- applying the other's record must not fail.
CREATE INDEX metric_by_name ON metric (name COLLATE NOCASE);

CREATE TABLE metric_reading (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    metric_id  TEXT NOT NULL REFERENCES metric (id) ON DELETE CASCADE,
    part       TEXT NOT NULL DEFAULT '',           -- the label of a pair's part
    value      REAL NOT NULL,
    date       TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- One reading a day per part (recording the same day again corrects it) is
-- the app's rule, for the same reason.
CREATE INDEX metric_reading_by_day ON metric_reading (metric_id, part, date);

-- The team's research targets; no row means the seed's (3 and 5). One row
-- with a fixed id, so every laptop's row is the same record for sync.
CREATE TABLE research_targets (
    seq                  INTEGER PRIMARY KEY CHECK (seq = 1),
    id                   TEXT NOT NULL UNIQUE,
    teams_per_quarter    INTEGER NOT NULL CHECK (teams_per_quarter BETWEEN 1 AND 1000),
    interviews_per_month INTEGER NOT NULL CHECK (interviews_per_month BETWEEN 1 AND 1000),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
