package org.noticeboard.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Response;
import org.noticeboard.support.TestApp;

/** {@code /api/v1/templates}: CRUD, versions, validation, preview, unit scope and isolation between organisations. */
class TemplatesApiTest {
  static TestApp app;
  static String lancs;
  static String other;
  static long lancsOrg;
  static long otherOrg;
  static long rossendale;
  static long bacup;
  static long pennine;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    lancs = app.bootstrap("Lancashire Family Hubs");
    lancsOrg = app.count("SELECT max(id) FROM organisation");
    other = app.bootstrap("Another Council");
    otherOrg = app.count("SELECT max(id) FROM organisation");
    rossendale = unit(null, "area", "Rossendale");
    bacup = unit(rossendale, "centre", "Bacup");
    pennine = unit(null, "area", "Pennine");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static long unit(Long parent, String kind, String name) {
    JsonObject body = new JsonObject().put("kind", kind).put("name", name).put("address", name + " Road");
    if (parent != null) {
      body.put("parentId", parent);
    }
    Response r = app.as(lancs).post("units", body);
    assertEquals(201, r.status(), r.text());
    return r.id();
  }

  static String token(String role, long unitId) {
    Response r = app.as(lancs).post("tokens", new JsonObject().put("name", role + "@" + unitId).put("role", role).put("unitId", unitId));
    assertEquals(201, r.status(), r.text());
    return r.json().getString("token");
  }

  static JsonObject variant(String subject, String html) {
    return new JsonObject().put("subject", subject).put("html", html);
  }

  static long create(String token, JsonObject body) {
    Response r = app.as(token).post("templates", body);
    assertEquals(201, r.status(), r.text());
    return r.id();
  }

  static RenderedMessage render(long org, long id, int version, List<String> languages, JsonObject model) {
    RenderOutcome o = app.services().content().renderer().render(List.of(new RenderRequest(org, id, version, languages, model))).await().get(0);
    assertTrue(o.succeeded(), o.error());
    return o.message();
  }

  static String message(Response r, String field) {
    return r.json().getJsonArray("errors").stream().map(e -> (JsonObject) e).filter(e -> field.equals(e.getString("field")))
        .findFirst().orElseThrow(() -> new AssertionError(field + " not in " + r.text())).getString("message");
  }

  @Test
  void createReadListAndUpdate() {
    Response created = app.as(lancs).post("templates", new JsonObject().put("name", "Spring newsletter").put("kind", "newsletter")
        .put("variants", new JsonObject()
            .put("en", variant("Spring at ${unit.name}", "<p>Hello ${subscriber.firstName}</p>").put("layout", "base-email").put("sms", "Hi ${subscriber.firstName}"))
            .put("pl", variant("Wiosna", "<p>Cześć</p>"))));
    assertEquals(201, created.status(), created.text());
    long id = created.id();
    assertEquals("/api/v1/templates/" + id, created.header("Location"));
    assertEquals(1, created.json().getInteger("version"));
    assertEquals(2, created.json().getJsonArray("variants").size());

    Response got = app.as(lancs).get("templates/" + id);
    assertEquals(200, got.status());
    assertEquals("Spring newsletter", got.json().getString("name"));
    assertEquals("base-email", got.json().getJsonArray("variants").getJsonObject(0).getString("layout"));
    Response variant = app.as(lancs).get("templates/" + id + "/variants/pl");
    assertEquals("Wiosna", variant.json().getString("subject"));
    assertEquals(404, app.as(lancs).get("templates/" + id + "/variants/ur").status());
    assertEquals(422, app.as(lancs).get("templates/" + id + "/variants/not_a_tag!").status());

    assertTrue(app.as(lancs).get("templates?kind=newsletter").items().stream().anyMatch(t -> ((JsonObject) t).getLong("id") == id));
    assertTrue(app.as(lancs).get("templates?kind=flier").items().stream().noneMatch(t -> ((JsonObject) t).getLong("id") == id));
    Response page = app.as(lancs).get("templates?limit=1");
    assertEquals(1, page.items().size());
    assertEquals(422, app.as(lancs).get("templates?limit=0").status());

    Response renamed = app.as(lancs).patch("templates/" + id, new JsonObject().put("name", "Spring 2026").put("description", "For all centres"));
    assertEquals(200, renamed.status(), renamed.text());
    assertEquals("Spring 2026", renamed.json().getString("name"));
    assertEquals(1, renamed.json().getInteger("version"), "metadata changes do not make a version");
    assertEquals(409, app.as(lancs).post("templates", new JsonObject().put("name", "spring 2026").put("kind", "flier")).status());

    assertEquals(204, app.as(lancs).delete("templates/" + id).status());
    assertEquals(404, app.as(lancs).get("templates/" + id).status());
    assertEquals("Hi Sam", render(lancsOrg, id, 1, List.of("en"), new JsonObject().put("subscriber", new JsonObject().put("firstName", "Sam"))
        .put("unit", new JsonObject().put("name", "Bacup"))).sms(),
        "a deleted template's versions stay renderable for what was scheduled with them");
  }

