package org.noticeboard.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.accounts.Role;
import org.noticeboard.accounts.Tenant;
import org.noticeboard.support.TestApp;

/** Progress counts of a large campaign are reused for a while; quick ones and the campaign's state never are. */
class ProgressCountsTest {
  static TestApp app;
  static long org;
  static long campaign;
  static Tenant tenant;

  @BeforeAll
  static void start() {
    app = TestApp.start(new JsonObject().put("NB_DELIVERY_ENABLED", false));
    String owner = app.bootstrap("Haslingden Family Hub");
    long centre = app.as(owner).post("units", new JsonObject().put("kind", "centre").put("name", "Haslingden")).id();
    long list = app.as(owner).post("lists", new JsonObject().put("unitId", centre).put("name", "Families")
        .put("kind", "newsletter")).id();
    long template = app.as(owner).post("templates", new JsonObject().put("shipped", "newsletter").put("name", "News")).id();
    campaign = app.as(owner).post("campaigns", new JsonObject().put("unitId", centre).put("name", "December")
        .put("templateId", template).put("listIds", new JsonArray().add(list))).id();
    org = app.count("SELECT organisation_id FROM campaign WHERE id = " + campaign);
    tenant = new Tenant(org, Role.OWNER, null, null, 0, null);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static void messages(String status, int n) {
    app.exec("INSERT INTO message (organisation_id, channel, destination, source_kind, source_id, status, idempotency_key)"
        + " SELECT " + org + ", 'email', 'p' || g || '@example.org', 'campaign', " + campaign + ", '" + status + "',"
        + " 'progress-test:' || '" + status + "' || g || ':' || random() FROM generate_series(1, " + n + ") g");
  }

  static JsonObject progress(CampaignReports reports) {
    return reports.progress(tenant, campaign).await();
  }

  @Test
  void reuseGrowsWithTheCostOfCountingAndIsBounded() {
    assertEquals(0, CampaignReports.reuseFor(Duration.ofMillis(10).toNanos()), "a quick count is never reused");
    assertEquals(Duration.ofMillis(500).toNanos(), CampaignReports.reuseFor(Duration.ofMillis(100).toNanos()));
    assertEquals(Duration.ofSeconds(30).toNanos(), CampaignReports.reuseFor(Duration.ofSeconds(8).toNanos()));
  }

  @Test
  void aSlowCountIsReusedUntilItIsTooOldButTheStateIsAlwaysFresh() {
    // a clock on which every reading is 100 ms after the one before: each count "takes" 100 ms
    AtomicLong clock = new AtomicLong();
    CampaignReports reports = new CampaignReports(app.services().pool(), app.clock(), () -> clock.addAndGet(Duration.ofMillis(100).toNanos()));
    messages("sent", 3);
    JsonObject first = progress(reports);
    assertEquals(3, first.getJsonObject("messages").getInteger("sent"));

    messages("sent", 2);
    app.exec("UPDATE campaign SET state = 'paused' WHERE id = " + campaign);
    JsonObject soon = progress(reports);
    assertEquals(3, soon.getJsonObject("messages").getInteger("sent"), "counted 100 ms ago, reusable for 500 ms");
    assertEquals("paused", soon.getString("state"), "the campaign itself is read every time");

    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    assertEquals(5, progress(reports).getJsonObject("messages").getInteger("sent"), "too old: counted again");

    messages("sent", 1);
    assertEquals(5, progress(reports).getJsonObject("messages").getInteger("sent"), "recent again");
    app.exec("UPDATE campaign SET state = 'cancelled' WHERE id = " + campaign);
    assertEquals(6, progress(reports).getJsonObject("messages").getInteger("sent"),
        "a campaign that has ended is counted anew: a live stream stops on that snapshot");
    messages("sent", 1);
    assertEquals(6, progress(reports).getJsonObject("messages").getInteger("sent"),
        "a count made after it ended is shared by everyone asking");
    assertEquals(7, reports.report(tenant, campaign).await().getJsonObject("messages").getInteger("sent"),
        "the final report always counts");
  }

  @Test
  void quickCountsAreAlwaysNew() {
    CampaignReports reports = new CampaignReports(app.services().pool(), app.clock());
    long before = progress(reports).getJsonObject("messages").getLong("failed");
    messages("failed", 4);
    assertEquals(before + 4, progress(reports).getJsonObject("messages").getLong("failed"));
  }
}
