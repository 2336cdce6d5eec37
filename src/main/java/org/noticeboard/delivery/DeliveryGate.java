package org.noticeboard.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.noticeboard.config.DeliveryConfig;

/**
 * The policy decisions about claimed messages, made before anything is sent: whether a message may go
 * at all (address, campaign state, consent, suppression, discreet preference, quiet hours), and which of
 * those allowed go now under the rate limits. No database, no I/O, the time given: every rule is a unit
 * test away.
 */
final class DeliveryGate {
  private final DeliveryConfig config;

  DeliveryGate(DeliveryConfig config) {
    this.config = config;
  }

  /** Messages allowed to go now, and those held for a rate limit. */
  record Allocation(List<ClaimedMessage> send, List<Outcome> held) {}

  /** Null when the message may go (subject to rate limits); otherwise what becomes of it. */
  Outcome check(ClaimedMessage m, Instant now, boolean suppressed) {
    if (m.destination() == null) {
      return Outcome.cancelled(m, "the subscriber no longer has an address for this channel");
    }
    // a campaign paused or cancelled while this message was already claimed or retrying
    if ("cancelled".equals(m.campaignState())) {
      return Outcome.cancelled(m, "the campaign was cancelled");
    }
    if ("paused".equals(m.campaignState())) {
      return Outcome.hold(m, "campaign paused", Outbox.HELD);
    }
    if (m.attempts() > config.maxAttempts()) {
      return Outcome.failed(m, "failed", "gave up after " + config.maxAttempts() + " attempts");
    }
    if ("blocked".equals(m.subscriberStatus())) {
      return Outcome.cancelled(m, "the subscriber is blocked");
    }
    if (("campaign".equals(m.sourceKind()) || "reminder".equals(m.sourceKind()))
        && "unsubscribed".equals(m.subscriptionStatus())) {
      return Outcome.cancelled(m, "the subscriber has unsubscribed from this list on this channel");
    }
    if (suppressed) {
      return Outcome.suppressed(m, "the address is on the suppression list");
    }
    if (m.discreet() && "none".equals(m.discreetChannel())) {
      return Outcome.cancelled(m, "the subscriber asked for no messages about this programme");
    }
    if (m.discreet() && "sms-only".equals(m.discreetChannel()) && m.channel() == Channel.EMAIL) {
      return Outcome.cancelled(m, "the subscriber asked for SMS only about this programme");
    }
    if (m.channel() == Channel.SMS && !m.urgent()) {
      QuietHours quiet = QuietHours.of(m.quietStart(), m.quietEnd(), m.timezone());
      if (quiet.quiet(now)) {
        return Outcome.hold(m, QuietHours.HOLD_REASON, quiet.opening(now));
      }
    }
    return null;
  }

  /** The organisation's rate on this message's channel (its own setting, else the service's). */
  int perSecond(ClaimedMessage m) {
    return m.channel() == Channel.EMAIL
        ? (m.emailPerSecond() != null ? m.emailPerSecond() : config.emailPerSecond())
        : (m.smsPerSecond() != null ? m.smsPerSecond() : config.smsPerSecond());
  }

  /** How many of each organisation's messages want a token: the transactional lane needs none. */
  static Map<Long, Integer> demand(List<ClaimedMessage> allowed) {
    Map<Long, Integer> wanted = new HashMap<>();
    for (ClaimedMessage m : allowed) {
      if (m.lane() != Lane.TRANSACTIONAL) {
        wanted.merge(m.organisationId(), 1, Integer::sum);
      }
    }
    return wanted;
  }

  /**
   * Splits the allowed messages (in claim order) by the tokens each organisation was granted: those
   * beyond are held, spread over the next seconds at the organisation's rate so they come back due a
   * few at a time. Transactional messages are not held by an organisation's rate (a confirmation must
   * not wait for a newsletter), but everything respects the instance's relay limit ({@code relay}).
   */
  Allocation allocate(List<ClaimedMessage> allowed, Map<Long, Integer> granted, RateLimits relay, Instant now) {
    Map<Long, Integer> left = new HashMap<>(granted);
    Map<Long, Integer> heldPerOrg = new HashMap<>();
    List<ClaimedMessage> send = new ArrayList<>();
    List<Outcome> held = new ArrayList<>();
    for (ClaimedMessage m : allowed) {
      int perSecond = perSecond(m);
      if (m.lane() != Lane.TRANSACTIONAL) {
        int tokens = left.getOrDefault(m.organisationId(), 0);
        if (tokens <= 0) {
          int n = heldPerOrg.merge(m.organisationId(), 1, Integer::sum);
          held.add(Outcome.hold(m, "rate limit", now.plusMillis((long) Math.ceil(n * 1000.0 / perSecond))));
          continue;
        }
        left.put(m.organisationId(), tokens - 1);
      }
      if (m.channel() == Channel.EMAIL && config.smtpPerSecond() > 0) {
        long wait = relay.take(0L, config.smtpPerSecond(), now.toEpochMilli());
        if (wait > 0) {
          held.add(Outcome.hold(m, "rate limit (relay)", now.plusMillis(wait)));
          continue;
        }
      }
      send.add(m);
    }
    return new Allocation(send, held);
  }
}
