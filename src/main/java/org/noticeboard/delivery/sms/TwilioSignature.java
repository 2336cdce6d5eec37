package org.noticeboard.delivery.sms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code X-Twilio-Signature}: base64 HMAC-SHA1, keyed by the auth token, of the full URL followed by the sorted POST parameters (name then value). */
public final class TwilioSignature {
  private TwilioSignature() {}

  public static String compute(String authToken, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static boolean valid(String authToken, String url, Map<String, String> params, String given) {
    return given != null && MessageDigest.isEqual(compute(authToken, url, params).getBytes(StandardCharsets.US_ASCII),
        given.trim().getBytes(StandardCharsets.US_ASCII));
  }
}
