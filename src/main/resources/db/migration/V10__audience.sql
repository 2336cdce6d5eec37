-- Audience: import jobs, saved segments, erasure records, and the guard that keeps the consent
-- ledger append-only. Extends the core tables of V2.

-- consent_event is append-only: no UPDATE ever, and DELETE only when the subscriber it belongs to
-- is gone (erasure or deletion of the person, through ON DELETE CASCADE).
CREATE FUNCTION consent_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'consent_event is append-only' USING ERRCODE = 'P0001';
  END IF;
  IF EXISTS (SELECT 1 FROM subscriber s WHERE s.organisation_id = OLD.organisation_id AND s.id = OLD.subscriber_id) THEN
    RAISE EXCEPTION 'consent_event rows are removed only with their subscriber' USING ERRCODE = 'P0001';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER consent_event_append_only BEFORE UPDATE OR DELETE ON consent_event
  FOR EACH ROW EXECUTE FUNCTION consent_event_append_only();

CREATE INDEX subscriber_unit ON subscriber (organisation_id, unit_id);

-- A date held in a free attribute (e.g. childBirthDate), or null when it is not a valid ISO date;
-- segments compare with it without a malformed value failing the whole query.
CREATE FUNCTION nb_try_date(value text) RETURNS date LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF value IS NULL OR value !~ '^\d{4}-\d{2}-\d{2}$' THEN
    RETURN NULL;
  END IF;
  RETURN value::date;
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$;

-- A saved, named audience filter. unit_id is the unit whose staff made it (null: organisation-wide);
-- evaluating a segment is always limited further by the caller's own scope.
CREATE TABLE segment (
  id              bigserial PRIMARY KEY,
  organisation_id bigint      NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  unit_id         bigint,
  name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  definition      jsonb       NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, id),
  FOREIGN KEY (organisation_id, unit_id) REFERENCES unit (organisation_id, id)
);
CREATE UNIQUE INDEX segment_name ON segment (organisation_id, lower(name));

-- One CSV import: its options, progress counters and final state. The rows themselves are not kept.
CREATE TABLE import_job (
  id              bigserial PRIMARY KEY,
  organisation_id bigint      NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  unit_id         bigint,                       -- scope of the token that ran it (no FK: the job outlives units)
  list_id         bigint,                       -- no FK: the job's history outlives a deleted list
  consent_source  text        NOT NULL DEFAULT 'import',
  wording         text,
  dry_run         boolean     NOT NULL DEFAULT false,
  state           text        NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'completed', 'failed')),
  rows_read       integer     NOT NULL DEFAULT 0,
  created         integer     NOT NULL DEFAULT 0,
  updated         integer     NOT NULL DEFAULT 0,
  unchanged       integer     NOT NULL DEFAULT 0,
  skipped         integer     NOT NULL DEFAULT 0,
  errors          integer     NOT NULL DEFAULT 0,
  subscribed      integer     NOT NULL DEFAULT 0,
  failure         text,
  actor           text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  UNIQUE (organisation_id, id)
);
CREATE INDEX import_job_org ON import_job (organisation_id, id);

-- Row-level problems of an import (the first thousand of each job): errors, skipped rows, notices.
CREATE TABLE import_problem (
  organisation_id bigint  NOT NULL,
  job_id          bigint  NOT NULL,
  row_number      integer NOT NULL,
  kind            text    NOT NULL CHECK (kind IN ('error', 'skipped', 'notice')),
  field           text,
  message         text    NOT NULL,
  FOREIGN KEY (organisation_id, job_id) REFERENCES import_job (organisation_id, id) ON DELETE CASCADE
);
CREATE INDEX import_problem_job ON import_problem (job_id, row_number);

-- That an erasure (or a deletion) happened, without anything about the person.
CREATE TABLE erasure_record (
  id              bigserial PRIMARY KEY,
  organisation_id bigint      NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  kind            text        NOT NULL CHECK (kind IN ('erasure', 'deletion')),
  actor           text        NOT NULL,
  consent_events  integer     NOT NULL,
  subscriptions   integer     NOT NULL,
  addresses_suppressed integer NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX erasure_record_org ON erasure_record (organisation_id, id);
