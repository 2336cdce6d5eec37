package org.noticeboard.delivery;

import java.time.Duration;

/**
 * How one send attempt ended, as a channel sees it.
 *
 * @param retryAfter the least wait the other side asked for (HTTP Retry-After), or null
 */
public record SendResult(Kind kind, String providerId, String error, Duration retryAfter) {
  public enum Kind { SENT, RETRY, PERMANENT, HARD_BOUNCE }

  public static SendResult sent(String providerId) {
    return new SendResult(Kind.SENT, providerId, null, null);
  }

  public static SendResult retry(String error, Duration retryAfter) {
    return new SendResult(Kind.RETRY, null, error, retryAfter);
  }

  public static SendResult permanent(String error) {
    return new SendResult(Kind.PERMANENT, null, error, null);
  }

  public static SendResult hardBounce(String error) {
    return new SendResult(Kind.HARD_BOUNCE, null, error, null);
  }
}
