package org.noticeboard.audience;

import java.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.noticeboard.accounts.Role;
import org.noticeboard.accounts.Tenant;

/**
 * UK GDPR rights of one person: a copy of everything held (subject access), erasure, and plain
 * deletion of a record made in error. Erasure and deletion leave an {@code erasure_record} with
 * counts only; erasure also keeps a keyed hash of each address in the suppression list, so the
 * person is not silently added again by a later import or create.
 */
public final class DataSubjectService {
  private final Pool pool;
  private final Clock clock;
  private final Suppressions suppressions;

  public DataSubjectService(Pool pool, Suppressions suppressions, Clock clock) {
    this.pool = pool;
    this.clock = clock;
    this.suppressions = suppressions;
  }

  /** Everything held about one person: profile, subscriptions, consent history and messages sent. */
  public Future<JsonObject> export(Tenant tenant, long id) {
    return pool.withTransaction(conn -> SubscriberService.require(conn, tenant, id, false).compose(s -> {
      JsonObject out = new JsonObject().put("exportedAt", clock.instant().toString()).put("subscriber", s.toJson());
      return conn.preparedQuery("""
              SELECT x.list_id, l.name, x.channel, x.status, x.created_at, x.updated_at FROM subscription x
              JOIN mailing_list l ON l.organisation_id = x.organisation_id AND l.id = x.list_id
              WHERE x.organisation_id = $1 AND x.subscriber_id = $2 ORDER BY x.list_id, x.channel""")
          .execute(Tuple.of(tenant.organisationId(), id))
          .compose(rows -> {
            JsonArray subs = new JsonArray();
            for (Row r : rows) {
              subs.add(new JsonObject().put("listId", r.getLong("list_id")).put("listName", r.getString("name"))
                  .put("channel", r.getString("channel")).put("status", r.getString("status"))
                  .put("createdAt", r.getOffsetDateTime("created_at").toString()).put("updatedAt", r.getOffsetDateTime("updated_at").toString()));
            }
            out.put("subscriptions", subs);
            return conn.preparedQuery("""
                    SELECT id, list_id, channel, action, source, wording, actor, host(ip) AS ip, created_at FROM consent_event
                    WHERE organisation_id = $1 AND subscriber_id = $2 ORDER BY id""")
                .execute(Tuple.of(tenant.organisationId(), id));
          })
          .compose(rows -> {
            JsonArray consents = new JsonArray();
            rows.forEach(r -> consents.add(ConsentEvents.toJson(r)));
            out.put("consents", consents);
            return messagesSentTo(conn, tenant.organisationId(), id);
          })
          .map(messages -> out.put("messages", messages));
    }));
  }

  /**
   * The messages written to a person, for subject access: what, when, through which channel and
   * address, and what became of it. Bodies are rendered at send time and not kept, so none are listed.
   */
  Future<JsonArray> messagesSentTo(SqlClient conn, long organisationId, long subscriberId) {
    return conn.preparedQuery("""
            SELECT id, channel, destination, source_kind, source_id, status, language, created_at, sent_at
            FROM message WHERE organisation_id = $1 AND subscriber_id = $2 ORDER BY id""")
        .execute(io.vertx.sqlclient.Tuple.of(organisationId, subscriberId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (var r : rows) {
            out.add(new JsonObject().put("id", r.getLong("id")).put("channel", r.getString("channel"))
                .put("to", r.getString("destination")).put("source", r.getString("source_kind"))
                .put("sourceId", r.getLong("source_id")).put("status", r.getString("status"))
                .put("language", r.getString("language"))
                .put("createdAt", r.getOffsetDateTime("created_at").toString())
                .put("sentAt", r.getOffsetDateTime("sent_at") == null ? null : r.getOffsetDateTime("sent_at").toString()));
          }
          return out;
        });
  }

  /** Erases the person: suppression hashes of their addresses, then the person (ledger rows go with them). */
  public Future<JsonObject> erase(Tenant tenant, long id) {
    return remove(tenant, id, "erasure");
  }

  /** Deletes a record made in error: like erasure, but the addresses are not suppressed. */
  public Future<JsonObject> delete(Tenant tenant, long id) {
    return remove(tenant, id, "deletion");
  }

  private Future<JsonObject> remove(Tenant tenant, long id, String kind) {
    tenant.require(Role.COORDINATOR);
    long org = tenant.organisationId();
    return pool.withTransaction(conn -> SubscriberService.require(conn, tenant, id, true).compose(s -> conn.preparedQuery("""
            SELECT (SELECT count(*) FROM consent_event WHERE organisation_id = $1 AND subscriber_id = $2) AS events,
                   (SELECT count(*) FROM subscription WHERE organisation_id = $1 AND subscriber_id = $2) AS subscriptions""")
        .execute(Tuple.of(org, id))
        .compose(counts -> {
          Row c = counts.iterator().next();
          Future<Integer> suppressed = "erasure".equals(kind) ? suppress(conn, org, s) : Future.succeededFuture(0);
          return suppressed.compose(n -> conn.preparedQuery("DELETE FROM subscriber WHERE organisation_id = $1 AND id = $2")
                  .execute(Tuple.of(org, id)).map(n))
              .compose(n -> conn.preparedQuery("""
                      INSERT INTO erasure_record (organisation_id, kind, actor, consent_events, subscriptions, addresses_suppressed)
                      VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, created_at""")
                  .execute(Tuple.of(org, kind, SubscriptionService.actor(tenant), c.getLong("events").intValue(),
                      c.getLong("subscriptions").intValue(), n))
                  .map(rows -> {
                    Row r = rows.iterator().next();
                    return new JsonObject().put("id", r.getLong("id")).put("kind", kind)
                        .put("createdAt", r.getOffsetDateTime("created_at").toString())
                        .put("consentEvents", c.getLong("events")).put("subscriptions", c.getLong("subscriptions"))
                        .put("addressesSuppressed", n);
                  }));
        })));
  }

  private Future<Integer> suppress(SqlClient conn, long org, Subscriber s) {
    Future<Integer> f = Future.succeededFuture(0);
    for (String channel : new String[] {"email", "sms"}) {
      String address = SubscriptionService.address(s, channel);
      if (address != null) {
        f = f.compose(n -> conn.preparedQuery("""
                INSERT INTO suppression (organisation_id, channel, value_hash, reason, masked, detail)
                VALUES ($1, $2, $3, 'erasure', NULL, NULL)
                ON CONFLICT (organisation_id, channel, value_hash) DO UPDATE SET reason = 'erasure', masked = NULL, detail = NULL""")
            .execute(Tuple.of(org, channel, suppressions.hash(channel, address))).map(n + 1));
      }
    }
    return f;
  }
}
