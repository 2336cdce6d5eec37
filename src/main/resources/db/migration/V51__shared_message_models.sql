-- A campaign's messages all carry the same model (its content and sender, about 1 KB). Written into
-- every message row it was copied by each of the row's three writes (queued, claimed, recorded) and
-- was most of the row. Now each fan-out chunk writes it once and its messages point to it.
CREATE TABLE message_model (
  organisation_id bigint      NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  id              bigint      GENERATED ALWAYS AS IDENTITY,
  model           jsonb       NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, id)
);

-- when set, the message's model is this shared one (its own model column stays '{}')
ALTER TABLE message ADD COLUMN model_id bigint,
  ADD FOREIGN KEY (organisation_id, model_id) REFERENCES message_model (organisation_id, id);
