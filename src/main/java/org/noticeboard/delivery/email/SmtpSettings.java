package org.noticeboard.delivery.email;

import java.util.Optional;
import org.noticeboard.config.NoticeboardConfig;
import org.noticeboard.config.SmtpConfig;

/**
 * What one SMTP sender needs: the relay, its security, our name, and the limits of its sessions.
 * Timeouts follow RFC 5321 §4.5.3.2 in spirit, shortened so a stuck server releases a batch well
 * within the worker's lease.
 */
record SmtpSettings(
    String host,
    int port,
    SmtpConfig.Tls tls,
    Optional<String> username,
    Optional<String> password,
    String ownHostname,
    int maxConnections,
    int maxMailsPerConnection,
    int connectTimeoutMillis,
    int commandTimeoutMillis,
    int dataTimeoutMillis,
    int idleSeconds) {

  static SmtpSettings of(NoticeboardConfig config) {
    SmtpConfig smtp = config.smtp();
    return new SmtpSettings(smtp.host().orElseThrow(), smtp.port(), smtp.tls(), smtp.username(), smtp.password(),
        smtp.ownHostname(), smtp.maxConnections(), config.delivery().smtpPerConnection(), 10_000, 60_000, 120_000, 60);
  }

  @Override
  public String toString() { // never print the password
    return "SmtpSettings[" + host + ":" + port + ", tls=" + tls + ", username=" + username.orElse("") + "]";
  }
}
