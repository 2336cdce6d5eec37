package org.noticeboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.noticeboard.delivery.email.MimeHeaders;
import org.noticeboard.contact.SmsSenderId;
import org.noticeboard.delivery.sms.StandardWebhooks;

/** The small rules the workers apply: quiet hours, channel policy, backoff, header safety, signatures. */
class DeliveryRulesTest {

  @Test
  void senderIds() {
    assertTrue(SmsSenderId.valid("BacupHub"));
    assertTrue(SmsSenderId.valid("Family Hub1"));
    assertTrue(SmsSenderId.valid("+447700900100"));
    assertFalse(SmsSenderId.valid("FamilyHubs12"), "12 characters");
    assertFalse(SmsSenderId.valid("12345"), "no letter");
    assertFalse(SmsSenderId.valid("Hub-1"));
    assertEquals("Org", SmsSenderId.choose("bad-id", "Org", "Fallback"));
    assertEquals("Fallback", SmsSenderId.choose(null, null, "Fallback"));
  }

  @Test
  void quietHoursCrossMidnightInTheOrganisationsZone() {
    QuietHours q = QuietHours.of(LocalTime.of(21, 0), LocalTime.of(8, 0), "Europe/London");
    assertTrue(q.quiet(Instant.parse("2030-07-15T20:30:00Z")), "21:30 BST");
    assertFalse(q.quiet(Instant.parse("2030-07-15T19:59:00Z")), "20:59 BST");
    assertEquals(Instant.parse("2030-07-16T07:00:00Z"), q.opening(Instant.parse("2030-07-15T20:30:00Z")));
    assertEquals(Instant.parse("2030-01-16T08:00:00Z"), q.opening(Instant.parse("2030-01-16T03:00:00Z")));
    assertFalse(QuietHours.of(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, "Europe/London").quiet(Instant.parse("2030-01-16T03:00:00Z")));
  }

  @Test
  void channelPolicies() {
    assertEquals(Set.of(Channel.EMAIL), ChannelPolicy.EMAIL_FIRST.channels(true, true, false, null));
    assertEquals(Set.of(Channel.SMS), ChannelPolicy.EMAIL_FIRST.channels(false, true, false, null));
    assertEquals(Set.of(Channel.SMS), ChannelPolicy.SMS_ONLY.channels(true, true, false, null));
    assertEquals(Set.of(Channel.EMAIL, Channel.SMS), ChannelPolicy.BOTH.channels(true, true, false, null));
    assertEquals(Set.of(Channel.EMAIL, Channel.SMS), ChannelPolicy.URGENT.channels(true, true, false, null));
    assertTrue(ChannelPolicy.URGENT.ignoresQuietHours());
    assertEquals(Set.of(Channel.SMS), ChannelPolicy.EMAIL_FIRST.channels(true, true, true, "sms-only"));
    assertEquals(Set.of(), ChannelPolicy.BOTH.channels(true, true, true, "none"));
    assertEquals(Set.of(Channel.EMAIL), ChannelPolicy.EMAIL_FIRST.channels(true, true, false, "none"), "only sensitive lists");
    assertEquals(ChannelPolicy.EMAIL_FIRST, ChannelPolicy.parse("email-first").orElseThrow());
  }

  @Test
  void backoffGrowsWithJitterAndGivesUp() {
    Backoff b = new Backoff(1000, 60_000, 5, Duration.ofHours(24));
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    var queued = now.atOffset(java.time.ZoneOffset.UTC);
    for (int attempt = 1; attempt <= 4; attempt++) {
      long delay = Duration.between(now, b.next(attempt, queued, now, null)).toMillis();
      long full = Math.min(60_000, 1000L << (attempt - 1));
      assertTrue(delay >= full / 2 && delay <= full, attempt + ": " + delay);
    }
    assertNull(b.next(5, queued, now, null), "attempts used up");
    assertTrue(Duration.between(now, b.next(1, queued, now, Duration.ofSeconds(30))).toSeconds() >= 30, "Retry-After honoured");
    assertNull(b.next(1, queued.minusHours(24), now, null), "beyond the horizon");
  }

  @Test
  void headerValuesStayOnOneLine() {
    assertEquals("a Bcc: x@y", MimeHeaders.oneLine("a\r\nBcc: x@y"));
    assertFalse(MimeHeaders.validAddress("a@b.org\r\nBcc: c@d.org"));
    assertFalse(MimeHeaders.validAddress("A <a@b.org>"));
    assertTrue(MimeHeaders.validAddress("a.b+c@example.org"));
    assertEquals("=?UTF-8?B?WsO2ZQ==?= <z@example.org>", MimeHeaders.mailbox("Zöe\n", "z@example.org"));
    assertEquals("\"St. Mary's\" <m@example.org>", MimeHeaders.mailbox("St. Mary's", "m@example.org"));
  }

  @Test
  void standardWebhookSignatures() {
    StandardWebhooks w = new StandardWebhooks("whsec_" + java.util.Base64.getEncoder().encodeToString("k".repeat(24).getBytes()));
    long now = 1_900_000_000L;
    String sig = w.sign("msg_1", now, "{\"a\":1}");
    assertTrue(w.verify("msg_1", Long.toString(now), "v1,bogus " + sig, "{\"a\":1}", now + 10));
    assertFalse(w.verify("msg_1", Long.toString(now), sig, "{\"a\":2}", now));
    assertFalse(w.verify("msg_2", Long.toString(now), sig, "{\"a\":1}", now));
    assertFalse(w.verify("msg_1", Long.toString(now), sig, "{\"a\":1}", now + 301), "too old");
  }
}
