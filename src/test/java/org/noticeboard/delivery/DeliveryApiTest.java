package org.noticeboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Await;
import org.noticeboard.support.Response;
import org.noticeboard.support.TestApp;

/** The message log, retry/cancel, suppressions and the development mail sink, with tenancy. */
class DeliveryApiTest {
  static TestApp app;
  static DeliveryFixture fx;
  static String owner;
  static String other;
  static long org;
  static long unitA;
  static long unitB;
  static DeliveryEngine engine;

  @BeforeAll
  static void start() {
    app = TestApp.start(DeliveryFixture.fastConfig()); // no SMTP host: the development mail sink
    fx = new DeliveryFixture(app);
    owner = app.bootstrap("Log Hubs");
    other = app.bootstrap("Nosy Council");
    org = fx.organisation(owner);
    unitA = app.as(owner).post("units", new JsonObject().put("kind", "centre").put("name", "Centre A")).id();
    unitB = app.as(owner).post("units", new JsonObject().put("kind", "centre").put("name", "Centre B")).id();
    engine = fx.start(app.clock());
  }

  @AfterAll
  static void stop() {
    engine.stop().await();
    app.close();
  }

  static List<Long> ids(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }

  @Test
  void devSinkWritesRealMessagesListedPerOrganisation() {
    fx.enqueue(List.of(NewMessage.email(org, null, null, unitA, "dev@example.org", "test", null, "Zażółć gęślą jaźń",
        "<p>Hello</p>", "Hello", "dev:1")));
    long id = fx.messageId("dev:1");
    Await.until("written", Duration.ofSeconds(10), () -> "sent".equals(fx.status(id)));
    Response list = app.as(owner).get("dev/mail");
    assertEquals(200, list.status());
    JsonObject entry = list.items().getJsonObject(0);
    assertEquals(id + ".eml", entry.getString("name"));
    var raw = app.send(HttpMethod.GET, "/api/v1/dev/mail/" + id + ".eml", null, null);
    assertEquals(401, raw.statusCode(), "needs a token");
    Response mail = app.as(owner).get("/api/v1/dev/mail/" + id + ".eml");
    assertEquals(200, mail.status());
    assertEquals("message/rfc822", mail.header("Content-Type"));
    assertTrue(mail.text().contains("Subject: =?UTF-8?"), mail.text());
    assertTrue(mail.text().contains("multipart/alternative"));
    assertTrue(mail.text().contains("To: dev@example.org"));
    assertEquals(List.of(), app.as(other).get("dev/mail").items().getList());
    assertEquals(404, app.as(other).get("/api/v1/dev/mail/" + id + ".eml").status());
    assertEquals(404, app.as(owner).get("/api/v1/dev/mail/..%2Fsecret.key").status());
    String scopedOwner = app.as(owner).post("tokens", new JsonObject().put("name", "unit owner").put("role", "owner")
        .put("unitId", unitA)).json().getString("token");
    String viewer = app.as(owner).post("tokens", new JsonObject().put("name", "viewer").put("role", "viewer"))
        .json().getString("token");
    assertEquals(403, app.as(scopedOwner).get("dev/mail").status(), "the sink holds every unit's mail");
    assertEquals(403, app.as(viewer).get("/api/v1/dev/mail/" + id + ".eml").status());
  }

  @Test
  void withoutAGatewaySmsGoToTheDevSink() {
    app.clock().advanceToLondon(10, 0); // daytime: a non-urgent SMS would wait out quiet hours at night
    fx.enqueue(List.of(NewMessage.sms(org, null, null, unitA, "+447911123456", "transactional", null, "Stay and play is on at 10",
        false, "devsms:1")));
    long id = fx.messageId("devsms:1");
    Await.until("written", Duration.ofSeconds(10), () -> "sent".equals(fx.status(id)));
    Response list = app.as(owner).get("dev/sms");
    assertEquals(id + ".json", list.items().getJsonObject(0).getString("name"));
    Response sms = app.as(owner).get("/api/v1/dev/sms/" + id + ".json");
    assertEquals("application/json", sms.header("Content-Type"));
    assertEquals("+447911123456", sms.json().getString("to"));
    assertEquals("Stay and play is on at 10", sms.json().getString("body"));
    assertEquals(List.of(), app.as(other).get("dev/sms").items().getList());
  }

  @Test
  void logFiltersPagesAndShowsHistory() {
    for (int i = 0; i < 3; i++) {
      fx.enqueue(List.of(NewMessage.email(org, null, null, unitA, "log" + i + "@example.org", "campaign", 77L, "S", "<p>x</p>",
          "x", "log:" + i)));
    }
    fx.enqueue(List.of(NewMessage.email(org, null, null, unitB, "b@example.org", "reminder", 5L, "S", "<p>x</p>", "x", "log:b")));
    Await.until("sent", Duration.ofSeconds(10), () -> app.count("SELECT count(*) FROM message WHERE idempotency_key LIKE 'log:%' AND status = 'sent'") == 4);

    Response first = app.as(owner).get("messages?sourceKind=campaign&sourceId=77&limit=2");
    assertEquals(200, first.status());
    assertEquals(2, first.items().size());
    Response second = app.as(owner).get("messages?sourceKind=campaign&sourceId=77&limit=2&after=" + first.json().getLong("next"));
    assertEquals(1, second.items().size());
    assertFalse(second.json().containsKey("next"));
    assertEquals(4, app.as(owner).get("messages?status=sent&channel=email&limit=500").items().stream()
        .filter(o -> ((JsonObject) o).getString("destination").matches("(log\\d|b)@example.org")).count());
    assertEquals(422, app.as(owner).get("messages?status=lost").status());
    assertTrue(app.as(owner).get("messages?channel=fax").hasFieldError("channel"));

    long id = fx.messageId("log:0");
    JsonObject one = app.as(owner).get("messages/" + id).json();
    assertEquals(List.of("queued", "sent"), one.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("event")).toList());
    assertEquals("log0@example.org", one.getString("destination"));
    assertEquals(unitA, one.getLong("unitId"));