  @Test
  void createFromAShippedTemplate() {
    Response r = app.as(lancs).post("templates", new JsonObject().put("shipped", "message-to-dads").put("name", "Dads flier (Bacup)"));
    assertEquals(201, r.status(), r.text());
    assertEquals("flier", r.json().getString("kind"));
    assertEquals(3, r.json().getJsonArray("variants").size());
    Response unknown = app.as(lancs).post("templates", new JsonObject().put("shipped", "nope"));
    assertEquals(422, unknown.status());
    assertTrue(unknown.hasFieldError("shipped"));
    JsonArray catalogue = app.as(lancs).get("templates/shipped").items();
    assertTrue(catalogue.stream().anyMatch(t -> "session-reminder".equals(((JsonObject) t).getString("name"))));
  }

  @Test
  void syntaxErrorsAreFieldErrorsWithLineAndColumnAndNothingIsSaved() {
    long before = app.count("SELECT count(*) FROM template");
    Response r = app.as(lancs).post("templates", new JsonObject().put("name", "Broken").put("kind", "newsletter")
        .put("variants", new JsonObject().put("en", variant("Fine", "<p>ok</p>"))
            .put("pl", variant("Temat ${", "<p>Cześć</p>\n<#if subscriber.firstName>\n${subscriber.firstName</#if>"))));
    assertEquals(422, r.status(), r.text());
    assertEquals("application/problem+json", r.header("Content-Type"));
    assertTrue(message(r, "variants.pl.html").matches("line 3, column \\d+: .*"), r.text());
    assertTrue(message(r, "variants.pl.subject").startsWith("line 1, column"), r.text());
    assertFalse(r.hasFieldError("variants.en.html"));
    assertFalse(r.text().contains("freemarker.core"), "no Java internals: " + r.text());
    assertFalse(r.text().contains("\tat "), "no stack trace");
    assertEquals(before, app.count("SELECT count(*) FROM template"));

    Response v = app.as(lancs).post("templates/validate", new JsonObject().put("variants", new JsonObject()
        .put("pl", variant("ok", "<p>${x</p>"))
        .put("en", variant(null, "${'freemarker.template.utility.Execute'?new()('id')}"))
        .put("ur", new JsonObject().put("html", "<p>x</p>").put("subject", "s").put("layout", "no-such-layout"))));
    assertEquals(422, v.status(), v.text());
    assertTrue(message(v, "variants.pl.html").startsWith("line 1, column"), v.text());
    assertTrue(message(v, "variants.en.html").contains("?new is not allowed"), v.text());
    assertTrue(v.hasFieldError("variants.en.subject"), "an email needs a subject");
    assertTrue(message(v, "variants.ur.layout").contains("no-such-layout"));
    Response ok = app.as(lancs).post("templates/validate", new JsonObject().put("variants", new JsonObject()
        .put("en", variant("Hi", "<#import 'macros' as m><@m.button href='https://x.example' label='Go'/>").put("layout", "base-email"))));
    assertEquals(200, ok.status(), ok.text());
    assertEquals(true, ok.json().getBoolean("valid"));
    Response badLanguage = app.as(lancs).post("templates/validate", new JsonObject().put("variants", new JsonObject().put("xx-!!", variant("a", "b"))));
    assertTrue(badLanguage.hasFieldError("variants.xx-!!"), badLanguage.text());
  }

