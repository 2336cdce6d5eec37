package org.noticeboard.signup;

import java.time.Clock;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.noticeboard.accounts.Tenant;
import org.noticeboard.contact.Addresses;
import org.noticeboard.audience.ListService;
import org.noticeboard.audience.SubscriptionService;
import org.noticeboard.audience.Suppressions;
import org.noticeboard.db.Db;
import org.noticeboard.errors.Problem;
import org.noticeboard.security.SignedTokens;

/**
 * Public sign-up to a list through a form reached by a signed link ({@code /p/subscribe/{token}}).
 * Nobody can learn from it whether an address is known: whatever happens, the caller shows the same
 * "thank you". An anonymous form never changes an existing person's details; it only adds consent
 * for the addresses that already belong to them, and suppressed (e.g. erased) addresses are skipped.
 */
public final class SignupService {
  public static final String LINK_PURPOSE = "subscribe";
  public static final String FORM_PURPOSE = "subscribe-form";
  static final Duration LINK_LIFETIME = Duration.ofDays(5 * 365);
  static final Duration FORM_LIFETIME = Duration.ofHours(2);

  private final Pool pool;
  private final SignedTokens tokens;
  private final Suppressions suppressions;
  private final SubscriptionService subscriptions;
  private final ListService lists;
  private final String publicBaseUrl;
  private final Clock clock;

  public SignupService(Pool pool, SignedTokens tokens, Suppressions suppressions, SubscriptionService subscriptions,
                       ListService lists, String publicBaseUrl, Clock clock) {
    this.clock = clock;
    this.pool = pool;
    this.tokens = tokens;
    this.suppressions = suppressions;
    this.subscriptions = subscriptions;
    this.lists = lists;
    this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
  }

  /**
   * The public form URL of a list the tenant can see (404 otherwise). Sensitive lists have none:
   * their existence must stay private (409). Valid five years; the same URL all day, so it can be printed.
   */
  public Future<String> formUrl(Tenant tenant, long listId) {
    return lists.get(tenant, listId).map(l -> {
      if (l.sensitive()) {
        throw Problem.conflict("a sensitive list has no public sign-up form");
      }
      Instant expires = clock.instant().truncatedTo(ChronoUnit.DAYS).plus(LINK_LIFETIME);
      return publicBaseUrl + "/p/subscribe/" + tokens.sign(LINK_PURPOSE, tenant.organisationId() + ":" + listId, expires);
    });
  }

