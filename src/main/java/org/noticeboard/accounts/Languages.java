package org.noticeboard.accounts;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.IllformedLocaleException;
import java.util.Locale;

/** Checks for BCP 47 language tags and IANA time zones. */
public final class Languages {
  private Languages() {}

  /** A well-formed BCP 47 tag with a known primary language, e.g. {@code en}, {@code pl}, {@code pa-Arab}. */
  public static boolean valid(String tag) {
    try {
      Locale locale = new Locale.Builder().setLanguageTag(tag).build();
      return !locale.getLanguage().isEmpty() && !locale.getISO3Language().isEmpty();
    } catch (IllformedLocaleException | java.util.MissingResourceException e) {
      return false;
    }
  }

  public static boolean validZone(String zone) {
    try {
      ZoneId.of(zone);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }
}
