package org.noticeboard.delivery.email;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Safe header values. Line breaks in any value that reaches a header are replaced (no header can be
 * injected), display names and other free text are RFC 2047 encoded when not plain ASCII, and
 * addresses must be one plain address.
 */
public final class MimeHeaders {
  private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>(),;:\"\\\\\\[\\]]+@[^@\\s<>(),;:\"\\\\\\[\\]]+\\.[^@\\s<>(),;:\"\\\\\\[\\]]+");
  private static final Pattern ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~ .-]*");

  private MimeHeaders() {}

  /** One line: CR, LF and other control characters become spaces; runs of spaces collapse. */
  public static String oneLine(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean blank = c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085' || c == ' ';
      if (!blank) {
        b.append(c);
      } else if (b.length() > 0 && b.charAt(b.length() - 1) != ' ') {
        b.append(' ');
      }
    }
    return b.toString().strip();
  }

  /** A single plain address (no display name, no line breaks); anything else is refused. */
  public static boolean validAddress(String address) {
    return address != null && address.length() <= 320 && ADDRESS.matcher(address).matches();
  }

  /** {@code "Display Name" <address>} with the name RFC 2047 encoded when needed. */
  public static String mailbox(String displayName, String address) {
    String name = oneLine(displayName);
    if (name.isEmpty()) {
      return address;
    }
    return phrase(name) + " <" + address + ">";
  }

  /** Text for a header phrase: as is when safe ASCII, else an encoded word. */
  public static String phrase(String text) {
    String t = oneLine(text);
    if (ATOM.matcher(t).matches()) {
      return t.contains(".") ? "\"" + t + "\"" : t;
    }
    return encodedWord(t);
  }

  /** RFC 2047 base64 encoded words of at most 75 characters, split on whole characters, folded between words. */
  public static String encodedWord(String text) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int end = i;
      int bytes = 0;
      while (end < text.length()) {
        int cp = text.codePointAt(end);
        int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
        if (bytes + len > 45) { // 45 bytes -> 60 base64 chars + 12 = 72
          break;
        }
        bytes += len;
        end += Character.charCount(cp);
      }
      if (out.length() > 0) {
        out.append("\r\n "); // folded: each encoded word on its own line, as RFC 2047 recommends
      }
      out.append("=?UTF-8?B?")
          .append(Base64.getEncoder().encodeToString(text.substring(i, end).getBytes(StandardCharsets.UTF_8)))
          .append("?=");
      i = end;
    }
    return out.toString();
  }
}
