-- Settings a coordinator changes through the API: who answers HELP replies, whether new lists
-- (and so their public sign-up forms) ask for double opt-in, and a unit's logo for the shipped layout.
ALTER TABLE organisation
  ADD COLUMN contact_email        text    CHECK (length(contact_email) <= 320),
  ADD COLUMN contact_phone        text    CHECK (length(contact_phone) <= 40),
  ADD COLUMN signup_double_opt_in boolean NOT NULL DEFAULT false;

ALTER TABLE unit
  ADD COLUMN logo_url text CHECK (logo_url ~ '^https://' AND length(logo_url) <= 2000);
