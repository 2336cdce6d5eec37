package org.noticeboard.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring tokens for public links (confirm, unsubscribe, preferences, RSVP, view in
 * browser). A token is {@code base64url(payload) "." base64url(HMAC-SHA256)}, where the payload is
 * {@code purpose|expiry-epoch-seconds|data}; a token made for one purpose never verifies for another.
 */
public final class SignedTokens {
  private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DEC = Base64.getUrlDecoder();
  private final SecretKeySpec key;

  public SignedTokens(String secret) {
    this.key = new SecretKeySpec(derive(secret, "signed-links"), "HmacSHA256");
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
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A separate key per use, so a value signed for one purpose is never valid as another kind of signature. */
  static byte[] derive(String secret, String use) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(use.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
