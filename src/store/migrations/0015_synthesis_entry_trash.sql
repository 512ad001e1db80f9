-- An entry deleted from a synthesis stays in the file, marked, with its
-- links to quotes and events: `u` right after `d` brings it back, backups
-- keep it and a sync carries the delete as one field, like the other
-- deleted records.
ALTER TABLE synthesis_entry ADD COLUMN deleted_at TEXT;