  @Test
  void editingMakesVersionsAndPinnedVersionsRenderTheirOwnWords() {
    long id = create(lancs, new JsonObject().put("name", "Stay and play reminder").put("kind", "reminder")
        .put("variants", new JsonObject().put("en", new JsonObject().put("sms", "Version one ${subscriber.firstName}"))
            .put("pl", new JsonObject().put("sms", "Wersja pierwsza"))));
    Response put = app.as(lancs).put("templates/" + id + "/variants/en", new JsonObject().put("sms", "Version two ${subscriber.firstName}"));
    assertEquals(200, put.status(), put.text());
    assertEquals(2, put.json().getInteger("version"));
    Response broken = app.as(lancs).put("templates/" + id + "/variants/en", new JsonObject().put("sms", "Version three <#if>"));
    assertEquals(422, broken.status());
    assertTrue(message(broken, "variants.en.sms").startsWith("line 1, column"), broken.text());
    Response removed = app.as(lancs).delete("templates/" + id + "/variants/pl");
    assertEquals(200, removed.status(), removed.text());
    assertEquals(3, removed.json().getInteger("version"));
    assertEquals(404, app.as(lancs).delete("templates/" + id + "/variants/pl").status());

    JsonObject model = new JsonObject().put("subscriber", new JsonObject().put("firstName", "Jo"));
    assertEquals("Version one Jo", render(lancsOrg, id, 1, List.of("en"), model).sms());
    assertEquals("Version two Jo", render(lancsOrg, id, 2, List.of("en"), model).sms());
    assertEquals("Wersja pierwsza", render(lancsOrg, id, 2, List.of("pl"), model).sms());
    RenderedMessage v3pl = render(lancsOrg, id, 3, List.of("pl"), model);
    assertEquals("en", v3pl.language(), "Polish was removed in version 3, so English is used");
    assertNull(v3pl.html());

    JsonArray versions = app.as(lancs).get("templates/" + id + "/versions").items();
    assertEquals(List.of(3, 2, 1), versions.stream().map(v -> ((JsonObject) v).getInteger("version")).toList());
    assertEquals(List.of("en", "pl"), versions.getJsonObject(2).getJsonArray("languages").getList());
    Response page = app.as(lancs).get("templates/" + id + "/versions?limit=2");
    assertEquals(2, page.json().getInteger("next"));
    assertEquals(List.of(1), app.as(lancs).get("templates/" + id + "/versions?after=2").items().stream()
        .map(v -> ((JsonObject) v).getInteger("version")).toList());
    assertEquals("Version one ${subscriber.firstName}", app.as(lancs).get("templates/" + id + "/variants/en?version=1").json().getString("sms"));
    assertEquals(404, app.as(lancs).get("templates/" + id + "?version=4").status());
  }

  @Test
  void renderFallsBackAlongTheLanguageChain() {
    long id = create(lancs, new JsonObject().put("name", "Chain").put("kind", "flier").put("variants", new JsonObject()
        .put("en", new JsonObject().put("sms", "English")).put("pt", new JsonObject().put("sms", "Português"))
        .put("pl", new JsonObject().put("sms", "Polski"))));
    assertEquals("pt", render(lancsOrg, id, 1, List.of("pt-BR", "pl", "en"), null).language());
    assertEquals("Polski", render(lancsOrg, id, 1, List.of("ur", "pl", "en"), null).sms());
    assertEquals("en", render(lancsOrg, id, 1, List.of("ur", "so"), null).language());
    List<RenderOutcome> batch = app.services().content().renderer().render(List.of(
        new RenderRequest(lancsOrg, id, 1, List.of("pl"), null),
        new RenderRequest(lancsOrg, id, 99, List.of("pl"), null),
        new RenderRequest(lancsOrg, id, 1, List.of("en"), null))).await();
    assertTrue(batch.get(0).succeeded());
    assertFalse(batch.get(1).succeeded(), "an unknown version fails alone");
    assertTrue(batch.get(2).succeeded());
  }

