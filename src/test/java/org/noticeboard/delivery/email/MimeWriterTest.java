package org.noticeboard.delivery.email;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The MIME writer's output, read back by Jakarta Mail (the parser GreenMail and many tools use). */
class MimeWriterTest {
  static final String TEXT = "Dzień dobry, zażółć gęślą jaźń!\n"
      + ".a line that starts with a dot\n"
      + "From the centre: a line starting with From\n"
      + "trailing spaces   \n"
      + "tab\tand = equals and =3D looks encoded\n"
      + "x".repeat(200) + "\n"
      + "ends with a space at the very end ";
  static final String HTML = "<html><body><p style=\"color:#333\">Szanowni Państwo – " + "ą".repeat(120) + "</p>\n"
      + ".<b>dot</b>\n<a href=\"https://example.org/a?b=c&amp;d=e\">link</a></body></html>";

  static String text(byte[] mime) {
    return new String(mime, StandardCharsets.UTF_8);
  }

  static MimeMessage parse(String mime) throws Exception {
    return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mime.getBytes(StandardCharsets.UTF_8)));
  }

  static Email email(List<Attachment> attachments) {
    return new Email("news@example.org", "parent@example.org", List.of(
        new Email.Header("From", MimeHeaders.mailbox("Rossendale Family Hub", "news@example.org")),
        new Email.Header("Subject", MimeHeaders.encodedWord("Wiadomość z centrum – wiosna")),
        new Email.Header("Message-ID", "<abc.123@example.org>"),
        new Email.Header("List-Unsubscribe", "<https://nb.example.org/u/" + "t".repeat(150) + ">, <mailto:unsubscribe@example.org?subject=unsubscribe-"
            + "k".repeat(60) + ">")),
        TEXT, HTML, attachments);
  }

  @Test
  void textAndHtmlRoundTripAndEveryLineIsSafeForSmtp() throws Exception {
    String mime = text(MimeWriter.write(email(List.of()), Instant.parse("2026-11-29T10:00:00Z")));
    assertSmtpSafe(mime);
    MimeMessage m = parse(mime);
    assertEquals("Wiadomość z centrum – wiosna", m.getSubject());
    assertEquals("<abc.123@example.org>", m.getMessageID());
    assertEquals("parent@example.org", m.getRecipients(jakarta.mail.Message.RecipientType.TO)[0].toString());
    assertEquals("Sun, 29 Nov 2026 10:00:00 GMT", m.getHeader("Date", null));
    String unfolded = m.getHeader("List-Unsubscribe", null).replace("\r\n", "");
    assertEquals("<https://nb.example.org/u/" + "t".repeat(150) + ">, <mailto:unsubscribe@example.org?subject=unsubscribe-"
        + "k".repeat(60) + ">", unfolded);
    Multipart alt = (Multipart) m.getContent();
    assertTrue(alt.getContentType().startsWith("multipart/alternative"));
    assertEquals(2, alt.getCount());
    assertEquals(TEXT.replace("\n", "\r\n") + "\r\n", alt.getBodyPart(0).getContent());
    assertTrue(alt.getBodyPart(0).isMimeType("text/plain"));
    assertEquals(HTML.replace("\n", "\r\n") + "\r\n", alt.getBodyPart(1).getContent());
    assertTrue(alt.getBodyPart(1).isMimeType("text/html"));
    assertTrue(mime.contains("\r\n=2Ea line that starts with a dot"), "a leading dot is encoded");
    assertTrue(mime.contains("\r\n=46rom the centre"), "a leading From is encoded");
  }

  @Test
  void attachmentsArriveIntactWithTheirNames() throws Exception {
    byte[] pdf = new byte[10_000];
    new Random(7).nextBytes(pdf);
    String mime = text(MimeWriter.write(email(List.of(
        new Attachment(1, 1, "Spring flier.pdf", "application/pdf", Buffer.buffer(pdf)),
        new Attachment(2, 1, "Ulotka dla taty – wiosna.png", "image/png", Buffer.buffer(new byte[] {1, 2, 3})),
        new Attachment(3, 1, "empty.txt", "text/plain\r\nX-Injected: yes", Buffer.buffer()))), Instant.parse("2026-12-02T10:00:00Z")));
    assertSmtpSafe(mime);
    assertFalse(mime.contains("\r\nX-Injected"), "no header can be injected through a content type");
    MimeMessage m = parse(mime);
    Multipart mixed = (Multipart) m.getContent();
    assertTrue(mixed.getContentType().startsWith("multipart/mixed"));
    assertEquals(4, mixed.getCount());
    Multipart alt = (Multipart) mixed.getBodyPart(0).getContent();
    assertEquals(TEXT.replace("\n", "\r\n") + "\r\n", alt.getBodyPart(0).getContent());
    BodyPart flier = mixed.getBodyPart(1);
    assertEquals("Spring flier.pdf", flier.getFileName());
    assertTrue(flier.isMimeType("application/pdf"));
    assertArrayEquals(pdf, flier.getInputStream().readAllBytes());
    assertEquals("Ulotka dla taty – wiosna.png", mixed.getBodyPart(2).getFileName());
    assertArrayEquals(new byte[] {1, 2, 3}, mixed.getBodyPart(2).getInputStream().readAllBytes());
    assertTrue(mixed.getBodyPart(3).isMimeType("application/octet-stream"), "a malformed type falls back");
    assertEquals(0, mixed.getBodyPart(3).getInputStream().readAllBytes().length);
    assertTrue(mime.endsWith("--\r\n"), "the multipart is closed");
  }

  @Test
  void textOnly() throws Exception {
    Email e = new Email("a@example.org", "b@example.org", List.of(new Email.Header("Subject", "Hi")), "Just text\n", null, List.of());
    String mime = text(MimeWriter.write(e, Instant.parse("2026-12-02T10:00:00Z")));
    assertSmtpSafe(mime);
    MimeMessage m = parse(mime);
    assertTrue(m.isMimeType("text/plain"));
    assertEquals("Just text\r\n", m.getContent());
  }

  @Test
  void quotedPrintableOfRandomTextDecodesToTheSameTextAndKeepsEveryRule() throws Exception {
    String[] pieces = {"a", "x", "Zz", " ", "  ", "\t", ".", "From ", "F", "=", "==", "\n", "\r\n", "\r", "ą", "€", "😀",
        "ش", "x".repeat(80), " ".repeat(90), "=".repeat(40), "<p style=\"a:b\">", "\u00a0"};
    Random random = new Random(20261129);
    for (int round = 0; round < 2000; round++) {
      StringBuilder text = new StringBuilder();
      int parts = random.nextInt(60);
      for (int k = 0; k < parts; k++) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      MimeWriter.Bytes out = new MimeWriter.Bytes(16);
      MimeWriter.quotedPrintable(out, text.toString());
      String encoded = new String(out.toArray(), StandardCharsets.US_ASCII);
      String context = "input " + round + ": [" + text + "]";
      assertTrue(encoded.isEmpty() || encoded.endsWith("\r\n"), context);
      for (String line : encoded.split("\r\n")) {
        assertTrue(line.length() <= 76, context);
        assertFalse(line.startsWith(".") || line.startsWith("From "), context);
        assertFalse(line.endsWith(" ") || line.endsWith("\t"), context);
        assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\t'), context);
      }
      byte[] decoded = jakarta.mail.internet.MimeUtility.decode(
          new ByteArrayInputStream(out.toArray()), "quoted-printable").readAllBytes();
      String expected = text.toString().replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n");
      if (!expected.isEmpty() && !expected.endsWith("\r\n")) {
        expected += "\r\n";
      }
      assertEquals(expected, new String(decoded, StandardCharsets.UTF_8), context);
    }
  }

  /** CRLF only, no line over 998 characters (bodies: 76), no line that SMTP would read as the end or need stuffing. */
  static void assertSmtpSafe(String mime) {
    assertFalse(mime.replace("\r\n", "").contains("\n") || mime.replace("\r\n", "").contains("\r"), "CRLF line ends only");
    assertTrue(mime.endsWith("\r\n"));
    int body = mime.indexOf("\r\n\r\n");
    String[] lines = mime.split("\r\n", -1);
    int offset = 0;
    for (String line : lines) {
      assertFalse(line.startsWith("."), "no line starts with a dot: " + line);
      assertTrue(line.length() <= (offset > body ? 76 : 998), "line too long (" + line.length() + "): " + line);
      assertTrue(line.chars().allMatch(c -> c < 0x80), "7-bit only: " + line);
      offset += line.length() + 2;
    }
  }
}
