-- A synthesis entry remembers the backlog item it became, so it is promoted
-- once: `b` again opens that item instead of making a second one.
ALTER TABLE synthesis_entry
    ADD COLUMN promoted_item_id TEXT REFERENCES backlog_item (id) ON DELETE SET NULL;
