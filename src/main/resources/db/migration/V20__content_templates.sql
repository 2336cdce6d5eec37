-- Message templates (owned by the content feature). A template has versions; each version is an
-- immutable snapshot of its language variants, so a campaign or reminder pinned to (template, version)
-- renders the same words forever, whatever is edited later.

CREATE TABLE template (
  id              bigserial PRIMARY KEY,
  organisation_id bigint      NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  unit_id         bigint,                     -- null: the whole organisation
  name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind            text        NOT NULL CHECK (kind IN ('layout', 'macros', 'newsletter', 'flier', 'reminder', 'transactional')),
  description     text        NOT NULL DEFAULT '',
  current_version integer     NOT NULL DEFAULT 1,
  deleted_at      timestamptz,                -- soft delete: pinned versions must stay renderable
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organisation_id, id),
  FOREIGN KEY (organisation_id, unit_id) REFERENCES unit (organisation_id, id)
);
-- Layouts and macros are imported by name, so names are unique within an organisation.
CREATE UNIQUE INDEX template_name ON template (organisation_id, lower(name)) WHERE deleted_at IS NULL;
CREATE INDEX template_kind ON template (organisation_id, kind) WHERE deleted_at IS NULL;

CREATE TABLE template_version (
  organisation_id bigint      NOT NULL,
  template_id     bigint      NOT NULL,
  version         integer     NOT NULL CHECK (version >= 1),
  created_by      bigint,                     -- api_token id, for the record
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (template_id, version),
  UNIQUE (organisation_id, template_id, version),
  FOREIGN KEY (organisation_id, template_id) REFERENCES template (organisation_id, id) ON DELETE CASCADE
);

-- One language of one version. Parts a variant does not have are null.
CREATE TABLE template_variant (
  organisation_id bigint  NOT NULL,
  template_id     bigint  NOT NULL,
  version         integer NOT NULL,
  language        text    NOT NULL,           -- BCP 47, canonical form (pt-BR)
  layout          text,                       -- name of a layout template wrapping html (and text)
  subject         text,
  preheader       text,
  html            text,
  text            text,
  sms             text,
  PRIMARY KEY (template_id, version, language),
  FOREIGN KEY (organisation_id, template_id, version)
    REFERENCES template_version (organisation_id, template_id, version) ON DELETE CASCADE
);
