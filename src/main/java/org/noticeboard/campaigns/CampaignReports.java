package org.noticeboard.campaigns;

import java.time.Clock;
import java.time.ZoneOffset;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.noticeboard.accounts.Tenant;
import org.noticeboard.errors.Problem;

/**
 * Live progress and the final report of a campaign, counted from its messages in the outbox.
 *
 * <p>Counting a campaign's messages costs more the larger it is (seconds for a million). A count
 * that took long is reused for a while (five times as long as it took, at most 30 seconds), shared
 * by everyone watching, so live progress of a large campaign does not keep a database core busy and
 * slow the sending it reports on. The campaign's own state is always read fresh, and the counts of a
 * campaign that has ended, and of the final report, are always new.
 */
public final class CampaignReports {
  private static final String[] STATUSES = {"queued", "sending", "sent", "delivered", "failed", "suppressed", "cancelled"};
  static final Duration REUSE_FROM = Duration.ofMillis(50);
  static final Duration REUSE_AT_MOST = Duration.ofSeconds(30);

  /** Message counts of one campaign, when they were counted and how long that took. */
  record Counts(JsonObject byStatus, long sentLastMinute, long countedAt, long tookNanos) {
    boolean reusableAt(long now) {
      return now - countedAt < reuseFor(tookNanos);
    }
  }

  private record Key(long organisationId, long campaignId) {}

  /** A count (made or in progress), and whether it was started after the campaign had ended. */
  private record Entry(Future<Counts> counts, boolean ended) {}

  private final Pool pool;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final Map<Key, Entry> recent = new ConcurrentHashMap<>();

  public CampaignReports(Pool pool, Clock clock) {
    this(pool, clock, System::nanoTime);
  }

  /** @param nanoTime how long a count took (monotonic); {@code clock} says what "the last minute" is */
  CampaignReports(Pool pool, Clock clock, LongSupplier nanoTime) {
    this.pool = pool;
    this.clock = clock;
    this.nanoTime = nanoTime;
  }

  /** How long a count that took {@code tookNanos} may be reused: not at all if it was quick. */
  static long reuseFor(long tookNanos) {
    return tookNanos < REUSE_FROM.toNanos() ? 0 : Math.min(5 * tookNanos, REUSE_AT_MOST.toNanos());
  }

  /**
   * Counts by state: planned (messages made), unreachable (audience members no channel could reach),
   * and each message status, plus the sending rate over the last minute.
   */
  public Future<JsonObject> progress(Tenant tenant, long id) {
    return progress(tenant, id, false);
  }

  /** @param report for the final report: always a new count */
  private Future<JsonObject> progress(Tenant tenant, long id, boolean report) {
    return pool.preparedQuery("SELECT c.id, c.state, c.planned, c.unreachable, c.fanout_done "
            + CampaignService.VISIBLE + " AND c.id = $3")
        .execute(Tuple.of(tenant.organisationId(), tenant.scope(), id))
        .compose(rows -> {
          if (rows.size() == 0) {
            throw Problem.notFound("campaign", id);
          }
          Row r = rows.iterator().next();
          JsonObject out = new JsonObject().put("campaignId", r.getLong("id")).put("state", r.getString("state"))
              .put("planned", r.getInteger("planned")).put("unreachable", r.getInteger("unreachable"))
              .put("fanoutDone", r.getBoolean("fanout_done"));
          return counts(new Key(tenant.organisationId(), id), over(out), report)
              .map(c -> out.put("messages", c.byStatus().copy()).put("sentLastMinute", c.sentLastMinute()));
        });
  }

  /**
   * The campaign's message counts: a recent one if it may be reused (or is being made), else a new
   * count. Once the campaign has ended (a stream stops on that snapshot) only a count started after
   * that is good enough, and the final report always counts anew.
   */
  private Future<Counts> counts(Key key, boolean ended, boolean report) {
    long now = nanoTime.getAsLong();
    Entry last = recent.get(key);
    if (!report && last != null && (!ended || last.ended())) {
      Future<Counts> f = last.counts();
      if (!f.isComplete() || f.succeeded() && f.result().reusableAt(now)) {
        return f;
      }
    }
    Future<Counts> fresh = count(key, now);
    Entry entry = new Entry(fresh, ended);
    recent.put(key, entry);
    fresh.onComplete(ar -> {
      if (ar.failed() || reuseFor(ar.result().tookNanos()) == 0) {
        recent.remove(key, entry);
      }
    });
    if (recent.size() > 1000) { // campaigns nobody watches any more
      recent.entrySet().removeIf(e -> e.getValue().counts().isComplete()
          && (e.getValue().counts().failed() || !e.getValue().counts().result().reusableAt(now)));
    }
    return fresh;
  }

