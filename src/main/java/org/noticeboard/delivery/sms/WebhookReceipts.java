package org.noticeboard.delivery.sms;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Signed callbacks already acted on, in PostgreSQL so that every instance sees them: a request whose
 * id was seen is acknowledged and not applied again. A Standard Webhooks id is kept until its signed
 * timestamp is too old to be accepted anyway; a Twilio request carries no timestamp, so its
 * {@code MessageSid} is kept for {@link #TWILIO_KEEP}.
 */
final class WebhookReceipts {
  static final Duration TWILIO_KEEP = Duration.ofDays(30);

  private WebhookReceipts() {}

  /** A receipt to record: {@code id} names the request, {@code keepUntil} is when a replay could no longer pass. */
  record Receipt(String id, Instant keepUntil) {
    static Receipt standardWebhook(String webhookId, long signedAtSeconds) {
      return new Receipt("webhook:" + webhookId,
          Instant.ofEpochSecond(signedAtSeconds).plusSeconds(StandardWebhooks.TOLERANCE_SECONDS + 1));
    }

    static Receipt twilio(String kind, String sid, Instant now) {
      return new Receipt("twilio-" + kind + ":" + sid, now.plus(TWILIO_KEEP));
    }
  }

  /** Records the receipt; false when it was there already (a repeat or a replay). */
  static Future<Boolean> first(SqlClient tx, Receipt r, Instant now) {
    return tx.preparedQuery("""
            INSERT INTO webhook_receipt (id, received_at, keep_until) VALUES ($1, $2, $3)
            ON CONFLICT (id) DO NOTHING""")
        .execute(Tuple.of(r.id(), now.atOffset(ZoneOffset.UTC), r.keepUntil().atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Forgets receipts that no replay could use any more. */
  static Future<Integer> purge(SqlClient client, Instant now) {
    return client.preparedQuery("DELETE FROM webhook_receipt WHERE keep_until < $1")
        .execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.rowCount());
  }
}
