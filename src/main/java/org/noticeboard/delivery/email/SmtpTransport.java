package org.noticeboard.delivery.email;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import org.noticeboard.config.NoticeboardConfig;
import org.noticeboard.config.SmtpConfig;
import org.noticeboard.delivery.SendResult;

/**
 * SMTP through vertx-mail-client: its own (not shared) MailClient, so each worker verticle instance
 * sends on its own event loop with its own connection pool (kept alive; see PERFORMANCE-NOTES).
 */
final class SmtpTransport implements EmailTransport {
  private final MailClient client;

  SmtpTransport(Vertx vertx, NoticeboardConfig config) {
    SmtpConfig smtp = config.smtp();
    MailConfig cfg = new MailConfig()
        .setHostname(smtp.host().orElseThrow())
        .setPort(smtp.port())
        .setOwnHostname(smtp.ownHostname())
        .setMaxPoolSize(smtp.maxConnections())
        .setKeepAlive(true)
        .setKeepAliveTimeout(60)
        .setConnectTimeout(10_000)
        .setIdleTimeout(60)
        .setMaxMailsPerConnection(config.delivery().smtpPerConnection());
    switch (smtp.tls()) {
      case NONE -> cfg.setStarttls(StartTLSOptions.DISABLED);
      case STARTTLS -> cfg.setStarttls(StartTLSOptions.REQUIRED);
      case TLS -> cfg.setSsl(true).setStarttls(StartTLSOptions.DISABLED);
    }
    if (smtp.username().isPresent()) {
      cfg.setUsername(smtp.username().get()).setPassword(smtp.password().orElse("")).setLogin(LoginOption.REQUIRED);
    } else {
      cfg.setLogin(LoginOption.DISABLED);
    }
    this.client = MailClient.create(vertx, cfg);
  }

  @Override
  public Future<SendResult> send(long organisationId, long messageRowId, String messageId, MailMessage mail) {
    return client.sendMail(mail)
        .map(r -> SendResult.sent(messageId))
        .recover(e -> Future.succeededFuture(SmtpOutcomes.classify(e)));
  }

  @Override
  public void close() {
    client.close();
  }
}
