package org.noticeboard.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Signed, expiring tokens for public links (confirm, unsubscribe, preferences, RSVP, view in
 * browser). A token is {@code base64url(payload) "." base64url(HMAC-SHA256)}, where the payload is
 * {@code purpose|expiry-epoch-seconds|data}; a token made for one purpose never verifies for another.
 */
public final class SignedTokens {
  private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DEC = Base64.getUrlDecoder();
  private final Hmac hmac;

  public SignedTokens(String secret) {
    this.hmac = Hmac.derived(secret, "signed-links");
  }

  public String sign(String purpose, String data, Instant expires) {
    String payload = purpose + "|" + expires.getEpochSecond() + "|" + data;
    byte[] p = payload.getBytes(StandardCharsets.UTF_8);
    return ENC.encodeToString(p) + "." + ENC.encodeToString(mac(p));
  }

  /** The data of a valid, unexpired token made for {@code purpose}; empty for anything else. */
  public Optional<String> verify(String purpose, String token, Instant now) {
    if (token == null) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    try {
      byte[] p = DEC.decode(token.substring(0, dot));
      byte[] sig = DEC.decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(sig, mac(p))) {
        return Optional.empty();
      }
      String[] parts = new String(p, StandardCharsets.UTF_8).split("\\|", 3);
      if (parts.length != 3 || !parts[0].equals(purpose) || Long.parseLong(parts[1]) < now.getEpochSecond()) {
        return Optional.empty();
      }
      return Optional.of(parts[2]);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(byte[] data) {
    return hmac.sign(data);
  }
}
