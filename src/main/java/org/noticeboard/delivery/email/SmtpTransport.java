package org.noticeboard.delivery.email;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ClientSSLOptions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
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
  private final Clock clock;

  SmtpTransport(Vertx vertx, NoticeboardConfig config, Clock clock) {
    this(vertx, SmtpSettings.of(config), SmtpSender.defaultSsl(), clock,
        config.smtp().oauth2().map(o -> new OAuth2AccessTokens(vertx, o, clock)));
  }

  SmtpTransport(Vertx vertx, SmtpSettings settings, ClientSSLOptions ssl, Clock clock) {
    this(vertx, settings, ssl, clock, Optional.empty());
  }

  /**
   * @param clock dates the messages ({@code Date:} header) and times access tokens
   * @param tokens bearer tokens for {@code AUTH XOAUTH2}, or empty for a password (or no AUTH)
   */
  SmtpTransport(Vertx vertx, SmtpSettings settings, ClientSSLOptions ssl, Clock clock, Optional<AccessTokens> tokens) {
    this.sender = new SmtpSender(vertx, settings, ssl, tokens);
    this.ownHostname = settings.ownHostname();
    this.clock = clock;
  }

  @Override
  public Future<SendResult> send(long organisationId, long messageRowId, String messageId, Email email) {
    Buffer content;
    String from;
    String to;
    try {
      from = envelopeAddress(email.envelopeFrom());
      to = envelopeAddress(email.to());
      content = dataSection(MimeWriter.write(email, clock.instant()));
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

  private static final byte[] END_OF_DATA = {'.', '\r', '\n'};

  /**
   * The DATA section of a message (RFC 5321 §4.5.2): MimeWriter's output already has CRLF line ends
   * only and no line starting with a dot, so it needs only the terminating dot; that promise is
   * checked here rather than trusted, as a dot line would end the message early.
   */
  static Buffer dataSection(byte[] message) {
    int n = message.length;
    if (n < 2 || message[n - 2] != '\r' || message[n - 1] != '\n' || message[0] == '.') {
      throw new IllegalStateException("the message does not end with CRLF or starts with a dot");
    }
    for (int i = 0; i < n; i++) {
      byte b = message[i];
      if (b > '\r') {
        continue; // neither CR nor LF: nothing to check (the dot rule is checked at the LF before it)
      }
      if (b == '\n' && (i == 0 || message[i - 1] != '\r') || b == '\r' && (i + 1 == n || message[i + 1] != '\n')
          || b == '\n' && i + 1 < n && message[i + 1] == '.') {
        throw new IllegalStateException("the message has a bare line end or a line starting with a dot");
      }
    }
    return Buffer.buffer(n + END_OF_DATA.length).appendBytes(message).appendBytes(END_OF_DATA);
  }

  @Override
  public void close() {
    sender.close();
  }
}
