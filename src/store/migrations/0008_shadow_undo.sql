-- The stamp `u` took back (or `d` deleted) last, so that `u` again restores
-- it after a restart too; a new stamp clears it.
ALTER TABLE shadow_session ADD COLUMN undone_event_id TEXT;
