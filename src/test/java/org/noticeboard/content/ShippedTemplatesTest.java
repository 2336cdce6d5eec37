package org.noticeboard.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.TestApp;

/** Every shipped template renders in every language it ships, through the real renderer and database. */
class ShippedTemplatesTest {
  static TestApp app;
  static long org;
  static ContentService content;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    app.bootstrap("Rossendale Children's Centres");
    org = app.count("SELECT max(id) FROM organisation");
    content = app.services().content();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static JsonObject model(String language) {
    return new JsonObject()
        .put("subscriber", new JsonObject().put("firstName", "Agnieszka").put("name", "Agnieszka Nowak <b>&</b>").put("language", language))
        .put("unit", new JsonObject().put("name", "Bacup Family Hub").put("address", "Rochdale Road, Bacup OL13 9NR").put("phone", "01706 000 000")
            .put("email", "bacup@example.org"))
        .put("list", new JsonObject().put("name", "Family news"))
        .put("campaign", new JsonObject().put("title", "Spring news").put("intro", "Lots going on.")
            .put("items", new JsonArray().add(new JsonObject().put("title", "Baby massage").put("body", "Tuesdays at 10.").put("link", "https://example.org/massage")))
            .put("training", new JsonArray().add(new JsonObject().put("title", "First aid").put("startsAt", "2026-04-14T17:30:00Z").put("venue", "Hub")))
            .put("sessions", new JsonArray().add(new JsonObject().put("title", "Dads' breakfast").put("startsAt", "2026-04-18T08:30:00Z").put("venue", "Hub"))))
        .put("session", new JsonObject().put("title", "Stay and Play").put("startsAt", "2026-04-14T09:00:00Z").put("endsAt", "2026-04-14T10:30:00Z")
            .put("venue", new JsonObject().put("name", "Bacup Family Hub").put("address", "Rochdale Road"))
            .put("whatToBring", new JsonArray().add("Wellies").add("A snack")))
        .put("links", new JsonObject().put("unsubscribe", "https://nb.example/p/unsubscribe/U1").put("preferences", "https://nb.example/p/preferences/P1")
            .put("viewInBrowser", "https://nb.example/p/view/V1").put("confirm", "https://nb.example/p/confirm/C1")
            .put("rsvp", "https://nb.example/p/rsvp/R1").put("rsvpYes", "https://nb.example/p/rsvp/R1?a=yes").put("rsvpNo", "https://nb.example/p/rsvp/R1?a=no"));
  }

  @Test
  void everyShippedMessageRendersInEveryLanguage() {
    ShippedTemplates shipped = ShippedTemplates.load();
    int rendered = 0;
    for (ShippedTemplates.Shipped s : shipped.all()) {
      if (s.kind().partial()) {
        continue;
      }
      TemplateRef ref = content.shippedTemplate(org, s.name()).await();
      List<RenderRequest> batch = new ArrayList<>();
      for (Variant v : s.variants()) {
        batch.add(new RenderRequest(org, ref.templateId(), ref.version(), List.of(v.language()), model(v.language())));
      }
      List<RenderOutcome> out = content.renderer().render(batch).await();
      for (int i = 0; i < out.size(); i++) {
        String lang = s.variants().get(i).language();
        RenderOutcome o = out.get(i);
        String where = s.name() + "/" + lang;
        assertTrue(o.succeeded(), where + ": " + o.error());
        RenderedMessage m = o.message();
        assertEquals(lang, m.language(), where);
        assertFalse(m.subject().isBlank(), where);
        assertFalse(m.subject().contains("${"), where);
        assertTrue(m.html().startsWith("<!DOCTYPE html>"), where + " is wrapped in the layout");
        assertTrue(m.html().contains("lang=\"" + lang + "\""), where);
        assertTrue(m.html().contains("dir=\"" + (lang.equals("ur") ? "rtl" : "ltr") + "\""), where);
        assertTrue(m.html().contains("max-width:600px"), where + " single column for phones");
        assertTrue(m.html().contains("https://nb.example/p/unsubscribe/U1"), where + " has the unsubscribe link");
        assertFalse(m.html().contains("<b>&</b>"), where + " escapes subscriber data");
        assertFalse(m.text().isBlank(), where);
        assertTrue(m.text().contains("https://nb.example/p/unsubscribe/U1"), where + " text keeps the unsubscribe link: " + m.text());
        assertFalse(m.text().contains("<p"), where + " text has no markup");
        if (m.sms() != null) {
          SmsSegments seg = SmsSegments.count(m.sms());
          assertTrue(seg.segments() >= 1 && seg.segments() <= 3, where + " sms of " + seg.segments() + " segments: " + m.sms());
        }
        rendered++;
      }
    }
    assertEquals(18, rendered, "6 messages × en, pl, ur");
  }

