package org.noticeboard.delivery;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.noticeboard.security.Hmac;

/**
 * Deterministic, opaque identifiers derived from a message's idempotency key: the same message sent
 * twice (after a crash mid-send) carries the same Message-ID, so a receiver can tell; a keyed hash so the
 * key (campaign and subscriber ids) cannot be read back from it.
 */
public final class MessageIds {
  private final Hmac hmac;

  public MessageIds(String secret) {
    this.hmac = Hmac.derived(secret, "message-id");
  }

  public String opaque(String value, int hexChars) {
    return HexFormat.of().formatHex(hmac.sign(value.getBytes(StandardCharsets.UTF_8))).substring(0, hexChars);
  }

  /** {@code <nb.{32 hex}@{host}>}. */
  public String messageId(String idempotencyKey, String host) {
    return "<nb." + opaque(idempotencyKey, 32) + "@" + host + ">";
  }
}
