package org.noticeboard.delivery.email;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Writes an {@link Email} as an RFC 5322/2045 message: text (and HTML as multipart/alternative) in UTF-8
 * quoted-printable, attachments in base64 under multipart/mixed. CRLF line ends, no line over 76
 * characters in the bodies, and no line starting with a dot (such a dot is written {@code =2E}), so the
 * result can go into SMTP DATA as it is.
 *
 * <p>Boundaries contain {@code =_}, which neither quoted-printable nor base64 output can contain.
 */
public final class MimeWriter {
  private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_LINE = 76;
  private static final Pattern MEDIA_TYPE = Pattern.compile("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+");

  private MimeWriter() {}

  /** The message as bytes (7-bit, unless an address itself is not ASCII). */
  public static byte[] write(Email email, Instant date) {
    Bytes out = new Bytes(1024 + (email.text() == null ? 0 : email.text().length() * 11 / 10)
        + (email.html() == null ? 0 : email.html().length() * 12 / 10));
    header(out, "MIME-Version", "1.0");
    header(out, "Date", DATE.format(date));
    header(out, "To", email.to());
    for (Email.Header h : email.headers()) {
      header(out, h.name(), h.value());
    }
    String id = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    boolean html = email.html() != null && !email.html().isBlank();
    if (email.attachments().isEmpty()) {
      body(out, email, html, "=_nb_a_" + id);
      return out.toArray();
    }
    String mixed = "=_nb_m_" + id;
    header(out, "Content-Type", "multipart/mixed; boundary=\"" + mixed + "\"");
    out.append("\r\n");
    out.append("--").append(mixed).append("\r\n");
    body(out, email, html, "=_nb_a_" + id);
    for (Attachment a : email.attachments()) {
      out.append("\r\n--").append(mixed).append("\r\n");
      attachment(out, a);
    }
    out.append("\r\n--").append(mixed).append("--\r\n");
    return out.toArray();
  }

