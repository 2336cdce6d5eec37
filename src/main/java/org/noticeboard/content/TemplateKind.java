package org.noticeboard.content;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What a template is for. Layouts and macros are partials other templates import by name. */
public enum TemplateKind {
  LAYOUT, MACROS, NEWSLETTER, FLIER, REMINDER, TRANSACTIONAL;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean partial() {
    return this == LAYOUT || this == MACROS;
  }

  public static Optional<TemplateKind> parse(String s) {
    return Arrays.stream(values()).filter(k -> k.code().equals(s)).findFirst();
  }

  public static List<String> codes() {
    return Arrays.stream(values()).map(TemplateKind::code).toList();
  }
}
