package org.noticeboard.accounts;

import java.util.Locale;
import java.util.Optional;

/** What a token may do. Owners manage the organisation; coordinators run audiences and sending; viewers read. */
public enum Role {
  VIEWER, COORDINATOR, OWNER;

  public boolean atLeast(Role other) {
    return compareTo(other) >= 0;
  }

  public static Role min(Role a, Role b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String s) {
    for (Role r : values()) {
      if (r.code().equals(s)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
