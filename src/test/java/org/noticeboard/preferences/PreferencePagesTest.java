package org.noticeboard.preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.security.SignedTokens;
import org.noticeboard.support.Response;
import org.noticeboard.support.TestApp;

/** One-click unsubscribe and the preference centre, reached only through signed links. */
class PreferencePagesTest {
  static TestApp app;
  static String owner;
  static long org;
  static long news;
  static long programme;
  static long dads;
  static SignedTokens tokens = new SignedTokens(TestApp.SECRET);

  @BeforeAll
  static void start() {
    app = TestApp.start();
    owner = app.bootstrap("Rossendale Children's Centres");
    org = app.as(owner).get("me").json().getLong("organisationId");
    long centre = app.as(owner).post("units", new JsonObject().put("kind", "centre").put("name", "Bacup")).id();
    news = list(centre, "Bacup newsletter", false);
    programme = list(centre, "Freedom programme", true);
    dads = list(centre, "Dads club", false);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static long list(long unit, String name, boolean sensitive) {
    Response r = app.as(owner).post("lists", new JsonObject().put("unitId", unit).put("name", name).put("kind", "newsletter")
        .put("sensitive", sensitive));
    assertEquals(201, r.status(), r.text());
    return r.id();
  }

  static long subscriber(String email, String phone, String language, long... lists) {
    JsonObject body = new JsonObject().put("name", "Zofia Test").put("language", language);
    if (email != null) {
      body.put("email", email);
    }
    if (phone != null) {
      body.put("phone", phone);
    }
    Response s = app.as(owner).post("subscribers", body);
    assertEquals(201, s.status(), s.text());
    for (long l : lists) {
      JsonArray channels = new JsonArray();
      if (email != null) {
        channels.add("email");
      }
      if (phone != null) {
        channels.add("sms");
      }
      Response sub = app.as(owner).post("lists/" + l + "/subscriptions", new JsonObject().put("subscriberId", s.id())
          .put("channels", channels).put("source", "admin"));
      assertEquals(201, sub.status(), sub.text());
    }
    return s.id();
  }

  static String link(String purpose, long subscriber, long list, String channel) {
    return tokens.sign(purpose, org + ":" + subscriber + ":" + list + ":" + channel + ":99", app.clock().instant().plus(Duration.ofDays(1)));
  }

  String status(long subscriber, long list, String channel) {
    var rows = app.as(owner).get("lists/" + list + "/subscriptions?limit=500").items();
    for (Object o : rows) {
      JsonObject r = (JsonObject) o;
      if (r.getLong("subscriberId") == subscriber && channel.equals(r.getString("channel"))) {
        return r.getString("status");
      }
    }
    return "none";
  }

  @Test
  void getShowsAConfirmationInTheirLanguageAndPostUnsubscribesWithoutCookies() {
    long zofia = subscriber("zofia@example.org", null, "pl", news, dads);
    String token = link("unsubscribe", zofia, news, "email");
    var page = app.send(HttpMethod.GET, "/p/unsubscribe/" + token, null, null);
    assertEquals(200, page.statusCode());
    assertTrue(page.bodyAsString().contains("Wypisz się"), "Polish page");
    assertTrue(page.bodyAsString().contains("Bacup newsletter"));
    assertEquals("confirmed", status(zofia, news, "email"), "a GET changes nothing (mail scanners follow links)");

    // RFC 8058: the mail client POSTs List-Unsubscribe=One-Click with no cookies and no CSRF token
    var post = app.send(HttpMethod.POST, "/p/unsubscribe/" + token, "application/x-www-form-urlencoded",
        Buffer.buffer("List-Unsubscribe=One-Click"));
    assertEquals(200, post.statusCode());
    assertEquals("unsubscribed", status(zofia, news, "email"));
    assertEquals("confirmed", status(zofia, dads, "email"), "other lists untouched");
    assertEquals(1, app.count("SELECT count(*) FROM consent_event WHERE subscriber_id = " + zofia
        + " AND action = 'withdrawn' AND source = 'one-click-unsubscribe' AND list_id = " + news));
    assertEquals(200, app.send(HttpMethod.POST, "/p/unsubscribe/" + token, null, null).statusCode(), "repeating is harmless");
  }

  @Test
  void badExpiredOrForeignPurposeLinksSayTheLinkDoesNotWork() {
    long amelia = subscriber("amelia@example.org", null, "en", news);
    String good = link("unsubscribe", amelia, news, "email");
    String tampered = good.substring(0, good.length() - 2) + (good.endsWith("A") ? "BB" : "AA");
    for (String bad : new String[] {tampered, link("preferences", amelia, news, "email"), "nonsense",
        tokens.sign("unsubscribe", org + ":" + amelia + ":" + news + ":email:99", app.clock().instant().minusSeconds(5))}) {
      var r = app.send(HttpMethod.POST, "/p/unsubscribe/" + bad, null, null);
      assertEquals(404, r.statusCode());
      assertTrue(r.bodyAsString().contains("This link does not work"));
    }
    assertEquals("confirmed", status(amelia, news, "email"));
  }

  @Test
  void sensitiveListsAreNeverNamed() {
    long person = subscriber("private@example.org", "07911 123456", "en", programme, news);
    var page = app.send(HttpMethod.GET, "/p/unsubscribe/" + link("unsubscribe", person, programme, "sms"), null, null);
    assertFalse(page.bodyAsString().contains("Freedom"), page.bodyAsString());
    assertTrue(page.bodyAsString().contains("these messages"), page.statusCode() + page.bodyAsString());
    String prefsLink = link("preferences", person, news, "email");
    var prefs = app.send(HttpMethod.GET, "/p/preferences/" + prefsLink, null, null);
    assertFalse(prefs.bodyAsString().contains("Freedom"));
    assertTrue(prefs.bodyAsString().contains("Bacup newsletter"));
    // saving the page (which never showed the programme) leaves the programme alone
    var saved = app.send(HttpMethod.POST, "/p/preferences/" + prefsLink, "application/x-www-form-urlencoded",
        Buffer.buffer("want=" + news + "%3Aemail&language=pl"));
    assertEquals(200, saved.statusCode());
    assertEquals("confirmed", status(person, programme, "email"));
    assertEquals("confirmed", status(person, programme, "sms"));
    assertEquals("unsubscribed", status(person, news, "sms"));
  }

  @Test
  void preferencesChangeChannelsAndLanguageThroughTheLedger() {
    long sam = subscriber("sam@example.org", "07911 123457", "en", news, dads);
    String token = link("preferences", sam, news, "email");
    var page = app.send(HttpMethod.GET, "/p/preferences/" + token, null, null);
    assertEquals(200, page.statusCode());
    assertTrue(page.bodyAsString().contains("value=\"" + news + ":sms\" checked"), page.bodyAsString());
    // keep newsletter by email only, drop dads club entirely, switch to Urdu
    var saved = app.send(HttpMethod.POST, "/p/preferences/" + token, "application/x-www-form-urlencoded",
        Buffer.buffer("want=" + news + "%3Aemail&language=ur"));
    assertEquals(200, saved.statusCode());
    assertTrue(saved.bodyAsString().contains("dir=\"rtl\""), "now in Urdu");
    assertEquals("confirmed", status(sam, news, "email"));
    assertEquals("unsubscribed", status(sam, news, "sms"));
    assertEquals("unsubscribed", status(sam, dads, "email"));
    assertEquals("unsubscribed", status(sam, dads, "sms"));
    assertEquals("ur", app.as(owner).get("subscribers/" + sam).json().getString("language"));
    assertEquals(3, app.count("SELECT count(*) FROM consent_event WHERE subscriber_id = " + sam + " AND source = 'preferences'"));
  }

  @Test
  void pagesEscapeWhatPeopleTyped() {
    Response r = app.as(owner).post("lists", new JsonObject().put("unitId", app.as(owner).get("units").items().getJsonObject(0).getLong("id"))
        .put("name", "<script>alert(1)</script>").put("kind", "newsletter"));
    long evil = r.id();
    long person = subscriber("esc@example.org", null, "en", evil);
    var page = app.send(HttpMethod.GET, "/p/unsubscribe/" + link("unsubscribe", person, evil, "email"), null, null);
    assertFalse(page.bodyAsString().contains("<script>alert(1)"));
    assertTrue(page.bodyAsString().contains("&lt;script&gt;"));
  }
}
