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

-- One live metric per name, whatever its case.
CREATE UNIQUE INDEX metric_live_name ON metric (name COLLATE NOCASE) WHERE deleted_at IS NULL;

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

-- One reading a day per part: recording the same day again corrects it.
CREATE UNIQUE INDEX metric_reading_one_a_day ON metric_reading (metric_id, part, date);

-- The team's research targets; no row means the seed's (3 and 5).
CREATE TABLE research_targets (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    teams_per_quarter    INTEGER NOT NULL CHECK (teams_per_quarter BETWEEN 1 AND 1000),
    interviews_per_month INTEGER NOT NULL CHECK (interviews_per_month BETWEEN 1 AND 1000),
    updated_at           TEXT NOT NULL
);