  /** The form a link opens; empty for a bad or expired link, a deleted list, or a sensitive list. */
  public Future<Optional<SignupForm>> form(String linkToken) {
    Optional<long[]> ids = tokens.verify(LINK_PURPOSE, linkToken, clock.instant()).flatMap(SignupService::ids);
    if (ids.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    long org = ids.get()[0];
    long listId = ids.get()[1];
    return pool.preparedQuery("""
            SELECT l.name, l.description, l.default_language, l.opt_in, l.sensitive, coalesce(nullif(u.name, ''), o.name) AS sender
            FROM mailing_list l JOIN organisation o ON o.id = l.organisation_id
            JOIN unit u ON u.organisation_id = l.organisation_id AND u.id = l.unit_id
            WHERE l.organisation_id = $1 AND l.id = $2""")
        .execute(Tuple.of(org, listId))
        .map(rows -> Db.first(rows, r -> r).filter(r -> !r.getBoolean("sensitive"))
            .map(r -> new SignupForm(org, listId, r.getString("name"), r.getString("description"), r.getString("sender"),
                r.getString("default_language"), "double".equals(r.getString("opt_in")))));
  }

  /** A short-lived token proving a submission comes from a form this service handed out for this link. */
  public String formToken(String linkToken, Instant now) {
    return tokens.sign(FORM_PURPOSE, now.getEpochSecond() + ":" + linkToken, now.plus(FORM_LIFETIME));
  }

  public boolean validFormToken(String formToken, String linkToken, Instant now) {
    return tokens.verify(FORM_PURPOSE, formToken, now)
        .filter(d -> d.indexOf(':') > 0 && d.substring(d.indexOf(':') + 1).equals(linkToken))
        .isPresent();
  }

  /**
   * Signs a person up (a valid {@link Signup}): matches people by email (ignoring case) and by phone
   * within the organisation; creates a person only when neither address is known, with the addresses
   * that are not suppressed; then records consent for each known or new address in one transaction.
   */
  public Future<Void> signUp(SignupForm form, Signup in, String wording, String ip) {
    String email = in.emailAddress().orElse(null);
    String phone = in.phoneNumber().orElse(null);
    long org = form.organisationId();
    return pool.withTransaction(conn -> suppressions.reason(conn, org, "email", email)
        .compose(es -> suppressions.reason(conn, org, "sms", phone).compose(ps -> {
          String usableEmail = es.isPresent() ? null : email;
          String usablePhone = ps.isPresent() ? null : phone;
          return owner(conn, org, "email", usableEmail).compose(byEmail -> owner(conn, org, "sms", usablePhone).compose(byPhone -> {
            Map<Long, List<String>> channels = new LinkedHashMap<>();
            byEmail.ifPresent(id -> channels.computeIfAbsent(id, k -> new ArrayList<>()).add("email"));
            byPhone.ifPresent(id -> channels.computeIfAbsent(id, k -> new ArrayList<>()).add("sms"));
            if (!channels.isEmpty() || (usableEmail == null && usablePhone == null)) {
              return subscribe(conn, form, channels, wording, ip);
            }
            return create(conn, form, in, usableEmail, usablePhone).compose(id -> {
              List<String> chs = new ArrayList<>();
              if (usableEmail != null) {
                chs.add("email");
              }
              if (usablePhone != null) {
                chs.add("sms");
              }
              return subscribe(conn, form, id.map(i -> Map.of(i, chs)).orElse(Map.of()), wording, ip);
            });
          }));
        })));
  }

  private Future<Void> subscribe(SqlClient conn, SignupForm form, Map<Long, List<String>> channels, String wording, String ip) {
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<Long, List<String>> e : channels.entrySet()) {
      chain = chain.compose(v -> subscriptions.subscribeFromForm(conn, form.organisationId(), form.listId(), e.getKey(),
          e.getValue(), wording, ip));
    }
    return chain;
  }

  /** The active person an address belongs to (blocked people are left alone). */
  private static Future<Optional<Long>> owner(SqlClient conn, long org, String channel, String address) {
    if (address == null) {
      return Future.succeededFuture(Optional.empty());
    }
    String where = "email".equals(channel) ? "lower(email) = $2" : "phone = $2";
    return conn.preparedQuery("SELECT id, status FROM subscriber WHERE organisation_id = $1 AND " + where + " FOR UPDATE")
        .execute(Tuple.of(org, Addresses.key(channel, address)))
        .map(rows -> Db.first(rows, r -> r).filter(r -> "active".equals(r.getString("status"))).map(r -> r.getLong("id")));
  }

  /** A new person in the list's unit; empty when a simultaneous sign-up took the address first. */
  private static Future<Optional<Long>> create(SqlClient conn, SignupForm form, Signup in, String email, String phone) {
    return conn.preparedQuery("""
            INSERT INTO subscriber (organisation_id, name, email, phone, language, unit_id)
            SELECT $1, $2, $3, $4, $5, l.unit_id FROM mailing_list l WHERE l.organisation_id = $1 AND l.id = $6
            ON CONFLICT DO NOTHING RETURNING id""")
        .execute(Tuple.of(form.organisationId(), in.name().strip(), email, phone, in.chosenLanguage().orElse(form.language()),
            form.listId()))
        .map(rows -> Db.first(rows, r -> r.getLong("id")));
  }

  private static Optional<long[]> ids(String data) {
    String[] p = data.split(":", -1);
    try {
      return p.length == 2 ? Optional.of(new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])}) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
