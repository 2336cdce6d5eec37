-- Tenancy: organisations, their unit tree, staff accounts and API tokens.
-- Every table added later carries organisation_id, and references a unit through
-- (organisation_id, unit_id) so a row can never point into another organisation's tree.

CREATE TABLE organisation (
  id               bigserial PRIMARY KEY,
  name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  default_language text        NOT NULL DEFAULT 'en',
  timezone         text        NOT NULL DEFAULT 'Europe/London',
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- A node of an organisation's tree: area, cluster, locality, base, centre, site, childminder network.
-- path lists the ids from the root down to this unit, e.g. '/3/17/42/', so a subtree is
-- "path LIKE '/3/17/%'" and needs no recursive query.
CREATE TABLE unit (
  id              bigserial PRIMARY KEY,
  organisation_id bigint      NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  parent_id       bigint,
  kind            text        NOT NULL CHECK (kind IN ('area', 'cluster', 'locality', 'base', 'centre', 'site', 'childminder-network')),
  name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  path            text        NOT NULL,
  address         text,
  phone           text,
  email           text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, id),
  FOREIGN KEY (organisation_id, parent_id) REFERENCES unit (organisation_id, id)
);
CREATE UNIQUE INDEX unit_sibling_name ON unit (organisation_id, coalesce(parent_id, 0), lower(name));
CREATE INDEX unit_path ON unit (organisation_id, path text_pattern_ops);

-- Staff who use Noticeboard. Their role and unit bound every token issued for them.
CREATE TABLE account (
  id              bigserial PRIMARY KEY,
  organisation_id bigint      NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  email           text        NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
  name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role            text        NOT NULL CHECK (role IN ('owner', 'coordinator', 'viewer')),
  unit_id         bigint,
  disabled_at     timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, id),
  FOREIGN KEY (organisation_id, unit_id) REFERENCES unit (organisation_id, id)
);
CREATE UNIQUE INDEX account_email ON account (organisation_id, lower(email));

-- Bearer tokens. Only a SHA-256 hash of the token is stored (tokens are 256-bit random values,
-- so a slow password hash would add nothing); the prefix lets people recognise a token in lists.
CREATE TABLE api_token (
  id              bigserial PRIMARY KEY,
  organisation_id bigint      NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  account_id      bigint,
  name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role            text        NOT NULL CHECK (role IN ('owner', 'coordinator', 'viewer')),
  unit_id         bigint,
  token_hash      bytea       NOT NULL UNIQUE,
  token_prefix    text        NOT NULL,
  created_by      bigint      REFERENCES api_token (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz,
  last_used_at    timestamptz,
  revoked_at      timestamptz,
  FOREIGN KEY (organisation_id, account_id) REFERENCES account (organisation_id, id),
  FOREIGN KEY (organisation_id, unit_id) REFERENCES unit (organisation_id, id)
);
CREATE INDEX api_token_org ON api_token (organisation_id, id);
