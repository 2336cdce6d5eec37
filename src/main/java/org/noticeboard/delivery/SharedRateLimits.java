package org.noticeboard.delivery;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token buckets per organisation and channel, kept in PostgreSQL so a rate holds across every worker of
 * every instance ("100 per second" means 100, not 100 × workers × instances). One statement per batch
 * takes the tokens of all its organisations; a bucket holds at most one second's worth.
 */
final class SharedRateLimits {
  private final Pool pool;

  SharedRateLimits(Pool pool) {
    this.pool = pool;
  }

  /** What an organisation asks of its bucket: {@code wanted} tokens, refilled at {@code perSecond}. */
  record Demand(int perSecond, int wanted) {}

  /** Tokens granted per organisation (zero or more, never above what was wanted). */
  Future<Map<Long, Integer>> take(Channel channel, Map<Long, Demand> demands, Instant now) {
    if (demands.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    List<Long> orgs = new ArrayList<>(demands.keySet());
    orgs.sort(null); // one lock order for every worker
    Long[] ids = orgs.toArray(Long[]::new);
    Integer[] rates = orgs.stream().map(o -> demands.get(o).perSecond()).toArray(Integer[]::new);
    Integer[] wanted = orgs.stream().map(o -> demands.get(o).wanted()).toArray(Integer[]::new);
    return pool.preparedQuery("""
            WITH d AS (SELECT * FROM unnest($1::bigint[], $4::int[], $5::int[]) AS d(org, rate, wanted)),
            cur AS (
              SELECT b.organisation_id, d.wanted,
                     LEAST(d.rate::float8, b.tokens + d.rate * GREATEST(0, EXTRACT(EPOCH FROM ($3 - b.refilled_at)))) AS avail
              FROM rate_bucket b JOIN d ON d.org = b.organisation_id
              WHERE b.channel = $2
              ORDER BY b.organisation_id
              FOR UPDATE OF b),
            g AS (SELECT organisation_id, avail, LEAST(wanted, GREATEST(0, floor(avail)))::int AS granted FROM cur)
            UPDATE rate_bucket b SET tokens = g.avail - g.granted, refilled_at = GREATEST(b.refilled_at, $3)
            FROM g WHERE b.organisation_id = g.organisation_id AND b.channel = $2
            RETURNING b.organisation_id, g.granted""")
        .execute(Tuple.of(ids, channel.code(), Outbox.utc(now), rates, wanted))
        .compose(rows -> {
          Map<Long, Integer> granted = new HashMap<>();
          rows.forEach(r -> granted.put(r.getLong(0), r.getInteger(1)));
          return granted.size() == orgs.size() ? Future.succeededFuture(granted) : firstBuckets(channel, demands, granted, now);
        });
  }

  /**
   * Buckets for organisations that have none yet, full less what this batch takes. Only the first batch
   * of an organisation gets here, so the usual batch costs one statement. Another worker making the same
   * bucket at the same moment wins; this batch then gets nothing for that organisation and holds it briefly.
   */
  private Future<Map<Long, Integer>> firstBuckets(Channel channel, Map<Long, Demand> demands, Map<Long, Integer> granted,
                                                  Instant now) {
    List<Long> missing = demands.keySet().stream().filter(o -> !granted.containsKey(o)).sorted().toList();
    Integer[] take = missing.stream().map(o -> Math.min(demands.get(o).wanted(), demands.get(o).perSecond())).toArray(Integer[]::new);
    Integer[] rates = missing.stream().map(o -> demands.get(o).perSecond()).toArray(Integer[]::new);
    return pool.preparedQuery("""
            INSERT INTO rate_bucket (organisation_id, channel, tokens, refilled_at)
            SELECT org, $2, rate - take, $3 FROM unnest($1::bigint[], $4::int[], $5::int[]) AS d(org, rate, take)
            ON CONFLICT (organisation_id, channel) DO NOTHING
            RETURNING organisation_id""")
        .execute(Tuple.of(missing.toArray(Long[]::new), channel.code(), Outbox.utc(now), rates, take))
        .map(rows -> {
          Map<Long, Integer> all = new HashMap<>(granted);
          rows.forEach(r -> {
            long org = r.getLong(0);
            all.put(org, take[missing.indexOf(org)]);
          });
          return all;
        });
  }
}
