package org.noticeboard.delivery.sms;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.noticeboard.security.Hmac;

/**
 * Signatures per the Standard Webhooks convention: headers {@code webhook-id}, {@code webhook-timestamp}
 * (Unix seconds) and {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}; the
 * header may list several space-separated signatures (key rotation). A secret given as
 * {@code whsec_<base64>} is decoded, any other value is used as UTF-8 bytes.
 */
public final class StandardWebhooks {
  public static final long TOLERANCE_SECONDS = 300;
  private final Hmac hmac;

  public StandardWebhooks(String secret) {
    byte[] raw = secret.startsWith("whsec_") ? Base64.getDecoder().decode(secret.substring(6))
        : secret.getBytes(StandardCharsets.UTF_8);
    this.hmac = new Hmac(raw);
  }

  public String sign(String id, long timestamp, String body) {
    byte[] sig = hmac.sign((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    return "v1," + Base64.getEncoder().encodeToString(sig);
  }

  /** True for a well-formed, fresh (± 5 minutes) request carrying a matching v1 signature. */
  public boolean verify(String id, String timestamp, String signatureHeader, String body, long nowSeconds) {
    if (id == null || timestamp == null || signatureHeader == null || body == null) {
      return false;
    }
    long ts;
    try {
      ts = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(nowSeconds - ts) > TOLERANCE_SECONDS) {
      return false;
    }
    byte[] expected = sign(id, ts, body).getBytes(StandardCharsets.US_ASCII);
    for (String candidate : signatureHeader.trim().split(" +")) {
      if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
        return true;
      }
    }
    return false;
  }
}
