package org.noticeboard.audience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Response;

class ImportTest {
  static AudienceFixture f;

  @BeforeAll
  static void start() {
    f = new AudienceFixture();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  static JsonObject problem(JsonObject job, int row) {
    return job.getJsonArray("problems").stream().map(o -> (JsonObject) o).filter(p -> p.getInteger("row") == row).findFirst()
        .orElseThrow(() -> new AssertionError("no problem reported for row " + row + " in " + job.encodePrettily()));
  }

  @Test
  void importsTheSharedFamiliesFileIntoAList() throws Exception {
    String org = f.app.bootstrap("Families Org");
    long area = f.app.as(org).post("units", new JsonObject().put("kind", "area").put("name", "Rossendale")).id();
    for (String c : List.of("Bacup", "Haslingden", "Rawtenstall", "Rossendale North", "Whitworth")) {
      assertEquals(201, f.app.as(org).post("units", new JsonObject().put("kind", "centre").put("name", c).put("parentId", area)).status());
    }
    long list = f.list(org, area, "Rossendale newsletter", "single");
    Buffer csv = Buffer.buffer(Files.readAllBytes(Path.of("/work/shared/samples/families.csv")));
    Response r = f.importCsv(org, "listId=" + list + "&wording=Signed%20up%20at%20reception", csv);
    assertEquals(201, r.status(), r.text());
    JsonObject job = r.json();
    assertEquals("completed", job.getString("state"), job.encode());
    assertEquals(500, job.getInteger("rowsRead"));
    // the sample has numbers in 076 ranges that are not allocated to mobiles: libphonenumber refuses them
    int errors = job.getInteger("errors");
    assertEquals(errors, job.getJsonArray("problems").size());
    assertTrue(errors > 0 && errors < 50, job.encodePrettily());
    assertTrue(job.getJsonArray("problems").stream().map(o -> (JsonObject) o)
        .allMatch(p -> "phone".equals(p.getString("field")) && p.getString("message").contains("\"076")), job.encodePrettily());
    assertEquals("phone", problem(job, 3).getString("field"), "row numbers count the header as row 1");
    assertEquals(500 - errors, job.getInteger("created"));
    long orgId = f.app.as(org).get("me").json().getLong("organisationId");
    assertEquals(500 - errors, f.app.count("SELECT count(*) FROM subscriber WHERE organisation_id = " + orgId));
    assertEquals(0, f.app.count("SELECT count(*) FROM subscriber WHERE organisation_id = " + orgId + " AND unit_id IS NULL"));
    assertEquals(job.getInteger("subscribed"), (int) f.app.count("SELECT count(*) FROM subscription WHERE list_id = " + list));
    assertEquals(job.getInteger("subscribed"), (int) f.app.count("SELECT count(*) FROM consent_event WHERE list_id = " + list
        + " AND source = 'import' AND wording = 'Signed up at reception'"));
    JsonObject zofia = f.app.as(org).get("subscribers?q=%2B447766150631").items().getJsonObject(0);
    assertEquals("pl", zofia.getString("language"));
    assertEquals(new JsonArray().add("expectant").add("military-family"), zofia.getJsonArray("tags"));
    assertEquals("2024-05-27", zofia.getJsonObject("attributes").getString("childBirthDate"));
    assertEquals(job, f.app.as(org).get("imports/" + job.getLong("id")).json(), "the job resource shows the same");

    Response again = f.importCsv(org, "listId=" + list, csv);
    assertEquals(0, again.json().getInteger("created"));
    assertEquals(500 - errors, again.json().getInteger("unchanged"), again.text());
    assertEquals(0, again.json().getInteger("subscribed"));
    assertEquals(500 - errors, f.app.count("SELECT count(*) FROM subscriber WHERE organisation_id = " + orgId));
  }

  @Test
  void messyRealWorldCsv() {
    String csv = "\uFEFFName;E-mail;Mobile;Language;Centre;Tags;child_birth_date;Notes;Postcode District\r\n"
        + "Amira Hassan;amira@example.org;07766 150701;ar;Bacup;new-parent|Dad;2025-01-15;\"Prefers calls\r\nafter 3pm; not Fridays\";BB4\r\n"
        + "\r\n"
        + "Bad Email;amira at example;;en;Bacup;;;;\r\n"
        + "Bad Phone;;0123;en;Bacup;;;;\r\n"
        + "Bad Language;lang@example.org;;klingon-xx;Bacup;;;;\r\n"
        + "Nowhere;nowhere@example.org;;en;Atlantis;;;;\r\n"
        + "Amira Hassan;AMIRA@example.org;;;;expectant;;;\r\n"
        + ";;;;;;;;\r\n"
        + "Bad Date;date@example.org;;en;Bacup;;31/02/2024;;\r\n"
        + "Only Phone;;+44 7766 150702;so;Whitworth;;27/05/2024;;OL12\r\n";
    Response r = f.importCsv(f.owner, "", Buffer.buffer(csv));
    assertEquals(201, r.status(), r.text());
    JsonObject job = r.json();
    assertEquals(8, job.getInteger("rowsRead"), "blank and separator-only lines are not rows: " + job.encodePrettily());
    assertEquals(2, job.getInteger("created"));
    assertEquals(1, job.getInteger("unchanged"), "the repeated Amira row folds into the first");
    assertEquals(5, job.getInteger("errors"));
    assertEquals("email", problem(job, 4).getString("field"));
    assertEquals("phone", problem(job, 5).getString("field"));
    assertEquals("language", problem(job, 6).getString("field"));
    assertEquals("centre", problem(job, 7).getString("field"));
    assertEquals("child_birth_date", problem(job, 10).getString("field"));
    JsonArray amira = f.app.as(f.owner).get("subscribers?q=amira%40example.org").items();
    assertEquals(1, amira.size());
    JsonObject a = amira.getJsonObject(0);
    assertEquals("+447766150701", a.getString("phone"));
    assertEquals(f.bacup, a.getLong("unitId"));
    assertEquals(new JsonArray().add("new-parent").add("dad").add("expectant"), a.getJsonArray("tags"));
    assertEquals("Prefers calls\r\nafter 3pm; not Fridays", a.getJsonObject("attributes").getString("notes"));
    assertEquals("BB4", a.getJsonObject("attributes").getString("postcodeDistrict"));
    JsonObject phoneOnly = f.app.as(f.owner).get("subscribers?q=%2B447766150702").items().getJsonObject(0);
    assertEquals("2024-05-27", phoneOnly.getJsonObject("attributes").getString("childBirthDate"));
  }

  @Test
  void twentyThousandGeneratedRowsWithDuplicatesAcrossBatches() {
    String org = f.app.bootstrap("Big Org");
    long unit = f.app.as(org).post("units", new JsonObject().put("kind", "centre").put("name", "Big Centre")).id();
    long list = f.list(org, unit, "Everyone", "single");
    StringBuilder csv = new StringBuilder("name,email,phone,language,centre,tags,child_birth_date,notes\n");
    for (int i = 0; i < 20_000; i++) {
      int person = i < 18_500 ? i : i - 18_500; // the last 1,500 rows repeat people from the first batch
      csv.append("Parent ").append(person).append(",parent").append(person).append("@big.example,,en,Big Centre,new-parent,,\n");
    }
    Buffer body = Buffer.buffer(csv.toString());
    assertTrue(body.length() > f.app.config().bodyLimitBytes(), "larger than the JSON body limit: the upload is streamed");
    Response r = f.importCsv(org, "listId=" + list, body);
    JsonObject job = r.json();
    assertEquals("completed", job.getString("state"), r.text());
    assertEquals(20_000, job.getInteger("rowsRead"));
    assertEquals(18_500, job.getInteger("created"));
    assertEquals(1_500, job.getInteger("unchanged"));
    long orgId = f.app.as(org).get("me").json().getLong("organisationId");
    assertEquals(18_500, f.app.count("SELECT count(*) FROM subscriber WHERE organisation_id = " + orgId));
    assertEquals(18_500, f.app.count("SELECT count(*) FROM subscription WHERE list_id = " + list));
    assertEquals(18_500, f.app.count("SELECT count(*) FROM consent_event WHERE list_id = " + list));
  }

  @Test
  void dryRunChangesNothing() {
    String org = f.app.bootstrap("Dry Org");
    long unit = f.app.as(org).post("units", new JsonObject().put("kind", "centre").put("name", "Dry Centre")).id();
    long list = f.list(org, unit, "Dry list", "single");
    long existing = f.subscriber(org, new JsonObject().put("email", "exists@dry.example").put("name", "Old Name"));
    long orgId = f.app.as(org).get("me").json().getLong("organisationId");
    String csv = "name,email\nNew Name,exists@dry.example\nFresh,fresh@dry.example\nFresh again,FRESH@dry.example\n";
    String before = snapshot(orgId);
    JsonObject job = f.importCsv(org, "dryRun=true&listId=" + list, Buffer.buffer(csv)).json();
    assertEquals(true, job.getBoolean("dryRun"));
    assertEquals(1, job.getInteger("created"));
    assertEquals(1, job.getInteger("updated"));
    assertEquals(1, job.getInteger("unchanged"));
    assertEquals(2, job.getInteger("subscribed"));
    assertEquals(before, snapshot(orgId));
    assertEquals("Old Name", f.app.as(org).get("subscribers/" + existing).json().getString("name"));
  }

  private String snapshot(long orgId) {
    return f.app.count("SELECT count(*) FROM subscriber WHERE organisation_id = " + orgId) + "/"
        + f.app.count("SELECT count(*) FROM subscription WHERE organisation_id = " + orgId) + "/"
        + f.app.count("SELECT count(*) FROM consent_event WHERE organisation_id = " + orgId) + "/"
        + f.app.count("SELECT coalesce(sum(hashtext(name || coalesce(email, ''))), 0) FROM subscriber WHERE organisation_id = " + orgId);
  }

  @Test
  void aBatchThatFailsInTheDatabaseLeavesNothingHalfApplied() {
    String org = f.app.bootstrap("Failing Org");
    long unit = f.app.as(org).post("units", new JsonObject().put("kind", "centre").put("name", "Fail Centre")).id();
    long list = f.list(org, unit, "Fail list", "single");
    long orgId = f.app.as(org).get("me").json().getLong("organisationId");
    f.app.exec("""
        CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.name = 'FAIL ME' THEN RAISE EXCEPTION 'refused by test trigger'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER test_refuse BEFORE INSERT ON subscriber FOR EACH ROW EXECUTE FUNCTION test_refuse();""");
    try {
      StringBuilder csv = new StringBuilder("name,email\n");
      for (int i = 0; i < 250; i++) {
        csv.append(i == 149 ? "FAIL ME" : "Person " + i).append(",p").append(i).append("@fail.example\n");
      }
      JsonObject job = f.importCsv(org, "batchSize=100&listId=" + list, Buffer.buffer(csv.toString())).json();
      assertEquals("failed", job.getString("state"), job.encodePrettily());
      assertTrue(job.getString("failure").contains("rows 102 to 201"), job.getString("failure"));
      // batches are whole: the first always lands, the failing one never; the last may run beside it
      long created = job.getInteger("created");
      assertTrue(created == 100 || created == 150, job.encodePrettily());
      assertEquals(created, f.app.count("SELECT count(*) FROM subscriber WHERE organisation_id = " + orgId));
      assertEquals(created, f.app.count("SELECT count(*) FROM subscription WHERE list_id = " + list));
      assertEquals(created, f.app.count("SELECT count(*) FROM consent_event WHERE organisation_id = " + orgId));
      assertEquals(0, f.app.count("SELECT count(*) FROM subscriber WHERE organisation_id = " + orgId
          + " AND email IN ('p100@fail.example', 'p148@fail.example', 'p199@fail.example')"), "nothing of the failed batch");
      assertEquals(100, f.app.count("SELECT count(*) FROM subscriber WHERE organisation_id = " + orgId + " AND email ~ '^p[0-9]{1,2}@'"));
    } finally {
      f.app.exec("DROP TRIGGER test_refuse ON subscriber; DROP FUNCTION test_refuse();");
    }
  }

  @Test
  void requestProblemsAndIsolation() {
    Response noAddress = f.importCsv(f.owner, "", Buffer.buffer("name,centre\nA,Bacup\n"));
    assertEquals("failed", noAddress.json().getString("state"), noAddress.text());
    assertTrue(noAddress.json().getString("failure").contains("email or a phone"));
    Response bad = f.importCsv(f.owner, "consentSource=rumour&dryRun=maybe&batchSize=0", Buffer.buffer("email\na@b.example\n"));
    assertEquals(422, bad.status(), bad.text());
    assertTrue(bad.hasFieldError("consentSource") && bad.hasFieldError("dryRun") && bad.hasFieldError("batchSize"));
    long list = f.list(f.owner, f.bacup, "Import isolation", "single");
    Response foreignList = f.importCsv(f.other, "listId=" + list, Buffer.buffer("email\nx@other.example\n"));
    assertEquals(422, foreignList.status(), foreignList.text());
    assertTrue(foreignList.hasFieldError("listId"));
    long job = f.importCsv(f.owner, "", Buffer.buffer("email\nisolated@example.org\n")).id();
    assertEquals(404, f.app.as(f.other).get("imports/" + job).status());
    assertTrue(f.app.as(f.other).get("imports").items().isEmpty());
    JsonObject otherJob = f.importCsv(f.other, "", Buffer.buffer("email,centre\nx@other.example,Bacup\n")).json();
    assertEquals(1, otherJob.getInteger("errors"), "another organisation's centre names mean nothing");
    assertEquals(401, f.importCsv("nb_not_a_token", "", Buffer.buffer("email\na@b.example\n")).status());
    assertEquals(403, f.importCsv(f.token("viewer", null), "", Buffer.buffer("email\na@b.example\n")).status());
  }

  @Test
  void unitScopedImportsStayInTheirCentre() {
    String bacupToken = f.token("coordinator", f.bacup);
    f.subscriber(f.owner, new JsonObject().put("email", "burnley-person@example.org").put("unitId", f.burnley));
    JsonObject job = f.importCsv(bacupToken, "", Buffer.buffer(
        "email,centre\nburnley-person@example.org,\nnew-in-bacup@example.org,\nsomeone@example.org,Burnley Wood\n")).json();
    assertEquals(1, job.getInteger("created"), job.encodePrettily());
    assertEquals(2, job.getInteger("errors"));
    assertEquals("email", problem(job, 2).getString("field"));
    assertEquals("centre", problem(job, 4).getString("field"));
    assertEquals(f.bacup, f.app.as(f.owner).get("subscribers?q=new-in-bacup").items().getJsonObject(0).getLong("unitId"));
    assertEquals(404, f.app.as(f.token("viewer", f.burnley)).get("imports/" + job.getLong("id")).status());
  }
}
