package org.noticeboard.webview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.content.TemplateRef;
import org.noticeboard.delivery.Channel;
import org.noticeboard.delivery.NewMessage;
import org.noticeboard.delivery.Outbox;
import org.noticeboard.security.SignedTokens;
import org.noticeboard.support.Response;
import org.noticeboard.support.TestApp;

/** "View in browser": the message re-rendered for its recipient, reached through its signed link. */
class WebViewPagesTest {
  static final SignedTokens TOKENS = new SignedTokens(TestApp.SECRET);
  static TestApp app;
  static String owner;
  static long org;
  static long unit;
  static long news;
  static long programme;
  static long zofia;
  static long amelia;
  static TemplateRef newsletter;

  @BeforeAll
  static void start() {
    app = TestApp.start(new JsonObject().put("NB_DELIVERY_ENABLED", false)); // messages stay as they were queued
    owner = app.bootstrap("Rossendale Children's Centres");
    org = app.as(owner).get("me").json().getLong("organisationId");
    unit = app.as(owner).post("units", new JsonObject().put("kind", "centre").put("name", "Bacup Family Hub")).id();
    news = list("Bacup newsletter", false);
    programme = list("Freedom programme", true);
    zofia = person("Zofia Nowak", "zofia@example.org", "pl");
    amelia = person("Amelia Hart", "amelia@example.org", "en");
    newsletter = app.services().content().shippedTemplate(org, "newsletter").await();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static long list(String name, boolean sensitive) {
    Response r = app.as(owner).post("lists", new JsonObject().put("unitId", unit).put("name", name).put("kind", "newsletter")
        .put("sensitive", sensitive));
    assertEquals(201, r.status(), r.text());
    return r.id();
  }

  static long person(String name, String email, String language) {
    Response r = app.as(owner).post("subscribers", new JsonObject().put("name", name).put("email", email).put("language", language)
        .put("unitId", unit));
    assertEquals(201, r.status(), r.text());
    return r.id();
  }

  static long enqueue(NewMessage m) {
    app.services().pool().withTransaction(c -> Outbox.enqueue(c, List.of(m), app.clock().instant())).await();
    return app.count("SELECT id FROM message WHERE idempotency_key = '" + m.idempotencyKey() + "'");
  }

  static long campaignMessage(long subscriber, String email, long list, String key) {
    JsonObject model = new JsonObject().put("campaign", new JsonObject().put("title", "Summer at Bacup")
        .put("intro", "Messy play every Tuesday")
        .put("items", new JsonArray().add(new JsonObject().put("title", "Stay and play").put("body", "Bring a snack"))));
    return enqueue(NewMessage.templated(org, subscriber, list, unit, Channel.EMAIL, email, "campaign", 1L,
        newsletter.templateId(), newsletter.version(), List.of(), model, key));
  }

  static String link(String purpose, long subscriber, long list, long message) {
    return TOKENS.sign(purpose, org + ":" + subscriber + ":" + list + ":email:" + message, app.clock().instant().plus(Duration.ofDays(1)));
  }

  static HttpResponse<Buffer> view(String token) {
    return app.send(HttpMethod.GET, "/p/view/" + token, null, null);
  }

  @Test
  void aCampaignMessageIsRenderedForItsRecipientInTheirLanguageUnderAStrictPolicy() {
    long pl = campaignMessage(zofia, "zofia@example.org", news, "view:pl");
    var page = view(link("view", zofia, news, pl));
    String html = page.bodyAsString();
    assertEquals(200, page.statusCode(), html);
    assertTrue(html.contains("Dzień dobry Zofia"), html);
    assertTrue(html.contains("Summer at Bacup") && html.contains("Stay and play"));
    assertTrue(html.contains("/p/unsubscribe/"), "links are signed as the delivery worker signs them");
    String csp = page.getHeader("Content-Security-Policy");
    assertTrue(csp.contains("default-src 'none'") && !csp.contains("script-src") && csp.contains("sandbox"), csp);
    assertEquals("no-store", page.getHeader("Cache-Control"));
    assertTrue(page.getHeader("X-Robots-Tag").contains("noindex"));

    long en = campaignMessage(amelia, "amelia@example.org", news, "view:en");
    var english = view(link("view", amelia, news, en));
    assertEquals(200, english.statusCode());
    assertTrue(english.bodyAsString().contains("Hello Amelia"), english.bodyAsString());
  }

  @Test
  void aCancelledMessageStillRenders() {
    long id = campaignMessage(amelia, "amelia@example.org", news, "view:cancelled");
    app.exec("UPDATE message SET status = 'cancelled' WHERE id = " + id);
    var page = view(link("view", amelia, news, id));
    assertEquals(200, page.statusCode());
    assertTrue(page.bodyAsString().contains("Summer at Bacup"));
  }

  @Test
  void messagesWithoutATemplateShowTheirStoredParts() {
    long html = enqueue(NewMessage.email(org, amelia, news, unit, "amelia@example.org", "transactional", null, "Hello",
        "<p>Your place is <b>booked</b></p>", "Your place is booked", "view:parts-html"));
    var page = view(link("view", amelia, news, html));
    assertEquals(200, page.statusCode());
    assertTrue(page.bodyAsString().contains("<p>Your place is <b>booked</b></p>"));

    long text = enqueue(NewMessage.email(org, amelia, news, unit, "amelia@example.org", "transactional", null, "Plain",
        null, "Line one\n<script>alert(1)</script>", "view:parts-text"));
    var plain = view(link("view", amelia, news, text));
    assertEquals(200, plain.statusCode());
    assertTrue(plain.bodyAsString().contains("<pre"));
    assertTrue(plain.bodyAsString().contains("&lt;script&gt;alert(1)"));
    assertFalse(plain.bodyAsString().contains("<script>alert(1)"));
  }

  @Test
  void aSensitiveListsMessageIsNoLongerAvailableAndNeverNamed() {
    long id = campaignMessage(amelia, "amelia@example.org", programme, "view:sensitive");
    var page = view(link("view", amelia, programme, id));
    assertEquals(410, page.statusCode());
    assertTrue(page.bodyAsString().contains("This message is no longer available"));
    assertFalse(page.bodyAsString().contains("Freedom"));
    assertFalse(page.bodyAsString().contains("Summer at Bacup"));

    long pl = campaignMessage(zofia, "zofia@example.org", programme, "view:sensitive-pl");
    assertTrue(view(link("view", zofia, programme, pl)).bodyAsString().contains("nie jest już dostępna"));
  }

  @Test
  void badLinksSayTheLinkDoesNotWork() {
    long id = campaignMessage(amelia, "amelia@example.org", news, "view:bad");
    String good = link("view", amelia, news, id);
    String tampered = good.substring(0, good.length() - 2) + (good.endsWith("A") ? "BB" : "AA");
    String other = app.bootstrap("Another Council");
    long otherOrg = app.as(other).get("me").json().getLong("organisationId");
    for (String bad : new String[] {tampered, "nonsense", link("unsubscribe", amelia, news, id),
        link("view", zofia, news, id), // someone else's name on this message
        TOKENS.sign("view", org + ":" + amelia + ":" + news + ":email:" + id, app.clock().instant().minusSeconds(5)),
        TOKENS.sign("view", otherOrg + ":" + amelia + ":" + news + ":email:" + id, app.clock().instant().plusSeconds(600)),
        link("view", amelia, news, id + 100_000)}) {
      var page = view(bad);
      assertEquals(404, page.statusCode(), bad);
      assertTrue(page.bodyAsString().contains("This link does not work"));
      assertFalse(page.bodyAsString().contains("Summer at Bacup"));
    }
  }
}
