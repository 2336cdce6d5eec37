package org.noticeboard.audience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Response;

/** Subject access export, erasure (with suppression) and deletion. */
class DataSubjectTest {
  static AudienceFixture f;

  @BeforeAll
  static void start() {
    f = new AudienceFixture();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void exportHoldsEverythingAboutOnePerson() {
    long list = f.list(f.owner, f.bacup, "SAR list", "single");
    long id = f.subscriber(f.owner, new JsonObject().put("name", "Sara Ahmed").put("email", "sara@example.org").put("unitId", f.bacup)
        .put("attributes", new JsonObject().put("childBirthDate", "2025-03-01")));
    f.subscribe(f.owner, list, id, "email");
    Response r = f.app.as(f.owner).get("subscribers/" + id + "/export");
    assertEquals(200, r.status(), r.text());
    JsonObject all = r.json();
    assertEquals("sara@example.org", all.getJsonObject("subscriber").getString("email"));
    assertEquals("SAR list", all.getJsonArray("subscriptions").getJsonObject(0).getString("listName"));
    assertEquals("given", all.getJsonArray("consents").getJsonObject(0).getString("action"));
    assertEquals(new JsonArray(), all.getJsonArray("messages"));
    assertTrue(r.header("Content-Disposition").contains("attachment"));
  }

  @Test
  void erasureRemovesThePersonAndKeepsOnlyAHash() {
    long list = f.list(f.owner, f.whitworth, "Erasure list", "single");
    long id = f.subscriber(f.owner, new JsonObject().put("name", "Erin Erased").put("email", "Erin@Example.org").put("phone", "07766 150799")
        .put("unitId", f.whitworth));
    f.subscribe(f.owner, list, id, "email", "sms");
    Response erased = f.app.as(f.owner).post("subscribers/" + id + "/erase", null);
    assertEquals(200, erased.status(), erased.text());
    assertEquals(2, erased.json().getInteger("addressesSuppressed"));
    assertEquals(2, erased.json().getInteger("consentEvents"));
    assertEquals(404, f.app.as(f.owner).get("subscribers/" + id).status());
    assertEquals(0, f.app.count("SELECT count(*) FROM consent_event WHERE subscriber_id = " + id));
    assertEquals(0, f.app.count("SELECT count(*) FROM subscription WHERE subscriber_id = " + id));
    assertEquals(2, f.app.count("SELECT count(*) FROM suppression WHERE reason = 'erasure' AND masked IS NULL AND detail IS NULL"));
    assertEquals(0, f.app.count("SELECT count(*) FROM suppression WHERE encode(value_hash, 'escape') ILIKE '%erin%'"));
    assertEquals(1, f.app.count("SELECT count(*) FROM erasure_record WHERE kind = 'erasure' AND consent_events = 2 AND subscriptions = 2"));

    Response again = f.app.as(f.owner).post("subscribers", new JsonObject().put("email", "erin@example.ORG"));
    assertEquals(409, again.status(), again.text());
    assertTrue(again.hasFieldError("email") && again.json().getString("detail").contains("erased"), again.text());
    Response byPhone = f.app.as(f.owner).post("subscribers", new JsonObject().put("phone", "+447766150799"));
    assertEquals(409, byPhone.status());
    assertTrue(byPhone.hasFieldError("phone"));
    long other = f.subscriber(f.owner, new JsonObject().put("email", "someone.else@example.org"));
    assertEquals(409, f.app.as(f.owner).patch("subscribers/" + other, new JsonObject().put("email", "erin@example.org")).status());

    JsonObject job = f.importCsv(f.owner, "listId=" + list, Buffer.buffer("name,email,phone\nErin,ERIN@example.org,\nErin by phone,,07766 150799\nNew,new-after-erasure@example.org,\n")).json();
    assertEquals(2, job.getInteger("skipped"), job.encodePrettily());
    assertEquals(1, job.getInteger("created"));
    assertEquals("skipped", ImportTest.problem(job, 2).getString("kind"));
    assertTrue(ImportTest.problem(job, 3).getString("message").contains("erased"));
    assertEquals(0, f.app.count("SELECT count(*) FROM subscriber WHERE lower(email) = 'erin@example.org' OR phone = '+447766150799'"));
    // another organisation's erasure means nothing here
    assertEquals(201, f.app.as(f.other).post("subscribers", new JsonObject().put("email", "erin@example.org")).status());
  }

  @Test
  void deletionLeavesARecordButNoSuppression() {
    long id = f.subscriber(f.owner, new JsonObject().put("email", "typo@example.org"));
    assertEquals(204, f.app.as(f.owner).delete("subscribers/" + id).status());
    assertEquals(404, f.app.as(f.owner).get("subscribers/" + id).status());
    assertEquals(1, f.app.count("SELECT count(*) FROM erasure_record WHERE kind = 'deletion'"));
    assertEquals(201, f.app.as(f.owner).post("subscribers", new JsonObject().put("email", "typo@example.org")).status());
  }

  @Test
  void scopedAndForeignTokensCannotExportOrErase() {
    long id = f.subscriber(f.owner, new JsonObject().put("email", "burnley-sar@example.org").put("unitId", f.burnley));
    String bacup = f.token("coordinator", f.bacup);
    assertEquals(404, f.app.as(bacup).get("subscribers/" + id + "/export").status());
    assertEquals(404, f.app.as(bacup).post("subscribers/" + id + "/erase", null).status());
    assertEquals(404, f.app.as(f.other).post("subscribers/" + id + "/erase", null).status());
    assertEquals(403, f.app.as(f.token("viewer", null)).post("subscribers/" + id + "/erase", null).status());
    assertEquals(200, f.app.as(f.owner).get("subscribers/" + id).status(), "still there");
  }
}
