package org.noticeboard.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Makes token secrets ({@code nb_} + 256 random bits) and the hashes stored in their place. */
final class TokenSecrets {
  static final String PREFIX = "nb_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenSecrets() {}

  static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] hash(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The part shown in listings: enough to tell tokens apart, useless to an attacker. */
  static String displayPrefix(String secret) {
    return secret.substring(0, PREFIX.length() + 8);
  }

  static boolean plausible(String secret) {
    return secret.startsWith(PREFIX) && secret.length() == PREFIX.length() + 43;
  }
}
