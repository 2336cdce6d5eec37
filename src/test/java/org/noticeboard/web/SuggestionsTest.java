package org.noticeboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  static final List<String> FIELDS = List.of("timezone", "defaultLanguage", "smsSenderId", "phone", "unitId", "name");

  @Test
  void likelySlipsGetTheNameMeant() {
    assertEquals(Optional.of("timezone"), Suggestions.closest("timeZone", FIELDS));
    assertEquals(Optional.of("timezone"), Suggestions.closest("time_zone", FIELDS));
    assertEquals(Optional.of("defaultLanguage"), Suggestions.closest("defaultLangauge", FIELDS));
    assertEquals(Optional.of("phone"), Suggestions.closest("phoneNumber", FIELDS));
    assertEquals(Optional.of("unitId"), Suggestions.closest("unit", FIELDS));
  }

  @Test
  void unrelatedNamesGetNoGuess() {
    assertEquals(Optional.empty(), Suggestions.closest("colour", FIELDS));
    assertEquals(Optional.empty(), Suggestions.closest("x", FIELDS));
  }
}
