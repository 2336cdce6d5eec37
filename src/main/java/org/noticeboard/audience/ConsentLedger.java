package org.noticeboard.audience;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The only way subscription state changes: append a consent event and bring the subscription rows
 * in line with it, in the caller's transaction. Other features (SMS STOP, one-click unsubscribe,
 * the preference centre, imports) all come through here.
 */
public final class ConsentLedger {
  private ConsentLedger() {}

  public static Future<Void> record(SqlClient tx, ConsentChange c) {
    return tx.preparedQuery("""
            INSERT INTO consent_event (organisation_id, subscriber_id, list_id, channel, action, source, wording, actor, ip)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::inet)""")
        .execute(Tuple.of(c.organisationId(), c.subscriberId(), c.listId(), c.channel(), c.action(), c.source())
            .addValue(c.wording()).addValue(c.actor()).addValue(c.ip()))
        .compose(v -> apply(tx, c));
  }

  private static Future<Void> apply(SqlClient tx, ConsentChange c) {
    switch (c.action()) {
      case "withdrawn":
        return tx.preparedQuery("""
                UPDATE subscription SET status = 'unsubscribed', updated_at = now()
                WHERE organisation_id = $1 AND subscriber_id = $2 AND channel = $3
                  AND ($4::bigint IS NULL OR list_id = $4) AND status <> 'unsubscribed'""")
            .execute(Tuple.of(c.organisationId(), c.subscriberId(), c.channel(), c.listId())).mapEmpty();
      case "confirmed":
        return tx.preparedQuery("""
                UPDATE subscription SET status = 'confirmed', updated_at = now()
                WHERE organisation_id = $1 AND subscriber_id = $2 AND channel = $3
                  AND ($4::bigint IS NULL OR list_id = $4)""")
            .execute(Tuple.of(c.organisationId(), c.subscriberId(), c.channel(), c.listId())).mapEmpty();
      case "given":
        if (c.listId() == null) { // e.g. SMS START: restore what a channel-wide withdrawal stopped
          return tx.preparedQuery("""
                  UPDATE subscription SET status = 'confirmed', updated_at = now()
                  WHERE organisation_id = $1 AND subscriber_id = $2 AND channel = $3 AND status = 'unsubscribed'""")
              .execute(Tuple.of(c.organisationId(), c.subscriberId(), c.channel())).mapEmpty();
        }
        // Single opt-in lists confirm at once; double opt-in waits for the confirmation link.
        return tx.preparedQuery("""
                INSERT INTO subscription (organisation_id, list_id, subscriber_id, channel, status)
                SELECT $1, l.id, $2, $3, CASE WHEN l.opt_in = 'double' THEN 'unconfirmed' ELSE 'confirmed' END
                FROM mailing_list l WHERE l.organisation_id = $1 AND l.id = $4
                ON CONFLICT (list_id, subscriber_id, channel) DO UPDATE
                  SET status = CASE WHEN subscription.status = 'confirmed' THEN 'confirmed' ELSE excluded.status END,
                      updated_at = now()""")
            .execute(Tuple.of(c.organisationId(), c.subscriberId(), c.channel(), c.listId())).mapEmpty();
      default:
        return Future.failedFuture(new IllegalArgumentException("unknown consent action " + c.action()));
    }
  }
}
