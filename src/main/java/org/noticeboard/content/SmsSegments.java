package org.noticeboard.content;

import io.vertx.core.json.JsonObject;

/**
 * How an SMS text travels: GSM-7 when every character is in the GSM 03.38 alphabet (extension
 * characters such as {@code €[]{}} take two septets), otherwise UCS-2 (UTF-16 code units, so an
 * emoji takes two). One segment holds 160 septets / 70 units; a concatenated message carries
 * 153 / 67 per segment, and an escape pair or surrogate pair is never split between segments.
 *
 * @param encoding   {@code GSM-7} or {@code UCS-2}
 * @param segments   segments needed (0 for an empty text)
 * @param characters characters as people count them (Unicode code points)
 * @param units      septets (GSM-7) or UTF-16 code units (UCS-2) the text occupies
 */
public record SmsSegments(String encoding, int segments, int characters, int units) {
  public static final String GSM_7 = "GSM-7";
  public static final String UCS_2 = "UCS-2";

  private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
      + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String EXTENSION = "\f^{}\\[~]|€";

  public static SmsSegments count(String text) {
    String s = text == null ? "" : text;
    int characters = s.codePointCount(0, s.length());
    boolean gsm = s.chars().allMatch(c -> BASIC.indexOf(c) >= 0 || EXTENSION.indexOf(c) >= 0);
    if (gsm) {
      int[] sizes = s.chars().map(c -> EXTENSION.indexOf(c) >= 0 ? 2 : 1).toArray();
      return new SmsSegments(GSM_7, segments(sizes, 160, 153), characters, sum(sizes));
    }
    int[] sizes = s.codePoints().map(Character::charCount).toArray();
    return new SmsSegments(UCS_2, segments(sizes, 70, 67), characters, s.length());
  }

  /** Packs indivisible items into segments: one if everything fits {@code single}, else {@code multi} each. */
  private static int segments(int[] sizes, int single, int multi) {
    int total = sum(sizes);
    if (total == 0) {
      return 0;
    }
    if (total <= single) {
      return 1;
    }
    int segments = 1;
    int used = 0;
    for (int size : sizes) {
      if (used + size > multi) {
        segments++;
        used = 0;
      }
      used += size;
    }
    return segments;
  }

  private static int sum(int[] sizes) {
    int t = 0;
    for (int v : sizes) {
      t += v;
    }
    return t;
  }

  public JsonObject toJson() {
    return new JsonObject().put("encoding", encoding).put("segments", segments).put("characters", characters).put("units", units);
  }
}
