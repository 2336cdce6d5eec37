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
  /** Bytes quoted-printable writes as they are (printable ASCII but "="); space and tab depend on where they are. */
  private static final boolean[] LITERAL = new boolean[256];

  /** The first byte of a UTF-8 sequence of 2, 3 or 4 bytes carries these bits. */
  private static final int[] UTF8_LEAD = {0, 0, 0xc0, 0xe0, 0xf0};

  static {
    for (int b = 33; b <= 126; b++) {
      LITERAL[b] = b != '=';
    }
  }
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
   * are encoded. Ends with CRLF. Encodes straight from the characters into the output (no UTF-8 copy of
   * the text first): it runs over every part of every message.
   */
  static void quotedPrintable(Bytes out, String text) {
    int n = text.length();
    char[] cs = chars(n);
    text.getChars(0, n, cs, 0); // one bulk copy: charAt of a non-Latin-1 string checks its index every time
    byte[] buf = out.reserve(n + (n >> 3) + 64);
    int len = out.length();
    int col = 0;
    for (int i = 0; i < n; i++) {
      if (buf.length - len < 32) { // one character writes at most 4 × "=XX" with soft breaks
        out.setLength(len);
        buf = out.reserve(Math.max(256, 2 * (n - i)));
      }
      int c = cs[i];
      if (c < 0x80 && LITERAL[c] && col > 0 && col < MAX_LINE - 1) {
        // the common case: a printable character inside a line, with room left for a soft break after it
        buf[len++] = (byte) c;
        col++;
        continue;
      }
      if (c == '\r' || c == '\n') {
        if (c == '\r' && i + 1 < n && cs[i + 1] == '\n') {
          i++;
        }
        buf[len++] = '\r';
        buf[len++] = '\n';
        col = 0;
        continue;
      }
      if (Character.isHighSurrogate((char) c) && i + 1 < n && Character.isLowSurrogate(cs[i + 1])) {
        c = Character.toCodePoint((char) c, cs[++i]);
      } else if (Character.isSurrogate((char) c)) {
        c = '?'; // as String.getBytes writes a lone surrogate
      }
      boolean atLineEnd = i + 1 == n || cs[i + 1] == '\r' || cs[i + 1] == '\n';
      if (c < 0x80) {
        boolean literal = LITERAL[c] || (c == ' ' || c == '\t') && !atLineEnd;
        boolean guarded = c == '.' || c == 'F' && startsWith(cs, n, i, "From ");
        if (col == 0 && guarded) {
          literal = false;
        }
        int width = literal ? 1 : 3;
        // room for this character and, unless the line ends right after it, a soft break "="
        if (col + width > MAX_LINE - 1 && !(atLineEnd && col + width <= MAX_LINE)) {
          buf[len++] = '=';
          buf[len++] = '\r';
          buf[len++] = '\n';
          col = 0;
          if (guarded) {
            literal = false;
            width = 3;
          }
        }
        if (literal) {
          buf[len++] = (byte) c;
        } else {
          buf[len++] = '=';
          buf[len++] = HEX[c >> 4];
          buf[len++] = HEX[c & 0xf];
        }
        col += width;
        continue;
      }
      // beyond ASCII: each byte of its UTF-8 form as "=XX"
      int bytes = c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      for (int k = bytes - 1; k >= 0; k--) {
        int b = k == bytes - 1 ? UTF8_LEAD[bytes] | c >> 6 * k : 0x80 | c >> 6 * k & 0x3f;
        if (col + 3 > MAX_LINE - 1 && !(k == 0 && atLineEnd && col + 3 <= MAX_LINE)) {
          buf[len++] = '=';
          buf[len++] = '\r';
          buf[len++] = '\n';
          col = 0;
        }
        buf[len++] = '=';
        buf[len++] = HEX[b >> 4];
        buf[len++] = HEX[b & 0xf];
        col += 3;
      }
    }
    if (col > 0) {
      out.setLength(len);
      buf = out.reserve(2);
      buf[len++] = '\r';
      buf[len++] = '\n';
    }
    out.setLength(len);
  }

  private static final ThreadLocal<char[][]> SCRATCH = ThreadLocal.withInitial(() -> new char[][] {new char[8192]});

  /** A per-thread buffer of at least {@code n} characters (encoding runs on the event loops, one message at a time each). */
  private static char[] chars(int n) {
    char[][] holder = SCRATCH.get();
    if (holder[0].length < n) {
      holder[0] = new char[Math.max(n, holder[0].length * 2)];
    }
    return holder[0];
  }

  private static boolean startsWith(char[] cs, int n, int at, String prefix) {
    if (at + prefix.length() > n) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      if (cs[at + k] != prefix.charAt(k)) {
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

    /** The buffer, with room for at least {@code more} bytes after the current end; see {@link #setLength}. */
    byte[] reserve(int more) {
      if (len + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
      }
      return buf;
    }

    int length() {
      return len;
    }

    void setLength(int length) {
      len = length;
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