    // tenancy: another organisation sees nothing; a token for Centre B does not see Centre A's messages
    assertEquals(404, app.as(other).get("messages/" + id).status());
    assertTrue(app.as(other).get("messages").items().isEmpty());
    String centreB = app.as(owner).post("tokens", new JsonObject().put("name", "b").put("role", "coordinator").put("unitId", unitB))
        .json().getString("token");
    assertEquals(404, app.as(centreB).get("messages/" + id).status());
    List<Long> seen = ids(app.as(centreB).get("messages?limit=500").items());
    assertTrue(seen.contains(fx.messageId("log:b")));
    assertFalse(seen.contains(id));
  }

  @Test
  void retryAndCancelFollowTheStateRules() {
    fx.enqueue(List.of(
        NewMessage.email(org, null, null, unitA, "later@example.org", "campaign", 78L, "S", "<p>x</p>", "x", "rc:later")
            .withNotBefore(app.clock().instant().plusSeconds(3600)),
        NewMessage.email(org, null, null, unitA, "not an address", "campaign", 78L, "S", "<p>x</p>", "x", "rc:bad")));
    long later = fx.messageId("rc:later");
    long bad = fx.messageId("rc:bad");
    Await.until("bad failed", Duration.ofSeconds(10), () -> "failed".equals(fx.status(bad)));

    assertEquals(404, app.as(other).post("messages/" + later + "/cancel", null).status());
    Response viewer = app.as(app.as(owner).post("tokens", new JsonObject().put("name", "v").put("role", "viewer")).json()
        .getString("token")).post("messages/" + later + "/cancel", null);
    assertEquals(403, viewer.status());
    Response cancelled = app.as(owner).post("messages/" + later + "/cancel", null);
    assertEquals(200, cancelled.status(), cancelled.text());
    assertEquals("cancelled", cancelled.json().getString("status"));
    Response again = app.as(owner).post("messages/" + later + "/cancel", null);
    assertEquals(409, again.status());
    assertEquals("application/problem+json", again.header("Content-Type"));
    assertEquals(409, app.as(owner).post("messages/" + later + "/retry", null).status());

    assertEquals(404, app.as(other).post("messages/" + bad + "/retry", null).status());
    Response retried = app.as(owner).post("messages/" + bad + "/retry", null);
    assertEquals(200, retried.status());
    Await.until("failed again", Duration.ofSeconds(10), () -> "failed".equals(fx.status(bad))
        && app.count("SELECT count(*) FROM delivery_event WHERE event = 'failed' AND message_id = " + bad) == 2);
    assertEquals(1, app.count("SELECT count(*) FROM delivery_event WHERE event = 'retry-requested' AND message_id = " + bad));
  }

  @Test
  void suppressionsCanBeListedAddedAndLiftedByHand() {
    Response added = app.as(owner).post("suppressions", new JsonObject().put("channel", "sms").put("address", "+447700900123")
        .put("detail", "asked by phone"));
    assertEquals(201, added.status(), added.text());
    assertEquals("+44…123", added.json().getString("masked"));
    assertEquals("manual", added.json().getString("reason"));
    assertTrue(added.header("Location").endsWith("/suppressions/" + added.id()));
    assertFalse(added.text().contains("900123"));
    assertEquals(409, app.as(owner).post("suppressions", new JsonObject().put("channel", "sms").put("address", "+447700900123")).status());
    Response invalid = app.as(owner).post("suppressions", new JsonObject().put("channel", "sms").put("address", "07700 900123"));
    assertEquals(422, invalid.status());
    assertTrue(invalid.hasFieldError("address"));
    assertTrue(app.as(owner).post("suppressions", new JsonObject()).hasFieldError("channel"));

    assertTrue(ids(app.as(owner).get("suppressions?channel=sms").items()).contains(added.id()));
    assertTrue(app.as(other).get("suppressions").items().isEmpty());
    assertEquals(404, app.as(other).delete("suppressions/" + added.id()).status());

    long stop = app.count("INSERT INTO suppression (organisation_id, channel, value_hash, reason, masked) VALUES (" + org
        + ", 'sms', '\\x01', 'sms-stop', '+44…999') RETURNING id");
    assertEquals(409, app.as(owner).delete("suppressions/" + stop).status());
    Response complaint = app.as(owner).post("suppressions", new JsonObject().put("channel", "email")
        .put("address", "angry@example.org").put("reason", "complaint").put("detail", "reported as spam"));
    assertEquals("complaint", complaint.json().getString("reason"));
    assertEquals(409, app.as(owner).delete("suppressions/" + complaint.id()).status(), "only the person can lift a complaint");
    assertTrue(app.as(owner).post("suppressions", new JsonObject().put("channel", "email").put("address", "x@example.org")
        .put("reason", "sms-stop")).hasFieldError("reason"));
    assertEquals(204, app.as(owner).delete("suppressions/" + added.id()).status());
    assertEquals(404, app.as(owner).get("suppressions/" + added.id()).status());
  }
}
