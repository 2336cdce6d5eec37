-- Delivery: the durable outbox (message), its history (delivery_event), attachments, and the
-- organisation/unit settings the workers need (quiet hours, SMS sender id, rate limits).

ALTER TABLE organisation
  ADD COLUMN quiet_hours_start time    NOT NULL DEFAULT '21:00',  -- SMS quiet hours, in organisation.timezone;
  ADD COLUMN quiet_hours_end   time    NOT NULL DEFAULT '08:00',  -- start = end means no quiet hours
  ADD COLUMN sms_sender        text    CHECK (sms_sender ~ '^([A-Za-z0-9 ]{0,10}[A-Za-z][A-Za-z0-9 ]{0,10}|\+[1-9][0-9]{6,14})$' AND length(sms_sender) <= 16),
  ADD COLUMN email_per_second  integer CHECK (email_per_second > 0),  -- null: NB_EMAIL_PER_SECOND
  ADD COLUMN sms_per_second    integer CHECK (sms_per_second > 0);    -- null: NB_SMS_PER_SECOND

ALTER TABLE unit
  ADD COLUMN sms_sender text CHECK (sms_sender ~ '^([A-Za-z0-9 ]{0,10}[A-Za-z][A-Za-z0-9 ]{0,10}|\+[1-9][0-9]{6,14})$' AND length(sms_sender) <= 16);

-- Files producers attach to messages (fliers as PDF or image, .ics for sessions). Stored once,
-- referenced by id from every message that carries them (message.attachment_ids), so a campaign's
-- flier is one row however many families receive it.
CREATE TABLE attachment (
  id              bigserial PRIMARY KEY,
  organisation_id bigint      NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  filename        text        NOT NULL CHECK (filename !~ '[\r\n"/\\]' AND length(filename) BETWEEN 1 AND 200),
  content_type    text        NOT NULL CHECK (content_type ~ '^[a-z]+/[a-zA-Z0-9.+-]+(; ?[a-z]+=[A-Za-z0-9-]+)*$'),
  data            bytea       NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, id)
);

-- One row per (source, subscriber, channel): the outbox. See org.noticeboard.delivery.Outbox for the
-- columns a producer fills. Workers claim due rows with FOR UPDATE SKIP LOCKED and a lease.
CREATE TABLE message (
  id                  bigserial PRIMARY KEY,
  organisation_id     bigint      NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  subscriber_id       bigint,                 -- null only for sends to a bare address (test sends)
  list_id             bigint,                 -- the list it was sent for; sensitive lists are delivered discreetly
  unit_id             bigint,                 -- sending unit: sender id, contact details, staff visibility
  channel             text        NOT NULL CHECK (channel IN ('email', 'sms')),
  destination         text        NOT NULL CHECK (length(destination) BETWEEN 3 AND 320),
  source_kind         text        NOT NULL CHECK (source_kind IN ('campaign', 'reminder', 'confirmation', 'transactional', 'test', 'sms-reply')),
  source_id           bigint,                 -- campaign id, session reminder id, ...
  template_id         bigint,                 -- null: the parts below are the message
  template_version    integer,
  languages           text[]      NOT NULL DEFAULT '{}',   -- language chain for the renderer
  model               jsonb       NOT NULL DEFAULT '{}',   -- non-subscriber part of the data model
  subject             text,
  html                text,
  text_body           text,
  sms_body            text,
  attachment_ids      bigint[]    NOT NULL DEFAULT '{}',
  urgent              boolean     NOT NULL DEFAULT false,  -- SMS ignores quiet hours
  idempotency_key     text        NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 300),
  status              text        NOT NULL DEFAULT 'queued'
                        CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'suppressed', 'cancelled')),
  attempts            integer     NOT NULL DEFAULT 0,
  next_attempt_at     timestamptz NOT NULL DEFAULT now(),
  lease_owner         text,
  lease_expires_at    timestamptz,
  provider_message_id text,
  last_error          text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  sent_at             timestamptz,
  UNIQUE (organisation_id, id),
  -- Erasing a subscriber erases their messages. list_id and unit_id carry no foreign key on purpose:
  -- the log outlives a deleted list or unit; every join on them also matches organisation_id.
  FOREIGN KEY (organisation_id, subscriber_id) REFERENCES subscriber (organisation_id, id) ON DELETE CASCADE
);
-- The claim: WHERE status = 'queued' AND channel = $1 AND next_attempt_at <= $2 ORDER BY next_attempt_at, id.
CREATE INDEX message_due ON message (channel, next_attempt_at, id) WHERE status = 'queued';
-- Lease take-over: WHERE status = 'sending' AND lease_expires_at < $1.
CREATE INDEX message_leased ON message (lease_expires_at) WHERE status = 'sending';
CREATE INDEX message_log ON message (organisation_id, id DESC);
CREATE INDEX message_source ON message (organisation_id, source_kind, source_id, id DESC);
CREATE INDEX message_subscriber ON message (organisation_id, subscriber_id, id DESC);
CREATE INDEX message_provider ON message (provider_message_id) WHERE provider_message_id IS NOT NULL;
-- Every message is updated 2-3 times: vacuum early so the claim index stays small.
ALTER TABLE message SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02,
                         fillfactor = 80);

-- History of one message: queued, sending, sent, retry, delivered, failed, suppressed, held, ...
CREATE TABLE delivery_event (
  id              bigserial PRIMARY KEY,
  organisation_id bigint      NOT NULL,
  message_id      bigint      NOT NULL,
  event           text        NOT NULL,
  detail          text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (organisation_id, message_id) REFERENCES message (organisation_id, id) ON DELETE CASCADE
);
CREATE INDEX delivery_event_message ON delivery_event (message_id, id);

CREATE INDEX suppression_list ON suppression (organisation_id, id DESC);
