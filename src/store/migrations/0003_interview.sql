-- Structured interviews: scripts, interviews (with a copy of the script they
-- ran), the question steps, notes and quotes, and the talk intervals.
-- Offsets are milliseconds since the interview's start.

CREATE TABLE interview_script (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL UNIQUE,
    source     TEXT NOT NULL,                    -- the TOML, as imported
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE interview (
    seq              INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    participant      TEXT NOT NULL,
    team             TEXT NOT NULL DEFAULT '',
    script_name      TEXT NOT NULL,
    script_source    TEXT NOT NULL,              -- the script as it was when it ran
    placeholders     TEXT NOT NULL,              -- JSON {feature, a, b, c}
    assumptions      TEXT NOT NULL DEFAULT '[]', -- JSON array
    ranking          TEXT NOT NULL DEFAULT '[]', -- JSON array, best first
    current_question INTEGER NOT NULL DEFAULT 0,
    started_at       TEXT NOT NULL,
    ended_at         TEXT,
    duration_ms      INTEGER,
    last_offset_ms   INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

CREATE TABLE interview_step (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    interview_id TEXT NOT NULL REFERENCES interview (id) ON DELETE CASCADE,
    question     INTEGER NOT NULL,
    offset_ms    INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE interview_note (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    interview_id TEXT NOT NULL REFERENCES interview (id) ON DELETE CASCADE,
    question     INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('note', 'quote')),
    offset_ms    INTEGER NOT NULL,
    text         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

-- One note per question; any number of quotes.
CREATE UNIQUE INDEX interview_note_one_per_question
    ON interview_note (interview_id, question) WHERE kind = 'note';

CREATE TABLE interview_talk (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    interview_id TEXT NOT NULL REFERENCES interview (id) ON DELETE CASCADE,
    start_ms     INTEGER NOT NULL,
    end_ms       INTEGER,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK (end_ms IS NULL OR end_ms >= start_ms)
);

CREATE INDEX interview_step_by_interview ON interview_step (interview_id, seq);
CREATE INDEX interview_note_by_interview ON interview_note (interview_id, question);
CREATE INDEX interview_talk_by_interview ON interview_talk (interview_id, start_ms);
