-- SMS replies stay inside their organisation.
--
-- message.sms_from: the sender an SMS went out from (recorded when it is sent), or, for a reply to
-- an inbound text, the number the reply must go out from (set when it is queued). Inbound replies
-- are routed with it: "who last texted this person from this number".
ALTER TABLE message ADD COLUMN sms_from text CHECK (length(sms_from) <= 16);
CREATE INDEX message_sms_sent_from ON message (destination, sms_from, sent_at DESC)
  WHERE channel = 'sms' AND sms_from IS NOT NULL AND sent_at IS NOT NULL;

-- A phone number configured as a sender (on an organisation or one of its units) belongs to that
-- organisation: another organisation cannot configure it too, or replies to it could not be told apart.
-- (The service-wide default NB_SMS_FROM is not stored here: organisations share it by leaving theirs empty.)
CREATE FUNCTION sms_sender_owned_once() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  -- one function for both tables; read through jsonb, as a field one table lacks cannot be named
  org bigint := (to_jsonb(NEW) ->> CASE WHEN TG_TABLE_NAME = 'organisation' THEN 'id' ELSE 'organisation_id' END)::bigint;
BEGIN
  IF NEW.sms_sender IS NULL OR NEW.sms_sender !~ '^\+[1-9][0-9]{6,14}$' THEN
    RETURN NEW;
  END IF;
  -- two organisations claiming the same number at the same moment: one waits for the other
  PERFORM pg_advisory_xact_lock(hashtext('sms_sender:' || NEW.sms_sender));
  IF EXISTS (SELECT 1 FROM organisation WHERE sms_sender = NEW.sms_sender AND id <> org)
     OR EXISTS (SELECT 1 FROM unit WHERE sms_sender = NEW.sms_sender AND organisation_id <> org) THEN
    RAISE EXCEPTION 'the SMS sender number is another organisation''s'
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'sms_sender_owned_once';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER organisation_sms_sender_owned_once BEFORE INSERT OR UPDATE OF sms_sender ON organisation
  FOR EACH ROW EXECUTE FUNCTION sms_sender_owned_once();
CREATE TRIGGER unit_sms_sender_owned_once BEFORE INSERT OR UPDATE OF sms_sender ON unit
  FOR EACH ROW EXECUTE FUNCTION sms_sender_owned_once();
CREATE INDEX organisation_sms_sender ON organisation (sms_sender) WHERE sms_sender IS NOT NULL;
CREATE INDEX unit_sms_sender ON unit (sms_sender) WHERE sms_sender IS NOT NULL;

-- Signed gateway callbacks already acted on, so a captured request cannot be replayed while its
-- signature is still fresh (Standard Webhooks webhook-id; Twilio's MessageSid, which carries no
-- timestamp and is kept longer). Several instances share this table; rows past keep_until are purged.
CREATE TABLE webhook_receipt (
  id          text        PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 300),
  received_at timestamptz NOT NULL,
  keep_until  timestamptz NOT NULL
);
CREATE INDEX webhook_receipt_expiry ON webhook_receipt (keep_until);
