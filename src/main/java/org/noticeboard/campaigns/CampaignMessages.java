package org.noticeboard.campaigns;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.noticeboard.delivery.Outbox;

/**
 * What a campaign's state change means for its messages already in the outbox: pausing holds the
 * queued ones (their next attempt moves to {@link Outbox#HELD}), resuming releases them, cancelling cancels them.
 * Messages already being sent finish; nothing is lost or sent twice.
 */
final class CampaignMessages {
  private CampaignMessages() {}

  static Future<Void> hold(SqlClient tx, long organisationId, long campaignId) {
    return tx.preparedQuery("UPDATE message SET next_attempt_at = $3, updated_at = now() WHERE organisation_id = $1"
            + " AND source_kind = 'campaign' AND source_id = $2 AND status = 'queued'")
        .execute(Tuple.of(organisationId, campaignId, Outbox.HELD.atOffset(java.time.ZoneOffset.UTC))).mapEmpty();
  }

  static Future<Void> release(SqlClient tx, long organisationId, long campaignId, java.time.Instant now) {
    return tx.preparedQuery("UPDATE message SET next_attempt_at = $3, updated_at = now() WHERE organisation_id = $1"
            + " AND source_kind = 'campaign' AND source_id = $2 AND status = 'queued'")
        .execute(Tuple.of(organisationId, campaignId, now.atOffset(java.time.ZoneOffset.UTC)))
        .compose(v -> tx.query("NOTIFY " + Outbox.NOTIFY_CHANNEL).execute().mapEmpty());
  }

  static Future<Void> cancel(SqlClient tx, long organisationId, long campaignId) {
    return update(tx, "status = 'cancelled', last_error = 'campaign cancelled', " + Outbox.CLEAR_IF_SENSITIVE,
        organisationId, campaignId);
  }

  private static Future<Void> update(SqlClient tx, String set, long organisationId, long campaignId) {
    return tx.preparedQuery("UPDATE message SET " + set + ", updated_at = now() WHERE organisation_id = $1"
            + " AND source_kind = 'campaign' AND source_id = $2 AND status = 'queued'")
        .execute(Tuple.of(organisationId, campaignId)).mapEmpty();
  }
}
