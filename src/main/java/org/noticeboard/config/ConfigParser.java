package org.noticeboard.config;

import org.noticeboard.contact.SmsSenderId;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns merged raw configuration (file, then {@code --config}, then environment) into a
 * {@link NoticeboardConfig}, collecting every problem so one start-up attempt reports them all.
 */
public final class ConfigParser {
  private final JsonObject raw;
  private final List<String> problems = new ArrayList<>();

  private ConfigParser(JsonObject raw) {
    this.raw = raw;
  }

  /** Parses and validates; the secret key may still be empty (the loader supplies a generated one). */
  public static NoticeboardConfig parse(JsonObject raw) {
    return new ConfigParser(raw).build();
  }

  private NoticeboardConfig build() {
    String httpHost = string(ConfigKeys.HTTP_HOST).orElse("0.0.0.0");
    int httpPort = integer(ConfigKeys.HTTP_PORT, 8080, 0, 65535);
    int instances = integer(ConfigKeys.HTTP_INSTANCES,
        Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 64);
    long bodyLimit = integer(ConfigKeys.BODY_LIMIT, 1024 * 1024, 1024, Integer.MAX_VALUE);
    Path dataDir = Path.of(string(ConfigKeys.DATA_DIR).orElse("./data"));
    Optional<String> databaseUrl = string(ConfigKeys.DATABASE_URL);
    databaseUrl.ifPresent(this::checkDatabaseUrl);
    int poolSize = integer(ConfigKeys.DB_POOL_SIZE, 8, 1, 200);
    String publicBaseUrl = httpUrl(ConfigKeys.PUBLIC_BASE_URL)
        .orElse("http://localhost:" + (httpPort == 0 ? 8080 : httpPort));
    String secretKey = string(ConfigKeys.SECRET_KEY).orElse("");
    if (!secretKey.isEmpty() && secretKey.length() < 32) {
      problems.add(ConfigKeys.SECRET_KEY + " must be at least 32 characters long");
    }
    int shutdownTimeout = integer(ConfigKeys.SHUTDOWN_TIMEOUT, 20, 0, 600);

    Optional<String> smtpHost = string(ConfigKeys.SMTP_HOST);
    SmtpConfig.Tls tls = choice(ConfigKeys.SMTP_TLS, SmtpConfig.Tls.class, SmtpConfig.Tls.STARTTLS);
    int defaultSmtpPort = tls == SmtpConfig.Tls.TLS ? 465 : tls == SmtpConfig.Tls.STARTTLS ? 587 : 25;
    SmtpConfig smtp = new SmtpConfig(smtpHost,
        integer(ConfigKeys.SMTP_PORT, defaultSmtpPort, 1, 65535),
        string(ConfigKeys.SMTP_USERNAME), string(ConfigKeys.SMTP_PASSWORD), tls,
        integer(ConfigKeys.SMTP_MAX_CONNECTIONS, 4, 1, 100),
        string(ConfigKeys.SMTP_OWN_HOSTNAME).orElse(hostOf(publicBaseUrl)), smtpOAuth2(tls));

    SmsConfig.Mode smsMode = choice(ConfigKeys.SMS_MODE, SmsConfig.Mode.class, SmsConfig.Mode.WEBHOOK);
    Optional<String> smsUrl = httpUrl(ConfigKeys.SMS_WEBHOOK_URL);
    Optional<String> smsSecret = string(ConfigKeys.SMS_WEBHOOK_SECRET);
    if (smsUrl.isPresent() && smsSecret.isEmpty()) {
      problems.add(ConfigKeys.SMS_WEBHOOK_SECRET + " is required when " + ConfigKeys.SMS_WEBHOOK_URL
          + " is set (requests to the gateway are signed)");
    }
    SmsConfig sms = new SmsConfig(smsMode, smsUrl, smsSecret);

    DeliveryConfig delivery = delivery(smtp, smsMode);
    NoticeboardConfig.CampaignConfig campaigns = new NoticeboardConfig.CampaignConfig(
        integer(ConfigKeys.CAMPAIGN_CHUNK_SIZE, 2000, 1, 100_000), integer(ConfigKeys.CAMPAIGN_TICK_MS, 1000, 10, 60_000));

    Optional<String> metricsToken = string(ConfigKeys.METRICS_TOKEN);
    if (metricsToken.isPresent() && metricsToken.get().length() < 24) {
      problems.add(ConfigKeys.METRICS_TOKEN + " must be at least 24 characters long");
    }
    ManagementConfig management = new ManagementConfig(string(ConfigKeys.MANAGEMENT_HOST).orElse("127.0.0.1"),
        integer(ConfigKeys.MANAGEMENT_PORT, 9464, ManagementConfig.OFF, 65535), metricsToken);

    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new NoticeboardConfig(httpHost, httpPort, instances, bodyLimit, dataDir, databaseUrl,
        poolSize, publicBaseUrl, secretKey, shutdownTimeout, smtp, sms, delivery, campaigns, management);
  }

