package org.noticeboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.noticeboard.config.ConfigParser;
import org.noticeboard.config.DeliveryConfig;

/** The gate's rules with no database and a time of our choosing. */
class DeliveryGateTest {
  static final DeliveryConfig CONFIG = ConfigParser.parse(new JsonObject().put("NB_SMTP_MAX_PER_SECOND", 3)).delivery();
  final DeliveryGate gate = new DeliveryGate(CONFIG);
  // 22:30 in London in December: inside the default quiet hours (21:00–08:00)
  static final Instant NIGHT = Instant.parse("2026-12-02T22:30:00Z");
  static final Instant NOON = Instant.parse("2026-12-02T12:00:00Z");

  static ClaimedMessage message(long id, long org, Channel channel, String kind, boolean urgent, String subscription) {
    return new ClaimedMessage(id, org, 7L, 3L, 2L, channel, channel == Channel.EMAIL ? "p@example.org" : "+447700900123",
        kind, 1L, null, null, List.of(), new JsonObject(), "s", "<p>h</p>", "t", "sms", List.of(), urgent,
        "k" + id, 1, OffsetDateTime.parse("2026-12-02T09:00:00Z"),
        "Parent", "en", "active", null, false, "News", "en", subscription,
        "Centre", null, null, null, null, null, "Org", "en", "Europe/London",
        LocalTime.of(21, 0), LocalTime.of(8, 0), null, 5, 2, null, null);
  }

  @Test
  void textsWaitForTheEndOfQuietHoursUnlessUrgent() {
    Outcome held = gate.check(message(1, 1, Channel.SMS, "campaign", false, "confirmed"), NIGHT, false);
    assertNotNull(held);
    assertEquals("held", held.event());
    assertEquals(Instant.parse("2026-12-03T08:00:00Z"), held.nextAttemptAt());
    assertTrue(held.refund(), "a hold is not an attempt");
    assertNull(gate.check(message(2, 1, Channel.SMS, "campaign", true, "confirmed"), NIGHT, false));
    assertNull(gate.check(message(3, 1, Channel.EMAIL, "campaign", false, "confirmed"), NIGHT, false));
    assertNull(gate.check(message(4, 1, Channel.SMS, "campaign", false, "confirmed"), NOON, false));
  }

  @Test
  void consentAndSuppressionComeBeforeAnything() {
    assertEquals("cancelled", gate.check(message(1, 1, Channel.EMAIL, "campaign", false, "unsubscribed"), NOON, false).event());
    assertEquals("cancelled", gate.check(message(2, 1, Channel.EMAIL, "reminder", false, "unsubscribed"), NOON, false).event());
    assertNull(gate.check(message(3, 1, Channel.EMAIL, "confirmation", false, "unsubscribed"), NOON, false),
        "a confirmation is what someone just asked for");
    assertEquals("suppressed", gate.check(message(4, 1, Channel.EMAIL, "test", false, null), NOON, true).event());
  }

  @Test
  void tokensDecideWhichBulkMessagesGoNowAndTheRestAreSpreadOverTheNextSeconds() {
    List<ClaimedMessage> allowed = List.of(
        message(1, 1, Channel.SMS, "campaign", false, "confirmed"),
        message(2, 1, Channel.SMS, "campaign", false, "confirmed"),
        message(3, 1, Channel.SMS, "campaign", false, "confirmed"),
        message(4, 1, Channel.SMS, "campaign", false, "confirmed"),
        message(5, 1, Channel.SMS, "confirmation", false, null),
        message(6, 2, Channel.SMS, "reminder", false, "confirmed"));
    assertEquals(Map.of(1L, 4, 2L, 1), DeliveryGate.demand(allowed), "the transactional lane asks for no token");
    DeliveryGate.Allocation a = gate.allocate(allowed, Map.of(1L, 1, 2L, 1), new RateLimits(), NOON);
    assertEquals(List.of(1L, 5L, 6L), a.send().stream().map(ClaimedMessage::id).toList());
    assertEquals(List.of(2L, 3L, 4L), a.held().stream().map(Outcome::id).toList());
    // the organisation sends 2 texts a second: the held ones come back due half a second apart
    assertEquals(List.of(NOON.plusMillis(500), NOON.plusMillis(1000), NOON.plusMillis(1500)),
        a.held().stream().map(Outcome::nextAttemptAt).toList());
    assertTrue(a.held().stream().allMatch(o -> "rate limit".equals(o.detail()) && o.refund()));
  }

  @Test
  void theRelayLimitHoldsEvenTransactionalMail() {
    List<ClaimedMessage> allowed = List.of(
        message(1, 1, Channel.EMAIL, "confirmation", false, null),
        message(2, 1, Channel.EMAIL, "confirmation", false, null),
        message(3, 1, Channel.EMAIL, "confirmation", false, null),
        message(4, 1, Channel.EMAIL, "confirmation", false, null));
    DeliveryGate.Allocation a = gate.allocate(allowed, Map.of(), new RateLimits(), NOON);
    assertEquals(3, a.send().size(), "NB_SMTP_MAX_PER_SECOND=3");
    assertEquals("rate limit (relay)", a.held().get(0).detail());
  }
}
