package org.noticeboard.campaigns;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A send time as entered: with an offset it is exact; without one it is a wall-clock time in the
 * organisation's time zone (Europe/London unless the organisation says otherwise).
 */
public record SendAt(LocalDateTime local, ZoneOffset offset) {

  public static Optional<SendAt> parse(String text) {
    try {
      OffsetDateTime exact = OffsetDateTime.parse(text);
      return Optional.of(new SendAt(exact.toLocalDateTime(), exact.getOffset()));
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(new SendAt(LocalDateTime.parse(text), null));
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  /** An exact instant (e.g. the service clock's now, for "send right away"). */
  public static SendAt at(java.time.Instant instant) {
    OffsetDateTime t = instant.atOffset(ZoneOffset.UTC);
    return new SendAt(t.toLocalDateTime(), ZoneOffset.UTC);
  }

  public OffsetDateTime resolve(ZoneId organisationZone) {
    return offset != null ? local.atOffset(offset) : local.atZone(organisationZone).toOffsetDateTime();
  }
}
