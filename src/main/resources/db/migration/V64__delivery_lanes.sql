-- Lanes: transactional and urgent messages (0: confirmations, test sends, SMS replies, anything marked
-- urgent) overtake reminders (1), which overtake bulk campaigns (2). Kept in step with
-- org.noticeboard.delivery.Lane (a test checks both agree for every kind).
ALTER TABLE message ADD COLUMN priority smallint NOT NULL GENERATED ALWAYS AS (
  CASE WHEN urgent OR source_kind IN ('confirmation', 'transactional', 'test', 'sms-reply') THEN 0
       WHEN source_kind = 'reminder' THEN 1
       ELSE 2 END) STORED;

-- The claim takes each organisation's due messages in turn (a loose scan over organisation_id, then
-- one range scan per organisation and lane), so one organisation's newsletter holds up no other's.
DROP INDEX message_due;
CREATE INDEX message_due ON message (channel, organisation_id, priority, next_attempt_at, id) WHERE status = 'queued';

-- Rate limits shared by every worker of every instance: one token bucket per organisation and channel.
CREATE TABLE rate_bucket (
  organisation_id bigint           NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
  channel         text             NOT NULL CHECK (channel IN ('email', 'sms')),
  tokens          double precision NOT NULL,
  refilled_at     timestamptz      NOT NULL,
  PRIMARY KEY (organisation_id, channel)
);
