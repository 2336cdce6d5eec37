package org.noticeboard.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The FreeMarker sandbox and renderer on their own: escaping, escapes that must fail, and runaway templates. */
class SandboxTest {
  static final long ORG = 1;
  static final long OTHER_ORG = 2;
  static Sandbox sandbox;
  static Engine engine;
  static ShippedTemplates shipped;

  @BeforeAll
  static void setUp() {
    sandbox = new Sandbox();
    engine = new Engine(sandbox, Clock.fixed(Instant.parse("2026-03-02T09:15:00Z"), ZoneOffset.UTC));
    shipped = ShippedTemplates.load();
    Partials.Partial secret = new Partials.Partial("secret-macros", TemplateKind.MACROS,
        List.of(new Variant("en", null, null, null, "<#macro leak>ORG-ONE-SECRET</#macro>", null, null)));
    sandbox.org(ORG).partials.set(Partials.of(shipped.partials(), List.of(secret)));
    sandbox.org(OTHER_ORG).partials.set(Partials.of(shipped.partials(), List.of()));
  }

  static Variant html(String html) {
    return new Variant("en", null, "Subject", null, html, null, null);
  }

  static RenderedMessage render(long org, Variant v, JsonObject model) throws Engine.Failure {
    return engine.render(new Engine.Origin(org, 0, 0), v, model);
  }

  static JsonObject model() {
    return new JsonObject().put("subscriber", new JsonObject().put("firstName", "<script>alert(1)</script>")
        .put("name", "<script>alert(1)</script> O'Brien & Sons").put("language", "en"));
  }

  static String failure(Variant v) {
    Engine.Failure f = assertThrows(Engine.Failure.class, () -> render(ORG, v, model()));
    return f.describe();
  }

  @Test
  void subscriberDataIsEscapedInHtmlAndUnchangedInText() throws Exception {
    Variant v = new Variant("en", null, "Hi ${subscriber.firstName}", "For ${subscriber.name}",
        "<p>Hello ${subscriber.name}</p>", "Hello ${subscriber.name}", "Hi ${subscriber.firstName}");
    RenderedMessage m = render(ORG, v, model());
    assertEquals("<p>Hello &lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien &amp; Sons</p>", m.html());
    assertFalse(m.html().contains("<script>"));
    assertEquals("Hello <script>alert(1)</script> O'Brien & Sons", m.text());
    assertEquals("Hi <script>alert(1)</script>", m.subject());
    assertEquals("Hi <script>alert(1)</script>", m.sms());
    assertEquals("For <script>alert(1)</script> O'Brien & Sons", m.preheader());
  }

  @Test
  void missingTextIsDerivedFromHtmlKeepingLinksAndMissingSmsStaysNull() throws Exception {
    Variant v = html("""
        <div style="display:none">hidden preheader</div>
        <h1>Stay &amp; Play</h1><p>Come along, <a href="https://example.org/rsvp?x=1&amp;y=2">tell us</a> if you can.</p>
        <ul><li>Wellies</li><li>A snack</li></ul><p>Bye<br>Team</p>""");
    RenderedMessage m = render(ORG, v, model());
    assertEquals("Stay & Play\n\nCome along, tell us (https://example.org/rsvp?x=1&y=2) if you can.\n\n- Wellies\n- A snack\n\nBye\nTeam", m.text());
    assertNull(m.sms());
  }

  @Test
  void instantiatingClassesIsRefused() {
    String e = failure(html("${'freemarker.template.utility.Execute'?new()('id')}"));
    assertTrue(e.contains("?new is not allowed"), e);
    assertTrue(e.startsWith("variants.en.html: line 1, column 1"), e);
  }

  @Test
  void apiEvalAndInterpretAreRefused() {
    assertTrue(failure(html("${subscriber?api.class}")).contains("?api is not allowed"));
    assertTrue(failure(html("<#if true>${subscriber.name?eval}</#if>")).contains("?eval is not allowed"));
    assertTrue(failure(html("<#assign t = subscriber.name?interpret><@t/>")).contains("?interpret is not allowed"));
    assertTrue(failure(html("${subscriber?has_api?c}")).contains("?has_api is not allowed"));
  }

