package org.noticeboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Await;
import org.noticeboard.support.TestApp;
import org.noticeboard.support.TestClock;

/** SMS through a real HTTP gateway: signatures, retries, timeouts, quiet hours, status callbacks (replies: SmsRepliesTest). */
class SmsDeliveryTest {
  static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("sms-gateway-secret-0123456789".getBytes());
  static SmsGatewayStub gateway;
  static TestApp app;
  static DeliveryFixture fx;
  static WebClient web;
  static long org;
  static long unit;
  static long list;
  DeliveryEngine engine;

  @BeforeAll
  static void start() {
    TestClock clock = TestClock.suiteDefault();
    gateway = new SmsGatewayStub(SECRET, clock);
    int port = gateway.start();
    app = TestApp.start(DeliveryFixture.fastConfig().put("NB_SMS_WEBHOOK_URL", "http://127.0.0.1:" + port + "/sms")
        .put("NB_SMS_WEBHOOK_SECRET", SECRET).put("NB_SMS_TIMEOUT_MS", 300), clock);
    fx = new DeliveryFixture(app);
    web = WebClient.create(app.app().vertx());
    String owner = app.bootstrap("Text Hubs");
    org = fx.organisation(owner);
    noQuietHours(owner);
    unit = fx.unit(org, "Bacup Family Hub", "01706 111222", "bacup@example.org");
    app.exec("UPDATE unit SET sms_sender = 'BacupHub' WHERE id = " + unit);
    list = fx.list(org, unit, "Bacup texts", false);
  }

  @AfterAll
  static void stop() {
    app.close();
    gateway.close();
  }

  @AfterEach
  void stopEngine() {
    if (engine != null) {
      engine.stop().await();
      engine = null;
    }
  }

  static NewMessage text(long org, long subscriber, Long list, String phone, String body, String key) {
    return NewMessage.templated(org, subscriber, list, unit, Channel.SMS, phone, "campaign", 1L, 3, 1, List.of("en"),
        DeliveryFixture.fixture(null, null, null, body), key);
  }