  @Test
  void previewRendersForASubscriberOrSampleData() {
    long id = create(lancs, new JsonObject().put("name", "Preview me").put("kind", "reminder").put("variants", new JsonObject()
        .put("en", variant("Hi ${subscriber.firstName}", "<p>Hello ${subscriber.name}</p>").put("sms", "Hi ${subscriber.firstName} 😀").put("layout", "base-email"))
        .put("pl", variant("Cześć ${subscriber.firstName}", "<p>Dzień dobry ${subscriber.name}</p>").put("sms", "Czesc ${subscriber.firstName}, zajecia w ${unit.name}"))
        .put("ur", variant("سلام", "<p>سلام</p>"))));
    app.exec("INSERT INTO subscriber (organisation_id, name, email, language, unit_id) VALUES (" + lancsOrg
        + ", '<script>alert(1)</script> Kowalski', 'k@example.org', 'pl', " + bacup + ")");
    long subscriber = app.count("SELECT max(id) FROM subscriber");

    Response p = app.as(lancs).post("templates/" + id + "/preview", new JsonObject().put("subscriberId", subscriber));
    assertEquals(200, p.status(), p.text());
    JsonObject json = p.json();
    assertEquals("pl", json.getString("language"), "the subscriber's language");
    assertEquals("Cześć <script>alert(1)</script>", json.getString("subject"));
    assertTrue(json.getString("html").contains("Dzień dobry &lt;script&gt;alert(1)&lt;/script&gt; Kowalski"), json.getString("html"));
    assertFalse(json.getString("html").contains("<script>"));
    assertTrue(json.getString("text").contains("Dzień dobry <script>alert(1)</script> Kowalski"), json.getString("text"));
    assertEquals("Czesc <script>alert(1)</script>, zajecia w Bacup", json.getString("sms"));
    assertEquals("GSM-7", json.getJsonObject("smsSegments").getString("encoding"));
    JsonObject sms = json.getJsonObject("smsByLanguage");
    assertEquals("UCS-2", sms.getJsonObject("en").getString("encoding"), "the emoji forces UCS-2");
    assertEquals("GSM-7", sms.getJsonObject("pl").getString("encoding"));
    assertTrue(sms.containsKey("ur") && sms.getValue("ur") == null, "Urdu has no SMS part");

    Response sample = app.as(lancs).post("templates/" + id + "/preview", new JsonObject().put("language", "en"));
    assertEquals(200, sample.status(), sample.text());
    assertEquals("Hi Sam", sample.json().getString("subject"));
    assertTrue(sample.json().getString("html").contains("Bacup Family Hub"));
    assertEquals(1, sample.json().getJsonObject("smsSegments").getInteger("segments"));
    Response fallback = app.as(lancs).post("templates/" + id + "/preview", new JsonObject().put("language", "pt-BR"));
    assertEquals("en", fallback.json().getString("language"));
    Response model = app.as(lancs).post("templates/" + id + "/preview", new JsonObject().put("language", "en")
        .put("model", new JsonObject().put("subscriber", new JsonObject().put("firstName", "Priya"))));
    assertEquals("Hi Priya", model.json().getString("subject"));

    long failing = create(lancs, new JsonObject().put("name", "Fails at render").put("kind", "flier").put("variants", new JsonObject()
        .put("en", variant("x", "<p>${campaign.nothingHere.deeper}</p>"))));
    Response failed = app.as(lancs).post("templates/" + failing + "/preview", new JsonObject());
    assertEquals(422, failed.status(), failed.text());
    assertTrue(message(failed, "variants.en.html").startsWith("line 1, column"), failed.text());
  }

