package org.noticeboard.security;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Keyed hashes of addresses for the suppression list: an erased person's address is kept only as
 * HMAC-SHA256(secret, channel + ":" + normalised address), so a later import can recognise it
 * without the address being readable from the database.
 */
public final class AddressHasher {
  private final Hmac hmac;

  public AddressHasher(String secret) {
    this.hmac = Hmac.derived(secret, "address-hash");
  }

  /** @param address an email (any case) or an E.164 phone number */
  public byte[] hash(String channel, String address) {
    String normalised = "email".equals(channel) ? address.trim().toLowerCase(Locale.ROOT) : address.trim();
    return hmac.sign((channel + ":" + normalised).getBytes(StandardCharsets.UTF_8));
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
