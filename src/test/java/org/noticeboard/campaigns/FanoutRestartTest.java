package org.noticeboard.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Await;
import org.noticeboard.support.TestApp;

/**
 * A fan-out interrupted by a crash is finished by another instance after the lease runs out, and two
 * instances running side by side never materialise anyone twice.
 */
class FanoutRestartTest {
  static final int FAMILIES = 23;

  static JsonObject config(String databaseUrl, int tickMillis) {
    JsonObject c = new JsonObject().put("NB_DELIVERY_ENABLED", false).put("NB_CAMPAIGN_CHUNK_SIZE", 2)
        .put("NB_CAMPAIGN_TICK_MS", tickMillis);
    return databaseUrl == null ? c : c.put("DATABASE_URL", databaseUrl);
  }

  @Test
  void crashedFanOutResumesElsewhereAndTwoInstancesNeverDuplicate() throws Exception {
    String url;
    long campaign;
    // Instance A: its runner never ticks during the test; it fans out one chunk, then "crashes".
    try (TestApp a = TestApp.start(config(null, 60_000))) {
      url = a.config().databaseUrl().orElseThrow();
      String owner = a.bootstrap("Hyndburn Family Hubs");
      long centre = a.as(owner).post("units", new JsonObject().put("kind", "centre").put("name", "Accrington")).id();
      long list = a.as(owner).post("lists", new JsonObject().put("unitId", centre).put("name", "Newsletter").put("kind", "newsletter")).id();
      StringBuilder csv = new StringBuilder("name,email,phone\n");
      for (int i = 1; i <= FAMILIES; i++) {
        csv.append("Parent ").append(i).append(",parent").append(i).append("@example.org,")
            .append(i % 5 == 0 ? String.format("07911 2%05d", i) : "").append('\n');
      }
      var imported = a.send(HttpMethod.POST, "/api/v1/imports?listId=" + list + "&consentSource=import&wording=form",
          "text/csv", Buffer.buffer(csv.toString()), owner);
      assertTrue(imported.statusCode() < 300, imported.bodyAsString());
      Await.until("import", Duration.ofSeconds(10), () -> a.count("SELECT count(*) FROM subscription WHERE status = 'confirmed'") >= FAMILIES);
      long template = a.as(owner).post("templates", new JsonObject().put("shipped", "message-to-dads").put("name", "Flier")).id();
      campaign = a.as(owner).post("campaigns", new JsonObject().put("unitId", centre).put("name", "Both channels")
          .put("templateId", template).put("channelPolicy", "both").put("listIds", new JsonArray().add(list))).id();
      assertEquals(200, a.as(owner).post("campaigns/" + campaign + "/send", null).status());

      a.exec("UPDATE campaign SET state = 'running', lease_owner = 'crashed', lease_until = '"
          + a.clock().instant().plusSeconds(3600) + "' WHERE id = " + campaign);
      Fanout.Chunk first = new Fanout(a.services().pool(), a.clock(), 2).next(campaign, "crashed").await();
      assertEquals(2, first.members());
      // the crashed instance's lease runs out
      a.exec("UPDATE campaign SET lease_until = '" + a.clock().instant().minusSeconds(1) + "' WHERE id = " + campaign);
    }

    // Instances B and C start together on the same database and finish the job.
    try (TestApp b = TestApp.start(config(url, 50)); TestApp c = TestApp.start(config(url, 50))) {
      long id = campaign;
      Await.until("fan-out", Duration.ofSeconds(20), () -> b.count("SELECT count(*) FROM campaign WHERE fanout_done AND id = " + id) == 1);
      int expected = FAMILIES + FAMILIES / 5; // everyone by email, every fifth also by SMS
      assertEquals(expected, b.count("SELECT count(*) FROM message WHERE source_kind = 'campaign' AND source_id = " + id));
      assertEquals(expected, b.count("SELECT count(DISTINCT (subscriber_id, channel)) FROM message WHERE source_id = " + id));
      assertEquals(expected, b.count("SELECT planned FROM campaign WHERE id = " + id), "planned counts each message once");
      assertEquals(FAMILIES, b.count("SELECT count(DISTINCT subscriber_id) FROM message WHERE source_id = " + id));

      // Even a lost cursor (as if progress had not been saved) cannot make anyone a second message.
      b.exec("UPDATE campaign SET fanout_done = false, fanout_cursor = 0, lease_owner = NULL, lease_until = NULL WHERE id = " + id);
      Await.until("second pass", Duration.ofSeconds(20), () -> b.count("SELECT count(*) FROM campaign WHERE fanout_done AND id = " + id) == 1);
      assertEquals(expected, b.count("SELECT count(*) FROM message WHERE source_id = " + id));
      assertEquals(expected, b.count("SELECT planned FROM campaign WHERE id = " + id));
      // chunks run again queued nothing, and kept no copy of the model that no message uses
      assertEquals(0, b.count("SELECT count(*) FROM message_model mm WHERE NOT EXISTS (SELECT 1 FROM message m"
          + " WHERE m.organisation_id = mm.organisation_id AND m.model_id = mm.id)"));
    }
  }
}
