package org.noticeboard.delivery;

import java.util.HashMap;
import java.util.Map;

/**
 * Token buckets per organisation (one worker instance, one channel). Used only on the worker's event
 * loop, so no locking. A burst of up to one second's worth is allowed.
 */
final class RateLimits {
  private final Map<Long, Bucket> buckets = new HashMap<>();

  /** Takes one token; returns 0 when allowed, else how many milliseconds until one is available. */
  long take(long organisationId, double perSecond, long nowMillis) {
    Bucket b = buckets.computeIfAbsent(organisationId, k -> new Bucket(perSecond, nowMillis));
    return b.take(perSecond, nowMillis);
  }

  static final class Bucket {
    private double tokens;
    private long last;

    Bucket(double perSecond, long now) {
      this.tokens = Math.max(1, perSecond);
      this.last = now;
    }

    long take(double perSecond, long now) {
      double capacity = Math.max(1, perSecond);
      tokens = Math.min(capacity, tokens + (now - last) * perSecond / 1000.0);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) * 1000.0 / perSecond);
    }
  }
}
