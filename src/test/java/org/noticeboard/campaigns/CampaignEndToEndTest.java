package org.noticeboard.campaigns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Await;
import org.noticeboard.support.Mails;
import org.noticeboard.support.Response;
import org.noticeboard.support.TestApp;

/**
 * A "message to dads" flier from import to finish, through real PostgreSQL, the real renderer, a
 * real SMTP server (GreenMail) and a real HTTP SMS gateway: test send, schedule, unsubscribe before
 * sending, pause mid-way, resume, finish; everyone reachable gets exactly one message, in their language.
 */
class CampaignEndToEndTest {
  static GreenMail smtp;
  static Vertx gatewayVertx;
  static HttpServer gateway;
  static final List<JsonObject> texts = Collections.synchronizedList(new ArrayList<>());
  static TestApp app;
  static String owner;
  static long centre;
  static long list;
  static long template;

  @BeforeAll
  static void start() throws Exception {
    smtp = Mails.server();
    gatewayVertx = Vertx.vertx();
    gateway = gatewayVertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      texts.add(body.toJsonObject());
      req.response().setStatusCode(202).end("{\"id\":\"gw-" + texts.size() + "\"}");
    })).listen(0, "127.0.0.1").await();
    app = TestApp.start(Mails.config(smtp)
        .put("NB_SMS_WEBHOOK_URL", "http://127.0.0.1:" + gateway.actualPort() + "/sms")
        .put("NB_SMS_WEBHOOK_SECRET", "whsec_dGVzdC1zZWNyZXQtZm9yLXRoZS1nYXRld2F5")
        .put("NB_MAIL_FROM", "news@nb.test").put("NB_PUBLIC_BASE_URL", "https://nb.example.org")
        .put("NB_DELIVERY_WORKERS", 1).put("NB_DELIVERY_BATCH_SIZE", 2).put("NB_DELIVERY_POLL_MS", 100)
        .put("NB_EMAIL_PER_SECOND", 4).put("NB_CAMPAIGN_TICK_MS", 100).put("NB_CAMPAIGN_CHUNK_SIZE", 5));
    owner = app.bootstrap("Rossendale Children's Centres");
    // the texts of this campaign are not about quiet hours: they go at any hour the suite runs
    assertEquals(200, app.as(owner).patch("organisation", new JsonObject().putNull("smsQuietHours")).status());
    centre = app.as(owner).post("units", new JsonObject().put("kind", "centre").put("name", "Bacup")
        .put("phone", "01706 000000")).id();
    list = app.as(owner).post("lists", new JsonObject().put("unitId", centre).put("name", "Bacup dads")
        .put("kind", "fliers")).id();
    Response t = app.as(owner).post("templates", new JsonObject().put("shipped", "message-to-dads").put("name", "Dads flier"));
    assertEquals(201, t.status(), t.text());
    template = t.id();
  }

  @AfterAll
  static void stop() {
    app.close();
    smtp.stop();
    gatewayVertx.close().await();
  }

  static List<MimeMessage> mailTo(String address) {
    return Mails.to(smtp, address);
  }

  long count(String sql) {
    return app.count(sql);
  }

  @Test
  void importComposeTestScheduleUnsubscribePauseResumeFinish() throws Exception {
    // 1. import 24 families: en/pl/ur, some by email, some by phone only
    StringBuilder csv = new StringBuilder("name,email,phone,language,centre,tags\n");
    String[] languages = {"en", "pl", "ur"};
    for (int i = 1; i <= 24; i++) {
      String language = languages[i % 3];
      boolean phoneOnly = i % 4 == 0;
      csv.append("Dad ").append(i).append(',').append(phoneOnly ? "" : "dad" + i + "@example.org").append(',')
          .append(i % 2 == 0 ? String.format("07911 1%05d", i) : "").append(',').append(language).append(",Bacup,dad\n");
    }
    var imported = app.send(HttpMethod.POST, "/api/v1/imports?listId=" + list + "&consentSource=import&wording=Dads%20club%20sign-up%20sheet",
        "text/csv", Buffer.buffer(csv.toString()), owner);
    assertTrue(imported.statusCode() < 300, imported.bodyAsString());
    Await.until("import", Duration.ofSeconds(10), () -> count("SELECT count(*) FROM subscription WHERE list_id = " + list + " AND status = 'confirmed'") >= 24);

    // 2. compose from the shipped flier, with a PDF attached
    JsonObject content = new JsonObject().put("contactName", "Dave").put("sessions", new JsonArray()
        .add(new JsonObject().put("title", "Saturday dads' play").put("startsAt", "2026-12-05T10:00:00Z").put("venue", "Bacup Family Hub")));
    Response created = app.as(owner).post("campaigns", new JsonObject().put("unitId", centre).put("name", "Dads December")
        .put("templateId", template).put("listIds", new JsonArray().add(list)).put("content", content).put("tags", new JsonArray().add("dads"))
        .put("senderName", "Dave at Bacup Family Hub").put("replyTo", "dave@bacup.example.org"));
    assertEquals(201, created.status(), created.text());
    long campaign = created.id();
    byte[] pdf = new byte[40_000];
    new Random(7).nextBytes(pdf);
    System.arraycopy("%PDF-1.4\n".getBytes(), 0, pdf, 0, 9);
    var attached = app.send(HttpMethod.POST, "/api/v1/campaigns/" + campaign + "/attachments?filename=dads-flier.pdf",
        "application/pdf", Buffer.buffer(pdf), owner);
    assertEquals(200, attached.statusCode(), attached.bodyAsString());

    // 3. test send, clearly a test, changes nothing else
    Response test = app.as(owner).post("campaigns/" + campaign + "/test", new JsonObject().put("emails", new JsonArray().add("coordinator@example.org")));
    assertEquals(202, test.status(), test.text());
    Await.until("test mail", Duration.ofSeconds(10), () -> mailTo("coordinator@example.org").size() == 1);
    assertTrue(mailTo("coordinator@example.org").get(0).getSubject().startsWith("[Test] Centres are for dads too"),
        "a test send says so");
    assertEquals("draft", app.as(owner).get("campaigns/" + campaign).json().getString("state"));

    // 4. schedule an hour ahead, and Dad 1 unsubscribes by email before it goes
    Response scheduled = app.as(owner).post("campaigns/" + campaign + "/schedule",
        new JsonObject().put("sendAt", app.clock().instant().plus(Duration.ofHours(1)).toString()));
    assertEquals("scheduled", scheduled.json().getString("state"), scheduled.text());
    long dad1 = app.count("SELECT id FROM subscriber WHERE email = 'dad1@example.org'");
    assertEquals(200, app.as(owner).delete("lists/" + list + "/subscriptions/" + dad1 + "?channel=email").status());
    assertEquals(0, count("SELECT count(*) FROM message WHERE source_kind = 'campaign'"), "not due yet: nothing queued");
    app.clock().advance(Duration.ofHours(1));

    // 5. pause once a few have gone, check nothing more goes out, then resume
    Await.until("first messages", Duration.ofSeconds(20), () -> count("SELECT count(*) FROM message WHERE source_kind = 'campaign' AND status = 'sent'") >= 3);
    assertEquals("paused", app.as(owner).post("campaigns/" + campaign + "/pause", null).json().getString("state"));
    // claims already in flight finish; what is left waits, held where no worker can claim it
    Await.until("in-flight claims recorded", Duration.ofSeconds(20),
        () -> count("SELECT count(*) FROM message WHERE source_kind = 'campaign' AND status = 'sending'") == 0);
    long sentAtPause = count("SELECT count(*) FROM message WHERE source_kind = 'campaign' AND status = 'sent'");
    assertEquals(0, count("SELECT count(*) FROM message WHERE source_kind = 'campaign' AND status = 'queued'"
        + " AND next_attempt_at < '9999-01-01'"), "every unsent message is held while paused");
    app.clock().advance(Duration.ofDays(1));
    assertEquals(0, count("SELECT count(*) FROM message WHERE source_kind = 'campaign' AND status = 'queued'"
        + " AND next_attempt_at <= '" + app.clock().instant() + "'"), "still nothing due a day later");
    assertEquals(sentAtPause, count("SELECT count(*) FROM message WHERE source_kind = 'campaign' AND status = 'sent'"),
        "nothing is sent while paused");
    JsonObject progress = app.as(owner).get("campaigns/" + campaign + "/progress").json();
    assertEquals("paused", progress.getString("state"));
    assertEquals("running", app.as(owner).post("campaigns/" + campaign + "/resume", null).json().getString("state"));
    Await.until("finish", Duration.ofSeconds(60), () -> "finished".equals(app.as(owner).get("campaigns/" + campaign).json().getString("state")));

    // 6. everyone reachable got exactly one message, in their language, through the policy's channel
    Map<String, Integer> smsPerNumber = new HashMap<>();
    synchronized (texts) {
      texts.forEach(t -> smsPerNumber.merge(t.getString("to"), 1, Integer::sum));
    }
    for (int i = 1; i <= 24; i++) {
      String language = languages[i % 3];
      boolean phoneOnly = i % 4 == 0;
      List<MimeMessage> mail = mailTo("dad" + i + "@example.org");
      if (i == 1) {
        assertEquals(0, mail.size(), "Dad 1 unsubscribed before sending");
        continue;
      }
      if (phoneOnly) {
        assertEquals(0, mail.size());
        String e164 = "+4479111" + String.format("%05d", i);
        assertEquals(1, smsPerNumber.getOrDefault(e164, 0), "one SMS for dad " + i + " " + smsPerNumber);
        continue;
      }
      assertEquals(1, mail.size(), "one email for dad " + i);
      MimeMessage m = mail.get(0);
      String html = Mails.html(m);
      switch (language) {
        case "pl" -> assertTrue(html.contains("Ojcowie") || html.contains("ojców") || m.getSubject().contains("Ojcowie"), m.getSubject());
        case "ur" -> assertTrue(html.contains("dir=\"rtl\""), "Urdu is right to left");
        default -> assertTrue(m.getSubject().startsWith("Centres are for dads too"), m.getSubject());
      }
      assertArrayEquals(pdf, Mails.attachment(m, "dads-flier.pdf"), "the flier arrives intact");
      assertTrue(m.getHeader("List-Unsubscribe")[0].contains("https://nb.example.org/p/unsubscribe/"));
      assertEquals("dave@bacup.example.org", m.getHeader("Reply-To")[0]);
      assertTrue(m.getHeader("From")[0].contains("Dave at Bacup Family Hub"), m.getHeader("From")[0]);
    }
    JsonObject report = app.as(owner).get("campaigns/" + campaign + "/report").json();
    assertEquals(0, report.getJsonObject("messages").getInteger("failed"));
    assertTrue(report.getJsonObject("by").getJsonObject("channel").containsKey("sms"));
    assertTrue(report.getJsonObject("by").getJsonObject("tag").containsKey("dad"), report.encodePrettily());
    JsonObject byLanguage = report.getJsonObject("by").getJsonObject("language");
    assertTrue(byLanguage.containsKey("pl") && byLanguage.containsKey("ur") && byLanguage.containsKey("en"), byLanguage.encode());
    assertEquals(byLanguage.getJsonObject("pl").getInteger("sent"),
        (int) app.count("SELECT count(*) FROM message WHERE source_kind = 'campaign' AND language = 'pl' AND status = 'sent'"),
        "the language recorded is the one rendered");
    assertEquals(report.getInteger("planned"), report.getJsonObject("messages").getInteger("sent")
        + report.getJsonObject("messages").getInteger("delivered"), report.encodePrettily());

    // the messages share their model: one stored copy per fan-out chunk of 5 subscribers, none in the rows
    String ofCampaign = " FROM message WHERE source_kind = 'campaign' AND source_id = " + campaign;
    assertEquals(0, app.count("SELECT count(*)" + ofCampaign + " AND (model_id IS NULL OR model::text <> '{}')"));
    long subscribers = app.count("SELECT count(DISTINCT subscriber_id)" + ofCampaign);
    long models = app.count("SELECT count(DISTINCT model_id)" + ofCampaign);
    assertTrue(models >= 2 && models <= (subscribers + 4) / 5, models + " models for " + subscribers + " subscribers");
    assertEquals(models, app.count("SELECT count(*) FROM message_model mm WHERE mm.id IN (SELECT model_id" + ofCampaign
        + ") AND mm.model -> 'campaign' ->> 'name' = 'Dads December'"), "each holds the campaign");
  }
}