  static String sign(String id, long ts, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8)));
  }

  static HttpResponse<Buffer> hook(String path, JsonObject body, long ts, boolean goodSignature) throws Exception {
    String b = body.encode();
    String id = "msg_" + System.nanoTime();
    return web.post(app.port(), "127.0.0.1", path).putHeader("Content-Type", "application/json")
        .putHeader("webhook-id", id).putHeader("webhook-timestamp", Long.toString(ts))
        .putHeader("webhook-signature", goodSignature ? sign(id, ts, b) : sign(id, ts, b + " "))
        .sendBuffer(Buffer.buffer(b)).await();
  }

  /** These texts are not about quiet hours: they go at any hour the suite runs. */
  static void noQuietHours(String owner) {
    assertEquals(200, app.as(owner).patch("organisation", new JsonObject().putNull("smsQuietHours")).status());
  }

  static long now() {
    return app.clock().instant().getEpochSecond();
  }

  @Test
  void busyAndFailingGatewayIsRetriedAndTheMessageSentExactlyOnce() {
    long zofia = fx.subscriber(org, unit, "Zofia Nowak", null, "+447700900001", "pl", null);
    gateway.answer("+447700900001", 429, 500, 200);
    fx.enqueue(List.of(text(org, zofia, list, "+447700900001", "Hi ${subscriber.firstName}, stay & play Tue 10:00", "sms:1")));
    engine = fx.start(app.clock());
    long id = fx.messageId("sms:1");
    Await.until("sent", Duration.ofSeconds(10), () -> "sent".equals(fx.status(id)));
    List<SmsGatewayStub.Received> got = gateway.to("+447700900001");
    assertEquals(3, got.size());
    assertEquals(List.of(429, 500, 200), got.stream().map(SmsGatewayStub.Received::answered).toList());
    assertTrue(got.stream().allMatch(SmsGatewayStub.Received::signatureValid));
    assertTrue(got.stream().allMatch(r -> ("nb_" + id).equals(r.headers().get("webhook-id"))), "same id on every retry");
    JsonObject body = got.get(2).body();
    assertEquals("nb_" + id, body.getString("id"));
    assertEquals("BacupHub", body.getString("from"));
    assertEquals("Hi Zofia, stay & play Tue 10:00", body.getString("body"));
    assertEquals("GSM-7", body.getString("encoding"));
    assertEquals(1, body.getInteger("segments"));
    assertEquals(id, body.getJsonObject("metadata").getLong("messageId"));
    assertEquals("gw-nb_" + id, fx.string("SELECT provider_message_id FROM message WHERE id = " + id));
    assertEquals(2, app.count("SELECT count(*) FROM delivery_event WHERE event = 'retry' AND message_id = " + id));
    assertEquals(3, app.count("SELECT attempts FROM message WHERE id = " + id));
  }

  @Test
  void timeoutsAreRetriedAndOther4xxFailPermanently() {
    long a = fx.subscriber(org, unit, "Slow Sam", null, "+447700900002", "en", null);
    long b = fx.subscriber(org, unit, "Bad Bo", null, "+447700900003", "en", null);
    gateway.answer("+447700900002", -1500, 200);
    gateway.answer("+447700900003", 400);
    fx.enqueue(List.of(text(org, a, list, "+447700900002", "Zajęcia w środę 😊 ${subscriber.firstName}", "sms:2"),
        text(org, b, list, "+447700900003", "Hello", "sms:3")));
    engine = fx.start(app.clock());
    long slow = fx.messageId("sms:2");
    long bad = fx.messageId("sms:3");
    Await.until("both done", Duration.ofSeconds(10), () -> "sent".equals(fx.status(slow)) && "failed".equals(fx.status(bad)));
    assertTrue(app.count("SELECT count(*) FROM delivery_event WHERE event = 'retry' AND detail LIKE 'gateway unreachable%' AND message_id = " + slow) >= 1);
    JsonObject accepted = gateway.to("+447700900002").get(gateway.to("+447700900002").size() - 1).body();
    assertEquals("UCS-2", accepted.getString("encoding"));
    assertEquals(1, app.count("SELECT attempts FROM message WHERE id = " + bad));
    assertEquals(1, gateway.to("+447700900003").size());
    assertEquals("gateway answered HTTP 400", fx.string("SELECT last_error FROM message WHERE id = " + bad));
  }

  @Test
  void quietHoursHoldNonUrgentTextsUntilTheWindowOpens() {
    long quietOrg = fx.organisation(app.bootstrap("Quiet Hubs")); // default quiet hours 21:00-08:00 Europe/London
    long qUnit = fx.unit(quietOrg, "Night centre", null, null);
    long x = fx.subscriber(quietOrg, qUnit, "Night Owl", null, "+447700900010", "en", null);
    long y = fx.subscriber(quietOrg, qUnit, "Urgent Una", null, "+447700900011", "en", null);
    fx.enqueue(List.of(text(quietOrg, x, null, "+447700900010", "Reminder", "sms:quiet"),
        text(quietOrg, y, null, "+447700900011", "Centre closed today", "sms:urgent").withUrgent(true)));
    TestClock clock = app.clock();
    clock.set(Instant.parse("2030-01-15T22:00:00Z")); // 22:00 in London (GMT); later than anything queued before
    engine = fx.start(clock);
    long quiet = fx.messageId("sms:quiet");
    long urgent = fx.messageId("sms:urgent");
    Await.until("urgent sent, other held", Duration.ofSeconds(10), () -> "sent".equals(fx.status(urgent))
        && app.count("SELECT count(*) FROM delivery_event WHERE event = 'held' AND message_id = " + quiet) == 1);
    assertEquals("queued", fx.status(quiet));
    assertEquals("2030-01-16 08:00:00+00", fx.string("SELECT next_attempt_at FROM message WHERE id = " + quiet));
    assertEquals(0, app.count("SELECT attempts FROM message WHERE id = " + quiet), "a hold is not an attempt");
    assertTrue(gateway.to("+447700900010").isEmpty());
    clock.set(Instant.parse("2030-01-16T07:59:00Z"));
    assertEquals(0, app.count("SELECT count(*) FROM message WHERE id = " + quiet + " AND status = 'queued'"
        + " AND next_attempt_at <= '" + clock.instant() + "'"), "still quiet at 07:59: not due, so no worker can claim it");
    assertTrue(gateway.to("+447700900010").isEmpty());
    clock.set(Instant.parse("2030-01-16T08:00:01Z"));
    Await.until("sent when the window opened", Duration.ofSeconds(10), () -> "sent".equals(fx.status(quiet)));
    assertEquals(1, gateway.to("+447700900010").size());
  }

  @Test
  void statusCallbacksAreVerifiedAndUpdateMessages() throws Exception {
    long s = fx.subscriber(org, unit, "Dee Livered", null, "+447700900020", "en", null);
    long t = fx.subscriber(org, unit, "Fay Led", null, "+447700900021", "en", null);
    fx.enqueue(List.of(text(org, s, list, "+447700900020", "One", "sms:20"), text(org, t, list, "+447700900021", "Two", "sms:21")));
    engine = fx.start(app.clock());
    long one = fx.messageId("sms:20");
    long two = fx.messageId("sms:21");
    Await.until("sent", Duration.ofSeconds(10), () -> "sent".equals(fx.status(one)) && "sent".equals(fx.status(two)));

    HttpResponse<Buffer> bad = hook("/hooks/sms/status", new JsonObject().put("id", "gw-nb_" + one).put("status", "delivered"), now(), false);
    assertEquals(401, bad.statusCode());
    assertEquals("application/problem+json", bad.getHeader("Content-Type"));
    assertEquals(401, hook("/hooks/sms/status", new JsonObject().put("id", "gw-nb_" + one).put("status", "delivered"), now() - 600, true).statusCode());
    assertEquals("sent", fx.status(one));

    assertEquals(200, hook("/hooks/sms/status", new JsonObject().put("id", "gw-nb_" + one).put("status", "delivered"), now(), true).statusCode());
    assertEquals("delivered", fx.status(one));
    HttpResponse<Buffer> failed = hook("/hooks/sms/status", new JsonObject().put("id", "nb_" + two).put("status", "undelivered")
        .put("error", "handset unreachable"), now(), true);
    assertEquals(1, failed.bodyAsJsonObject().getInteger("updated"));
    assertEquals("failed", fx.status(two));
    assertEquals(1, app.count("SELECT count(*) FROM delivery_event WHERE event = 'failed' AND detail = 'handset unreachable' AND message_id = " + two));
  }
}