  @Test
  void organisationLayoutsOverrideShippedOnesAndChangesShowAtOnce() {
    String owner = app.bootstrap("Layout Override Org");
    long org = app.count("SELECT max(id) FROM organisation");
    Response layout = app.as(owner).post("templates", new JsonObject().put("name", "base-email").put("kind", "layout")
        .put("variants", new JsonObject().put("en", new JsonObject().put("html", "<main>OWN LAYOUT ${content}</main>"))));
    assertEquals(201, layout.status(), layout.text());
    long message = create(owner, new JsonObject().put("name", "Uses layout").put("kind", "newsletter")
        .put("variants", new JsonObject().put("en", variant("s", "<p>body</p>").put("layout", "base-email"))));
    assertEquals("<main>OWN LAYOUT <p>body</p></main>", render(org, message, 1, List.of("en"), null).html());
    assertEquals(200, app.as(owner).put("templates/" + layout.id() + "/variants/en",
        new JsonObject().put("html", "<main>NEW LAYOUT ${content}</main>")).status());
    assertEquals("<main>NEW LAYOUT <p>body</p></main>", render(org, message, 1, List.of("en"), null).html());
    Response badName = app.as(owner).post("templates", new JsonObject().put("name", "My Layout").put("kind", "layout")
        .put("variants", new JsonObject().put("en", new JsonObject().put("html", "${content}"))));
    assertTrue(badName.hasFieldError("name"));
    // another organisation still gets the shipped layout
    long theirs = create(other, new JsonObject().put("name", "Uses shipped layout").put("kind", "newsletter")
        .put("variants", new JsonObject().put("en", variant("s", "<p>body</p>").put("layout", "base-email"))));
    String html = render(otherOrg, theirs, 1, List.of("en"), null).html();
    assertTrue(html.startsWith("<!DOCTYPE html>") && !html.contains("LAYOUT"), html);
  }

  @Test
  void anotherOrganisationCannotReachTemplatesOnAnyEndpoint() {
    long id = create(lancs, new JsonObject().put("name", "Lancs only").put("kind", "newsletter")
        .put("variants", new JsonObject().put("en", variant("s", "<p>LANCS-SECRET</p>"))));
    Response secretMacros = app.as(lancs).post("templates", new JsonObject().put("name", "lancs-macros").put("kind", "macros")
        .put("variants", new JsonObject().put("en", new JsonObject().put("html", "<#macro leak>LANCS-MACRO-SECRET</#macro>"))));
    assertEquals(201, secretMacros.status(), secretMacros.text());
    Response lancsLayout = app.as(lancs).post("templates", new JsonObject().put("name", "lancs-layout").put("kind", "layout")
        .put("variants", new JsonObject().put("en", new JsonObject().put("html", "<div>${content}</div>"))));
    assertEquals(201, lancsLayout.status(), lancsLayout.text());

    String base = "templates/" + id;
    assertEquals(404, app.as(other).get(base).status());
    assertEquals(404, app.as(other).patch(base, new JsonObject().put("name", "Mine")).status());
    assertEquals(404, app.as(other).get(base + "/versions").status());
    assertEquals(404, app.as(other).get(base + "/variants/en").status());
    assertEquals(404, app.as(other).put(base + "/variants/en", variant("x", "<p>x</p>")).status());
    assertEquals(404, app.as(other).delete(base + "/variants/en").status());
    assertEquals(404, app.as(other).post(base + "/preview", new JsonObject()).status());
    assertEquals(404, app.as(other).delete(base).status());
    assertTrue(app.as(other).get("templates?limit=200").items().stream().noneMatch(t -> ((JsonObject) t).getLong("id") == id));
    assertEquals(200, app.as(lancs).get(base).status(), "still there for its owner");
    assertTrue(app.as(lancs).get(base).text().contains("LANCS-SECRET"));

    // the other organisation cannot use Lancashire's layout or macros by name
    Response layout = app.as(other).post("templates/validate", new JsonObject().put("variants", new JsonObject()
        .put("en", variant("x", "<p>x</p>").put("layout", "lancs-layout"))));
    assertTrue(layout.hasFieldError("variants.en.layout"), layout.text());
    long sneaky = create(other, new JsonObject().put("name", "Sneaky").put("kind", "flier").put("variants", new JsonObject()
        .put("en", variant("x", "<#import 'lancs-macros' as s><@s.leak/>"))));
    Response preview = app.as(other).post("templates/" + sneaky + "/preview", new JsonObject());
    assertEquals(422, preview.status(), preview.text());
    assertTrue(message(preview, "variants.en.html").contains("lancs-macros"), preview.text());
    assertFalse(preview.text().contains("LANCS-MACRO-SECRET"));
    long sneakyInclude = create(other, new JsonObject().put("name", "Sneaky include").put("kind", "flier").put("variants", new JsonObject()
        .put("en", variant("x", "<#include '../../etc/passwd'>"))));
    Response include = app.as(other).post("templates/" + sneakyInclude + "/preview", new JsonObject());
    assertEquals(422, include.status(), include.text());
    // nor preview one of Lancashire's subscribers
    app.exec("INSERT INTO subscriber (organisation_id, name, email) VALUES (" + lancsOrg + ", 'Lancs Person', 'lp@example.org')");
    long lancsSubscriber = app.count("SELECT max(id) FROM subscriber");
    Response foreignSubscriber = app.as(other).post("templates/" + sneaky + "/preview", new JsonObject().put("subscriberId", lancsSubscriber));
    assertEquals(422, foreignSubscriber.status());
    assertTrue(foreignSubscriber.hasFieldError("subscriberId"));
    assertFalse(foreignSubscriber.text().contains("Lancs Person"));
    // nor render it through the renderer under its own organisation id
    RenderOutcome o = app.services().content().renderer().render(List.of(new RenderRequest(otherOrg, id, 1, List.of("en"), null))).await().get(0);
    assertFalse(o.succeeded());
  }

