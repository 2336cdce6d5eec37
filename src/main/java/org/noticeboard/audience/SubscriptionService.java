package org.noticeboard.audience;

import java.time.Clock;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.noticeboard.accounts.Role;
import org.noticeboard.accounts.Tenant;
import org.noticeboard.db.Db;
import org.noticeboard.errors.FieldError;
import org.noticeboard.errors.Problem;
import org.noticeboard.security.SignedTokens;

/**
 * Subscribing and unsubscribing people to lists, always through the {@link ConsentLedger}, and
 * double opt-in confirmation through signed links.
 */
public final class SubscriptionService {
  public static final String CONFIRM_PURPOSE = "confirm";
  public static final Duration CONFIRM_VALIDITY = Duration.ofDays(14);
  public static final List<String> CHANNELS = List.of("email", "sms");
  public static final List<String> SOURCES = List.of("form", "import", "api", "sms-keyword", "admin", "one-click-unsubscribe", "preferences");

  private final Pool pool;
  private final Clock clock;
  private final SignedTokens tokens;
  private final String publicBaseUrl;
  private final Suppressions suppressions;
  private final ConfirmationOutbox outbox;

  public SubscriptionService(Pool pool, SignedTokens tokens, String publicBaseUrl, Suppressions suppressions,
                             ConfirmationOutbox outbox, Clock clock) {
    this.pool = pool;
    this.clock = clock;
    this.tokens = tokens;
    this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
    this.suppressions = suppressions;
    this.outbox = outbox;
  }

  /** What a subscribe or withdraw request asks for. {@code ip} is the person's, when they acted themselves. */
  public record Change(long subscriberId, List<String> channels, String source, String wording, String ip) {}

  /** Gives consent for each channel; double opt-in lists get unconfirmed rows and confirmation messages. */
  public Future<List<Subscription>> subscribe(Tenant tenant, long listId, Change in) {
    tenant.require(Role.COORDINATOR);
    return pool.withTransaction(conn -> ListService.require(conn, tenant, listId)
        .compose(list -> SubscriberService.require(conn, tenant, in.subscriberId(), true).compose(s -> {
          List<FieldError> errors = new ArrayList<>();
          for (String ch : in.channels()) {
            if (address(s, ch) == null) {
              errors.add(new FieldError("channels", "the subscriber has no " + ("email".equals(ch) ? "email address" : "phone number")));
            }
          }
          if (!errors.isEmpty()) {
            return Future.failedFuture(Problem.invalid(errors));
          }
          Future<Void> chain = Future.succeededFuture();
          for (String ch : in.channels()) {
            chain = chain.compose(v -> suppressions.reason(conn, tenant.organisationId(), ch, address(s, ch)).compose(r -> r.isPresent()
                ? Future.failedFuture(Problem.conflict("the " + ch + " address " + Suppressions.describe(r.get())))
                : ConsentLedger.record(conn, new ConsentChange(tenant.organisationId(), s.id(), listId, ch, "given",
                    in.source(), in.wording(), actor(tenant), in.ip()))));
          }
          return chain.compose(v -> confirmationsToSend(conn, tenant.organisationId(), listId, s.id()))
              .compose(pending -> outbox.enqueue(conn, pending))
              .compose(v -> ofSubscriber(conn, tenant.organisationId(), listId, s.id()));
        })));
  }

  /**
   * A person's own sign-up on a public form, in the caller's transaction: consent "given" on each
   * channel (source {@code form}, actor {@code subscriber}, the exact wording they were shown, their
   * IP) and, for a double opt-in list, the confirmation messages through the same outbox hook as
   * {@link #subscribe}. The caller has matched or created the subscriber and left out suppressed addresses.
   */
  public Future<Void> subscribeFromForm(SqlClient tx, long organisationId, long listId, long subscriberId,
                                        List<String> channels, String wording, String ip) {
    Future<Void> chain = Future.succeededFuture();
    for (String ch : channels) {
      chain = chain.compose(v -> ConsentLedger.record(tx, new ConsentChange(organisationId, subscriberId, listId, ch, "given",
          "form", wording, "subscriber", ip)));
    }
    return chain.compose(v -> confirmationsToSend(tx, organisationId, listId, subscriberId))
        .compose(pending -> outbox.enqueue(tx, pending));
  }

