package org.noticeboard.signup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.security.SignedTokens;
import org.noticeboard.support.Response;
import org.noticeboard.support.TestApp;

/**
 * The public sign-up form, over real HTTP. Each test speaks from its own loopback address
 * (127.0.0.x), so the per-address rate limit is exercised for real without tests sharing a budget.
 */
class SignupPagesTest {
  static final Pattern FORM_TOKEN = Pattern.compile("name=\"formToken\" value=\"([^\"]+)\"");
  static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(10);
  static final SignedTokens TOKENS = new SignedTokens(TestApp.SECRET);
  static TestApp app;
  static String owner;
  static long org;
  static long unit;
  static long news;
  static long polish;
  static long dads;
  static long programme;

  @BeforeAll
  static void start() {
    app = TestApp.start(new JsonObject().put("NB_DELIVERY_ENABLED", false));
    owner = app.bootstrap("Rossendale Children's Centres");
    org = app.as(owner).get("me").json().getLong("organisationId");
    unit = app.as(owner).post("units", new JsonObject().put("kind", "centre").put("name", "Bacup Family Hub")).id();
    news = list("Bacup newsletter", "en", "single", false);
    polish = list("Wiadomości po polsku", "pl", "single", false);
    dads = list("Dads club", "en", "double", false);
    programme = list("Freedom programme", "en", "single", true);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static long list(String name, String language, String optIn, boolean sensitive) {
    Response r = app.as(owner).post("lists", new JsonObject().put("unitId", unit).put("name", name).put("kind", "newsletter")
        .put("defaultLanguage", language).put("optIn", optIn).put("sensitive", sensitive));
    assertEquals(201, r.status(), r.text());
    return r.id();
  }

  /** The form's path, as staff get it from the API. */
  static String formPath(long list) {
    Response r = app.as(owner).get("lists/" + list + "/form");
    assertEquals(200, r.status(), r.text());
    String url = r.json().getString("url");
    assertTrue(url.startsWith("http://localhost:8080/p/subscribe/"), url);
    return url.substring("http://localhost:8080".length());
  }

  /** A browser at its own loopback address. */
  static WebClient browser() {
    return WebClient.create(app.app().vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port())
        .setLocalAddress("127.0.0." + NEXT_ADDRESS.getAndIncrement()));
  }

  static HttpResponse<Buffer> get(WebClient b, String path) {
    return b.get(path).send().await();
  }

