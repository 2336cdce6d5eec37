package org.noticeboard.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes of addresses for the suppression list: an erased person's address is kept only as
 * HMAC-SHA256(secret, channel + ":" + normalised address), so a later import can recognise it
 * without the address being readable from the database.
 */
public final class AddressHasher {
  private final SecretKeySpec key;
  /** Looking up and keying a Mac costs more than the hash itself; imports hash two addresses a row. */
  private final ThreadLocal<Mac> macs;

  public AddressHasher(String secret) {
    this.key = new SecretKeySpec(SignedTokens.derive(secret, "address-hash"), "HmacSHA256");
    this.macs = ThreadLocal.withInitial(this::newMac);
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

  /** @param address an email (any case) or an E.164 phone number */
  public byte[] hash(String channel, String address) {
    String normalised = "email".equals(channel) ? address.trim().toLowerCase(Locale.ROOT) : address.trim();
    return macs.get().doFinal((channel + ":" + normalised).getBytes(StandardCharsets.UTF_8)); // doFinal resets the Mac
  }

  /** A form people can recognise but that is not the full address: {@code ja…@example.org}, {@code +44…123}. */
  public static String mask(String channel, String address) {
    if ("email".equals(channel)) {
      int at = address.indexOf('@');
      return at <= 0 ? "…" : address.substring(0, Math.min(2, at)) + "…" + address.substring(at);
    }
    return address.length() <= 6 ? "…" : address.substring(0, 3) + "…" + address.substring(address.length() - 3);
  }
}
