-- What a subscription was before a channel-wide withdrawal (an SMS STOP), so that START restores
-- exactly that, and nothing the person had left on its own. Derivable from the consent ledger.
ALTER TABLE subscription ADD COLUMN stopped_from text CHECK (stopped_from IN ('unconfirmed', 'confirmed'));