  static HttpResponse<Buffer> post(WebClient b, String path, Map<String, String> fields) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    fields.forEach(form::add);
    return b.post(path).sendForm(form).await();
  }

  static String formToken(String html) {
    Matcher m = FORM_TOKEN.matcher(html);
    assertTrue(m.find(), html);
    return m.group(1);
  }

  /** Opens the form and fills it in: name, email, phone, consent ticked, the form token of that page. */
  static Map<String, String> filled(WebClient b, String path, String name, String email, String phone) {
    var page = get(b, path);
    assertEquals(200, page.statusCode(), page.bodyAsString());
    Map<String, String> f = new LinkedHashMap<>();
    f.put("formToken", formToken(page.bodyAsString()));
    f.put("name", name);
    f.put("email", email);
    f.put("phone", phone);
    f.put("language", "");
    f.put("consent", "yes");
    f.put("website", "");
    return f;
  }

  static long subscribers(String where) {
    return app.count("SELECT count(*) FROM subscriber WHERE organisation_id = " + org + " AND " + where);
  }

  static String status(long list, long subscriber, String channel) {
    var rows = app.as(owner).get("lists/" + list + "/subscriptions?limit=500").items();
    for (Object o : rows) {
      JsonObject r = (JsonObject) o;
      if (r.getLong("subscriberId") == subscriber && channel.equals(r.getString("channel"))) {
        return r.getString("status");
      }
    }
    return "none";
  }

  static long idOf(String email) {
    return app.count("SELECT id FROM subscriber WHERE organisation_id = " + org + " AND lower(email) = lower('" + email + "')");
  }

  @Test
  void aPersonSignsUpInEnglishAndTheLedgerKeepsTheWordingTheySaw() {
    WebClient b = browser();
    String path = formPath(news);
    var page = get(b, path);
    String html = page.bodyAsString();
    assertEquals(200, page.statusCode());
    assertEquals("no-store", page.getHeader("Cache-Control"));
    assertTrue(html.contains("lang=\"en\""));
    assertTrue(html.contains("Bacup newsletter"));
    for (String accessible : new String[] {"<label for=\"email\"", "<label for=\"phone\"", "<label for=\"name\"", "<fieldset",
        "<legend", "autocomplete=\"email\"", "autocomplete=\"tel\"", "autocomplete=\"name\"", "type=\"checkbox\" id=\"consent\"",
        "<meta name=\"robots\" content=\"noindex\">"}) {
      assertTrue(html.contains(accessible), accessible);
    }
    assertTrue(html.contains("aria-hidden=\"true\"") && html.contains("tabindex=\"-1\" autocomplete=\"off\""), "honeypot hidden");
    String wording = "I would like to receive messages from Bacup Family Hub. I can unsubscribe at any time.";
    assertTrue(html.contains(wording), html);

    Map<String, String> f = filled(b, path, "Amelia Hart", "Amelia.Hart@Example.org", "07911 123456");
    var done = post(b, path, f);
    assertEquals(200, done.statusCode(), done.bodyAsString());
    assertTrue(done.bodyAsString().contains("Thank you"));

    long amelia = idOf("amelia.hart@example.org");
    JsonObject person = app.as(owner).get("subscribers/" + amelia).json();
    assertEquals("+447911123456", person.getString("phone"));
    assertEquals("Amelia Hart", person.getString("name"));
    assertEquals("en", person.getString("language"));
    assertEquals(unit, person.getLong("unitId"), "the list's centre");
    assertEquals("confirmed", status(news, amelia, "email"));
    assertEquals("confirmed", status(news, amelia, "sms"));
    JsonArray consents = app.as(owner).get("subscribers/" + amelia + "/consents").json().getJsonArray("items");
    assertEquals(2, consents.size(), consents.encode());
    for (Object o : consents) {
      JsonObject c = (JsonObject) o;
      assertEquals("given", c.getString("action"));
      assertEquals("form", c.getString("source"));
      assertEquals("subscriber", c.getString("actor"));
      assertEquals(wording, c.getString("wording"));
      assertTrue(c.getString("ip").startsWith("127.0.0."), c.encode());
    }
  }

  @Test
  void aPolishListShowsItsFormInPolishAndKeepsTheChosenLanguage() {
    WebClient b = browser();
    String path = formPath(polish);
    var page = get(b, path);
    assertTrue(page.bodyAsString().contains("lang=\"pl\""));
    assertTrue(page.bodyAsString().contains("Adres e-mail"));
    String wording = "Chcę otrzymywać wiadomości od Bacup Family Hub. Mogę wypisać się w każdej chwili.";
    assertTrue(page.bodyAsString().contains(wording));

    var done = post(b, path, filled(b, path, "Zofia Nowak", "zofia@example.org", ""));
    assertEquals(200, done.statusCode());
    assertTrue(done.bodyAsString().contains("Dziękujemy"));
    long zofia = idOf("zofia@example.org");
    assertEquals("pl", app.as(owner).get("subscribers/" + zofia).json().getString("language"), "the list's language");
    assertEquals(1, app.count("SELECT count(*) FROM consent_event WHERE subscriber_id = " + zofia
        + " AND source = 'form' AND wording = '" + wording + "'"));

    Map<String, String> f = filled(b, path, "Tomasz Nowak", "tomasz@example.org", "");
    f.put("language", "ur");
    assertEquals(200, post(b, path, f).statusCode());
    assertEquals("ur", app.as(owner).get("subscribers/" + idOf("tomasz@example.org")).json().getString("language"));
  }

  @Test
  void aFilledHoneypotLooksLikeSuccessButStoresNothing() {
    WebClient b = browser();
    String path = formPath(news);
    Map<String, String> bot = filled(b, path, "Bot", "bot@example.org", "07911 123555");
    bot.put("website", "https://spam.example");
    var pretend = post(b, path, bot);
    var real = post(b, path, filled(b, path, "Real", "real@example.org", ""));
    assertEquals(200, pretend.statusCode());
    assertEquals(real.bodyAsString(), pretend.bodyAsString());
    assertEquals(0, subscribers("lower(email) = 'bot@example.org' OR phone = '+447911123555'"));
    assertEquals(1, subscribers("lower(email) = 'real@example.org'"));
  }

  @Test
  void fiveSubmissionsPerAddressThenTooManyRequests() {
    WebClient b = browser();
    String path = formPath(news);
    for (int i = 0; i < 5; i++) {
      var r = post(b, path, filled(b, path, "Flood " + i, "flood" + i + "@example.org", ""));
      assertEquals(200, r.statusCode(), "submission " + (i + 1));
    }
    var refused = post(b, path, filled(b, path, "Flood 5", "flood5@example.org", ""));
    assertEquals(429, refused.statusCode());
    assertTrue(refused.bodyAsString().contains("too many attempts"), refused.bodyAsString());
    assertEquals(0, subscribers("lower(email) = 'flood5@example.org'"));
    var other = browser();
    assertEquals(200, post(other, path, filled(other, path, "Neighbour", "neighbour@example.org", "")).statusCode(),
        "another address is not limited");
  }

  @Test
  void theAnswerIsTheSameForNewKnownAndSuppressedAddresses() {
    WebClient b = browser();
    String path = formPath(news);
    // someone already subscribed, someone known but not on this list, and someone erased at their request
    long known = app.as(owner).post("subscribers", new JsonObject().put("name", "Known Parent").put("email", "known@example.org")
        .put("unitId", unit)).id();
    long onList = app.as(owner).post("subscribers", new JsonObject().put("name", "On List").put("email", "onlist@example.org")).id();
    assertEquals(201, app.as(owner).post("lists/" + news + "/subscriptions", new JsonObject().put("subscriberId", onList)
        .put("channels", new JsonArray().add("email")).put("source", "admin")).status());
    long erased = app.as(owner).post("subscribers", new JsonObject().put("name", "Gone").put("email", "gone@example.org")
        .put("phone", "07911 123999")).id();
    assertEquals(200, app.as(owner).post("subscribers/" + erased + "/erase", new JsonObject()).status());

    var fresh = post(b, path, filled(b, path, "New Person", "new@example.org", ""));
    var knownAnswer = post(b, path, filled(b, path, "Somebody Else", "KNOWN@example.org", ""));
    var listAnswer = post(b, path, filled(b, path, "On List", "onlist@example.org", ""));
    var erasedAnswer = post(b, path, filled(b, path, "Gone", "gone@example.org", "07911 123999"));
    for (var r : java.util.List.of(knownAnswer, listAnswer, erasedAnswer)) {
      assertEquals(fresh.statusCode(), r.statusCode());
      assertEquals(fresh.bodyAsString(), r.bodyAsString());
    }
    assertEquals("confirmed", status(news, known, "email"), "the known person is subscribed");
    assertEquals("Known Parent", app.as(owner).get("subscribers/" + known).json().getString("name"),
        "an anonymous form never changes a person's details");
    assertEquals(1, subscribers("lower(email) = 'known@example.org'"));
    assertEquals(0, subscribers("lower(email) = 'gone@example.org' OR phone = '+447911123999'"), "an erased person is not re-added");
  }

  @Test
  void mistakesReRenderTheFormWithLinkedErrorsAndTheValuesTyped() {
    WebClient b = browser();
    String path = formPath(news);
    Map<String, String> f = filled(b, path, "Sam <Tester>", "", "");
    f.put("consent", "");
    var r = post(b, path, f);
    String html = r.bodyAsString();
    assertEquals(400, r.statusCode());
    assertTrue(html.contains("There is a problem"));
    assertTrue(html.contains("<a href=\"#email\""), html);
    assertTrue(html.contains("<a href=\"#consent\""));
    assertTrue(html.contains("Enter an email address or a mobile number."));
    assertTrue(html.contains("Tick the box"));
    assertTrue(html.contains("value=\"Sam &lt;Tester&gt;\""), "what was typed comes back, escaped");
    assertTrue(html.contains("aria-describedby=\"email-error\""));

    Map<String, String> bad = filled(b, path, "Sam", "not-an-email", "12");
    var again = post(b, path, bad);
    assertEquals(400, again.statusCode());
    assertTrue(again.bodyAsString().contains("value=\"not-an-email\""));
    assertTrue(again.bodyAsString().contains("correct format"));
    assertTrue(again.bodyAsString().contains("<a href=\"#phone\""));
    assertTrue(again.bodyAsString().contains("aria-invalid=\"true\""));
    assertEquals(0, subscribers("name LIKE 'Sam%'"));

    Map<String, String> polishErrors = filled(b, formPath(polish), "", "", "");
    polishErrors.put("consent", "");
    var pl = post(b, formPath(polish), polishErrors);
    assertTrue(pl.bodyAsString().contains("Wystąpił problem"));
  }

  @Test
  void aSubmissionNeedsAFormTokenOfThisListsForm() {
    WebClient b = browser();
    String path = formPath(news);
    Map<String, String> noToken = filled(b, path, "Forged", "forged@example.org", "");
    noToken.remove("formToken");
    var r = post(b, path, noToken);
    assertEquals(400, r.statusCode());
    assertTrue(r.bodyAsString().contains("send it again"));
    assertTrue(r.bodyAsString().contains(FORM_TOKEN.pattern().substring(0, 15)), "a fresh form to send again");

    Map<String, String> otherList = filled(b, formPath(polish), "Forged", "forged@example.org", "");
    assertEquals(400, post(b, path, otherList).statusCode(), "a token of another list's form");

    Map<String, String> stale = filled(b, path, "Forged", "forged@example.org", "");
    String link = path.substring(path.lastIndexOf('/') + 1);
    stale.put("formToken", TOKENS.sign("subscribe-form", app.clock().instant().minusSeconds(7300).getEpochSecond() + ":" + link,
        app.clock().instant().minusSeconds(100)));
    assertEquals(400, post(b, path, stale).statusCode(), "an expired form token");
    assertEquals(0, subscribers("lower(email) = 'forged@example.org'"));
  }

  @Test
  void aDoubleOptInListLeavesTheSubscriptionUnconfirmed() {
    WebClient b = browser();
    String path = formPath(dads);
    assertEquals(200, post(b, path, filled(b, path, "Dad", "dad@example.org", "07911 123321")).statusCode());
    long dad = idOf("dad@example.org");
    assertEquals("unconfirmed", status(dads, dad, "email"));
    assertEquals("unconfirmed", status(dads, dad, "sms"));
  }

  @Test
  void sensitiveListsHaveNoFormAndBadLinksDoNotWork() {
    Response api = app.as(owner).get("lists/" + programme + "/form");
    assertEquals(409, api.status(), api.text());
    String forged = TOKENS.sign("subscribe", org + ":" + programme, app.clock().instant().plus(Duration.ofDays(1)));
    WebClient b = browser();
    for (String token : new String[] {forged, "nonsense", TOKENS.sign("subscribe", org + ":" + news, app.clock().instant().minusSeconds(5)),
        TOKENS.sign("view", org + ":" + news, app.clock().instant().plus(Duration.ofDays(1)))}) {
      var page = get(b, "/p/subscribe/" + token);
      assertEquals(404, page.statusCode());
      assertTrue(page.bodyAsString().contains("This link does not work"));
      assertFalse(page.bodyAsString().contains("Freedom"));
      var post = app.send(HttpMethod.POST, "/p/subscribe/" + token, "application/x-www-form-urlencoded",
          Buffer.buffer("email=x%40example.org&consent=yes"));
      assertEquals(404, post.statusCode());
    }
    String other = app.bootstrap("Another Council");
    assertEquals(404, app.as(other).get("lists/" + news + "/form").status(), "another organisation's list");
  }
}
