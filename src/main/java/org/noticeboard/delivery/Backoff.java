package org.noticeboard.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for temporary failures: base × 2^(attempt-1), capped, then a random
 * 50–100 % of it so retries of one outage spread out. A message that has used its attempts, or whose
 * next try would fall after the retry horizon (e.g. 24 h after it was queued), fails for good.
 */
public record Backoff(long baseMillis, long maxMillis, int maxAttempts, Duration horizon) {

  /** The next attempt time, or null when the message should fail permanently. */
  public Instant next(int attempts, OffsetDateTime queuedAt, Instant now, Duration atLeast) {
    if (attempts >= maxAttempts) {
      return null;
    }
    long exp = baseMillis << Math.min(Math.max(attempts - 1, 0), 30);
    long capped = Math.min(maxMillis, exp < 0 ? maxMillis : exp);
    long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    long delay = Math.max(jittered, atLeast == null ? 0 : atLeast.toMillis());
    Instant at = now.plusMillis(delay);
    if (queuedAt != null && at.isAfter(queuedAt.toInstant().plus(horizon))) {
      return null;
    }
    return at;
  }
}
