-- Every edit of an item writes all its columns (one statement for any
-- patch), and `AFTER UPDATE OF` fires when a column is named, changed or
-- not. So a score key re-indexed the item's words (a delete and an insert
-- in the full-text index, a new index segment on each commit) and
-- rewrote its lane's load. Both triggers now fire only when what they
-- keep in step changed. Not user data: nothing to carry over.
DROP TRIGGER backlog_search_update;
CREATE TRIGGER backlog_search_update AFTER UPDATE OF title, description, tags ON backlog_item
WHEN OLD.title IS NOT NEW.title OR OLD.description IS NOT NEW.description
    OR OLD.tags IS NOT NEW.tags
BEGIN
    INSERT INTO backlog_search (backlog_search, rowid, title, description, tags)
        VALUES ('delete', OLD.seq, OLD.title, OLD.description, OLD.tags);
    INSERT INTO backlog_search (rowid, title, description, tags)
        VALUES (NEW.seq, NEW.title, NEW.description, NEW.tags);
END;

DROP TRIGGER lane_load_update;
CREATE TRIGGER lane_load_update AFTER UPDATE OF lane, effort, deleted_at ON backlog_item
WHEN OLD.lane IS NOT NEW.lane OR OLD.effort IS NOT NEW.effort
    OR OLD.deleted_at IS NOT NEW.deleted_at
BEGIN
    UPDATE lane_load SET items = items - 1,
        effort_hundredths = effort_hundredths - CAST(OLD.effort * 100.0 + 0.5 AS INTEGER)
    WHERE lane = OLD.lane AND OLD.deleted_at IS NULL;
    UPDATE lane_load SET items = items + 1,
        effort_hundredths = effort_hundredths + CAST(NEW.effort * 100.0 + 0.5 AS INTEGER)
    WHERE lane = NEW.lane AND NEW.deleted_at IS NULL;
END;