  @Test
  void javaMethodsAreNotReachable() {
    String viaMap = failure(html("${subscriber.getClass()}"));
    assertTrue(viaMap.contains("subscriber.getClass"), viaMap);
    String viaString = failure(html("${'x'.getClass()}"));
    assertTrue(viaString.contains("line 1, column"), viaString);
    String protectionDomain = failure(html("${subscriber.class.protectionDomain}"));
    assertTrue(protectionDomain.contains("subscriber.class"), protectionDomain);
    String statics = failure(html("${statics['java.lang.System'].exit(1)}"));
    assertTrue(statics.contains("statics"), statics);
    String objectConstructor = failure(html("<#assign oc = 'freemarker.template.utility.ObjectConstructor'?new()>${oc('java.io.File', '/')}"));
    assertTrue(objectConstructor.contains("?new is not allowed"), objectConstructor);
  }

  @Test
  void settingsCannotLoosenTheSandbox() {
    String e = failure(html("<#setting new_builtin_class_resolver='unrestricted'>x"));
    assertTrue(e.contains("line 1"), e);
    String e2 = failure(html("<#setting api_builtin_enabled=true>x"));
    assertTrue(e2.contains("line 1"), e2);
  }

  @Test
  void includesOutsideTheOrganisationsLoaderFail() throws Exception {
    String up = failure(html("<#include '../../etc/passwd'>"));
    assertTrue(up.contains("etc/passwd"), up);
    String abs = failure(html("<#include '/etc/passwd'>"));
    assertTrue(abs.contains("etc/passwd"), abs);
    String file = failure(html("<#include 'file:///etc/passwd'>"));
    assertTrue(file.contains("line 1"), file);
    // the organisation's own macros work; another organisation cannot load them
    assertEquals("ORG-ONE-SECRET", render(ORG, html("<#import 'secret-macros' as s><@s.leak/>"), model()).html());
    Engine.Failure other = assertThrows(Engine.Failure.class,
        () -> render(OTHER_ORG, html("<#import 'secret-macros' as s><@s.leak/>"), model()));
    assertTrue(other.getMessage().contains("secret-macros"), other.getMessage());
    assertFalse(other.getMessage().contains("ORG-ONE-SECRET"));
  }

  @Test
  void runawayLoopsStopWithinTheTimeLimit() {
    long start = System.nanoTime();
    String e = failure(html("<#list 1..999999999 as i><#assign x = i></#list>done"));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertTrue(e.contains("took longer than 2 seconds"), e);
    assertTrue(ms < Engine.TIME_LIMIT_MS + 1500, "stopped after " + ms + " ms");
    assertFalse(Thread.currentThread().isInterrupted(), "the thread is left clean");
    String empty = failure(html("<#list 1..999999999 as i></#list>"));
    assertTrue(empty.contains("took longer"), empty);
  }

  @Test
  void hugeOutputFailsCleanly() {
    long start = System.nanoTime();
    String e = failure(html("<#list 1..999999999 as i>${i} </#list>"));
    assertTrue(e.contains("larger than 512 KB"), e);
    assertTrue((System.nanoTime() - start) / 1_000_000 < Engine.TIME_LIMIT_MS + 1500);
    String sms = failure(new Variant("en", null, null, null, null, null, "<#list 1..999999999 as i>xxxxxxxxxx</#list>"));
    assertTrue(sms.startsWith("variants.en.sms"), sms);
    String recursion = failure(html("<#macro r><@r/></#macro><@r/>"));
    assertTrue(recursion.contains("too deeply"), recursion);
  }

  @Test
  void anEngineStillWorksAfterFailures() throws Exception {
    failure(html("<#list 1..999999999 as i></#list>"));
    assertEquals("<p>ok</p>", render(ORG, html("<p>ok</p>"), model()).html());
  }

