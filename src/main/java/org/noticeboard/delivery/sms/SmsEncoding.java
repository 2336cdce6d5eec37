package org.noticeboard.delivery.sms;

/**
 * GSM-7 or UCS-2, and how many segments a text takes: GSM-7 160 per single message / 153 per part,
 * UCS-2 70 / 67 (UTF-16 code units); GSM extension characters (e.g. € [ ] { }) take two septets.
 */
public record SmsEncoding(String encoding, int units, int segments) {
  private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
      + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String EXTENSION = "^{}\\[~]|€\f";

  public static SmsEncoding of(String text) {
    int septets = 0;
    boolean gsm = true;
    for (int i = 0; i < text.length() && gsm; i++) {
      char c = text.charAt(i);
      if (BASIC.indexOf(c) >= 0) {
        septets++;
      } else if (EXTENSION.indexOf(c) >= 0) {
        septets += 2;
      } else {
        gsm = false;
      }
    }
    if (gsm) {
      return new SmsEncoding("GSM-7", septets, septets <= 160 ? 1 : (septets + 152) / 153);
    }
    int units = text.length();
    return new SmsEncoding("UCS-2", units, units <= 70 ? 1 : (units + 66) / 67);
  }
}
