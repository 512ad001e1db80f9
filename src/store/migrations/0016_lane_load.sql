-- The Roadmap pane reads what it shows: a lane's items in fill order
-- (pinned first, then the ranking) through indexes, and its count and load
-- from this table, kept in step by the triggers below, instead of adding
-- up every item of the lane on each frame. Not user data: derived from the
-- items, never backed up or synced.
--
-- Loads are kept in whole hundredths of a person-month (efforts have two
-- decimals at most), so a total is exact and the same in whatever order
-- items were added; the domain adds efforts the same way
-- (`roadmap::effort_hundredths`: the effort times 100, plus a half,
-- truncated).
CREATE TABLE lane_load (
    lane             TEXT PRIMARY KEY,
    items            INTEGER NOT NULL,
    effort_hundredths INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO lane_load (lane, items, effort_hundredths)
    SELECT lanes.lane, count(backlog_item.seq),
           coalesce(sum(CAST(backlog_item.effort * 100.0 + 0.5 AS INTEGER)), 0)
    FROM (SELECT 'inbox' AS lane UNION ALL SELECT 'now' UNION ALL SELECT 'next'
          UNION ALL SELECT 'later' UNION ALL SELECT 'exploring' UNION ALL SELECT 'done'
          UNION ALL SELECT 'killed') AS lanes
    LEFT JOIN backlog_item
        ON backlog_item.lane = lanes.lane AND backlog_item.deleted_at IS NULL
    GROUP BY lanes.lane;

CREATE TRIGGER lane_load_insert AFTER INSERT ON backlog_item
WHEN NEW.deleted_at IS NULL BEGIN
    UPDATE lane_load SET items = items + 1,
        effort_hundredths = effort_hundredths + CAST(NEW.effort * 100.0 + 0.5 AS INTEGER)
    WHERE lane = NEW.lane;
END;

CREATE TRIGGER lane_load_delete AFTER DELETE ON backlog_item
WHEN OLD.deleted_at IS NULL BEGIN
    UPDATE lane_load SET items = items - 1,
        effort_hundredths = effort_hundredths - CAST(OLD.effort * 100.0 + 0.5 AS INTEGER)
    WHERE lane = OLD.lane;
END;

CREATE TRIGGER lane_load_update AFTER UPDATE OF lane, effort, deleted_at ON backlog_item BEGIN
    UPDATE lane_load SET items = items - 1,
        effort_hundredths = effort_hundredths - CAST(OLD.effort * 100.0 + 0.5 AS INTEGER)
    WHERE lane = OLD.lane AND OLD.deleted_at IS NULL;
    UPDATE lane_load SET items = items + 1,
        effort_hundredths = effort_hundredths + CAST(NEW.effort * 100.0 + 0.5 AS INTEGER)
    WHERE lane = NEW.lane AND NEW.deleted_at IS NULL;
END;

-- A lane's pinned items, in ranking order: they fill the lane first. Few
-- items are pinned, so the index is small; the rest of a lane is read
-- through the ranking index.
CREATE INDEX backlog_item_pinned ON backlog_item (lane, rank_key, seq)
    WHERE deleted_at IS NULL AND pin_reason IS NOT NULL;
