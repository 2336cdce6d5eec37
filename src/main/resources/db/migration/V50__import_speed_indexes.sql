-- Fewer indexes to maintain on the hot import path (every imported row adds one or two
-- subscription rows). subscription_list_status (list_id, status, subscriber_id) served no query
-- the primary key (list_id, subscriber_id, channel) does not serve as well: the list's
-- subscriptions page, export, confirmations and fan-out all read a list's rows in subscriber order
-- (the primary key's order) and filter on status, which most rows share ('confirmed').
DROP INDEX IF EXISTS subscription_list_status;
