-- Who Noticeboard writes to, and their permission. Owned by the audience feature; the delivery
-- engine and campaigns read these tables.

CREATE TABLE subscriber (
  id              bigserial PRIMARY KEY,
  organisation_id bigint      NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  name            text        NOT NULL DEFAULT '',
  email           text,                       -- as given; compared case-insensitively
  phone           text,                       -- E.164, e.g. +447700900123
  language        text        NOT NULL DEFAULT 'en',   -- BCP 47
  unit_id         bigint,                     -- home unit (centre)
  tags            text[]      NOT NULL DEFAULT '{}',   -- audience tags: new-parent, dad, childminder, ...
  attributes      jsonb       NOT NULL DEFAULT '{}',   -- free attributes: childBirthDate, postcodeDistrict, ...
  status          text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (email IS NOT NULL OR phone IS NOT NULL),
  UNIQUE (organisation_id, id),
  FOREIGN KEY (organisation_id, unit_id) REFERENCES unit (organisation_id, id)
);
CREATE UNIQUE INDEX subscriber_email ON subscriber (organisation_id, lower(email)) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX subscriber_phone ON subscriber (organisation_id, phone) WHERE phone IS NOT NULL;
CREATE INDEX subscriber_tags ON subscriber USING gin (tags);

-- A list belongs to a unit. "sensitive" lists (e.g. a programme for women at risk of domestic
-- abuse) are delivered discreetly: neutral sender and subject, no list name in headers or logs.
CREATE TABLE mailing_list (
  id               bigserial PRIMARY KEY,
  organisation_id  bigint      NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  unit_id          bigint      NOT NULL,
  name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description      text        NOT NULL DEFAULT '',
  kind             text        NOT NULL CHECK (kind IN ('newsletter', 'reminders', 'fliers', 'programme')),
  opt_in           text        NOT NULL DEFAULT 'single' CHECK (opt_in IN ('single', 'double')),
  default_language text        NOT NULL DEFAULT 'en',
  sensitive        boolean     NOT NULL DEFAULT false,
  purpose          text        NOT NULL DEFAULT 'news' CHECK (purpose IN ('service', 'marketing', 'news')),
  channel_policy   text        NOT NULL DEFAULT 'email-first' CHECK (channel_policy IN ('email-first', 'sms-only', 'both', 'urgent')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, id),
  FOREIGN KEY (organisation_id, unit_id) REFERENCES unit (organisation_id, id)
);
CREATE UNIQUE INDEX mailing_list_name ON mailing_list (organisation_id, unit_id, lower(name));

-- One subscriber on one list through one channel. Its status is always derivable from the
-- consent ledger below (the latest event for the same subscriber, list and channel).
CREATE TABLE subscription (
  organisation_id bigint      NOT NULL,
  list_id         bigint      NOT NULL,
  subscriber_id   bigint      NOT NULL,
  channel         text        NOT NULL CHECK (channel IN ('email', 'sms')),
  status          text        NOT NULL CHECK (status IN ('unconfirmed', 'confirmed', 'unsubscribed')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (list_id, subscriber_id, channel),
  FOREIGN KEY (organisation_id, list_id) REFERENCES mailing_list (organisation_id, id) ON DELETE CASCADE,
  FOREIGN KEY (organisation_id, subscriber_id) REFERENCES subscriber (organisation_id, id) ON DELETE CASCADE
);
CREATE INDEX subscription_subscriber ON subscription (organisation_id, subscriber_id);
CREATE INDEX subscription_list_status ON subscription (list_id, status, subscriber_id);

-- Append-only record of permission. Nothing updates or deletes these rows except erasure,
-- which removes a person's rows entirely (and leaves an erasure_record without personal data).
CREATE TABLE consent_event (
  id              bigserial PRIMARY KEY,
  organisation_id bigint      NOT NULL,
  subscriber_id   bigint      NOT NULL,
  list_id         bigint,                    -- null: applies to every list (e.g. SMS STOP)
  channel         text        NOT NULL CHECK (channel IN ('email', 'sms')),
  action          text        NOT NULL CHECK (action IN ('given', 'withdrawn', 'confirmed')),
  source          text        NOT NULL CHECK (source IN ('form', 'import', 'api', 'sms-keyword', 'admin', 'one-click-unsubscribe', 'preferences')),
  wording         text,                      -- the consent wording shown, or the import batch id
  actor           text,                      -- token id, 'subscriber', 'system'
  ip              inet,
  created_at      timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (organisation_id, subscriber_id) REFERENCES subscriber (organisation_id, id) ON DELETE CASCADE
);
CREATE INDEX consent_event_subscriber ON consent_event (organisation_id, subscriber_id, id);

-- Addresses that must never be written to again, per organisation and channel. "value" is the
-- normalised address, or for erasure only a salted hash of it (value_hash) so nothing readable is kept.
CREATE TABLE suppression (
  id              bigserial PRIMARY KEY,
  organisation_id bigint      NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  channel         text        NOT NULL CHECK (channel IN ('email', 'sms')),
  value_hash      bytea       NOT NULL,      -- HMAC-SHA256(secret, lower(email) or E.164 phone)
  reason          text        NOT NULL CHECK (reason IN ('hard-bounce', 'complaint', 'sms-stop', 'erasure', 'manual')),
  masked          text,                      -- e.g. 'ja…@example.org' for people to recognise; null after erasure
  detail          text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, channel, value_hash)
);
