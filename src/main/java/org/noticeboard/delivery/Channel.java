package org.noticeboard.delivery;

import java.util.Locale;
import java.util.Optional;

/** The two ways a message travels. */
public enum Channel {
  EMAIL, SMS;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Channel> parse(String s) {
    for (Channel c : values()) {
      if (c.code().equals(s)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
