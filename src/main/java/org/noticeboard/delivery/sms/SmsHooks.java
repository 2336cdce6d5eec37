package org.noticeboard.delivery.sms;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
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
 *
 * <p>Replies are keywords, case- and whitespace-insensitive: STOP (and STOPALL, UNSUBSCRIBE, END, QUIT,
 * CANCEL, OPTOUT, REVOKE) withdraws SMS consent for every list and suppresses the number; START/UNSTOP
 * restores it; HELP answers with the centre's contact details, from the number the HELP was sent to.
 * Which organisation a reply is for is decided by that number ({@link ReplyRouting}); a reply never
 * touches, or names, an organisation it was not for. Other text is ignored.
 *
 * <p>Each callback is applied in one transaction together with its receipt ({@link WebhookReceipts}): a
 * repeated or replayed request is acknowledged and changes nothing, and a failed one leaves nothing behind.
 */
public final class SmsHooks {
  private static final Logger LOG = LoggerFactory.getLogger(SmsHooks.class);
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  static final Set<String> STOP = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "END", "QUIT", "CANCEL", "OPTOUT", "REVOKE");
  static final Set<String> START = Set.of("START", "UNSTOP");
  static final Set<String> HELP = Set.of("HELP", "INFO");

  private final Pool pool;
  private final AddressHasher hasher;
  private final Clock clock;
  private final String sharedSender;

  /** @param sharedSender {@code NB_SMS_FROM}, the sender organisations share when they set none of their own */
  private static final long PURGE_EVERY_MILLIS = 60_000;
  private final AtomicLong lastPurge = new AtomicLong(Long.MIN_VALUE / 2);

  public SmsHooks(Pool pool, AddressHasher hasher, Clock clock, String sharedSender) {
    this.clock = clock;
    this.pool = pool;
    this.hasher = hasher;
    this.sharedSender = sharedSender;
  }

  public enum Keyword { STOP, START, HELP, NONE }

  /** A status callback's effect; {@code duplicate}: the same request came before, nothing was applied. */
  public record StatusUpdate(int updated, boolean duplicate) {}

  /** A reply's effect: its keyword, and how many organisations it was applied to (0 for an unknown number). */
  public record InboundReply(Keyword keyword, int organisations, boolean duplicate) {}

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
   * Applies a delivery report. {@code id} is the gateway's message id, or ours ({@code nb_<id>}). Status
   * only moves forward: a message already delivered or failed stays so, and reports of earlier stages
   * ({@code queued}, {@code sent}, ...) change nothing.
   */
  public Future<StatusUpdate> status(WebhookReceipts.Receipt receipt, String id, String status, String error) {
    String s = status == null ? "" : status.toLowerCase(Locale.ROOT);
    String mapped = switch (s) {
      case "delivered" -> "delivered";
      case "failed", "undelivered", "rejected", "expired" -> "failed";
      default -> null;
    };
    Long ours = null;
    if (id != null && id.startsWith("nb_")) {
      try {
        ours = Long.parseLong(id.substring(3));
      } catch (NumberFormatException ignored) {
        // not ours
      }
    }
    Long messageId = ours;
    Instant now = clock.instant();
    return purged(now).compose(v -> pool.withTransaction(tx -> WebhookReceipts.first(tx, receipt, now).compose(fresh -> {
      if (!fresh) {
        return Future.succeededFuture(new StatusUpdate(0, true));
      }
      if (id == null || mapped == null) {
        return Future.succeededFuture(new StatusUpdate(0, false));
      }
      return tx.preparedQuery("""
              WITH m AS (
                UPDATE message SET status = $2, last_error = coalesce($3, last_error), updated_at = now()
                WHERE channel = 'sms' AND (provider_message_id = $1 OR id = $4)
                  AND status IN ('sending', 'sent')
                RETURNING id, organisation_id)
              INSERT INTO delivery_event (organisation_id, message_id, event, detail)
              SELECT organisation_id, id, $2, $3 FROM m""")
          .execute(Tuple.of(id, mapped, error, messageId))
          .map(rows -> new StatusUpdate(rows.rowCount(), false));
    })));
  }

  /**
   * Acts on a reply from {@code from} to our number {@code to}; {@code receipt} names the gateway's
   * request (and keeps a HELP answer from being sent twice).
   */
  public Future<InboundReply> inbound(WebhookReceipts.Receipt receipt, String from, String to, String body) {
    Keyword k = keyword(body);
    String phone = normalise(from);
    String number = normalise(to);
    Instant now = clock.instant();
    return purged(now).compose(v -> pool.withTransaction(tx -> WebhookReceipts.first(tx, receipt, now).compose(fresh -> {
      if (!fresh) {
        return Future.succeededFuture(new InboundReply(k, 0, true));
      }
      if (k == Keyword.NONE || !E164.matcher(phone).matches()) {
        return Future.succeededFuture(new InboundReply(Keyword.NONE, 0, false));
      }
      if (!E164.matcher(number).matches()) {
        LOG.info("SMS keyword {} to {}, which cannot receive replies; nothing applied", k, number.isEmpty() ? "no number" : "a sender name");
        return Future.succeededFuture(new InboundReply(k, 0, false));
      }
      ReplyRouting routing = new ReplyRouting(tx, phone, number, sharedSender);
      Future<Integer> applied = k == Keyword.HELP
          ? routing.conversationTarget().compose(t -> t.isEmpty() ? Future.succeededFuture(0)
              : help(tx, t.get(), phone, number, receipt).map(1))
          : routing.consentTargets().compose(orgs -> consent(tx, k, orgs, phone).map(orgs.size()));
      return applied.map(n -> {
        if (n == 0) {
          LOG.info("SMS keyword {} to a number no organisation texts this person from; nothing applied", k);
        }
        return new InboundReply(k, n, false);
      });
    })));
  }

  /**
   * Forgets old receipts at most once a minute (this object serves every HTTP event loop), not on every
   * callback: a delivery report is the busiest request the service gets.
   */
  private Future<Void> purged(Instant now) {
    long last = lastPurge.get();
    if (now.toEpochMilli() - last < PURGE_EVERY_MILLIS || !lastPurge.compareAndSet(last, now.toEpochMilli())) {
      return Future.succeededFuture();
    }
    return WebhookReceipts.purge(pool, now).<Void>mapEmpty().otherwiseEmpty();
  }

  private Future<Void> consent(SqlClient tx, Keyword k, List<Long> organisations, String phone) {
    Future<Void> chain = Future.succeededFuture();
    for (long org : organisations) {
      chain = chain.compose(v -> subscriber(tx, org, phone)).compose(s -> stopOrStart(tx, k, org, s.map(r -> r.getLong("id")), phone));
    }
    return chain;
  }

  private Future<Optional<Row>> subscriber(SqlClient tx, long org, String phone) {
    return tx.preparedQuery("SELECT id, unit_id FROM subscriber WHERE organisation_id = $1 AND phone = $2")
        .execute(Tuple.of(org, phone))
        .map(rows -> Db.first(rows, r -> r));
  }

  /** STOP suppresses the number in the organisation even if it holds no subscriber with it (yet). */
  private Future<Void> stopOrStart(SqlClient tx, Keyword k, long org, Optional<Long> subscriberId, String phone) {
    Buffer hash = Buffer.buffer(hasher.hash("sms", phone));
    LOG.info("SMS keyword {} for organisation {} (subscriber {})", k, org, subscriberId.map(String::valueOf).orElse("none"));
    Future<Void> ledger = subscriberId.isEmpty() ? Future.succeededFuture()
        : ConsentLedger.record(tx, new ConsentChange(org, subscriberId.get(), null, "sms",
            k == Keyword.STOP ? "withdrawn" : "given", "sms-keyword", k.name(), "subscriber", null));
    return ledger.compose(v -> k == Keyword.STOP
        ? tx.preparedQuery("""
                INSERT INTO suppression (organisation_id, channel, value_hash, reason, masked, detail)
                VALUES ($1, 'sms', $2, 'sms-stop', $3, 'replied STOP')
                ON CONFLICT (organisation_id, channel, value_hash) DO NOTHING""")
            .execute(Tuple.of(org, hash, AddressHasher.mask("sms", phone))).<Void>mapEmpty()
        : tx.preparedQuery("""
                DELETE FROM suppression WHERE organisation_id = $1 AND channel = 'sms' AND value_hash = $2
                  AND reason = 'sms-stop'""")
            .execute(Tuple.of(org, hash)).<Void>mapEmpty());
  }

  /** The HELP answer: one organisation's (or centre's) contact details, sent from the number the HELP came to. */
  private Future<Void> help(SqlClient tx, ReplyRouting.Target t, String phone, String number, WebhookReceipts.Receipt receipt) {
    long org = t.organisationId();
    String key = "sms-help:" + org + ":" + receipt.id();
    return subscriber(tx, org, phone).compose(s -> {
      Long unit = t.unitId() != null ? t.unitId() : s.map(r -> r.getLong("unit_id")).orElse(null);
      Long subscriberId = s.map(r -> r.getLong("id")).orElse(null);
      LOG.info("SMS keyword HELP for organisation {} (subscriber {})", org, subscriberId == null ? "none" : subscriberId);
      return tx.preparedQuery("""
              SELECT coalesce(u.name, o.name) AS contact_name, coalesce(u.phone, o.contact_phone) AS contact_phone,
                     coalesce(u.email, o.contact_email) AS contact_email
              FROM organisation o LEFT JOIN unit u ON u.organisation_id = o.id AND u.id = $2
              WHERE o.id = $1""")
          .execute(Tuple.of(org, unit))
          .compose(rows -> Outbox.enqueue(tx, List.of(NewMessage.sms(org, subscriberId, null, unit, phone, "sms-reply", null,
              helpText(rows.iterator().next()), true, key).withSmsFrom(number)), clock.instant()))
          .mapEmpty();
    });
  }

  static String normalise(String number) {
    return number == null ? "" : number.replaceAll("[\\s()-]", "");
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