  /** The body part: text alone, or text and HTML as alternatives; its Content-Type header starts it. */
  private static void body(Bytes out, Email email, boolean html, String boundary) {
    String text = email.text() == null ? "" : email.text();
    if (!html) {
      textPart(out, "text/plain", text);
      return;
    }
    header(out, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
    out.append("\r\n");
    out.append("--").append(boundary).append("\r\n");
    textPart(out, "text/plain", text);
    out.append("\r\n--").append(boundary).append("\r\n");
    textPart(out, "text/html", email.html());
    out.append("\r\n--").append(boundary).append("--\r\n");
  }

  private static void textPart(Bytes out, String type, String content) {
    out.append("Content-Type: ").append(type).append("; charset=utf-8\r\n");
    out.append("Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    quotedPrintable(out, content);
  }

  private static void attachment(Bytes out, Attachment a) {
    String name = MimeHeaders.oneLine(a.filename());
    String type = MimeHeaders.oneLine(a.contentType());
    if (!MEDIA_TYPE.matcher(type).matches()) {
      type = "application/octet-stream";
    }
    boolean plain = name.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\');
    if (plain) {
      out.append("Content-Type: ").append(type).append("; name=\"").append(name).append("\"\r\n");
      out.append("Content-Disposition: attachment; filename=\"").append(name).append("\"\r\n");
    } else {
      // RFC 2231 for the file name, with an RFC 2047 name= for mail apps that only read that
      out.append("Content-Type: ").append(type).append(";\r\n name=\"").append(MimeHeaders.encodedWord(name)
          .replace("\r\n ", " ")).append("\"\r\n");
      out.append("Content-Disposition: attachment;\r\n filename*=UTF-8''").append(percentEncoded(name)).append("\r\n");
    }
    out.append("Content-Transfer-Encoding: base64\r\n\r\n");
    byte[] data = a.data().getBytes();
    byte[] b64 = Base64.getMimeEncoder(MAX_LINE, new byte[] {'\r', '\n'}).encode(data);
    out.append(b64);
    if (b64.length > 0) {
      out.append("\r\n");
    }
  }

  /**
   * Quoted-printable (RFC 2045 §6.7) of the UTF-8 bytes: line breaks in the text become CRLF, lines are
   * softly broken before 76 characters, space or tab at a line end and a dot or "From " at a line start
   * are encoded. Ends with CRLF.
   */
  static void quotedPrintable(Bytes out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int col = 0;
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      if (b == '\r' || b == '\n') {
        if (b == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
          i++;
        }
        out.append("\r\n");
        col = 0;
        continue;
      }
      boolean atLineEnd = i + 1 == bytes.length || bytes[i + 1] == '\r' || bytes[i + 1] == '\n';
      boolean literal = b >= 33 && b <= 126 && b != '='
          || (b == ' ' || b == '\t') && !atLineEnd;
      if (col == 0 && (b == '.' || b == 'F' && startsWith(bytes, i, "From "))) {
        literal = false;
      }
      int width = literal ? 1 : 3;
      // room for this character and, unless the line ends right after it, a soft break "="
      if (col + width > MAX_LINE - 1 && !(atLineEnd && col + width <= MAX_LINE)) {
        out.append("=\r\n");
        col = 0;
        if (b == '.' || b == 'F' && startsWith(bytes, i, "From ")) {
          literal = false;
          width = 3;
        }
      }
      if (literal) {
        out.append((byte) b);
      } else {
        out.append((byte) '=').append(HEX[b >> 4]).append(HEX[b & 0xf]);
      }
      col += width;
    }
    if (col > 0) {
      out.append("\r\n");
    }
  }

  private static boolean startsWith(byte[] bytes, int at, String prefix) {
    if (at + prefix.length() > bytes.length) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      if (bytes[at + k] != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** One header field, folded at spaces so lines stay near 78 characters where the value allows. */
  private static void header(Bytes out, String name, String value) {
    StringBuilder line = new StringBuilder(name.length() + value.length() + 8).append(name).append(": ");
    int lineStart = 0;
    String v = value;
    int i = 0;
    while (i < v.length()) {
      // a value may already be folded (encoded words): keep its breaks
      if (v.startsWith("\r\n ", i)) {
        line.append("\r\n ");
        lineStart = line.length() - 1;
        i += 3;
        continue;
      }
      char c = v.charAt(i);
      if (c == ' ' && line.length() - lineStart > 60) {
        int next = v.indexOf(' ', i + 1);
        int nextBreak = v.indexOf("\r\n", i + 1);
        int wordEnd = next < 0 ? v.length() : next;
        if (nextBreak >= 0 && nextBreak < wordEnd) {
          wordEnd = nextBreak;
        }
        if (line.length() - lineStart + (wordEnd - i) > 78) {
          line.append("\r\n");
          lineStart = line.length();
        }
      }
      line.append(c);
      i++;
    }
    out.append(line).append("\r\n");
  }

  /** A growing byte array: ASCII written as is, anything else as UTF-8. */
  static final class Bytes {
    private byte[] buf;
    private int len;

    Bytes(int capacity) {
      buf = new byte[Math.max(64, capacity)];
    }

    Bytes append(byte b) {
      if (len == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[len++] = b;
      return this;
    }

    Bytes append(CharSequence s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          append((byte) c);
        } else {
          int end = i + 1;
          while (end < s.length() && s.charAt(end) >= 0x80) {
            end++;
          }
          for (byte b : s.subSequence(i, end).toString().getBytes(StandardCharsets.UTF_8)) {
            append(b);
          }
          i = end - 1;
        }
      }
      return this;
    }

    Bytes append(byte[] bytes) {
      if (len + bytes.length > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + bytes.length));
      }
      System.arraycopy(bytes, 0, buf, len, bytes.length);
      len += bytes.length;
      return this;
    }

    byte[] toArray() {
      return Arrays.copyOf(buf, len);
    }
  }

  private static String percentEncoded(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append((char) HEX[c >> 4]).append((char) HEX[c & 0xf]);
      }
    }
    return b.toString();
  }
}
