-- A note or quote of an interview deleted from the app stays in the file,
-- marked, so `u` brings it back (after a restart too) and a sync carries
-- the delete as one field.
ALTER TABLE interview_note ADD COLUMN deleted_at TEXT;
