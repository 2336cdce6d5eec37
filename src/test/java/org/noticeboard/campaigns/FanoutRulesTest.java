package org.noticeboard.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Await;
import org.noticeboard.support.Response;
import org.noticeboard.support.TestApp;

/** Who a campaign's fan-out writes to, on which channel and for which list (nothing is sent here). */
class FanoutRulesTest {
  static TestApp app;
  static String owner;
  static long centre;
  static long template;

  @BeforeAll
  static void start() {
    app = TestApp.start(new JsonObject().put("NB_DELIVERY_ENABLED", false).put("NB_CAMPAIGN_TICK_MS", 50));
    owner = app.bootstrap("Whitworth Children's Centre");
    centre = app.as(owner).post("units", new JsonObject().put("kind", "centre").put("name", "Whitworth")).id();
    template = app.as(owner).post("templates", new JsonObject().put("shipped", "message-to-dads").put("name", "Flier")).id();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static long list(String name, boolean sensitive) {
    return app.as(owner).post("lists", new JsonObject().put("unitId", centre).put("name", name).put("kind", "programme")
        .put("sensitive", sensitive)).id();
  }

  static long person(String name, String email, String phone, JsonObject attributes, String... tags) {
    JsonObject body = new JsonObject().put("name", name).put("tags", new JsonArray(java.util.List.of(tags)))
        .put("unitId", centre);
    if (email != null) {
      body.put("email", email);
    }
    if (phone != null) {
      body.put("phone", phone);
    }
    if (attributes != null) {
      body.put("attributes", attributes);
    }
    Response r = app.as(owner).post("subscribers", body);
    assertEquals(201, r.status(), r.text());
    return r.id();
  }

  static void subscribe(long list, long person, String... channels) {
    Response r = app.as(owner).post("lists/" + list + "/subscriptions", new JsonObject().put("subscriberId", person)
        .put("channels", new JsonArray(java.util.List.of(channels))).put("source", "admin"));
    assertEquals(201, r.status(), r.text());
  }

  static long run(JsonObject campaign) throws InterruptedException {
    Response c = app.as(owner).post("campaigns", campaign.put("unitId", centre).put("templateId", template));
    assertEquals(201, c.status(), c.text());
    assertEquals(200, app.as(owner).post("campaigns/" + c.id() + "/send", null).status());
    Await.until("fan-out", Duration.ofSeconds(10),
        () -> app.count("SELECT count(*) FROM campaign WHERE fanout_done AND id = " + c.id()) == 1);
    return c.id();
  }

  static String rows(long campaign) {
    StringBuilder out = new StringBuilder();
    try (var conn = java.sql.DriverManager.getConnection(org.noticeboard.support.TestDatabase.jdbcUrl(app.databaseName()), "postgres", "postgres");
         var rs = conn.createStatement().executeQuery("SELECT s.name, m.channel, l.name FROM message m JOIN subscriber s ON s.id = m.subscriber_id "
             + "JOIN mailing_list l ON l.id = m.list_id WHERE m.source_id = " + campaign + " ORDER BY s.name, m.channel")) {
      while (rs.next()) {
        out.append(rs.getString(1)).append('/').append(rs.getString(2)).append('/').append(rs.getString(3)).append(';');
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  @Test
  void sensitiveListsHonourTheDiscreetChannelAndEveryoneElseIsReached() throws Exception {
    long programme = list("Freedom programme", true);
    long plain = person("Ann", "ann@example.org", null, null);
    long none = person("Bea", "bea@example.org", "07911 123461", new JsonObject().put("discreetChannel", "none"));
    long smsOnly = person("Cat", "cat@example.org", "07911 123462", new JsonObject().put("discreetChannel", "sms-only"));
    subscribe(programme, plain, "email");
    subscribe(programme, none, "email", "sms");
    subscribe(programme, smsOnly, "email", "sms");
    long modelsBefore = app.count("SELECT count(*) FROM message_model");
    long id = run(new JsonObject().put("name", "Programme news").put("listIds", new JsonArray().add(programme)));
    assertEquals("Ann/email/Freedom programme;Cat/sms/Freedom programme;", rows(id));
    assertEquals(1, app.count("SELECT unreachable FROM campaign WHERE id = " + id), "Bea asked for nothing");
    // their messages keep their own model, cleared once sent, rather than a shared copy that would outlive them
    assertEquals(0, app.count("SELECT count(*) FROM message WHERE source_kind = 'campaign' AND source_id = " + id
        + " AND (model_id IS NOT NULL OR model -> 'campaign' ->> 'name' IS DISTINCT FROM 'Programme news')"));
    assertEquals(modelsBefore, app.count("SELECT count(*) FROM message_model"));
    // cancelled before sending, they keep nothing readable either
    assertEquals(200, app.as(owner).post("campaigns/" + id + "/cancel", null).status());
    assertEquals(0, app.count("SELECT count(*) FROM message WHERE source_kind = 'campaign' AND source_id = " + id
        + " AND (status <> 'cancelled' OR model::text <> '{}' OR model_id IS NOT NULL)"));
  }

  @Test
  void eachChannelCarriesTheListItWasConsentedFor() throws Exception {
    long news = list("News by text", false);
    long bulletin = list("Bulletin by email", false);
    long dan = person("Dan", "dan@example.org", "07911 123463", null);
    subscribe(news, dan, "sms");
    subscribe(bulletin, dan, "email");
    long id = run(new JsonObject().put("name", "Both lists").put("channelPolicy", "both")
        .put("listIds", new JsonArray().add(news).add(bulletin)));
    assertEquals("Dan/email/Bulletin by email;Dan/sms/News by text;", rows(id),
        "unsubscribing from the email must leave the list the email was for");
  }

  @Test
  void aSegmentOnlyCampaignNeverSpeaksForASensitiveList() throws Exception {
    long secret = list("Private support group", true);
    long open = list("Stay and play", false);
    long eve = person("Eve", "eve@example.org", null, null, "military-family");
    long fay = person("Fay", "fay@example.org", null, null, "military-family");
    subscribe(secret, eve, "email");
    subscribe(open, eve, "email");
    subscribe(secret, fay, "email");
    long segment = app.as(owner).post("segments", new JsonObject().put("name", "Military families")
        .put("definition", new JsonObject().put("tags", new JsonObject().put("any", new JsonArray().add("military-family"))))).id();
    long id = run(new JsonObject().put("name", "Segment only").put("segmentId", segment));
    assertEquals("Eve/email/Stay and play;", rows(id), "Fay's only consent is for a sensitive list");
  }
}
