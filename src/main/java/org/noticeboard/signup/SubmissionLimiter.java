package org.noticeboard.signup;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sliding-window limit on public form submissions per client address, in memory and shared by
 * every HTTP verticle of one running instance (several instances each count their own).
 */
public final class SubmissionLimiter {
  private static final int PRUNE_ABOVE = 10_000;
  private final int max;
  private final long windowMillis;
  private final Map<String, ArrayDeque<Long>> recent = new ConcurrentHashMap<>();

  public SubmissionLimiter(int max, Duration window) {
    this.max = max;
    this.windowMillis = window.toMillis();
  }

  /** Counts one submission from {@code client} and says whether it is within the limit. */
  public boolean allow(String client, long nowMillis) {
    if (recent.size() > PRUNE_ABOVE) {
      prune(nowMillis);
    }
    ArrayDeque<Long> times = recent.computeIfAbsent(client == null ? "?" : client, k -> new ArrayDeque<>());
    synchronized (times) {
      while (!times.isEmpty() && times.peekFirst() <= nowMillis - windowMillis) {
        times.pollFirst();
      }
      if (times.size() >= max) {
        return false;
      }
      times.addLast(nowMillis);
      return true;
    }
  }

  /** Forgets clients with nothing left in the window, so the map cannot grow without bound. */
  private void prune(long nowMillis) {
    recent.entrySet().removeIf(e -> {
      synchronized (e.getValue()) {
        Long last = e.getValue().peekLast();
        return last == null || last <= nowMillis - windowMillis;
      }
    });
  }
}