  private Future<Counts> count(Key key, long started) {
    return pool.preparedQuery("""
            SELECT status, count(*) AS n, count(*) FILTER (WHERE sent_at > $3) AS last_minute
            FROM message WHERE organisation_id = $1 AND source_kind = 'campaign' AND source_id = $2
            GROUP BY status""")
        .execute(Tuple.of(key.organisationId(), key.campaignId(), clock.instant().minusSeconds(60).atOffset(ZoneOffset.UTC)))
        .map(rows -> {
          JsonObject byStatus = new JsonObject();
          for (String s : STATUSES) {
            byStatus.put(s, 0);
          }
          long lastMinute = 0;
          for (Row r : rows) {
            byStatus.put(r.getString("status"), r.getLong("n"));
            lastMinute += r.getLong("last_minute");
          }
          long done = nanoTime.getAsLong();
          return new Counts(byStatus, lastMinute, done, done - started);
        });
  }

  /** Who was reached, broken down by channel, language, the subscriber's unit and audience tag. */
  public Future<JsonObject> report(Tenant tenant, long id) {
    return progress(tenant, id, true).compose(progress -> pool.preparedQuery("""
            SELECT 'channel' AS dimension, m.channel AS value, m.status, count(*) AS n
            FROM message m WHERE m.organisation_id = $1 AND m.source_kind = 'campaign' AND m.source_id = $2
            GROUP BY m.channel, m.status
            UNION ALL
            SELECT 'language', coalesce(m.language, s.language, '?'), m.status, count(*)
            FROM message m LEFT JOIN subscriber s ON s.organisation_id = m.organisation_id AND s.id = m.subscriber_id
            WHERE m.organisation_id = $1 AND m.source_kind = 'campaign' AND m.source_id = $2
            GROUP BY 2, m.status
            UNION ALL
            SELECT 'unit', coalesce(u.name, '(none)'), m.status, count(*)
            FROM message m LEFT JOIN subscriber s ON s.organisation_id = m.organisation_id AND s.id = m.subscriber_id
            LEFT JOIN unit u ON u.organisation_id = s.organisation_id AND u.id = s.unit_id
            WHERE m.organisation_id = $1 AND m.source_kind = 'campaign' AND m.source_id = $2
            GROUP BY 2, m.status
            UNION ALL
            SELECT 'tag', t.tag, m.status, count(*)
            FROM message m JOIN subscriber s ON s.organisation_id = m.organisation_id AND s.id = m.subscriber_id
            CROSS JOIN LATERAL unnest(s.tags) AS t (tag)
            WHERE m.organisation_id = $1 AND m.source_kind = 'campaign' AND m.source_id = $2
            GROUP BY 2, m.status
            ORDER BY 1, 2, 3""")
        .execute(Tuple.of(tenant.organisationId(), id))
        .map(rows -> {
          JsonObject by = new JsonObject();
          for (Row r : rows) {
            JsonObject dimension = by.getJsonObject(r.getString("dimension"));
            if (dimension == null) {
              dimension = new JsonObject();
              by.put(r.getString("dimension"), dimension);
            }
            JsonObject value = dimension.getJsonObject(r.getString("value"));
            if (value == null) {
              value = new JsonObject();
              dimension.put(r.getString("value"), value);
            }
            value.put(r.getString("status"), r.getLong("n"));
          }
          return progress.put("by", by);
        }));
  }

  static boolean over(JsonObject progress) {
    String state = progress.getString("state");
    return "finished".equals(state) || "cancelled".equals(state);
  }

  static JsonArray statuses() {
    return new JsonArray(java.util.List.of(STATUSES));
  }
}
