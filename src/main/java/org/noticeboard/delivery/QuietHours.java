package org.noticeboard.delivery;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * SMS quiet hours of an organisation, in its time zone (default 21:00–08:00 Europe/London). A window
 * may cross midnight; start = end means none. Non-urgent SMS are held until the window opens.
 */
public record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {
  /** Why a held text waits: the message log shows it, and a change of quiet hours looks for it. */
  static final String HOLD_REASON = "quiet hours";

  public static QuietHours of(LocalTime start, LocalTime end, String zone) {
    ZoneId z;
    try {
      z = ZoneId.of(zone == null ? "Europe/London" : zone);
    } catch (RuntimeException e) {
      z = ZoneId.of("Europe/London");
    }
    return new QuietHours(start == null ? LocalTime.of(21, 0) : start, end == null ? LocalTime.of(8, 0) : end, z);
  }

  public boolean quiet(Instant at) {
    if (start.equals(end)) {
      return false;
    }
    LocalTime t = at.atZone(zone).toLocalTime();
    return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
  }

  /** When sending may resume: the next {@code end} time at or after {@code at}; {@code at} itself when not quiet. */
  public Instant opening(Instant at) {
    if (!quiet(at)) {
      return at;
    }
    ZonedDateTime local = at.atZone(zone);
    ZonedDateTime open = local.toLocalDate().atTime(end).atZone(zone);
    if (!open.isAfter(local)) {
      open = local.toLocalDate().plusDays(1).atTime(end).atZone(zone);
    }
    return open.toInstant();
  }
}
