package org.noticeboard.db;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.TestDatabase;

/** Instances agree on the time because each follows the database's clock, not its machine's. */
class DatabaseClockTest {

  @Test
  void aMachineWhoseClockIsAnHourAheadStillReadsTheDatabasesTime() {
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
        .connectingTo(PgConnectOptions.fromUri(TestDatabase.freshMigrated())).using(vertx).build();
    try {
      Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
      DatabaseClock clock = DatabaseClock.start(vertx, pool, ahead).await();
      Instant db = pool.query("SELECT clock_timestamp()").execute().await().iterator().next()
          .getOffsetDateTime(0).toInstant();
      Instant ours = clock.instant();
      assertTrue(Duration.between(db, ours).abs().toMillis() < 500, "database " + db + ", service " + ours);
      assertTrue(clock.offset().toMinutes() <= -59, "the offset undoes the machine's error: " + clock.offset());
    } finally {
      pool.close().await();
      vertx.close().await();
    }
  }
}
