package org.noticeboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Await;
import org.noticeboard.support.Response;
import org.noticeboard.support.TestApp;
import org.noticeboard.support.TestClock;

/**
 * The service reads one clock, so behaviour that depends on the hour (quiet hours, "today" for
 * child ages) follows the time a test sets, whatever the real hour. The whole suite is also run with
 * the clock starting at 03:30, 23:59 and on both DST change days (see the pom).
 */
class AnyHourTest {

  static JsonObject noWorkers() {
    return new JsonObject().put("NB_DELIVERY_POLL_MS", 100);
  }

  @Test
  void everyPartOfTheServiceReadsTheClockItWasGiven() {
    TestClock clock = TestClock.startingAt(Instant.parse("2031-06-01T12:00:00Z"));
    try (TestApp app = TestApp.start(new JsonObject(), clock)) {
      assertSame(clock, app.services().clock());
      String owner = app.bootstrap("Clockwork Hubs");
      Response token = app.as(owner).post("tokens", new JsonObject().put("name", "half an hour")
          .put("expiresAt", "2031-06-01T12:30:00Z"));
      assertEquals(201, token.status(), "in the future by the service's clock, though long after the real time: " + token.text());
      String secret = token.json().getString("token");
      assertEquals(200, app.as(secret).get("me").status());
      clock.advance(Duration.ofMinutes(31));
      assertEquals(401, app.as(secret).get("me").status());
    }
  }

  @Test
  void smsQuietHoursFollowTheServiceClockAcrossTheSpringDstChange() {
    // 00:30 GMT on the night the clocks go forward: quiet until 08:00 BST, which is 07:00 UTC
    TestClock clock = TestClock.startingAt(Instant.parse("2027-03-28T00:30:00Z"));
    try (TestApp app = TestApp.start(noWorkers(), clock)) {
      String owner = app.bootstrap("Night Hubs");
      long unit = app.as(owner).post("units", new JsonObject().put("kind", "centre").put("name", "Night centre")).id();
      long campaign = smsTest(app, owner, unit);
      long id = app.count("SELECT id FROM message WHERE source_kind = 'test' AND source_id = " + campaign);
      Await.until("held for quiet hours", Duration.ofSeconds(10), () ->
          app.count("SELECT count(*) FROM delivery_event WHERE event = 'held' AND message_id = " + id) == 1);
      assertEquals(Instant.parse("2027-03-28T07:00:00Z").getEpochSecond(),
          app.count("SELECT extract(epoch FROM next_attempt_at)::bigint FROM message WHERE id = " + id));
      clock.set(Instant.parse("2027-03-28T06:59:00Z"));
      assertEquals("queued", status(app, id), "still quiet at 07:59 BST");
      clock.set(Instant.parse("2027-03-28T07:00:01Z"));
      Await.until("sent when quiet hours end", Duration.ofSeconds(10), () -> "sent".equals(status(app, id)));
    }
  }

  @Test
  void childAgesCountFromTodayWhereTheOrganisationIs() {
    // 12:30 UTC on 1 December is already 2 December in Auckland (UTC+13)
    TestClock clock = TestClock.startingAt(Instant.parse("2026-12-01T12:30:00Z"));
    try (TestApp app = TestApp.start(new JsonObject(), clock)) {
      String owner = app.bootstrap("Far Hubs");
      assertEquals(201, app.as(owner).post("subscribers", new JsonObject().put("name", "Born a year ago in Auckland")
          .put("email", "kiwi@example.org").put("attributes", new JsonObject().put("childBirthDate", "2025-12-02"))).status());
      JsonObject underOne = new JsonObject().put("definition", new JsonObject().put("attributes", new JsonArray()
          .add(new JsonObject().put("name", "childBirthDate").put("op", "ageMonthsUnder").put("value", 12))));
      assertEquals(1, app.as(owner).post("segments/count", underOne).json().getLong("count"), "in London it is 1 December");
      assertEquals(200, app.as(owner).patch("organisation", new JsonObject().put("timezone", "Pacific/Auckland")).status());
      assertEquals(0, app.as(owner).post("segments/count", underOne).json().getLong("count"), "in Auckland the child is one today");
    }
  }

  /** A campaign's test send of one SMS (non-urgent), through the API. */
  static long smsTest(TestApp app, String owner, long unit) {
    long template = app.as(owner).post("templates", new JsonObject().put("shipped", "message-to-dads").put("name", "Flier")).id();
    long campaign = app.as(owner).post("campaigns", new JsonObject().put("unitId", unit).put("name", "Night test")
        .put("templateId", template)).id();
    Response sent = app.as(owner).post("campaigns/" + campaign + "/test", new JsonObject().put("phones", new JsonArray().add("+447911123456")));
    assertEquals(202, sent.status(), sent.text());
    return campaign;
  }

  static String status(TestApp app, long id) {
    return app.string("SELECT status FROM message WHERE id = " + id);
  }
}