  @Test
  void sessionReminderCarriesDateTimeVenueWhatToBringAndRsvp() {
    TemplateRef ref = content.shippedTemplate(org, "session-reminder").await();
    List<RenderOutcome> out = content.renderer().render(List.of(
        new RenderRequest(org, ref.templateId(), ref.version(), List.of("en"), model("en")),
        new RenderRequest(org, ref.templateId(), ref.version(), List.of("pl"), model("pl")),
        new RenderRequest(org, ref.templateId(), ref.version(), List.of("ur"), model("ur")))).await();
    RenderedMessage en = out.get(0).message();
    assertEquals("Reminder: Stay and Play, Tuesday 14 April at 10:00", en.subject(), "09:00Z is 10:00 in London in April");
    assertTrue(en.html().contains("Tuesday, 14 April 2026"), en.html());
    assertTrue(en.html().contains("10:00") && en.html().contains("11:30"));
    assertTrue(en.html().contains("<li>Wellies</li>"));
    assertTrue(en.html().contains("https://nb.example/p/rsvp/R1?a=yes"));
    assertTrue(en.text().contains("What to bring:\n- Wellies\n- A snack"), en.text());
    assertTrue(en.text().contains("Yes, I'll be there: https://nb.example/p/rsvp/R1?a=yes"), en.text());
    assertTrue(en.text().contains("Unsubscribe: https://nb.example/p/unsubscribe/U1"), "the layout's text footer wraps the text part");
    assertEquals("Reminder: Stay and Play Tue 14 Apr 10:00 at Bacup Family Hub. Can you come? https://nb.example/p/rsvp/R1", en.sms());
    assertEquals("GSM-7", SmsSegments.count(en.sms()).encoding());
    RenderedMessage pl = out.get(1).message();
    assertTrue(pl.subject().startsWith("Przypomnienie: Stay and Play, wtorek, 14 kwietnia"), pl.subject());
    RenderedMessage ur = out.get(2).message();
    assertEquals("UCS-2", SmsSegments.count(ur.sms()).encoding());
  }

  @Test
  void shippedTemplateInstallsOnceAndThenFollowsTheOrganisationsEdits() {
    TemplateRef first = content.shippedTemplate(org, "subscription-confirmation").await();
    TemplateRef again = content.shippedTemplate(org, "subscription-confirmation").await();
    assertEquals(first, again);
    assertEquals(1, app.count("SELECT count(*) FROM template WHERE organisation_id = " + org + " AND name = 'subscription-confirmation'"));
    assertNotNull(content.renderer().render(List.of(new RenderRequest(org, first.templateId(), first.version(), List.of("pl"), model("pl"))))
        .await().get(0).message().sms());
    // another organisation gets its own copy
    app.bootstrap("Another Council");
    long other = app.count("SELECT max(id) FROM organisation");
    TemplateRef theirs = content.shippedTemplate(other, "subscription-confirmation").await();
    assertFalse(theirs.templateId() == first.templateId());
    // rendering one organisation's template as another organisation renders nothing
    RenderOutcome cross = content.renderer().render(List.of(new RenderRequest(other, first.templateId(), first.version(), List.of("en"), model("en"))))
        .await().get(0);
    assertFalse(cross.succeeded());
    assertNull(cross.message());
  }
}
