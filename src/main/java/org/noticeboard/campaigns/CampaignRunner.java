package org.noticeboard.campaigns;

import java.time.Clock;
import java.time.ZoneOffset;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts due campaigns and fans them out. Every instance of the service runs one; they coordinate
 * only through PostgreSQL: a campaign is claimed with {@code FOR UPDATE SKIP LOCKED} and a lease, so
 * two instances never fan out the same campaign at once, and a crashed instance's campaign is taken
 * over when its lease runs out. Schedules live in the database, so they survive restarts.
 */
public final class CampaignRunner extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CampaignRunner.class);
  private final Pool pool;
  private final Clock clock;
  private final Fanout fanout;
  private final long tickMs;
  private final String owner = "campaigns-" + UUID.randomUUID();
  private Future<Void> current = Future.succeededFuture();
  private boolean busy;
  private boolean stopping;
  private long timer;

  public CampaignRunner(Pool pool, Clock clock, int chunkSize, long tickMs) {
    this.pool = pool;
    this.clock = clock;
    this.fanout = new Fanout(pool, clock, chunkSize);
    this.tickMs = tickMs;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(tickMs, id -> tick());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(timer);
    return current.otherwiseEmpty(); // let the chunk in hand commit
  }

  private void tick() {
    if (busy || stopping) {
      return;
    }
    busy = true;
    current = claimDue().compose(id -> id == null ? Future.succeededFuture() : fanOut(id))
        .compose(v -> finishCompleted())
        .onFailure(e -> LOG.warn("campaign runner: {}", e.getMessage()))
        .onComplete(ar -> busy = false);
  }

  /** Claims one due campaign (starting it if it was scheduled); null when there is none. */
  private Future<Long> claimDue() {
    return pool.preparedQuery("""
            UPDATE campaign SET state = 'running', started_at = coalesce(started_at, $2),
              lease_owner = $1, lease_until = $2 + interval '30 seconds', updated_at = now()
            WHERE id = (SELECT id FROM campaign
                        WHERE state IN ('scheduled', 'running') AND NOT fanout_done AND send_at <= $2
                          AND (lease_until IS NULL OR lease_until < $2 OR lease_owner = $1)
                        ORDER BY send_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id""")
        .execute(Tuple.of(owner, clock.instant().atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("id"));
  }

  /** One chunk after another until the audience is exhausted, the campaign is paused, or the lease is lost. */
  private Future<Void> fanOut(long campaignId) {
    return fanout.next(campaignId, owner)
        .compose(chunk -> chunk.done() || stopping ? Future.succeededFuture() : fanOut(campaignId));
  }

  /** A running campaign whose fan-out is done finishes once nothing of it is waiting to be sent. */
  private Future<Void> finishCompleted() {
    return pool.preparedQuery("""
            UPDATE campaign c SET state = 'finished', finished_at = $1, lease_owner = NULL, lease_until = NULL,
              updated_at = now()
            WHERE c.state = 'running' AND c.fanout_done
              AND NOT EXISTS (SELECT 1 FROM message m WHERE m.organisation_id = c.organisation_id
                              AND m.source_kind = 'campaign' AND m.source_id = c.id AND m.status IN ('queued', 'sending'))""")
        .execute(Tuple.of(clock.instant().atOffset(ZoneOffset.UTC))).mapEmpty();
  }
}