  @Test
  void unitScopedTokensWorkInsideTheirUnitOnly() {
    long orgWide = create(lancs, new JsonObject().put("name", "Org-wide").put("kind", "flier")
        .put("variants", new JsonObject().put("en", new JsonObject().put("sms", "Hello"))));
    long penninesOwn = create(lancs, new JsonObject().put("name", "Pennine only").put("kind", "flier").put("unitId", pennine)
        .put("variants", new JsonObject().put("en", new JsonObject().put("sms", "Pennine"))));
    String bacupCoordinator = token("coordinator", bacup);
    Response mine = app.as(bacupCoordinator).post("templates", new JsonObject().put("name", "Bacup flier").put("kind", "flier")
        .put("variants", new JsonObject().put("en", new JsonObject().put("sms", "Bacup"))));
    assertEquals(201, mine.status(), mine.text());
    assertEquals(bacup, mine.json().getLong("unitId"), "defaults to the token's unit");
    assertEquals(200, app.as(bacupCoordinator).put("templates/" + mine.id() + "/variants/pl", new JsonObject().put("sms", "Bacup PL")).status());

    assertEquals(200, app.as(bacupCoordinator).get("templates/" + orgWide).status(), "organisation-wide templates are readable");
    assertEquals(200, app.as(bacupCoordinator).post("templates/" + orgWide + "/preview", new JsonObject()).status());
    assertEquals(403, app.as(bacupCoordinator).patch("templates/" + orgWide, new JsonObject().put("name", "Taken")).status());
    assertEquals(403, app.as(bacupCoordinator).put("templates/" + orgWide + "/variants/en", new JsonObject().put("sms", "x")).status());
    assertEquals(403, app.as(bacupCoordinator).delete("templates/" + orgWide).status());
    assertEquals(404, app.as(bacupCoordinator).get("templates/" + penninesOwn).status());
    assertTrue(app.as(bacupCoordinator).get("templates?limit=200").items().stream().noneMatch(t -> ((JsonObject) t).getLong("id") == penninesOwn));
    Response elsewhere = app.as(bacupCoordinator).post("templates", new JsonObject().put("name", "Elsewhere").put("kind", "flier").put("unitId", pennine));
    assertEquals(422, elsewhere.status());
    assertTrue(elsewhere.hasFieldError("unitId"));
    Response orgWideAttempt = app.as(bacupCoordinator).post("templates", new JsonObject().put("name", "Org attempt").put("kind", "flier").putNull("unitId"));
    assertEquals(422, orgWideAttempt.status());

    String viewer = token("viewer", rossendale);
    assertEquals(200, app.as(viewer).get("templates/" + mine.id()).status());
    assertEquals(403, app.as(viewer).post("templates", new JsonObject().put("name", "V").put("kind", "flier")).status());
    assertEquals(403, app.as(viewer).put("templates/" + mine.id() + "/variants/en", new JsonObject().put("sms", "x")).status());
  }
}
