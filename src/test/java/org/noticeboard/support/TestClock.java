package org.noticeboard.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock a test service runs on: it ticks with real time (so retries, timeouts and polls move on)
 * from a start the test chooses, and a test can set it or move it forward to make its point instead of
 * waiting. Without a chosen start it begins at the time named by the system property
 * {@value #PROPERTY} (an ISO instant such as {@code 2026-12-02T03:30:00Z}), or at the real time: that
 * is how the whole suite is run at 03:30, at 23:59 and across a DST change (see the pom).
 */
public final class TestClock extends Clock {
  public static final String PROPERTY = "noticeboard.test.time";
  public static final ZoneId LONDON = ZoneId.of("Europe/London");
  private final Clock real = Clock.systemUTC();
  private volatile Duration offset;

  private TestClock(Instant start) {
    this.offset = Duration.between(real.instant(), start);
  }

  public static TestClock startingAt(Instant start) {
    return new TestClock(start);
  }

  /** At the suite's chosen time (the system property), or now. */
  public static TestClock suiteDefault() {
    String at = System.getProperty(PROPERTY, "");
    return new TestClock(at.isBlank() ? Instant.now() : Instant.parse(at.trim()));
  }

  /** Whether the suite runs at a chosen time rather than the real one. */
  public static boolean suiteTimeChosen() {
    return !System.getProperty(PROPERTY, "").isBlank();
  }

  public void set(Instant now) {
    offset = Duration.between(real.instant(), now);
  }

  public void advance(Duration d) {
    offset = offset.plus(d);
  }

  /**
   * Moves forward (never back, so nothing already queued stops being due) to the next time the clock
   * reads {@code time} in {@code zone}, e.g. 10:00 in London for a test that needs the daytime.
   */
  public void advanceTo(LocalTime time, ZoneId zone) {
    ZonedDateTime now = instant().atZone(zone);
    ZonedDateTime next = now.toLocalDate().atTime(time).atZone(zone);
    if (!next.isAfter(now)) {
      next = now.toLocalDate().plusDays(1).atTime(time).atZone(zone);
    }
    set(next.toInstant());
  }

  /** {@link #advanceTo} in London, where the service's organisations are unless they say otherwise. */
  public void advanceToLondon(int hour, int minute) {
    advanceTo(LocalTime.of(hour, minute), LONDON);
  }

  @Override
  public Instant instant() {
    return real.instant().plus(offset);
  }

  @Override
  public long millis() {
    return instant().toEpochMilli();
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
