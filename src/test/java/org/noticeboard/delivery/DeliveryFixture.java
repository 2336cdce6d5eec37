package org.noticeboard.delivery;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Clock;
import java.util.List;
import org.noticeboard.app.Services;
import org.noticeboard.support.TestApp;

/** Shared set-up for delivery tests: organisations, units, lists and subscribers written with SQL, engines started directly. */
final class DeliveryFixture {
  final TestApp app;
  final TestRenderer renderer = new TestRenderer();

  DeliveryFixture(TestApp app) {
    this.app = app;
  }

  /** Delivery settings that keep tests fast: short polls and retries, 2 email workers. */
  static JsonObject fastConfig() {
    return new JsonObject()
        .put("NB_DELIVERY_ENABLED", false) // these tests start and stop their own engines
        .put("NB_DELIVERY_POLL_MS", 100)
        .put("NB_DELIVERY_RETRY_BASE_MS", 50)
        .put("NB_DELIVERY_RETRY_MAX_MS", 200)
        .put("NB_DELIVERY_WORKERS", 2)
        .put("NB_SMTP_OWN_HOSTNAME", "nb.test")
        .put("NB_MAIL_FROM", "news@nb.test")
        .put("NB_PUBLIC_BASE_URL", "https://nb.example.org");
  }

  DeliveryEngine start(Clock clock) {
    return start(app.services(), clock);
  }

  DeliveryEngine start(Services s, Clock clock) {
    return DeliveryEngine.deploy(s.vertx(), s.config(), s.pool(), s.metrics(), s.signedTokens(), s.addressHasher(),
        renderer, PgConnectOptions.fromUri(s.config().databaseUrl().orElseThrow()), clock).await();
  }

  /** Starts an engine and stops it again: the instance then has its lasting id, and nothing is left running. */
  void engineOnce() {
    start(app.clock()).stop().await();
  }

  long organisation(String token) {
    return app.as(token).get("me").json().getLong("organisationId");
  }

  long unit(long org, String name, String phone, String email) {
    return app.count("INSERT INTO unit (organisation_id, kind, name, path, phone, email) VALUES (" + org
        + ", 'centre', " + lit(name) + ", '/', " + lit(phone) + ", " + lit(email) + ") RETURNING id");
  }

  long list(long org, long unit, String name, boolean sensitive) {
    return app.count("INSERT INTO mailing_list (organisation_id, unit_id, name, kind, sensitive) VALUES (" + org + ", "
        + unit + ", " + lit(name) + ", 'newsletter', " + sensitive + ") RETURNING id");
  }

  long subscriber(long org, Long unit, String name, String email, String phone, String language, String attributes) {
    return app.count("INSERT INTO subscriber (organisation_id, unit_id, name, email, phone, language, attributes) VALUES ("
        + org + ", " + (unit == null ? "NULL" : unit) + ", " + lit(name) + ", " + lit(email) + ", " + lit(phone) + ", "
        + lit(language) + ", " + lit(attributes == null ? "{}" : attributes) + "::jsonb) RETURNING id");
  }

  void subscribe(long org, long list, long subscriber, String channel) {
    app.exec("INSERT INTO subscription (organisation_id, list_id, subscriber_id, channel, status) VALUES (" + org + ", "
        + list + ", " + subscriber + ", '" + channel + "', 'confirmed')");
  }

  int enqueue(List<NewMessage> messages) {
    return app.services().pool().withTransaction(tx -> Outbox.enqueue(tx, messages, app.clock().instant())).await();
  }

  static JsonObject fixture(String subject, String html, String text, String sms) {
    return new JsonObject().put("fixture", new JsonObject().put("subject", subject).put("html", html)
        .put("text", text).put("sms", sms));
  }

  String status(long messageId) {
    return string("SELECT status FROM message WHERE id = " + messageId);
  }

  long messageId(String idempotencyKey) {
    return app.count("SELECT id FROM message WHERE idempotency_key = " + lit(idempotencyKey));
  }

  String string(String sql) {
    try (var c = java.sql.DriverManager.getConnection(org.noticeboard.support.TestDatabase.jdbcUrl(app.databaseName()),
        "postgres", "postgres"); var rs = c.createStatement().executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  static String lit(String s) {
    return s == null ? "NULL" : "'" + s.replace("'", "''") + "'";
  }
}
