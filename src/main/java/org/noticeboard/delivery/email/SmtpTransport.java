package org.noticeboard.delivery.email;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.mailencoder.MailEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.noticeboard.config.NoticeboardConfig;
import org.noticeboard.delivery.SendResult;

/**
 * SMTP: the message is MIME-encoded by vertx-mail-client's {@link MailEncoder} and sent through this
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
  public Future<SendResult> send(long organisationId, long messageRowId, String messageId, MailMessage mail) {
    Buffer content;
    String from;
    List<String> recipients = new ArrayList<>();
    try {
      from = envelopeAddress(mail.getBounceAddress() != null ? mail.getBounceAddress() : mail.getFrom());
      for (List<String> list : List.of(nonNull(mail.getTo()), nonNull(mail.getCc()), nonNull(mail.getBcc()))) {
        for (String to : list) {
          recipients.add(envelopeAddress(to));
        }
      }
      if (recipients.isEmpty()) {
        return Future.succeededFuture(SendResult.permanent("the message has no recipient"));
      }
      content = dataSection(new MailEncoder(mail, ownHostname).encode());
    } catch (RuntimeException e) {
      return Future.succeededFuture(SendResult.permanent("cannot encode the message: " + MimeHeaders.oneLine(String.valueOf(e.getMessage()))));
    }
    return sender.send(from, recipients, content)
        .map(r -> SendResult.sent(messageId))
        .recover(e -> Future.succeededFuture(SmtpOutcomes.classify(e)));
  }

  private static List<String> nonNull(List<String> list) {
    return list == null ? List.of() : list;
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

  @Override
  public void close() {
    sender.close();
  }
}
