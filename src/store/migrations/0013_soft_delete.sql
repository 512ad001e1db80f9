-- Deleting a session, an interview, a synthesis, a script or a backlog item
-- marks it instead of removing it: it leaves every list, and `undelete`
-- (or `u` right after `d` in the app) brings it back as it was. The mark is
-- a column like any other, so backups keep it and sync carries a delete as
-- one field, which an edit elsewhere never undoes silently.
ALTER TABLE shadow_session ADD COLUMN deleted_at TEXT;
ALTER TABLE interview ADD COLUMN deleted_at TEXT;
ALTER TABLE synthesis ADD COLUMN deleted_at TEXT;
ALTER TABLE interview_script ADD COLUMN deleted_at TEXT;
ALTER TABLE backlog_item ADD COLUMN deleted_at TEXT;

-- The backlog pane's ranking index holds the items it shows: deleted ones
-- are left out, so a window, a rank or a lane's count read through it stays
-- as cheap as before.
DROP INDEX backlog_item_by_lane_rank;
CREATE INDEX backlog_item_by_lane_rank ON backlog_item (lane, rank_key, seq)
    WHERE deleted_at IS NULL;
