package org.noticeboard.config;

import java.nio.file.Path;
import java.util.Optional;

/** The validated, typed configuration of one Noticeboard instance. */
public record NoticeboardConfig(
    String httpHost,
    int httpPort,
    int httpInstances,
    long bodyLimitBytes,
    Path dataDir,
    Optional<String> databaseUrl,
    int dbPoolSize,
    String publicBaseUrl,
    String secretKey,
    int shutdownTimeoutSeconds,
    SmtpConfig smtp,
    SmsConfig sms,
    DeliveryConfig delivery) {

  /** True when no external database is configured and an embedded PostgreSQL must be started. */
  public boolean embeddedDatabase() {
    return databaseUrl.isEmpty();
  }

  @Override
  public String toString() { // secrets and the database password stay out of logs
    return "NoticeboardConfig[http=" + httpHost + ":" + httpPort + ", instances=" + httpInstances
        + ", dataDir=" + dataDir + ", database=" + (embeddedDatabase() ? "embedded" : "external")
        + ", publicBaseUrl=" + publicBaseUrl + ", " + smtp + ", " + sms + ", " + delivery + "]";
  }
}
