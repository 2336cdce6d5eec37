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
    DeliveryConfig delivery,
    CampaignConfig campaigns,
    ManagementConfig management) {

  /** How campaigns fan out: subscribers materialised per transaction, and how often due campaigns are looked for. */
  public record CampaignConfig(int chunkSize, int tickMillis) {}

  public NoticeboardConfig withHttpPort(int port) {
    return new NoticeboardConfig(httpHost, port, httpInstances, bodyLimitBytes, dataDir, databaseUrl, dbPoolSize,
        publicBaseUrl, secretKey, shutdownTimeoutSeconds, smtp, sms, delivery, campaigns, management);
  }

  public NoticeboardConfig withSecretKey(String key) {
    return new NoticeboardConfig(httpHost, httpPort, httpInstances, bodyLimitBytes, dataDir, databaseUrl, dbPoolSize,
        publicBaseUrl, key, shutdownTimeoutSeconds, smtp, sms, delivery, campaigns, management);
  }

  public NoticeboardConfig withManagement(ManagementConfig m) {
    return new NoticeboardConfig(httpHost, httpPort, httpInstances, bodyLimitBytes, dataDir, databaseUrl, dbPoolSize,
        publicBaseUrl, secretKey, shutdownTimeoutSeconds, smtp, sms, delivery, campaigns, m);
  }

  /** True when no external database is configured and an embedded PostgreSQL must be started. */
  public boolean embeddedDatabase() {
    return databaseUrl.isEmpty();
  }

  @Override
  public String toString() { // secrets and the database password stay out of logs
    return "NoticeboardConfig[http=" + httpHost + ":" + httpPort + ", instances=" + httpInstances
        + ", dataDir=" + dataDir + ", database=" + (embeddedDatabase() ? "embedded" : "external")
        + ", publicBaseUrl=" + publicBaseUrl + ", " + smtp + ", " + sms + ", " + delivery + ", " + management + "]";
  }
}
