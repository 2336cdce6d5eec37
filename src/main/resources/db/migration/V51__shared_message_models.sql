-- A campaign's messages all carry the same model (its content and sender, about 1 KB). Written into
-- every message row it was copied by each of the row's three writes (queued, claimed, recorded) and
-- was most of the row. Now each fan-out chunk writes it once and its messages point to it (messages
-- for a sensitive list keep their own copy, which is cleared once they are sent).
CREATE TABLE message_model (
  organisation_id bigint      NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id              bigint      GENERATED ALWAYS AS IDENTITY,
  model           jsonb       NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, id)
);

-- When set, the message's model is this shared one (its own model column stays '{}'). It is only ever
-- read through a join on (organisation_id, model_id), so a message can only see its own
-- organisation's models. No foreign key: it would cost a check for every message queued, and an index
-- on message (written three times per message) to delete a model row without scanning every message.
ALTER TABLE message ADD COLUMN model_id bigint;
