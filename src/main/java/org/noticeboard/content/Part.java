package org.noticeboard.content;

import java.util.Locale;

/** The parts of a language variant. Only {@code html} is HTML (auto-escaped); the rest are plain text. */
public enum Part {
  SUBJECT(16 * 1024), PREHEADER(16 * 1024), HTML(256 * 1024), TEXT(256 * 1024), SMS(16 * 1024);

  /** Largest source accepted for the part, in characters. */
  public final int maxSource;

  Part(int maxSource) {
    this.maxSource = maxSource;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean html() {
    return this == HTML;
  }
}