  private Optional<SmtpConfig.OAuth2> smtpOAuth2(SmtpConfig.Tls tls) {
    Optional<String> tokenUrl = httpUrl(ConfigKeys.SMTP_OAUTH2_TOKEN_URL);
    if (tokenUrl.isEmpty()) {
      for (String key : List.of(ConfigKeys.SMTP_OAUTH2_CLIENT_ID, ConfigKeys.SMTP_OAUTH2_CLIENT_SECRET,
          ConfigKeys.SMTP_OAUTH2_REFRESH_TOKEN, ConfigKeys.SMTP_OAUTH2_SCOPE)) {
        if (string(key).isPresent()) {
          problems.add(key + " needs " + ConfigKeys.SMTP_OAUTH2_TOKEN_URL);
        }
      }
      return Optional.empty();
    }
    Optional<String> clientId = string(ConfigKeys.SMTP_OAUTH2_CLIENT_ID);
    if (clientId.isEmpty()) {
      problems.add(ConfigKeys.SMTP_OAUTH2_CLIENT_ID + " is required with " + ConfigKeys.SMTP_OAUTH2_TOKEN_URL);
    }
    if (string(ConfigKeys.SMTP_USERNAME).isEmpty()) {
      problems.add(ConfigKeys.SMTP_USERNAME + " (the mailbox that sends) is required with " + ConfigKeys.SMTP_OAUTH2_TOKEN_URL);
    }
    if (string(ConfigKeys.SMTP_PASSWORD).isPresent()) {
      problems.add("set either " + ConfigKeys.SMTP_PASSWORD + " or " + ConfigKeys.SMTP_OAUTH2_TOKEN_URL + ", not both");
    }
    if (tls == SmtpConfig.Tls.NONE) {
      problems.add(ConfigKeys.SMTP_OAUTH2_TOKEN_URL + " needs " + ConfigKeys.SMTP_TLS
          + " starttls or tls: an access token is never sent in the clear");
    }
    Optional<String> secret = string(ConfigKeys.SMTP_OAUTH2_CLIENT_SECRET);
    Optional<String> refresh = string(ConfigKeys.SMTP_OAUTH2_REFRESH_TOKEN);
    if (secret.isEmpty() && refresh.isEmpty()) {
      problems.add(ConfigKeys.SMTP_OAUTH2_CLIENT_SECRET + " (client credentials) or " + ConfigKeys.SMTP_OAUTH2_REFRESH_TOKEN
          + " is required with " + ConfigKeys.SMTP_OAUTH2_TOKEN_URL);
    }
    return Optional.of(new SmtpConfig.OAuth2(tokenUrl.get(), clientId.orElse(""), secret, refresh,
        string(ConfigKeys.SMTP_OAUTH2_SCOPE)));
  }

