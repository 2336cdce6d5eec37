package org.noticeboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.noticeboard.delivery.email.ScriptedSmtpServer;
import org.noticeboard.support.Await;
import org.noticeboard.support.ServiceProcess;

/**
 * The kill -9 drill: a campaign is sending from the service in its own JVM; a third of the way through
 * the service is killed with SIGKILL and started again. Every recipient gets the message; only those
 * in flight at the kill may get it twice, and then with one Message-ID. {@code bench/drills/kill9.sh}
 * runs it with 20,000 recipients; the build runs it with {@value #DEFAULT_RECIPIENTS}.
 */
@Tag("separate-process")
class KillNineDrillTest {
  static final int DEFAULT_RECIPIENTS = 1500;
  private static final Pattern MESSAGE_ID = Pattern.compile("(?mi)^Message-ID:\\s*(\\S+)");
  @TempDir Path dataDir;

  @Test
  void killedMidCampaignEveryoneGetsItAndOnlyThoseInFlightTwiceWithOneMessageId() throws Exception {
    int recipients = Integer.getInteger("drill.recipients", DEFAULT_RECIPIENTS);
    int perSecond = Math.max(100, recipients / 12); // about 12 s of sending: time to kill it mid-way
    int batch = 200;
    int workers = 2;
    try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(new ScriptedSmtpServer.Script());
         ServiceProcess service = new ServiceProcess(dataDir, Map.of(
             "NB_SMTP_HOST", "localhost", "NB_SMTP_PORT", Integer.toString(smtp.port()), "NB_SMTP_TLS", "none",
             "NB_EMAIL_PER_SECOND", Integer.toString(perSecond), "NB_DELIVERY_WORKERS", Integer.toString(workers),
             "NB_DELIVERY_BATCH_SIZE", Integer.toString(batch), "NB_CAMPAIGN_TICK_MS", "200",
             "NB_MAIL_FROM", "news@nb.test"))) {
      Process first = service.serve();
      String token = service.bootstrap("Rossendale Children's Centres");
      long unit = id(service.post("/api/v1/units", "application/json",
          new JsonObject().put("kind", "centre").put("name", "Bacup").encode(), token));
      long list = id(service.post("/api/v1/lists", "application/json",
          new JsonObject().put("unitId", unit).put("name", "Bacup families").put("kind", "newsletter").encode(), token));
      StringBuilder csv = new StringBuilder("name,email\n");
      for (int i = 0; i < recipients; i++) {
        csv.append("Parent ").append(i).append(",parent").append(i).append("@example.org\n");
      }
      HttpResponse<String> imported = service.post("/api/v1/imports?listId=" + list
          + "&consentSource=import&wording=Sign-up%20sheet", "text/csv", csv.toString(), token);
      assertTrue(imported.statusCode() < 300, imported.body());
      long job = new JsonObject(imported.body()).getLong("id");
      Await.until("everyone imported", Duration.ofSeconds(120), () -> importedCount(service, job, token) >= recipients);
      long template = id(service.post("/api/v1/templates", "application/json",
          new JsonObject().put("shipped", "message-to-dads").put("name", "Flier").encode(), token));
      JsonObject content = new JsonObject().put("contactName", "Dave").put("sessions", new JsonArray()
          .add(new JsonObject().put("title", "Saturday play").put("startsAt", "2027-01-09T10:00:00Z").put("venue", "Bacup Hub")));
      long campaign = id(service.post("/api/v1/campaigns", "application/json", new JsonObject().put("unitId", unit)
          .put("name", "January").put("templateId", template).put("listIds", new JsonArray().add(list))
          .put("content", content).encode(), token));
      HttpResponse<String> send = service.post("/api/v1/campaigns/" + campaign + "/send", "application/json", "{}", token);
      assertTrue(send.statusCode() < 300, send.body());

      Await.until("a third sent", Duration.ofSeconds(120), () -> smtp.received.size() >= recipients / 3);
      first.destroyForcibly(); // SIGKILL mid-campaign
      assertTrue(first.waitFor(30, TimeUnit.SECONDS));
      int atKill = smtp.received.size();

      service.serve();
      Await.until("the campaign finished", Duration.ofSeconds(300), () -> "finished".equals(state(service, campaign, token)));

      Map<String, Set<String>> idsPerRecipient = new HashMap<>();
      Map<String, Integer> copies = new HashMap<>();
      for (ScriptedSmtpServer.Received r : List.copyOf(smtp.received)) {
        Matcher m = MESSAGE_ID.matcher(r.content());
        assertTrue(m.find(), "every message has a Message-ID");
        idsPerRecipient.computeIfAbsent(r.to(), k -> new HashSet<>()).add(m.group(1));
        copies.merge(r.to(), 1, Integer::sum);
      }
      assertEquals(recipients, idsPerRecipient.size(), "every recipient got the message");
      assertTrue(idsPerRecipient.values().stream().allMatch(ids -> ids.size() == 1), "a repeat carries the same Message-ID");
      long repeated = copies.values().stream().filter(n -> n > 1).count();
      assertTrue(repeated <= (long) batch * workers,
          repeated + " recipients got it twice; at most the " + batch * workers + " in flight at the kill may (" + atKill + " sent by then)");
      System.out.printf("kill -9 drill: %d recipients, killed after %d, %d repeated (bound %d)%n",
          recipients, atKill, repeated, batch * workers);
    }
  }

  private static long id(HttpResponse<String> r) {
    assertTrue(r.statusCode() < 300, r.statusCode() + " " + r.body());
    return new JsonObject(r.body()).getLong("id");
  }

  private static String state(ServiceProcess s, long campaign, String token) {
    try {
      return new JsonObject(s.get("/api/v1/campaigns/" + campaign, token).body()).getString("state");
    } catch (Exception e) {
      return null;
    }
  }

  /** Families subscribed by the import job, once it has finished. */
  private static long importedCount(ServiceProcess s, long job, String token) {
    try {
      JsonObject j = new JsonObject(s.get("/api/v1/imports/" + job, token).body());
      return j.getString("finishedAt") == null ? -1 : j.getInteger("subscribed", 0);
    } catch (Exception e) {
      return -1;
    }
  }
}
