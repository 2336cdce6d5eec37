package org.noticeboard.delivery;

import java.time.Instant;

/**
 * What became of one claimed message, recorded for the whole batch in one statement.
 *
 * @param status     the message's new status (queued again for a retry or a hold)
 * @param event      the delivery_event written: sent, retry, held, failed, hard-bounce, suppressed, cancelled, ...
 * @param refund     the attempt does not count (held for quiet hours or a rate limit)
 * @param clearParts drop the stored content (sensitive list, final state)
 * @param language   the language variant actually sent (after fallback), for reach reports; null if unknown
 * @param address    the address the attempt went to (the person's current one, which may differ from the
 *                   one stored at queue time): a hard bounce suppresses this one
 * @param smsSender  the SMS sender it went out from, so replies can be routed to whoever last texted from it
 */
public record Outcome(long id, String status, String event, String detail, Instant nextAttemptAt,
                      String providerId, boolean refund, boolean clearParts, String language, String address,
                      String smsSender) {

  public Outcome(long id, String status, String event, String detail, Instant nextAttemptAt, String providerId,
                 boolean refund, boolean clearParts, String language) {
    this(id, status, event, detail, nextAttemptAt, providerId, refund, clearParts, language, null, null);
  }

  public Outcome(long id, String status, String event, String detail, Instant nextAttemptAt, String providerId,
                 boolean refund, boolean clearParts) {
    this(id, status, event, detail, nextAttemptAt, providerId, refund, clearParts, null);
  }

  public static Outcome sent(ClaimedMessage m, String providerId, String language) {
    return sent(m, providerId, language, null);
  }

  public static Outcome sent(ClaimedMessage m, String providerId, String language, String smsSender) {
    return new Outcome(m.id(), "sent", "sent", null, null, providerId, false, m.discreet(), language, null, smsSender);
  }

  public static Outcome retry(ClaimedMessage m, String error, Instant at) {
    return new Outcome(m.id(), "queued", "retry", error, at, null, false, false);
  }

  public static Outcome hold(ClaimedMessage m, String why, Instant until) {
    return new Outcome(m.id(), "queued", "held", why, until, null, true, false);
  }

  public static Outcome failed(ClaimedMessage m, String event, String error) {
    return new Outcome(m.id(), "failed", event, error, null, null, false, m.discreet());
  }

  public static Outcome hardBounce(ClaimedMessage m, String error) {
    return new Outcome(m.id(), "failed", "hard-bounce", error, null, null, false, m.discreet(), null, m.destination(), null);
  }

  public static Outcome suppressed(ClaimedMessage m, String why) {
    return new Outcome(m.id(), "suppressed", "suppressed", why, null, null, false, m.discreet());
  }

  public static Outcome cancelled(ClaimedMessage m, String why) {
    return new Outcome(m.id(), "cancelled", "cancelled", why, null, null, false, m.discreet());
  }

  public boolean isSent() {
    return "sent".equals(status);
  }
}
