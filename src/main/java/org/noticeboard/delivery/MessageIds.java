package org.noticeboard.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deterministic, opaque identifiers derived from a message's idempotency key: the same message sent
 * twice (after a crash mid-send) carries the same Message-ID, so a receiver can tell; a keyed hash so the
 * key (campaign and subscriber ids) cannot be read back from it.
 */
public final class MessageIds {
  private final SecretKeySpec key;

  public MessageIds(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      this.key = new SecretKeySpec(mac.doFinal("message-id".getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String opaque(String value, int hexChars) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8))).substring(0, hexChars);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code <nb.{32 hex}@{host}>}. */
  public String messageId(String idempotencyKey, String host) {
    return "<nb." + opaque(idempotencyKey, 32) + "@" + host + ">";
  }
}
