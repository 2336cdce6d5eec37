package org.noticeboard.audience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Response;

class SegmentsTest {
  static AudienceFixture f;
  static long list;

  @BeforeAll
  static void start() {
    f = new AudienceFixture();
    LocalDate today = LocalDate.ofInstant(f.app.clock().instant(), java.time.ZoneId.of("Europe/London"));
    list = f.list(f.owner, f.rossendale, "Rossendale dads", "single");
    long a = person("dad-baby@example.org", "en", f.bacup, List.of("dad", "new-parent"), today.minusMonths(3), "BB4");
    person("dad-toddler@example.org", "en", f.whitworth, List.of("dad"), today.minusMonths(20), "OL12");
    long c = person("dad-burnley@example.org", "pl", f.burnley, List.of("dad"), today.minusMonths(2), "BB10");
    person("mum-baby@example.org", "ur", f.bacup, List.of("new-parent"), today.minusMonths(5), "BB4");
    person("dad-nounit@example.org", "en", null, List.of("dad"), today.minusMonths(1), "BB4");
    f.subscribe(f.owner, list, a, "email");
    long burnleyList = f.list(f.owner, f.burnley, "Burnley dads", "single");
    f.subscribe(f.owner, burnleyList, c, "email");
    // a malformed date must not break date conditions for everyone else
    f.subscriber(f.owner, new JsonObject().put("email", "bad-date@example.org").put("tags", new JsonArray().add("dad"))
        .put("unitId", f.bacup).put("attributes", new JsonObject().put("childBirthDate", "2024-02-31")));
  }

