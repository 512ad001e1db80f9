-- Synthesis: research turned into pain points, surprises, assumptions and
-- actions, each linked to the quotes and events that justify it; and the
-- same links on backlog items promoted from them.
--
-- A link points at the quote or event itself, never at a copy of its text.
-- Sources are protected: a quote or event that is evidence cannot be
-- deleted from the file (ON DELETE RESTRICT); shadow events are only ever
-- soft-deleted, and stay visible as evidence marked deleted.

CREATE TABLE synthesis (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE synthesis_source (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    synthesis_id TEXT NOT NULL REFERENCES synthesis (id) ON DELETE CASCADE,
    interview_id TEXT REFERENCES interview (id) ON DELETE RESTRICT,
    session_id   TEXT REFERENCES shadow_session (id) ON DELETE RESTRICT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK ((interview_id IS NULL) <> (session_id IS NULL))
);

CREATE TABLE synthesis_entry (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    synthesis_id TEXT NOT NULL REFERENCES synthesis (id) ON DELETE CASCADE,
    section      TEXT NOT NULL CHECK (section IN ('pain', 'surprise', 'assumption', 'action')),
    position     REAL NOT NULL,                  -- order within the section
    text         TEXT NOT NULL DEFAULT '',
    verdict      TEXT CHECK (verdict IS NULL OR verdict IN ('validated', 'contradicted')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE evidence (
    seq               INTEGER PRIMARY KEY,
    id                TEXT NOT NULL UNIQUE,
    entry_id          TEXT REFERENCES synthesis_entry (id) ON DELETE CASCADE,
    item_id           TEXT REFERENCES backlog_item (id) ON DELETE CASCADE,
    interview_note_id TEXT REFERENCES interview_note (id) ON DELETE RESTRICT,
    shadow_event_id   TEXT REFERENCES shadow_event (id) ON DELETE RESTRICT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CHECK ((entry_id IS NULL) <> (item_id IS NULL)),
    CHECK ((interview_note_id IS NULL) <> (shadow_event_id IS NULL))
);

CREATE INDEX synthesis_source_by_synthesis ON synthesis_source (synthesis_id);
CREATE INDEX synthesis_entry_by_synthesis ON synthesis_entry (synthesis_id, section, position);
CREATE INDEX evidence_by_entry ON evidence (entry_id);
CREATE INDEX evidence_by_item ON evidence (item_id);
CREATE UNIQUE INDEX evidence_once_per_entry
    ON evidence (entry_id, coalesce(interview_note_id, shadow_event_id)) WHERE entry_id IS NOT NULL;
CREATE UNIQUE INDEX evidence_once_per_item
    ON evidence (item_id, coalesce(interview_note_id, shadow_event_id)) WHERE item_id IS NOT NULL;
