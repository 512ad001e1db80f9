-- The backlog pane reads only the rows it shows. Its ranking key (score
-- descending, ties by creation order) is a generated column, computed the
-- way the domain computes the score, and indexed per lane: a window of the
-- list, an item's rank and a lane's count are read through the index
-- instead of loading and ranking every item. The column is generated, so
-- it is neither backed up nor synced (both read PRAGMA table_info, which
-- leaves generated columns out).
ALTER TABLE backlog_item ADD COLUMN rank_key REAL
    GENERATED ALWAYS AS (-(reach * impact * (confidence / 100.0) / effort)) VIRTUAL;

CREATE INDEX backlog_item_by_lane_rank ON backlog_item (lane, rank_key, seq);

-- Filtering by words: a full-text index over titles, descriptions and tags,
-- kept in step with backlog_item by the triggers below (it stores no text
-- of its own: content = 'backlog_item'). Not user data: rebuilt from the
-- items, never backed up or synced.
CREATE VIRTUAL TABLE backlog_search USING fts5 (
    title, description, tags,
    content = 'backlog_item', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 0'
);

INSERT INTO backlog_search (backlog_search) VALUES ('rebuild');

CREATE TRIGGER backlog_search_insert AFTER INSERT ON backlog_item BEGIN
    INSERT INTO backlog_search (rowid, title, description, tags)
        VALUES (NEW.seq, NEW.title, NEW.description, NEW.tags);
END;

CREATE TRIGGER backlog_search_delete AFTER DELETE ON backlog_item BEGIN
    INSERT INTO backlog_search (backlog_search, rowid, title, description, tags)
        VALUES ('delete', OLD.seq, OLD.title, OLD.description, OLD.tags);
END;

CREATE TRIGGER backlog_search_update AFTER UPDATE OF title, description, tags ON backlog_item
BEGIN
    INSERT INTO backlog_search (backlog_search, rowid, title, description, tags)
        VALUES ('delete', OLD.seq, OLD.title, OLD.description, OLD.tags);
    INSERT INTO backlog_search (rowid, title, description, tags)
        VALUES (NEW.seq, NEW.title, NEW.description, NEW.tags);
END;