  @Test
  void datesUseTheMessageLanguageAndLondonTime() throws Exception {
    JsonObject model = new JsonObject().put("session", new JsonObject().put("startsAt", "2026-07-04T09:30:00Z"));
    Variant en = new Variant("en", null, "x", null, null, "${formatDate(session.startsAt, 'EEEE d MMMM yyyy')} ${formatTime(session.startsAt)} ${now?string['yyyy-MM-dd HH:mm']}", null);
    assertEquals("Saturday 4 July 2026 10:30 2026-03-02 09:15", render(ORG, en, model).text());
    Variant pl = new Variant("pl", null, "x", null, null, "${formatDate(session.startsAt, 'EEEE d MMMM')} ${formatDate('2026-07-04', 'long')}", null);
    assertEquals("sobota 4 lipca 4 lipca 2026", render(ORG, pl, model).text());
    Variant iso = new Variant("en", null, "x", null, null, "${session.startsAt?datetime.iso?string['HH:mm']}", null);
    assertEquals("10:30", render(ORG, iso, model).text());
    String bad = failure(new Variant("en", null, "x", null, null, "${formatDate('next tuesday')}", null));
    assertTrue(bad.contains("not an ISO date"), bad);
  }

  @Test
  void syntaxErrorsReportLineAndColumn() {
    String e = failure(html("<p>Hello</p>\n<#if subscriber.name>\n${subscriber.name\n"));
    assertTrue(e.startsWith("variants.en.html: line "), e);
    assertTrue(e.matches(".*line \\d+, column \\d+: .*"), e);
    assertFalse(e.contains("at freemarker."), "no stack trace: " + e);
  }

  @Test
  void aSensitiveListsMessageShowsOnlyTheNeutralSubjectAndPreviewLine() throws Exception {
    JsonObject model = model().put("unit", new JsonObject().put("name", "Bacup Family Hub"))
        .put("discreet", new JsonObject().put("subject", "A message for you").put("preheader", "From your family services"));
    Variant v = new Variant("en", "base-email", "Freedom Programme: week 3", "Safety planning on Tuesday",
        "<p>See you on Tuesday.</p>", null, null);
    RenderedMessage m = render(ORG, v, model);
    assertEquals("A message for you", m.subject());
    assertEquals("From your family services", m.preheader());
    assertTrue(m.html().contains("<title>A message for you</title>"), m.html());
    assertTrue(m.html().contains("From your family services"), "the neutral preview line");
    assertFalse(m.html().contains("Freedom") || m.html().contains("Safety"), m.html());
    assertFalse(m.text().contains("Freedom") || m.text().contains("Safety"), m.text());
    assertTrue(m.html().contains("See you on Tuesday."), "the content itself is the family's to read");
  }

  @Test
  void layoutsWrapHtmlAndFollowTheLanguage() throws Exception {
    JsonObject model = model().put("unit", new JsonObject().put("name", "Bacup Family Hub").put("address", "Rochdale Road"))
        .put("links", new JsonObject().put("unsubscribe", "https://nb.example/p/unsubscribe/t1").put("preferences", "https://nb.example/p/preferences/t1"));
    Variant pl = new Variant("pl", "base-email", "Temat", "Zapowiedź", "<p>Treść</p>", null, null);
    RenderedMessage m = render(ORG, pl, model);
    assertTrue(m.html().contains("<html lang=\"pl\" dir=\"ltr\">"), m.html());
    assertTrue(m.html().contains("<p>Treść</p>"));
    assertTrue(m.html().contains("Wypisz się"), "the Polish footer is used");
    // no text part of its own: the content converted from HTML, inside the layout's text part
    assertTrue(m.text().contains("Treść"), m.text());
    assertTrue(m.text().contains("Wypisz się: https://nb.example/p/unsubscribe/t1"), m.text());
    assertTrue(m.text().startsWith("Bacup Family Hub"), m.text());
    assertFalse(m.text().contains("Zapowiedź"), "the hidden preheader is not in the text part");
    Variant ur = new Variant("ur", "base-email", "عنوان", null, "<p>متن</p>", null, null);
    assertTrue(render(ORG, ur, model).html().contains("dir=\"rtl\""));
    Variant pt = new Variant("pt-BR", "base-email", "Assunto", null, "<p>Olá</p>", null, null);
    assertTrue(render(ORG, pt, model).html().contains("Unsubscribe"), "a language the layout lacks falls back to English");
  }