  /** Withdraws consent for the given channels (all the person has on the list when none are given). */
  public Future<List<Subscription>> withdraw(Tenant tenant, long listId, Change in) {
    tenant.require(Role.COORDINATOR);
    return pool.withTransaction(conn -> ListService.require(conn, tenant, listId)
        .compose(list -> SubscriberService.require(conn, tenant, in.subscriberId(), true))
        .compose(s -> ofSubscriber(conn, tenant.organisationId(), listId, s.id()).compose(current -> {
          List<String> channels = in.channels().isEmpty() ? current.stream().map(Subscription::channel).toList() : in.channels();
          List<String> existing = current.stream().map(Subscription::channel).toList();
          if (current.isEmpty() || !existing.containsAll(channels)) {
            return Future.failedFuture(Problem.notFound("subscription of subscriber", s.id() + " to list " + listId));
          }
          Future<Void> chain = Future.succeededFuture();
          for (String ch : channels) {
            chain = chain.compose(v -> ConsentLedger.record(conn, new ConsentChange(tenant.organisationId(), s.id(), listId, ch,
                "withdrawn", in.source(), in.wording(), actor(tenant), in.ip())));
          }
          return chain.compose(v -> ofSubscriber(conn, tenant.organisationId(), listId, s.id()));
        })));
  }

  /** A list's subscriptions of subscribers the tenant can see, ordered by (subscriber, channel). */
  public Future<Page<Subscription>> list(Tenant tenant, long listId, Optional<String> status, Cursor after, int limit) {
    return ListService.require(pool, tenant, listId).compose(l -> {
      SqlFragment visible = SegmentSql.visible(tenant, 6);
      return pool.preparedQuery("SELECT " + Subscription.COLUMNS + " FROM subscription x JOIN subscriber s"
              + " ON s.organisation_id = x.organisation_id AND s.id = x.subscriber_id"
              + " WHERE x.list_id = $1 AND ($2::text IS NULL OR x.status = $2) AND (x.subscriber_id, x.channel) > ($3, $4)"
              + " AND " + visible.sql() + " ORDER BY x.subscriber_id, x.channel LIMIT $5")
          .execute(visible.addTo(Tuple.of(listId, status.orElse(null), after.subscriberId(), after.channel(), limit)))
          .map(rows -> {
            List<Subscription> items = Db.list(rows, Subscription::from);
            Subscription last = items.isEmpty() ? null : items.get(items.size() - 1);
            return new Page<>(items, items.size() == limit ? last.subscriberId() + ":" + last.channel() : null);
          });
    });
  }

  /** A position in a subscription listing: after this subscriber and channel ("" sorts before every channel). */
  public record Cursor(long subscriberId, String channel) {
    public static final Cursor START = new Cursor(0, "");

