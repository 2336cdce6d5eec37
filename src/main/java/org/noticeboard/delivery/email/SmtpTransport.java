package org.noticeboard.delivery.email;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ClientSSLOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.noticeboard.config.NoticeboardConfig;
import org.noticeboard.delivery.SendResult;

/**
 * SMTP: the message is written by {@link MimeWriter} and sent through this
 * worker's own {@link SmtpSender}, so each worker verticle instance sends on its own event loop with
 * its own sessions (kept alive; see PERFORMANCE-NOTES).
 */
final class SmtpTransport implements EmailTransport {
  private final SmtpSender sender;
  private final String ownHostname;

  SmtpTransport(Vertx vertx, NoticeboardConfig config) {
    this(vertx, SmtpSettings.of(config), SmtpSender.defaultSsl());
  }

  SmtpTransport(Vertx vertx, SmtpSettings settings, ClientSSLOptions ssl) {
    this.sender = new SmtpSender(vertx, settings, ssl);
    this.ownHostname = settings.ownHostname();
  }

  @Override
  public Future<SendResult> send(long organisationId, long messageRowId, String messageId, Email email) {
    Buffer content;
    String from;
    String to;
    try {
      from = envelopeAddress(email.envelopeFrom());
      to = envelopeAddress(email.to());
      content = dataSection(MimeWriter.write(email, Instant.now()));
    } catch (RuntimeException e) {
      return Future.succeededFuture(SendResult.permanent("cannot encode the message: "
          + MimeHeaders.oneLine(String.valueOf(e.getMessage()))));
    }
    return sender.send(from, List.of(to), content)
        .map(r -> SendResult.sent(messageId))
        .recover(e -> Future.succeededFuture(SmtpOutcomes.classify(e)));
  }

  /** The bare address of {@code Name <addr>} or {@code addr}; nothing that could break the command line. */
  static String envelopeAddress(String value) {
    if (value == null) {
      throw new IllegalArgumentException("no address");
    }
    int lt = value.lastIndexOf('<');
    String addr = lt >= 0 && value.endsWith(">") ? value.substring(lt + 1, value.length() - 1) : value.trim();
    if (addr.isEmpty() || addr.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>' || c == 0x7f)) {
      throw new IllegalArgumentException("not a plain address");
    }
    return addr;
  }

  /**
   * The DATA section of a message (RFC 5321 §4.5.2): CRLF line ends only, a leading dot doubled,
   * and the terminating CRLF.CRLF; built in one buffer so it goes out in one write.
   */
  static Buffer dataSection(String message) {
    if (message.endsWith("\r\n") && !message.startsWith(".") && message.indexOf("\n.") < 0 && cleanLineEnds(message)) {
      return Buffer.buffer((message + ".\r\n").getBytes(StandardCharsets.UTF_8)); // what MimeWriter writes
    }
    StringBuilder out = new StringBuilder(message.length() + message.length() / 64 + 8);
    boolean lineStart = true;
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (lineStart && c == '.') {
        out.append('.');
      }
      if (c == '\r' || c == '\n') {
        if (c == '\r' && i + 1 < message.length() && message.charAt(i + 1) == '\n') {
          i++;
        }
        out.append("\r\n");
        lineStart = true;
      } else {
        out.append(c);
        lineStart = false;
      }
    }
    if (!lineStart) {
      out.append("\r\n");
    }
    out.append(".\r\n");
    return Buffer.buffer(out.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static boolean cleanLineEnds(String s) {
    for (int i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) {
      if (i == 0 || s.charAt(i - 1) != '\r') {
        return false;
      }
    }
    for (int i = s.indexOf('\r'); i >= 0; i = s.indexOf('\r', i + 1)) {
      if (i + 1 >= s.length() || s.charAt(i + 1) != '\n') {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    sender.close();
  }
}
