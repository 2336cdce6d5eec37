package org.noticeboard.delivery;

import java.util.Set;

/**
 * Which queue a message waits in. Claims serve lower lanes first, so a confirmation, a test send, a HELP
 * reply or an urgent "centre closed today" never waits behind a newsletter. The database computes the
 * same value ({@code message.priority}, migration V64).
 */
public enum Lane {
  TRANSACTIONAL, REMINDER, BULK;

  private static final Set<String> TRANSACTIONAL_KINDS = Set.of("confirmation", "transactional", "test", "sms-reply");

  public static Lane of(String sourceKind, boolean urgent) {
    if (urgent || TRANSACTIONAL_KINDS.contains(sourceKind)) {
      return TRANSACTIONAL;
    }
    return "reminder".equals(sourceKind) ? REMINDER : BULK;
  }

  /** {@code message.priority}. */
  public int priority() {
    return ordinal();
  }
}