  private DeliveryConfig delivery(SmtpConfig smtp, SmsConfig.Mode smsMode) {
    String mailFrom = string(ConfigKeys.MAIL_FROM).orElse("noticeboard@" + smtp.ownHostname());
    if (!mailFrom.matches("[^@\\s<>\"]+@[^@\\s<>\"]+")) {
      problems.add(ConfigKeys.MAIL_FROM + " must be a plain email address such as news@example.org");
    }
    String mailto = string(ConfigKeys.MAIL_UNSUBSCRIBE_MAILTO).orElse("unsubscribe@" + smtp.ownHostname());
    if (!mailto.matches("[^@\\s<>\"?]+@[^@\\s<>\"?]+")) {
      problems.add(ConfigKeys.MAIL_UNSUBSCRIBE_MAILTO + " must be a plain email address");
    }
    String smsFrom = string(ConfigKeys.SMS_FROM).orElse("Noticeboard");
    if (!SmsSenderId.valid(smsFrom)) {
      problems.add(ConfigKeys.SMS_FROM + " must be 1-11 letters, digits or spaces with at least one letter, "
          + "or an E.164 number such as +447700900123");
    }
    Optional<String> sid = string(ConfigKeys.TWILIO_ACCOUNT_SID);
    Optional<String> authToken = string(ConfigKeys.TWILIO_AUTH_TOKEN);
    if (smsMode == SmsConfig.Mode.TWILIO && (sid.isEmpty() || authToken.isEmpty())) {
      problems.add(ConfigKeys.TWILIO_ACCOUNT_SID + " and " + ConfigKeys.TWILIO_AUTH_TOKEN + " are required when "
          + ConfigKeys.SMS_MODE + " is twilio");
    }
    return new DeliveryConfig(mailFrom, mailto,
        oneLine(string(ConfigKeys.DISCREET_SENDER_NAME).orElse("Family services")),
        oneLine(string(ConfigKeys.DISCREET_SUBJECT).orElse("A message for you")),
        oneLine(string(ConfigKeys.DISCREET_PREHEADER).orElse("Open when it suits you")),
        smsFrom,
        integer(ConfigKeys.EMAIL_PER_SECOND, 100, 1, 100_000),
        integer(ConfigKeys.SMS_PER_SECOND, 10, 1, 10_000),
        integer(ConfigKeys.SMTP_PER_SECOND, 0, 0, 100_000),
        integer(ConfigKeys.SMTP_PER_CONNECTION, 0, 0, 1_000_000),
        integer(ConfigKeys.DELIVERY_WORKERS, Math.max(1, Runtime.getRuntime().availableProcessors()), 1, 64),
        integer(ConfigKeys.DELIVERY_BATCH_SIZE, 200, 1, 5000),
        integer(ConfigKeys.DELIVERY_LEASE_SECONDS, 30, 1, 86_400),
        integer(ConfigKeys.DELIVERY_POLL_MS, 1000, 10, 60_000),
        integer(ConfigKeys.RETRY_BASE_MS, 30_000, 1, 3_600_000),
        integer(ConfigKeys.RETRY_MAX_MS, 3_600_000, 1, 86_400_000),
        integer(ConfigKeys.MAX_ATTEMPTS, 30, 1, 1000),
        integer(ConfigKeys.RETRY_HORIZON_HOURS, 24, 1, 24 * 14),
        integer(ConfigKeys.SMS_TIMEOUT_MS, 10_000, 100, 120_000),
        sid, authToken,
        httpUrl(ConfigKeys.TWILIO_BASE_URL).orElse("https://api.twilio.com"),
        bool(ConfigKeys.DELIVERY_ENABLED, true),
        integer(ConfigKeys.DELIVERY_SEND_DEADLINE_MS, 240_000, 100, 3_600_000),
        integer(ConfigKeys.DELIVERY_RENDER_DEADLINE_MS, 60_000, 100, 3_600_000));
  }

  /** Values that end up in mail headers never carry line breaks. */
  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n]+", " ");
  }

  private Optional<String> string(String key) {
    Object value = raw.getValue(key);
    if (value == null) {
      return Optional.empty();
    }
    String s = value.toString().trim();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  private int integer(String key, int fallback, int min, int max) {
    Optional<String> s = string(key);
    if (s.isEmpty()) {
      return fallback;
    }
    try {
      long v = Long.parseLong(s.get());
      if (v < min || v > max) {
        problems.add(key + " must be between " + min + " and " + max + ", got " + s.get());
        return fallback;
      }
      return (int) v;
    } catch (NumberFormatException e) {
      problems.add(key + " must be a whole number, got \"" + s.get() + "\"");
      return fallback;
    }
  }

  private boolean bool(String key, boolean fallback) {
    Optional<String> s = string(key);
    if (s.isEmpty()) {
      return fallback;
    }
    if (s.get().equalsIgnoreCase("true") || s.get().equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(s.get());
    }
    problems.add(key + " must be true or false, got \"" + s.get() + "\"");
    return fallback;
  }

  private <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
    Optional<String> s = string(key);
    if (s.isEmpty()) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, s.get().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        names.add(c.name().toLowerCase(Locale.ROOT));
      }
      problems.add(key + " must be one of " + String.join(", ", names) + ", got \"" + s.get() + "\"");
      return fallback;
    }
  }

  private Optional<String> httpUrl(String key) {
    Optional<String> s = string(key);
    if (s.isEmpty()) {
      return s;
    }
    try {
      URI uri = new URI(s.get());
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        problems.add(key + " must be an absolute http(s) URL, got \"" + s.get() + "\"");
        return Optional.empty();
      }
      return Optional.of(s.get().replaceAll("/+$", ""));
    } catch (Exception e) {
      problems.add(key + " must be an absolute http(s) URL, got \"" + s.get() + "\"");
      return Optional.empty();
    }
  }

  private void checkDatabaseUrl(String url) {
    if (!(url.startsWith("postgresql://") || url.startsWith("postgres://"))) {
      problems.add(ConfigKeys.DATABASE_URL + " must look like postgresql://user:password@host:5432/database");
      return;
    }
    try {
      PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      problems.add(ConfigKeys.DATABASE_URL + " cannot be parsed: " + e.getMessage());
    }
  }

  private static String hostOf(String url) {
    try {
      return URI.create(url).getHost();
    } catch (RuntimeException e) {
      return "localhost";
    }
  }
}
