-- The language variant a message was actually rendered in (after fallback), for reach reports.
ALTER TABLE message ADD COLUMN language text;