  @Test
  void fallbackChainAddsBaseLanguagesAndEnglishLast() {
    assertEquals(List.of("pt-br", "pt", "pl", "en"), TemplateRenderer.chain(List.of("pt-BR", "pl")));
    assertEquals(List.of("en"), TemplateRenderer.chain(List.of()));
    List<Variant> vs = List.of(html("x").withLanguage("en"), html("x").withLanguage("pt"), html("x").withLanguage("pl"));
    assertEquals("pt", TemplateRenderer.choose(vs, TemplateRenderer.chain(List.of("pt-BR", "pl"))).orElseThrow().language());
    assertEquals("pl", TemplateRenderer.choose(vs, TemplateRenderer.chain(List.of("ur", "pl"))).orElseThrow().language());
    assertEquals("en", TemplateRenderer.choose(vs, TemplateRenderer.chain(List.of("ur"))).orElseThrow().language());
    assertEquals("pl", TemplateRenderer.choose(List.of(html("x").withLanguage("pl")), TemplateRenderer.chain(List.of("ur")))
        .orElseThrow().language(), "no language of the chain: the template's own variant rather than nothing");
  }

  @Test
  void modelValuesAreOnlyPlainData() {
    Map<String, Object> m = ModelData.plain(new JsonObject().put("a", new JsonArray().add(1).add(new JsonObject().put("b", true)))
        .put("when", Instant.parse("2026-01-01T00:00:00Z")));
    assertEquals(List.of(1, Map.of("b", true)), m.get("a"));
    assertEquals("2026-01-01T00:00:00Z", m.get("when"));
  }

  @Test
  void aBatchConvertsTheValuesItsModelsShareOnce() throws Exception {
    // as a batch of claimed messages reads them: one parsed campaign, each message its own subscriber
    JsonObject campaign = new JsonObject("{\"title\":\"Spring\",\"items\":[{\"title\":\"Stay and play\"},{\"title\":\"Dads\"}]}");
    JsonObject first = new JsonObject().put("campaign", campaign).put("subscriber", new JsonObject().put("firstName", "Ana"));
    JsonObject second = new JsonObject().put("campaign", campaign).put("subscriber", new JsonObject().put("firstName", "Bilal"));
    JsonObject other = new JsonObject().put("campaign", new JsonObject().put("title", "Autumn"));
    ModelData.Shared shared = new ModelData.Shared();
    Instant now = Instant.parse("2026-11-29T10:00:00Z");
    Map<String, Object> a = ModelData.build(first, "en", now, shared);
    Map<String, Object> b = ModelData.build(second, "en", now, shared);
    Map<String, Object> c = ModelData.build(other, "en", now, shared);
    assertSame(a.get("campaign"), b.get("campaign"), "the shared campaign is converted once");
    assertEquals(Map.of("title", "Spring", "items", List.of(Map.of("title", "Stay and play"), Map.of("title", "Dads"))),
        a.get("campaign"));
    assertEquals(Map.of("firstName", "Ana"), a.get("subscriber"));
    assertEquals(Map.of("firstName", "Bilal"), b.get("subscriber"));
    assertEquals(Map.of("title", "Autumn"), c.get("campaign"));
    assertNotSame(a, b, "each message has its own top level, which the renderer adds to");
    Map<String, Object> unshared = ModelData.build(first, "en", now);
    assertEquals(unshared.keySet(), a.keySet());
    for (String key : List.of("campaign", "subscriber", "language", "dir")) {
      assertEquals(unshared.get(key), a.get(key), "the same " + key + " as without sharing");
    }
  }
}
