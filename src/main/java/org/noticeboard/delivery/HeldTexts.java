package org.noticeboard.delivery;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import org.noticeboard.accounts.QuietHoursHolds;

/**
 * Texts held for quiet hours become due again when the organisation's quiet hours change: the next
 * claim checks them against the new hours (and holds them again if it is still quiet).
 */
public final class HeldTexts implements QuietHoursHolds {
  @Override
  public Future<Void> release(SqlClient tx, long organisationId, Instant now) {
    return tx.preparedQuery("""
            UPDATE message SET next_attempt_at = $2, updated_at = now()
            WHERE organisation_id = $1 AND channel = 'sms' AND status = 'queued' AND last_error = $3
              AND next_attempt_at > $2""")
        .execute(Tuple.of(organisationId, now.atOffset(ZoneOffset.UTC), QuietHours.HOLD_REASON))
        .compose(r -> r.rowCount() == 0 ? Future.succeededFuture() : tx.query("NOTIFY " + Outbox.NOTIFY_CHANNEL).execute().mapEmpty());
  }
}
