package org.noticeboard.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignedTokensTest {
  final SignedTokens tokens = new SignedTokens("a-secret-key-that-is-long-enough-1234567");
  final Instant now = Instant.parse("2026-11-29T10:00:00Z");

  @Test
  void roundTripsAndRejectsTamperingExpiryAndOtherPurposes() {
    String t = tokens.sign("unsubscribe", "42:7|email", now.plusSeconds(3600));
    assertEquals(Optional.of("42:7|email"), tokens.verify("unsubscribe", t, now));
    assertTrue(tokens.verify("confirm", t, now).isEmpty(), "other purpose");
    assertTrue(tokens.verify("unsubscribe", t, now.plusSeconds(3601)).isEmpty(), "expired");
    char last = t.charAt(t.length() - 1);
    String tampered = t.substring(0, t.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertTrue(tokens.verify("unsubscribe", tampered, now).isEmpty(), "tampered");
    assertTrue(new SignedTokens("another-secret-key-that-is-long-enough-99").verify("unsubscribe", t, now).isEmpty());
    assertTrue(tokens.verify("unsubscribe", "garbage", now).isEmpty());
    assertTrue(tokens.verify("unsubscribe", "a.b.c", now).isEmpty());
  }

  @Test
  void addressHashesIgnoreEmailCaseButDependOnTheSecret() {
    AddressHasher h = new AddressHasher("a-secret-key-that-is-long-enough-1234567");
    assertArrayEquals(h.hash("email", "Amelia.Smith@Example.org"), h.hash("email", "amelia.smith@example.org"));
    assertFalse(java.util.Arrays.equals(h.hash("email", "a@example.org"),
        new AddressHasher("another-secret-key-that-is-long-enough-99").hash("email", "a@example.org")));
    assertEquals("am…@example.org", AddressHasher.mask("email", "amelia@example.org"));
    assertEquals("+44…123", AddressHasher.mask("sms", "+447700900123"));
  }
}
