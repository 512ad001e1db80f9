-- The backlog pane's ranking index carries what a filter checks: the
-- title, description and tags. A filter's walk down the ranking reads the
-- index alone, page after page in order, instead of looking up each row
-- it steps through at its own place in the table (a page read per row at
-- 1,000,000 items); only the rows shown are read whole. It replaces the
-- index on (lane, rank_key, seq), which it serves for every query that
-- one served.
DROP INDEX backlog_item_by_lane_rank;
CREATE INDEX backlog_item_listing ON backlog_item (lane, rank_key, seq, title, description, tags)
    WHERE deleted_at IS NULL;
