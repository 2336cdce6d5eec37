-- Campaigns reference a template of their organisation, an optional saved segment, and attachments
-- (fliers) stored once in the delivery feature's attachment table.
ALTER TABLE campaign
  ADD COLUMN attachment_ids bigint[] NOT NULL DEFAULT '{}',
  ADD COLUMN content jsonb NOT NULL DEFAULT '{}',   -- what the template shows as campaign.*: title, intro, items, ...
  ADD FOREIGN KEY (organisation_id, template_id) REFERENCES template (organisation_id, id),
  ADD FOREIGN KEY (organisation_id, segment_id) REFERENCES segment (organisation_id, id);
