package org.noticeboard.delivery.email;

import java.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.noticeboard.config.NoticeboardConfig;
import org.noticeboard.delivery.SendResult;

/** Hands a finished email to SMTP, or to the development sink when no SMTP server is configured. */
public interface EmailTransport {
  /**
   * @param messageId the Message-ID header value sent, recorded as the provider message id
   */
  Future<SendResult> send(long organisationId, long messageRowId, String messageId, Email email);

  void close();

  /** One transport per worker verticle instance (its own SMTP sessions on its event loop). */
  static EmailTransport create(Vertx vertx, NoticeboardConfig config, Clock clock) {
    return config.smtp().configured() ? new SmtpTransport(vertx, config, clock) : new MailSink(vertx, config.dataDir(), clock);
  }
}
