-- Campaigns: a bulletin, newsletter or flier sent once to an audience of lists and/or a segment.

CREATE TABLE campaign (
  id               bigserial PRIMARY KEY,
  organisation_id  bigint      NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  unit_id          bigint      NOT NULL,
  name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  template_id      bigint,
  template_version integer,                   -- pinned when the campaign is scheduled
  segment_id       bigint,
  channel_policy   text        NOT NULL DEFAULT 'email-first' CHECK (channel_policy IN ('email-first', 'sms-only', 'both', 'urgent')),
  sender_name      text,
  reply_to         text,
  send_at          timestamptz,               -- null: as soon as it is scheduled
  tags             text[]      NOT NULL DEFAULT '{}',
  state            text        NOT NULL DEFAULT 'draft'
                   CHECK (state IN ('draft', 'scheduled', 'running', 'paused', 'finished', 'cancelled')),
  paused_from      text,                      -- the state a paused campaign resumes to
  fanout_done      boolean     NOT NULL DEFAULT false,
  fanout_cursor    bigint      NOT NULL DEFAULT 0,   -- last subscriber id materialised into the outbox
  planned          integer     NOT NULL DEFAULT 0,
  unreachable      integer     NOT NULL DEFAULT 0,
  lease_owner      text,                      -- the instance fanning it out, while lease_until holds
  lease_until      timestamptz,
  started_at       timestamptz,
  finished_at      timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, id),
  FOREIGN KEY (organisation_id, unit_id) REFERENCES unit (organisation_id, id)
);
-- The scheduler looks for due work only among these.
CREATE INDEX campaign_due ON campaign (send_at, id) WHERE state IN ('scheduled', 'running') AND NOT fanout_done;

-- The lists a campaign goes to, or excludes (everyone on an excluded list is left out).
CREATE TABLE campaign_list (
  organisation_id bigint  NOT NULL,
  campaign_id     bigint  NOT NULL,
  list_id         bigint  NOT NULL,
  excluded        boolean NOT NULL DEFAULT false,
  PRIMARY KEY (campaign_id, list_id),
  FOREIGN KEY (organisation_id, campaign_id) REFERENCES campaign (organisation_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organisation_id, list_id) REFERENCES mailing_list (organisation_id, id)
);
