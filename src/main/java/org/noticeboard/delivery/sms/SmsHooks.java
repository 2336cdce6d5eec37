package org.noticeboard.delivery.sms;

import java.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.noticeboard.audience.ConsentChange;
import org.noticeboard.audience.ConsentLedger;
import org.noticeboard.db.Db;
import org.noticeboard.delivery.NewMessage;
import org.noticeboard.delivery.Outbox;
import org.noticeboard.security.AddressHasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the SMS gateway tells us: delivery status of a message we sent, and replies from people.
 * Replies are keywords, case- and whitespace-insensitive: STOP (and STOPALL, UNSUBSCRIBE, END, QUIT,
 * CANCEL, OPTOUT, REVOKE) withdraws SMS consent for every list and suppresses the number; START/UNSTOP
 * restores it; HELP answers with the centre's contact details. The number is matched to subscribers by
 * E.164 phone in every organisation that has it; unknown numbers and other text are ignored.
 */
public final class SmsHooks {
  private static final Logger LOG = LoggerFactory.getLogger(SmsHooks.class);
  static final Set<String> STOP = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "END", "QUIT", "CANCEL", "OPTOUT", "REVOKE");
  static final Set<String> START = Set.of("START", "UNSTOP");
  static final Set<String> HELP = Set.of("HELP", "INFO");

  private final Pool pool;
  private final AddressHasher hasher;
  private final Clock clock;

  public SmsHooks(Pool pool, AddressHasher hasher, Clock clock) {
    this.clock = clock;
    this.pool = pool;
    this.hasher = hasher;
  }

  public enum Keyword { STOP, START, HELP, NONE }

  public static Keyword keyword(String body) {
    String k = body == null ? "" : body.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
    if (STOP.contains(k)) {
      return Keyword.STOP;
    }
    if (START.contains(k)) {
      return Keyword.START;
    }
    return HELP.contains(k) ? Keyword.HELP : Keyword.NONE;
  }

  /**
   * Applies a delivery report. {@code id} is the gateway's message id, or ours ({@code nb_<id>}).
   * Returns how many messages changed.
   */
  public Future<Integer> status(String id, String status, String error) {
    String s = status == null ? "" : status.toLowerCase(Locale.ROOT);
    String mapped = switch (s) {
      case "delivered" -> "delivered";
      case "failed", "undelivered", "rejected", "expired" -> "failed";
      default -> null;
    };
    if (id == null || mapped == null) {
      return Future.succeededFuture(0);
    }
    Long ours = null;
    if (id.startsWith("nb_")) {
      try {
        ours = Long.parseLong(id.substring(3));
      } catch (NumberFormatException ignored) {
        // not ours
      }
    }
    return pool.preparedQuery("""
            WITH m AS (
              UPDATE message SET status = $2, last_error = coalesce($3, last_error), updated_at = now()
              WHERE channel = 'sms' AND (provider_message_id = $1 OR id = $4)
                AND status IN ('sending', 'sent', 'delivered')
              RETURNING id, organisation_id)
            INSERT INTO delivery_event (organisation_id, message_id, event, detail)
            SELECT organisation_id, id, $2, $3 FROM m""")
        .execute(Tuple.of(id, mapped, error, ours))
        .map(rows -> rows.rowCount());
  }

  /** Acts on a reply; {@code inboundId} (the gateway's id of the reply) keeps a HELP answer from being sent twice. */
  public Future<Keyword> inbound(String from, String body, String inboundId) {
    Keyword k = keyword(body);
    String phone = from == null ? "" : from.replaceAll("[\\s()-]", "");
    if (k == Keyword.NONE || !phone.matches("\\+[1-9][0-9]{6,14}")) {
      return Future.succeededFuture(Keyword.NONE);
    }
    return pool.preparedQuery("""
            SELECT s.id, s.organisation_id, coalesce(u.name, o.name) AS contact_name,
                   coalesce(u.phone, o.contact_phone) AS contact_phone, coalesce(u.email, o.contact_email) AS contact_email,
                   s.unit_id
            FROM subscriber s JOIN organisation o ON o.id = s.organisation_id
            LEFT JOIN unit u ON u.organisation_id = s.organisation_id AND u.id = s.unit_id
            WHERE s.phone = $1 ORDER BY s.id""")
        .execute(Tuple.of(phone))
        .compose(rows -> {
          List<Row> subscribers = Db.list(rows, r -> r);
          if (subscribers.isEmpty()) {
            LOG.info("SMS keyword {} from a number no organisation knows; ignored", k);
            return Future.succeededFuture(k);
          }
          Future<Void> chain = Future.succeededFuture();
          for (Row s : subscribers) {
            chain = chain.compose(v -> apply(k, phone, s, inboundId));
          }
          return chain.map(k);
        });
  }

  private Future<Void> apply(Keyword k, String phone, Row s, String inboundId) {
    long subscriberId = s.getLong("id");
    long org = s.getLong("organisation_id");
    Buffer hash = Buffer.buffer(hasher.hash("sms", phone));
    LOG.info("SMS keyword {} for subscriber {} of organisation {}", k, subscriberId, org);
    return pool.withTransaction(tx -> switch (k) {
      case STOP -> ConsentLedger.record(tx, new ConsentChange(org, subscriberId, null, "sms", "withdrawn",
              "sms-keyword", "STOP", "subscriber", null))
          .compose(v -> tx.preparedQuery("""
                  INSERT INTO suppression (organisation_id, channel, value_hash, reason, masked, detail)
                  VALUES ($1, 'sms', $2, 'sms-stop', $3, 'replied STOP')
                  ON CONFLICT (organisation_id, channel, value_hash) DO NOTHING""")
              .execute(Tuple.of(org, hash, AddressHasher.mask("sms", phone))))
          .mapEmpty();
      case START -> ConsentLedger.record(tx, new ConsentChange(org, subscriberId, null, "sms", "given",
              "sms-keyword", "START", "subscriber", null))
          .compose(v -> tx.preparedQuery("""
                  DELETE FROM suppression WHERE organisation_id = $1 AND channel = 'sms' AND value_hash = $2
                    AND reason = 'sms-stop'""")
              .execute(Tuple.of(org, hash)))
          .mapEmpty();
      case HELP -> Outbox.enqueue(tx, List.of(NewMessage.sms(org, subscriberId, null, s.getLong("unit_id"), phone,
              "sms-reply", null, helpText(s), true, "sms-help:" + org + ":" + subscriberId + ":" + inboundId)), clock.instant())
          .mapEmpty();
      case NONE -> Future.<Void>succeededFuture();
    });
  }

  static String helpText(Row s) {
    String name = s.getString("contact_name");
    List<String> ways = new ArrayList<>();
    if (s.getString("contact_phone") != null) {
      ways.add("call " + s.getString("contact_phone"));
    }
    if (s.getString("contact_email") != null) {
      ways.add("email " + s.getString("contact_email"));
    }
    return name + ": " + (ways.isEmpty() ? "" : "for help " + String.join(" or ", ways) + ". ")
        + "Reply STOP to stop messages, START to restart.";
  }
}
