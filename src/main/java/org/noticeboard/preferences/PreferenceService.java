package org.noticeboard.preferences;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.noticeboard.audience.ConsentChange;
import org.noticeboard.audience.ConsentLedger;
import org.noticeboard.db.Db;
import org.noticeboard.security.LinkToken;

/**
 * What a person can do from the links in a message, without logging in: unsubscribe in one click,
 * and choose their lists, channels and language. Every change goes through the consent ledger.
 */
public final class PreferenceService {
  private final Pool pool;

  public PreferenceService(Pool pool) {
    this.pool = pool;
  }

  /** The person a link is for; empty when they no longer exist (erased). */
  public record Person(long organisationId, long subscriberId, String name, String language, String email, String phone,
                       String unitName) {}

  /** One list the person is on, with their state per channel. A sensitive list is never named. */
  public record Membership(long listId, String name, boolean sensitive, Map<String, String> channels) {}

  public Future<Optional<Person>> person(LinkToken link) {
    if (link.subscriberId() == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return pool.preparedQuery("""
            SELECT s.id, s.name, s.language, s.email, s.phone, coalesce(u.name, o.name) AS unit_name
            FROM subscriber s JOIN organisation o ON o.id = s.organisation_id
            LEFT JOIN unit u ON u.organisation_id = s.organisation_id AND u.id = s.unit_id
            WHERE s.organisation_id = $1 AND s.id = $2""")
        .execute(Tuple.of(link.organisationId(), link.subscriberId()))
        .map(rows -> Db.first(rows, r -> new Person(link.organisationId(), r.getLong("id"), r.getString("name"),
            r.getString("language"), r.getString("email"), r.getString("phone"), r.getString("unit_name"))));
  }

  /** The list a link was sent for, by name; empty for a sensitive list or a message with no list. */
  public Future<Optional<String>> listName(LinkToken link) {
    if (link.listId() == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return pool.preparedQuery("SELECT name, sensitive FROM mailing_list WHERE organisation_id = $1 AND id = $2")
        .execute(Tuple.of(link.organisationId(), link.listId()))
        .map(rows -> Db.first(rows, r -> r).filter(r -> !r.getBoolean("sensitive")).map(r -> r.getString("name")));
  }

  /**
   * One-click unsubscribe (RFC 8058): withdraws consent for the link's list on the link's channel
   * (every list on that channel when the message had no list). Safe to repeat.
   */
  public Future<Void> unsubscribe(LinkToken link, String ip) {
    if (link.subscriberId() == null) {
      return Future.succeededFuture();
    }
    return pool.withTransaction(conn -> conn.preparedQuery(
            "SELECT 1 FROM subscriber WHERE organisation_id = $1 AND id = $2 FOR UPDATE")
        .execute(Tuple.of(link.organisationId(), link.subscriberId()))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture()
            : ConsentLedger.record(conn, new ConsentChange(link.organisationId(), link.subscriberId(), link.listId(),
                link.channel(), "withdrawn", "one-click-unsubscribe", "message " + link.messageId(), "subscriber", ip))));
  }

  public Future<List<Membership>> memberships(Person p) {
    return pool.preparedQuery("""
            SELECT l.id, l.name, l.sensitive, sub.channel, sub.status
            FROM subscription sub JOIN mailing_list l ON l.organisation_id = sub.organisation_id AND l.id = sub.list_id
            WHERE sub.organisation_id = $1 AND sub.subscriber_id = $2 ORDER BY l.name, l.id, sub.channel""")
        .execute(Tuple.of(p.organisationId(), p.subscriberId()))
        .map(rows -> {
          List<Membership> out = new ArrayList<>();
          for (Row r : rows) {
            long listId = r.getLong("id");
            if (out.isEmpty() || out.get(out.size() - 1).listId() != listId) {
              out.add(new Membership(listId, r.getString("name"), r.getBoolean("sensitive"), new java.util.TreeMap<>()));
            }
            out.get(out.size() - 1).channels().put(r.getString("channel"), r.getString("status"));
          }
          return out;
        });
  }

  /** The page offers a channel only when the person has an address for it. */
  static boolean offered(Person p, String channel) {
    return "email".equals(channel) ? p.email() != null : p.phone() != null;
  }

  /**
   * Applies the choices of the preference page: {@code wanted} holds "listId:channel" for every box
   * ticked. Only what the page offered can change: lists the person is on that are not sensitive
   * (the page never shows those), on channels they have an address for. The language is updated too.
   */
  public Future<Void> save(Person p, Set<String> wanted, Optional<String> language, String wording, String ip) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
            SELECT sub.list_id, sub.channel, sub.status FROM subscription sub
            JOIN mailing_list l ON l.organisation_id = sub.organisation_id AND l.id = sub.list_id
            WHERE sub.organisation_id = $1 AND sub.subscriber_id = $2 AND NOT l.sensitive
            FOR UPDATE OF sub""")
        .execute(Tuple.of(p.organisationId(), p.subscriberId()))
        .compose(rows -> {
          Future<Void> f = Future.succeededFuture();
          for (Row r : rows) {
            long listId = r.getLong("list_id");
            String channel = r.getString("channel");
            if (!offered(p, channel)) {
              continue;
            }
            boolean on = !"unsubscribed".equals(r.getString("status"));
            boolean want = wanted.contains(listId + ":" + channel);
            if (on != want) {
              String action = want ? "given" : "withdrawn";
              f = f.compose(v -> ConsentLedger.record(conn, new ConsentChange(p.organisationId(), p.subscriberId(), listId,
                  channel, action, "preferences", wording, "subscriber", ip)));
            }
          }
          return f;
        })
        .compose(v -> language.isEmpty() ? Future.succeededFuture()
            : conn.preparedQuery("UPDATE subscriber SET language = $3, updated_at = now() WHERE organisation_id = $1 AND id = $2")
                .execute(Tuple.of(p.organisationId(), p.subscriberId(), language.get())).mapEmpty()));
  }
}