  static long person(String email, String language, Long unit, List<String> tags, LocalDate birth, String postcode) {
    JsonObject body = new JsonObject().put("email", email).put("language", language).put("tags", new JsonArray(tags))
        .put("attributes", new JsonObject().put("childBirthDate", birth.toString()).put("postcodeDistrict", postcode));
    if (unit != null) {
      body.put("unitId", unit);
    }
    return f.subscriber(f.owner, body);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  static long count(String token, JsonObject definition) {
    Response r = f.app.as(token).post("segments/count", new JsonObject().put("definition", definition));
    assertEquals(200, r.status(), r.text());
    return r.json().getLong("count");
  }

  static JsonObject under(int months) {
    return new JsonObject().put("name", "childBirthDate").put("op", "ageMonthsUnder").put("value", months);
  }

  @Test
  void dadsInRossendaleWithAChildUnderOne() {
    JsonObject def = new JsonObject().put("tags", new JsonObject().put("any", new JsonArray().add("dad")))
        .put("unitIds", new JsonArray().add(f.rossendale)).put("attributes", new JsonArray().add(under(12)));
    Response saved = f.app.as(f.owner).post("segments", new JsonObject().put("name", "Dads in Rossendale with a child under 1").put("definition", def));
    assertEquals(201, saved.status(), saved.text());
    long id = saved.id();
    assertEquals(1, f.app.as(f.owner).get("segments/" + id + "/count").json().getLong("count"));
    assertEquals(4, count(f.owner, new JsonObject().put("attributes", new JsonArray().add(under(12))
        .add(new JsonObject().put("name", "postcodeDistrict").put("op", "in").put("value", new JsonArray().add("BB4").add("BB10"))))));
    assertEquals(2, count(f.owner, new JsonObject().put("tags", new JsonObject().put("all", new JsonArray().add("new-parent")))));
    assertEquals(1, count(f.owner, new JsonObject().put("languages", new JsonArray().add("pl"))));
    assertEquals(1, count(f.owner, new JsonObject().put("listIds", new JsonArray().add(list))));
    assertEquals(1, count(f.owner, new JsonObject().put("attributes", new JsonArray().add(new JsonObject().put("name", "childBirthDate")
        .put("op", "ageMonthsAtLeast").put("value", 12)))));
    assertEquals(2, count(f.owner, new JsonObject().put("attributes", new JsonArray().add(new JsonObject().put("name", "childBirthDate")
        .put("op", "before").put("value", LocalDate.ofInstant(f.app.clock().instant(), java.time.ZoneId.of("Europe/London")).minusMonths(4).toString())))));
    assertEquals(6, count(f.owner, new JsonObject().put("tags", new JsonObject().put("any", new JsonArray().add("dad").add("new-parent")))));

    String csv = f.raw(f.owner, "/api/v1/segments/" + id + "/export.csv").text();
    assertTrue(csv.startsWith("\uFEFFid,name,email"), csv);
    assertEquals(2, csv.split("\r\n").length, csv);
    assertTrue(csv.contains("dad-baby@example.org"));
  }

  @Test
  void sqlInjectionAttemptsAreRejectedOrTreatedAsData() {
    String[] evilNames = {"x') OR 1=1 --", "childBirthDate'; DROP TABLE subscriber; --", "a b", "1abc", "attributes->>'x'"};
    for (String name : evilNames) {
      Response r = f.app.as(f.owner).post("segments/count", new JsonObject().put("definition", new JsonObject()
          .put("attributes", new JsonArray().add(new JsonObject().put("name", name).put("op", "equals").put("value", "x")))));
      assertEquals(422, r.status(), name + ": " + r.text());
      assertTrue(r.hasFieldError("definition.attributes[0].name"), r.text());
    }
    assertEquals(0, count(f.owner, new JsonObject().put("attributes", new JsonArray().add(new JsonObject()
        .put("name", "postcodeDistrict").put("op", "equals").put("value", "BB4' OR '1'='1")))), "a value is only ever data");
    assertEquals(0, count(f.owner, new JsonObject().put("attributes", new JsonArray().add(new JsonObject()
        .put("name", "postcodeDistrict").put("op", "in").put("value", new JsonArray().add("') OR true --"))))));
    Response tag = f.app.as(f.owner).post("segments/count", new JsonObject().put("definition", new JsonObject()
        .put("tags", new JsonObject().put("any", new JsonArray().add("dad'}') OR 1=1 --")))));
    assertEquals(422, tag.status());
    Response op = f.app.as(f.owner).post("segments/count", new JsonObject().put("definition", new JsonObject()
        .put("attributes", new JsonArray().add(new JsonObject().put("name", "a").put("op", "= 1 OR 1=1 --").put("value", "x")))));
    assertEquals(422, op.status());
    Response lang = f.app.as(f.owner).post("segments/count", new JsonObject().put("definition", new JsonObject()
        .put("languages", new JsonArray().add("en' OR 'a'='a"))));
    assertEquals(422, lang.status());
    Response unknown = f.app.as(f.owner).post("segments/count", new JsonObject().put("definition", new JsonObject().put("sql", "1=1")));
    assertEquals(422, unknown.status());
    assertTrue(f.app.count("SELECT count(*) FROM subscriber") >= 6, "the table is still there");
  }

  @Test
  void compiledSqlIsParameterised() {
    var tenant = new org.noticeboard.accounts.Tenant(1, org.noticeboard.accounts.Role.OWNER, null, null, 1, null);
    java.util.List<org.noticeboard.errors.FieldError> errors = new java.util.ArrayList<>();
    SegmentDefinition d = SegmentDefinition.parse(new JsonObject().put("attributes", new JsonArray().add(new JsonObject()
        .put("name", "postcodeDistrict").put("op", "equals").put("value", "BB4' OR '1'='1"))), "", errors);
    assertTrue(errors.isEmpty());
    SqlFragment sql = SegmentSql.where(tenant, d, 3, java.time.Instant.EPOCH);
    assertTrue(!sql.sql().contains("BB4") && !sql.sql().contains("postcodeDistrict"), sql.sql());
    assertEquals(List.of(1L, "postcodeDistrict", "BB4' OR '1'='1"), sql.params());
    assertTrue(sql.sql().contains("$3") && sql.sql().contains("$5") && !sql.sql().contains("$6"), sql.sql());
  }

  @Test
  void segmentsRespectOrganisationAndUnitScope() {
    long id = f.app.as(f.owner).post("segments", new JsonObject().put("name", "All dads")
        .put("definition", new JsonObject().put("tags", new JsonObject().put("any", new JsonArray().add("dad"))))).id();
    assertEquals(5, f.app.as(f.owner).get("segments/" + id + "/count").json().getLong("count"));
    String bacupViewer = f.token("viewer", f.bacup);
    assertEquals(2, f.app.as(bacupViewer).get("segments/" + id + "/count").json().getLong("count"), "only Bacup's dads");
    String csv = f.raw(bacupViewer, "/api/v1/segments/" + id + "/export.csv").text();
    assertTrue(!csv.contains("dad-burnley") && !csv.contains("dad-nounit"), csv);
    assertEquals(404, f.app.as(f.other).get("segments/" + id).status());
    assertEquals(404, f.app.as(f.other).get("segments/" + id + "/count").status());
    assertEquals(404, f.raw(f.other, "/api/v1/segments/" + id + "/export.csv").status());
    assertEquals(404, f.app.as(f.other).delete("segments/" + id).status());
    assertEquals(404, f.app.as(f.other).patch("segments/" + id, new JsonObject().put("name", "mine")).status());
    String burnleyViewer = f.token("viewer", f.burnley);
    long bacupOnly = f.app.as(f.token("coordinator", f.bacup)).post("segments", new JsonObject().put("name", "Bacup only")
        .put("definition", new JsonObject())).id();
    assertEquals(404, f.app.as(burnleyViewer).get("segments/" + bacupOnly).status(), "a centre's segment is hidden from another centre");
    assertEquals(200, f.app.as(f.owner).get("segments/" + bacupOnly).status());
    assertTrue(f.app.as(f.other).get("segments").items().isEmpty());
    assertEquals(0, count(f.other, new JsonObject().put("tags", new JsonObject().put("any", new JsonArray().add("dad")))));
    Response foreignUnit = f.app.as(f.other).post("segments/count", new JsonObject().put("definition",
        new JsonObject().put("unitIds", new JsonArray().add(f.bacup))));
    assertEquals(422, foreignUnit.status());
    Response outside = f.app.as(bacupViewer).post("segments/count", new JsonObject().put("definition",
        new JsonObject().put("listIds", new JsonArray().add(list))));
    assertEquals(422, outside.status(), "a Rossendale list is outside a Bacup token");
    assertEquals(409, f.app.as(f.owner).post("segments", new JsonObject().put("name", "all dads")
        .put("definition", new JsonObject())).status());
  }

  @Test
  void listExportStreamsCsvWithStatuses() {
    long l = f.list(f.owner, f.haslingden, "Export list", "double");
    for (int i = 0; i < 1200; i++) {
      long s = f.app.services().audience().subscribers().create(ownerTenant(), new SubscriberInput(java.util.Optional.of("Name, \"quoted\" " + i),
          java.util.Optional.of(java.util.Optional.of("export" + i + "@example.org")), java.util.Optional.empty(), java.util.Optional.empty(),
          java.util.Optional.of(java.util.Optional.of(f.haslingden)), java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty()))
          .await().id();
      if (i % 2 == 0) {
        f.app.services().pool().withTransaction(c -> ConsentLedger.record(c, new ConsentChange(orgId(), s, l, "email", "given", "admin", null, "test", null))).await();
      }
    }
    Response r = f.raw(f.owner, "/api/v1/lists/" + l + "/export.csv");
    assertEquals(200, r.status());
    assertTrue(r.header("Content-Type").startsWith("text/csv"));
    String[] lines = r.text().split("\r\n");
    assertEquals(601, lines.length);
    assertTrue(lines[0].endsWith("email_status,sms_status"), lines[0]);
    assertTrue(lines[1].contains("\"Name, \"\"quoted\"\" 0\""), lines[1]);
    assertTrue(lines[1].endsWith(",unconfirmed,"), lines[1]);
  }

  private static long orgIdCache;

  private static long orgId() {
    if (orgIdCache == 0) {
      orgIdCache = f.app.as(f.owner).get("me").json().getLong("organisationId");
    }
    return orgIdCache;
  }

  private static org.noticeboard.accounts.Tenant ownerTenant() {
    return new org.noticeboard.accounts.Tenant(orgId(), org.noticeboard.accounts.Role.OWNER, null, null, 1, null);
  }
}
