package org.noticeboard.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key, with one keyed {@link Mac} per thread: looking up and keying a Mac costs
 * more than hashing a short value, and every message sent signs several links and ids.
 */
public final class Hmac {
  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  public Hmac(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
    newMac(); // a bad key fails here, not on first use
  }

  /** A key derived from a secret for one use, so a value signed for one purpose never passes as another's. */
  public static Hmac derived(String secret, String use) {
    return new Hmac(new Hmac(secret.getBytes(StandardCharsets.UTF_8)).sign(use.getBytes(StandardCharsets.UTF_8)));
  }

  public byte[] sign(byte[] data) {
    return macs.get().doFinal(data); // doFinal also resets the Mac for the next use
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
