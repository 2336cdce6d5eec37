package org.noticeboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  static Vertx vertx;

  @BeforeAll
  static void up() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void down() {
    vertx.close().await();
  }

  @Test
  void defaultsNeedNoConfiguration() {
    NoticeboardConfig c = ConfigParser.parse(new JsonObject());
    assertEquals(8080, c.httpPort());
    assertEquals(Path.of("./data"), c.dataDir());
    assertTrue(c.embeddedDatabase());
    assertTrue(!c.smtp().configured());
    assertEquals("127.0.0.1", c.management().host(), "metrics stay on the loopback interface");
    assertEquals(9464, c.management().port());
    assertTrue(c.management().metricsToken().isEmpty());
    assertEquals(587, c.smtp().port());
  }

  @Test
  void everyBadValueIsNamedInOneMessage() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(new JsonObject()
        .put("NB_HTTP_PORT", "eighty").put("NB_SMTP_TLS", "maybe").put("DATABASE_URL", "mysql://x")
        .put("NB_SMS_WEBHOOK_URL", "https://sms.example.org/send").put("NB_DB_POOL_SIZE", "0")));
    assertEquals(5, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("NB_HTTP_PORT must be a whole number, got \"eighty\""), e.getMessage());
    assertTrue(e.getMessage().contains("NB_SMTP_TLS must be one of none, starttls, tls"), e.getMessage());
    assertTrue(e.getMessage().contains("DATABASE_URL must look like postgresql://"), e.getMessage());
    assertTrue(e.getMessage().contains("NB_SMS_WEBHOOK_SECRET is required"), e.getMessage());
    assertTrue(e.getMessage().contains("NB_DB_POOL_SIZE must be between 1 and 200, got 0"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line");
  }

  @Test
  void aShortMetricsTokenOrABadManagementPortIsRefused() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(new JsonObject()
        .put("NB_METRICS_TOKEN", "short").put("NB_MANAGEMENT_PORT", "-2")));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("NB_METRICS_TOKEN must be at least 24 characters"), e.getMessage());
  }

  @Test
  void smtpOAuth2IsCheckedAsAWhole() {
    NoticeboardConfig ok = ConfigParser.parse(new JsonObject().put("NB_SMTP_HOST", "smtp.office365.com")
        .put("NB_SMTP_USERNAME", "news@centres.example.org")
        .put("NB_SMTP_OAUTH2_TOKEN_URL", "https://login.microsoftonline.com/contoso/oauth2/v2.0/token")
        .put("NB_SMTP_OAUTH2_CLIENT_ID", "app-id").put("NB_SMTP_OAUTH2_CLIENT_SECRET", "s3cret-value")
        .put("NB_SMTP_OAUTH2_SCOPE", "https://outlook.office365.com/.default"));
    assertTrue(ok.smtp().oauth2().isPresent());
    assertTrue(!ok.toString().contains("s3cret-value"), ok.toString());

    ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(new JsonObject()
        .put("NB_SMTP_HOST", "smtp.office365.com").put("NB_SMTP_TLS", "none").put("NB_SMTP_PASSWORD", "pw")
        .put("NB_SMTP_OAUTH2_TOKEN_URL", "https://login.example.org/token")));
    String m = e.getMessage();
    assertTrue(m.contains("NB_SMTP_OAUTH2_CLIENT_ID is required"), m);
    assertTrue(m.contains("NB_SMTP_USERNAME (the mailbox that sends) is required"), m);
    assertTrue(m.contains("not both"), m);
    assertTrue(m.contains("never sent in the clear"), m);
    assertTrue(m.contains("NB_SMTP_OAUTH2_CLIENT_SECRET (client credentials) or NB_SMTP_OAUTH2_REFRESH_TOKEN"), m);

    ConfigException orphan = assertThrows(ConfigException.class, () -> ConfigParser.parse(new JsonObject()
        .put("NB_SMTP_OAUTH2_CLIENT_ID", "app-id")));
    assertTrue(orphan.getMessage().contains("NB_SMTP_OAUTH2_CLIENT_ID needs NB_SMTP_OAUTH2_TOKEN_URL"), orphan.getMessage());
  }

  @Test
  void secretsNeverAppearInToString() {
    NoticeboardConfig c = ConfigParser.parse(new JsonObject().put("NB_SMTP_HOST", "smtp.example.org")
        .put("NB_SMTP_PASSWORD", "hunter2-smtp").put("NB_SECRET_KEY", "k".repeat(40))
        .put("DATABASE_URL", "postgresql://app:dbpass99@db:5432/nb")
        .put("NB_SMS_WEBHOOK_URL", "https://sms.example.org").put("NB_SMS_WEBHOOK_SECRET", "whsec-xyz")
        .put("NB_METRICS_TOKEN", "metrics-secret-0123456789abc"));
    String text = c.toString();
    for (String secret : new String[] {"hunter2-smtp", "k".repeat(40), "dbpass99", "whsec-xyz", "metrics-secret-0123456789abc"}) {
      assertTrue(!text.contains(secret), text);
    }
  }

  @Test
  void laterSourcesWinAndConfigFileIsRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("custom.json");
    Files.writeString(file, "{\"NB_HTTP_PORT\": 9090, \"NB_PUBLIC_BASE_URL\": \"https://news.example.org/\", \"NB_DATA_DIR\": \""
        + dir.toString().replace("\\", "\\\\") + "\"}");
    NoticeboardConfig c = ConfigLoader.load(vertx, Optional.of(file), new JsonObject().put("NB_HTTP_PORT", "7070")).await();
    assertEquals(7070, c.httpPort(), "overrides win over the file");
    assertEquals("https://news.example.org", c.publicBaseUrl(), "file value read, trailing slash dropped");
  }

  @Test
  void missingConfigFileIsAClearError(@TempDir Path dir) {
    Exception e = assertThrows(Exception.class,
        () -> ConfigLoader.load(vertx, Optional.of(dir.resolve("nope.json")), new JsonObject()).await());
    assertTrue(e.getMessage().contains("nope.json does not exist"), e.getMessage());
  }

  @Test
  void generatedSecretKeyIsKeptAcrossRestarts(@TempDir Path dir) {
    JsonObject raw = new JsonObject().put("NB_DATA_DIR", dir.toString());
    String first = ConfigLoader.load(vertx, Optional.empty(), raw).await().secretKey();
    String second = ConfigLoader.load(vertx, Optional.empty(), raw).await().secretKey();
    assertTrue(first.length() >= 32);
    assertEquals(first, second);
  }
}
