package org.noticeboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Await;
import org.noticeboard.support.Mails;
import org.noticeboard.support.Response;
import org.noticeboard.support.TestApp;

/** Double opt-in end to end: subscribe → confirmation email in their language → link → confirmed; subject access lists it. */
class ConfirmationFlowTest {
  static GreenMail smtp;
  static TestApp app;
  static String owner;
  static long list;

  @BeforeAll
  static void start() throws Exception {
    smtp = Mails.server();
    app = TestApp.start(Mails.config(smtp).put("NB_DELIVERY_POLL_MS", 100).put("NB_MAIL_FROM", "news@nb.test"));
    owner = app.bootstrap("Haslingden Family Hub");
    long centre = app.as(owner).post("units", new JsonObject().put("kind", "centre").put("name", "Haslingden")).id();
    list = app.as(owner).post("lists", new JsonObject().put("unitId", centre).put("name", "Baby group news")
        .put("kind", "newsletter").put("optIn", "double").put("defaultLanguage", "pl")).id();
  }

  @AfterAll
  static void stop() {
    app.close();
    smtp.stop();
  }

  @Test
  void subscribingToADoubleOptInListSendsAConfirmationWhoseLinkConfirms() throws Exception {
    long zofia = app.as(owner).post("subscribers", new JsonObject().put("name", "Zofia Wiśniewska")
        .put("email", "zofia@example.org").put("language", "pl")).id();
    Response subscribed = app.as(owner).post("lists/" + list + "/subscriptions", new JsonObject().put("subscriberId", zofia)
        .put("channels", new JsonArray().add("email")).put("source", "form").put("wording", "Tak, chcę otrzymywać wiadomości"));
    assertEquals(201, subscribed.status(), subscribed.text());
    assertEquals("unconfirmed", subscribed.items().getJsonObject(0).getString("status"));

    Await.until("the confirmation", Duration.ofSeconds(15), () -> smtp.getReceivedMessages().length > 0);
    MimeMessage[] mail = smtp.getReceivedMessages();
    assertEquals(1, mail.length, "one confirmation");
    String body = Mails.html(mail[0]);
    assertTrue(mail[0].getHeader("List-Unsubscribe") == null, "a confirmation is not list mail");
    Matcher link = Pattern.compile("https?://[^\"]*/p/confirm/[A-Za-z0-9_.-]+").matcher(body);
    assertTrue(link.find(), body);
    String path = link.group().replaceFirst("https?://[^/]+", "");

    var page = app.send(HttpMethod.GET, path, null, null);
    assertEquals(200, page.statusCode(), page.bodyAsString());
    assertEquals("confirmed", app.as(owner).get("lists/" + list + "/subscriptions").items().getJsonObject(0).getString("status"));

    JsonObject export = app.as(owner).get("subscribers/" + zofia + "/export").json();
    JsonArray messages = export.getJsonArray("messages");
    assertEquals(1, messages.size(), export.encodePrettily());
    assertEquals("confirmation", messages.getJsonObject(0).getString("source"));
    assertEquals("sent", messages.getJsonObject(0).getString("status"));
    assertEquals("pl", messages.getJsonObject(0).getString("language"), "rendered in Polish");
  }

  @Test
  void importingIntoADoubleOptInListQueuesOneConfirmationPerNewSubscription() throws Exception {
    long centre = app.as(owner).get("units").items().getJsonObject(0).getLong("id");
    long events = app.as(owner).post("lists", new JsonObject().put("unitId", centre).put("name", "Events (confirm first)")
        .put("kind", "newsletter").put("optIn", "double")).id();
    String csv = "name,email,phone,language\nAmelia Smith,amelia.c@example.org,,en\nJakub Nowak,jakub.c@example.org,07911 123470,pl\n";
    var imported = app.send(HttpMethod.POST, "/api/v1/imports?listId=" + events + "&wording=paper%20form", "text/csv",
        io.vertx.core.buffer.Buffer.buffer(csv), owner);
    assertEquals(201, imported.statusCode(), imported.bodyAsString());
    assertEquals(3, app.count("SELECT count(*) FROM subscription WHERE list_id = " + events + " AND status = 'unconfirmed'"));
    assertEquals(3, app.count("SELECT count(*) FROM message WHERE source_kind = 'confirmation' AND list_id = " + events),
        "one confirmation per channel subscribed: two emails and one SMS");
    assertEquals(1, app.count("SELECT count(*) FROM message WHERE source_kind = 'confirmation' AND list_id = " + events
        + " AND channel = 'sms' AND destination = '+447911123470'"));
  }
}