    /** {@code 123} (after every channel of subscriber 123) or {@code 123:email}. */
    public static Optional<Cursor> parse(String s) {
      if (s == null || s.isEmpty()) {
        return Optional.of(START);
      }
      String[] parts = s.split(":", 2);
      try {
        long id = Long.parseLong(parts[0]);
        return Optional.of(parts.length == 2 ? new Cursor(id, parts[1]) : new Cursor(id + 1, ""));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  /**
   * The confirmation messages a subscriber's unconfirmed subscriptions to a list still need, with
   * their signed links. This is the hook for the delivery outbox: {@link #subscribe} passes the
   * result to {@link ConfirmationOutbox#enqueue} in the same transaction.
   */
  public Future<List<PendingConfirmation>> confirmationsToSend(SqlClient tx, long organisationId, long listId, long subscriberId) {
    return confirmationsToSend(tx, organisationId, listId, List.of(subscriberId));
  }

  /** The same for many subscribers at once (imports into a double opt-in list). */
  public Future<List<PendingConfirmation>> confirmationsToSend(SqlClient tx, long organisationId, long listId, List<Long> subscriberIds) {
    if (subscriberIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return tx.preparedQuery("""
            SELECT x.subscriber_id, x.channel, s.email, s.phone, s.name AS subscriber_name, s.language AS subscriber_language,
                   l.name AS list_name, l.default_language, l.sensitive
            FROM subscription x
            JOIN subscriber s ON s.organisation_id = x.organisation_id AND s.id = x.subscriber_id
            JOIN mailing_list l ON l.organisation_id = x.organisation_id AND l.id = x.list_id
            WHERE x.organisation_id = $1 AND x.list_id = $2 AND x.subscriber_id = ANY($3) AND x.status = 'unconfirmed'
            ORDER BY x.subscriber_id, x.channel""")
        .execute(Tuple.of(organisationId, listId, subscriberIds.toArray(new Long[0])))
        .map(rows -> {
          List<PendingConfirmation> out = new ArrayList<>();
          for (Row r : rows) {
            String ch = r.getString("channel");
            long subscriberId = r.getLong("subscriber_id");
            out.add(new PendingConfirmation(organisationId, listId, subscriberId, ch,
                "email".equals(ch) ? r.getString("email") : r.getString("phone"), r.getString("subscriber_name"),
                r.getString("subscriber_language"), r.getString("list_name"), r.getString("default_language"),
                r.getBoolean("sensitive"), confirmUrl(organisationId, listId, subscriberId, ch)));
          }
          return out;
        });
  }

  /** The public link that confirms one subscription: {@code <NB_PUBLIC_BASE_URL>/p/confirm/<token>}. */
  public String confirmUrl(long organisationId, long listId, long subscriberId, String channel) {
    return publicBaseUrl + "/p/confirm/" + confirmToken(organisationId, listId, subscriberId, channel, clock.instant().plus(CONFIRM_VALIDITY));
  }

  public String confirmToken(long organisationId, long listId, long subscriberId, String channel, Instant expires) {
    return tokens.sign(CONFIRM_PURPOSE, organisationId + "." + listId + "." + subscriberId + "." + channel, expires);
  }

  /** What the confirmation page shows. {@code listName} is null for sensitive lists. */
  public record Confirmation(Outcome outcome, String language, String listName) {}

  public enum Outcome { CONFIRMED, ALREADY_CONFIRMED, WITHDRAWN, GONE, EXPIRED, INVALID }

  /** Confirms the subscription a link names; confirming twice is harmless and records one event. */
  public Future<Confirmation> confirm(String token, String ip) {
    Instant now = clock.instant();
    Optional<String> data = tokens.verify(CONFIRM_PURPOSE, token, now);
    if (data.isEmpty()) {
      // a well-signed token that verifies at the epoch has only expired
      boolean expired = tokens.verify(CONFIRM_PURPOSE, token, Instant.EPOCH).isPresent();
      return Future.succeededFuture(new Confirmation(expired ? Outcome.EXPIRED : Outcome.INVALID, "en", null));
    }
    String[] p = data.get().split("\\.");
    long org = Long.parseLong(p[0]);
    long listId = Long.parseLong(p[1]);
    long subscriberId = Long.parseLong(p[2]);
    String channel = p[3];
    return pool.withTransaction(conn -> conn.preparedQuery("""
            SELECT x.status, l.default_language, l.name, l.sensitive FROM subscription x
            JOIN mailing_list l ON l.organisation_id = x.organisation_id AND l.id = x.list_id
            WHERE x.organisation_id = $1 AND x.list_id = $2 AND x.subscriber_id = $3 AND x.channel = $4
            FOR UPDATE OF x""")
        .execute(Tuple.of(org, listId, subscriberId, channel))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(new Confirmation(Outcome.GONE, "en", null));
          }
          Row r = rows.iterator().next();
          String language = r.getString("default_language");
          String listName = r.getBoolean("sensitive") ? null : r.getString("name");
          return switch (r.getString("status")) {
            case "confirmed" -> Future.succeededFuture(new Confirmation(Outcome.ALREADY_CONFIRMED, language, listName));
            case "unsubscribed" -> Future.succeededFuture(new Confirmation(Outcome.WITHDRAWN, language, listName));
            default -> ConsentLedger.record(conn, new ConsentChange(org, subscriberId, listId, channel, "confirmed", "form",
                    "confirmation link", "subscriber", ip))
                .map(v -> new Confirmation(Outcome.CONFIRMED, language, listName));
          };
        }));
  }

  static Future<List<Subscription>> ofSubscriber(SqlClient conn, long org, long listId, long subscriberId) {
    return conn.preparedQuery("SELECT " + Subscription.COLUMNS + " FROM subscription x JOIN subscriber s"
            + " ON s.organisation_id = x.organisation_id AND s.id = x.subscriber_id"
            + " WHERE x.organisation_id = $1 AND x.list_id = $2 AND x.subscriber_id = $3 ORDER BY x.channel")
        .execute(Tuple.of(org, listId, subscriberId))
        .map(rows -> Db.list(rows, Subscription::from));
  }

  static String address(Subscriber s, String channel) {
    return "email".equals(channel) ? s.email() : s.phone();
  }

  static String actor(Tenant tenant) {
    return "token:" + tenant.tokenId();
  }
}
