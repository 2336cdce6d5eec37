package org.noticeboard.delivery;

import java.time.Duration;

/**
 * How one send attempt ended, as a channel sees it.
 *
 * @param retryAfter the least wait the other side asked for (HTTP Retry-After), or null
 * @param sender     the SMS sender it went out from (replies to it are routed by it), or null
 */
public record SendResult(Kind kind, String providerId, String error, Duration retryAfter, String sender) {
  public enum Kind { SENT, RETRY, PERMANENT, HARD_BOUNCE }

  public static SendResult sent(String providerId) {
    return new SendResult(Kind.SENT, providerId, null, null, null);
  }

  public static SendResult retry(String error, Duration retryAfter) {
    return new SendResult(Kind.RETRY, null, error, retryAfter, null);
  }

  public static SendResult permanent(String error) {
    return new SendResult(Kind.PERMANENT, null, error, null, null);
  }

  public static SendResult hardBounce(String error) {
    return new SendResult(Kind.HARD_BOUNCE, null, error, null, null);
  }

  /** The same result, naming the SMS sender used. */
  public SendResult from(String smsSender) {
    return new SendResult(kind, providerId, error, retryAfter, smsSender);
  }
}
