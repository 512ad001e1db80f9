-- Developer shadowing: sessions, their pauses, and the events stamped in them.
-- Offsets are active milliseconds since the session's start (paused time
-- excluded); wall-clock times are UTC text, kept for the record only.

CREATE TABLE shadow_session (
    seq                  INTEGER PRIMARY KEY,
    id                   TEXT NOT NULL UNIQUE,
    participant          TEXT NOT NULL,
    workflow             TEXT NOT NULL,
    researcher_guess_min REAL CHECK (researcher_guess_min IS NULL OR researcher_guess_min > 0),
    developer_guess_min  REAL CHECK (developer_guess_min IS NULL OR developer_guess_min > 0),
    started_at           TEXT NOT NULL,
    ended_at             TEXT,
    duration_ms          INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
    last_offset_ms       INTEGER NOT NULL DEFAULT 0,  -- heartbeat: offset known durable
    paused               INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);

CREATE TABLE shadow_pause (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    session_id TEXT NOT NULL REFERENCES shadow_session (id) ON DELETE CASCADE,
    offset_ms  INTEGER NOT NULL,                 -- where in the session it paused
    paused_at  TEXT NOT NULL,
    resumed_at TEXT,
    reason     TEXT NOT NULL DEFAULT 'paused',   -- 'paused' or 'interrupted' (a crash gap)
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE shadow_event (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    session_id    TEXT NOT NULL REFERENCES shadow_session (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('note', 'friction', 'tool', 'switch', 'wait', 'wish')),
    offset_ms     INTEGER NOT NULL CHECK (offset_ms >= 0),
    wall_at       TEXT NOT NULL,
    text          TEXT NOT NULL DEFAULT '',
    end_offset_ms INTEGER,
    end_wall_at   TEXT,
    deleted_at    TEXT,                          -- undone or deleted: kept, never lost
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK (end_offset_ms IS NULL OR (kind = 'wait' AND end_offset_ms >= offset_ms))
);

CREATE INDEX shadow_event_by_session ON shadow_event (session_id, offset_ms);
CREATE INDEX shadow_pause_by_session ON shadow_pause (session_id);
