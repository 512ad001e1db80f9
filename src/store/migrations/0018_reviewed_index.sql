-- A lane's items that have success criteria (and so a review date), in
-- ranking order: `roadmap show` lists the reviews past their date after
-- the lanes, and reads them through this small index instead of every
-- item of every lane. Few items have criteria, so the index is small.
CREATE INDEX backlog_item_reviewed ON backlog_item (lane, rank_key, seq)
    WHERE deleted_at IS NULL AND review_by IS NOT NULL;
