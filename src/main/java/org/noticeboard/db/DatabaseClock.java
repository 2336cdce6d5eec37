package org.noticeboard.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's clock in production: this machine's clock corrected to the database server's.
 * Every instance of the service reads the same PostgreSQL, so leases, retries, schedules and
 * quiet hours agree across instances even when their machines' clocks drift apart; and because the
 * time is read here, not with {@code now()} in SQL, tests can run the whole service at any time
 * they choose with a clock of their own.
 *
 * <p>The offset is measured at start and again every minute (the sample with the shortest round
 * trip of three, so the error is at most half a round trip: well under a millisecond on one host).
 */
public final class DatabaseClock extends Clock {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseClock.class);
  static final long REMEASURE_MS = 60_000;
  private static final int SAMPLES = 3;

  private final Clock base;
  private volatile long offsetMillis;

  DatabaseClock(Clock base, long offsetMillis) {
    this.base = base;
    this.offsetMillis = offsetMillis;
  }

  /** Measures the database's offset from {@code base} and keeps it current while {@code vertx} runs. */
  public static Future<DatabaseClock> start(Vertx vertx, Pool pool, Clock base) {
    return measure(pool, base, SAMPLES).map(offset -> {
      DatabaseClock clock = new DatabaseClock(base, offset);
      if (Math.abs(offset) > 1000) {
        LOG.warn("this machine's clock is {} ms {} the database's; the service follows the database",
            Math.abs(offset), offset > 0 ? "behind" : "ahead of");
      }
      vertx.setPeriodic(REMEASURE_MS, t -> measure(pool, base, SAMPLES)
          .onSuccess(o -> clock.offsetMillis = o)
          .onFailure(e -> LOG.debug("database clock not re-measured: {}", e.toString())));
      return clock;
    });
  }

  /** Database time minus this machine's time, in milliseconds, from the sample with the shortest round trip. */
  static Future<Long> measure(Pool pool, Clock base, int samples) {
    return best(pool, base, samples).map(Sample::offset);
  }

  private static Future<Sample> best(Pool pool, Clock base, int samples) {
    return sample(pool, base).compose(first -> samples <= 1 ? Future.succeededFuture(first)
        : best(pool, base, samples - 1).map(rest -> rest.roundTrip() < first.roundTrip() ? rest : first));
  }

  private record Sample(long offset, long roundTrip) {}

  private static Future<Sample> sample(Pool pool, Clock base) {
    long sent = base.millis();
    return pool.query("SELECT clock_timestamp()").execute().map(rows -> {
      long received = base.millis();
      long db = rows.iterator().next().getOffsetDateTime(0).toInstant().toEpochMilli();
      return new Sample(db - (sent + received) / 2, received - sent);
    });
  }

  /** How far this clock is from the machine's own, as last measured. */
  public Duration offset() {
    return Duration.ofMillis(offsetMillis);
  }

  @Override
  public Instant instant() {
    return base.instant().plusMillis(offsetMillis);
  }

  @Override
  public long millis() {
    return base.millis() + offsetMillis;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
