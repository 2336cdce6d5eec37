package org.noticeboard.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Await;
import org.noticeboard.support.Response;
import org.noticeboard.support.TestApp;

/** Every setting a coordinator expects is readable and changeable through the API, strictly checked, and takes effect. */
class SettingsTest {
  static TestApp app;
  static String owner;
  static long centre;

  @BeforeAll
  static void start() {
    app = TestApp.start(new JsonObject().put("NB_DELIVERY_POLL_MS", 100)); // mail and SMS to the development sinks
    owner = app.bootstrap("Settings Hubs");
    centre = app.as(owner).post("units", new JsonObject().put("kind", "centre").put("name", "Bacup Family Hub")).id();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void organisationSettingsHaveDefaultsAndChangeThroughTheApi() {
    JsonObject org = app.as(owner).get("organisation").json();
    assertEquals(new JsonObject().put("start", "21:00").put("end", "08:00"), org.getJsonObject("smsQuietHours"));
    assertEquals("Europe/London", org.getString("timezone"));
    assertTrue(org.containsKey("smsSenderId") && org.getValue("smsSenderId") == null, org.encode());
    assertEquals(false, org.getBoolean("signupDoubleOptIn"));

    Response changed = app.as(owner).patch("organisation", new JsonObject()
        .put("smsQuietHours", new JsonObject().put("start", "20:30").put("end", "07:30"))
        .put("smsSenderId", "BacupHub").put("emailPerSecond", 20).put("smsPerSecond", 2)
        .put("contactEmail", "hello@bacup.example.org").put("contactPhone", "+44 1706 123456")
        .put("signupDoubleOptIn", true).put("defaultLanguage", "pl"));
    assertEquals(200, changed.status(), changed.text());
    JsonObject now = app.as(owner).get("organisation").json();
    assertEquals(new JsonObject().put("start", "20:30").put("end", "07:30"), now.getJsonObject("smsQuietHours"));
    assertEquals("BacupHub", now.getString("smsSenderId"));
    assertEquals(20, now.getInteger("emailPerSecond"));
    assertEquals(2, now.getInteger("smsPerSecond"));
    assertEquals("hello@bacup.example.org", now.getString("contactEmail"));
    assertEquals("01706 123456", now.getString("contactPhone"), "kept in the form people read");

    // lists made from now on take the organisation's defaults
    JsonObject list = app.as(owner).post("lists", new JsonObject().put("unitId", centre).put("name", "Defaults")
        .put("kind", "newsletter")).json();
    assertEquals("double", list.getString("optIn"), list.encode());
    assertEquals("pl", list.getString("defaultLanguage"));

    // nulls clear back to the service's defaults; quiet hours off
    assertEquals(200, app.as(owner).patch("organisation", new JsonObject().putNull("smsQuietHours").putNull("smsSenderId")
        .putNull("emailPerSecond").putNull("smsPerSecond").putNull("contactEmail").putNull("contactPhone")
        .put("signupDoubleOptIn", false).put("defaultLanguage", "en")).status());
    JsonObject cleared = app.as(owner).get("organisation").json();
    assertNull(cleared.getValue("smsQuietHours"));
    assertNull(cleared.getValue("smsSenderId"));
    assertNull(cleared.getValue("emailPerSecond"));
    assertNull(cleared.getValue("contactPhone"));
    restoreQuietHours();
  }

  @Test
  void unknownFieldsAndBadValuesAreNamed() {
    Response typo = app.as(owner).patch("organisation", new JsonObject().put("timeZone", "Europe/London"));
    assertEquals(422, typo.status(), typo.text());
    assertEquals("application/problem+json", typo.header("Content-Type"));
    assertEquals("unknown field; did you mean timezone?", error(typo, "timeZone"));
    assertEquals("Europe/London", app.as(owner).get("organisation").json().getString("timezone"), "nothing changed");

    // shapes and ranges are the contract's to refuse; what needs knowledge (phones, zones) the service's
    Response bad = app.as(owner).patch("organisation", new JsonObject()
        .put("smsQuietHours", new JsonObject().put("start", "25:00").put("end", "08:00").put("days", "weekdays"))
        .put("emailPerSecond", 0));
    assertEquals(422, bad.status());
    assertTrue(error(bad, "smsQuietHours.start").contains("HH:MM"), bad.text());
    assertTrue(error(bad, "smsQuietHours.days").startsWith("unknown field"), bad.text());
    assertTrue(error(bad, "emailPerSecond").contains("from 1 to"), bad.text());
    bad = app.as(owner).patch("organisation", new JsonObject().put("smsSenderId", "Hub-1").put("contactPhone", "not a phone")
        .put("contactEmail", "nobody").put("timezone", "Europe/Londno"));
    assertEquals(422, bad.status());
    assertTrue(error(bad, "smsSenderId").contains("letters, digits and spaces"), bad.text());
    assertTrue(error(bad, "contactPhone").contains("phone number"), bad.text());
    assertTrue(error(bad, "contactEmail").contains("email"), bad.text());
    assertTrue(error(bad, "timezone").contains("IANA"), bad.text());
    Response same = app.as(owner).patch("organisation", new JsonObject()
        .put("smsQuietHours", new JsonObject().put("start", "08:00").put("end", "08:00")));
    assertTrue(error(same, "smsQuietHours").contains("use null"), same.text());

    Response unitTypo = app.as(owner).patch("units/" + centre, new JsonObject().put("phoneNumber", "01706 123456"));
    assertEquals("unknown field; did you mean phone?", error(unitTypo, "phoneNumber"), unitTypo.text());
    Response unitPhone = app.as(owner).patch("units/" + centre, new JsonObject().put("phone", "not a phone"));
    assertTrue(error(unitPhone, "phone").contains("phone number"), unitPhone.text());
    Response logo = app.as(owner).patch("units/" + centre, new JsonObject().put("logoUrl", "javascript:alert(1)"));
    assertTrue(error(logo, "logoUrl").contains("https://"), logo.text());
    Response token = app.as(owner).post("tokens", new JsonObject().put("name", "x").put("rol", "viewer"));
    assertEquals("unknown field; did you mean role?", error(token, "rol"), "every endpoint, not only settings");
  }

  @Test
  void onlyOwnersChangeTheOrganisationAndCentresTheirOwnUnits() {
    String coordinator = token("coordinator", null);
    assertEquals(403, app.as(coordinator).patch("organisation", new JsonObject().put("smsSenderId", "Sneaky")).status());
    long other = app.as(owner).post("units", new JsonObject().put("kind", "centre").put("name", "Whitworth")).id();
    String bacupOwner = token("owner", centre);
    assertEquals(403, app.as(bacupOwner).patch("organisation", new JsonObject().put("smsSenderId", "Sneaky")).status(),
        "an owner limited to a unit is not the organisation's owner");

    String bacupStaff = token("coordinator", centre);
    Response own = app.as(bacupStaff).patch("units/" + centre, new JsonObject().put("phone", "+44 1706 654321")
        .put("address", "Rochdale Road, Bacup OL13 9NR").put("email", "bacup@example.org").put("smsSenderId", "BacupHub"));
    assertEquals(200, own.status(), own.text());
    assertEquals("01706 654321", own.json().getString("phone"));
    assertEquals("BacupHub", own.json().getString("smsSenderId"));
    assertEquals(404, app.as(bacupStaff).patch("units/" + other, new JsonObject().put("phone", "01706 111111")).status());
    assertEquals(403, app.as(bacupStaff).patch("units/" + centre, new JsonObject().put("kind", "site")).status(),
        "reshaping the tree is an owner's change");
    String viewer = token("viewer", centre);
    assertEquals(403, app.as(viewer).patch("units/" + centre, new JsonObject().put("phone", "01706 111111")).status());
    assertEquals(200, app.as(bacupStaff).patch("units/" + centre, new JsonObject().putNull("smsSenderId")).status());
  }

  @Test
  void quietHoursChangedThroughTheApiApplyToTextsAlreadyHeld() {
    app.clock().advanceToLondon(23, 0); // quiet by default
    long campaign = campaign("Late news");
    Response test = app.as(owner).post("campaigns/" + campaign + "/test", new JsonObject().put("phones", new JsonArray().add("+447911123001")));
    assertEquals(202, test.status(), test.text());
    long id = app.count("SELECT id FROM message WHERE channel = 'sms' AND destination = '+447911123001'");
    Await.until("held", Duration.ofSeconds(10), () -> "quiet hours".equals(app.string("SELECT last_error FROM message WHERE id = " + id)));
    assertEquals("queued", app.string("SELECT status FROM message WHERE id = " + id));

    assertEquals(200, app.as(owner).patch("organisation", new JsonObject().putNull("smsQuietHours")).status());
    Await.until("sent at once, not at 08:00", Duration.ofSeconds(10), () -> "sent".equals(app.string("SELECT status FROM message WHERE id = " + id)));
    restoreQuietHours();
  }

  @Test
  void theSenderIdAppearsOnTheNextTextAndTheLogoInTheShippedLayout() {
    app.clock().advanceToLondon(10, 0);
    assertEquals(200, app.as(owner).patch("organisation", new JsonObject().put("smsSenderId", "FamilyHub")).status());
    assertEquals(200, app.as(owner).patch("units/" + centre, new JsonObject().put("logoUrl", "https://cdn.example.org/bacup-logo.png")).status());
    long campaign = campaign("Logo news");
    Response test = app.as(owner).post("campaigns/" + campaign + "/test", new JsonObject()
        .put("phones", new JsonArray().add("+447911123002")).put("emails", new JsonArray().add("logo@example.org")));
    assertEquals(202, test.status(), test.text());
    long sms = app.count("SELECT id FROM message WHERE destination = '+447911123002'");
    long email = app.count("SELECT id FROM message WHERE destination = 'logo@example.org'");
    Await.until("both sent", Duration.ofSeconds(10), () -> "sent".equals(app.string("SELECT status FROM message WHERE id = " + sms))
        && "sent".equals(app.string("SELECT status FROM message WHERE id = " + email)));
    assertEquals("FamilyHub", app.as(owner).get("/api/v1/dev/sms/" + sms + ".json").json().getString("from"));
    String eml = app.as(owner).get("/api/v1/dev/mail/" + email + ".eml").text().replace("=\r\n", "").replace("=3D", "=");
    assertTrue(eml.contains("src=\"https://cdn.example.org/bacup-logo.png\""), "the layout shows the unit's logo");
    assertEquals(200, app.as(owner).patch("organisation", new JsonObject().putNull("smsSenderId")).status());
  }

  static long campaign(String name) {
    long template = app.as(owner).post("templates", new JsonObject().put("shipped", "message-to-dads").put("name", name)).id();
    return app.as(owner).post("campaigns", new JsonObject().put("unitId", centre).put("name", name).put("templateId", template)).id();
  }

  static void restoreQuietHours() {
    assertEquals(200, app.as(owner).patch("organisation", new JsonObject()
        .put("smsQuietHours", new JsonObject().put("start", "21:00").put("end", "08:00"))).status());
  }

  static String token(String role, Long unitId) {
    JsonObject body = new JsonObject().put("name", role + "@" + unitId).put("role", role);
    if (unitId != null) {
      body.put("unitId", unitId);
    }
    Response r = app.as(owner).post("tokens", body);
    assertEquals(201, r.status(), r.text());
    return r.json().getString("token");
  }

  static String error(Response r, String field) {
    for (Object o : r.json().getJsonArray("errors", new JsonArray())) {
      JsonObject e = (JsonObject) o;
      if (field.equals(e.getString("field"))) {
        return e.getString("message");
      }
    }
    throw new AssertionError("no error for " + field + " in " + r.text());
  }
}
