-- Items brought in from an issue tracker keep the tracker's key (PLAT-142,
-- acme/platform#7) and the page that shows the issue, so a re-import finds
-- them again and their scores can go back. A key names one item at most.

ALTER TABLE backlog_item ADD COLUMN tracker_key TEXT;
ALTER TABLE backlog_item ADD COLUMN tracker_url TEXT;

CREATE UNIQUE INDEX backlog_item_by_tracker_key ON backlog_item (tracker_key)
    WHERE tracker_key IS NOT NULL;
