package org.noticeboard.delivery;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat of a batch in progress: every third of the lease it extends the lease of every message
 * the worker still holds. Leases can then be short (a dead worker's messages are taken over within one
 * lease) while a batch may take as long as a slow relay needs, without another worker taking back live
 * work and sending it twice.
 */
final class LeaseKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

  private final Vertx vertx;
  private final Pool pool;
  private final String owner;
  private final Clock clock;
  private final int leaseSeconds;
  private long timer = -1;
  private boolean renewing;

  LeaseKeeper(Vertx vertx, Pool pool, String owner, Clock clock, int leaseSeconds) {
    this.vertx = vertx;
    this.pool = pool;
    this.owner = owner;
    this.clock = clock;
    this.leaseSeconds = leaseSeconds;
  }

  /** Starts beating (while a batch is held). */
  void start() {
    if (timer < 0) {
      timer = vertx.setPeriodic(Math.max(200, leaseSeconds * 1000L / 3), t -> renew());
    }
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void renew() {
    if (renewing) {
      return; // the last renewal is still in flight (a slow database): do not pile them up
    }
    renewing = true;
    Outbox.renewLeases(pool, owner, clock.instant().plusSeconds(leaseSeconds))
        .onComplete(ar -> {
          renewing = false;
          if (ar.failed()) {
            LOG.warn("worker {}: lease renewal failed, will try again: {}", owner, ar.cause().toString());
          }
        });
  }
}
