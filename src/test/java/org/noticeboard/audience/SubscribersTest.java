package org.noticeboard.audience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Response;

class SubscribersTest {
  static AudienceFixture f;

  @BeforeAll
  static void start() {
    f = new AudienceFixture();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  static List<Long> ids(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }

  @Test
  void createNormalisesAndValidates() {
    Response r = f.app.as(f.owner).post("subscribers", new JsonObject().put("name", "Zofia Wiśniewska").put("phone", "07766 150631")
        .put("language", "pl").put("unitId", f.whitworth).put("tags", new JsonArray().add("expectant").add("military-family"))
        .put("attributes", new JsonObject().put("childBirthDate", "2024-05-27")));
    assertEquals(201, r.status(), r.text());
    assertEquals("+447766150631", r.json().getString("phone"));
    assertTrue(r.header("Location").endsWith("/api/v1/subscribers/" + r.id()));
    assertEquals("2024-05-27", f.app.as(f.owner).get("subscribers/" + r.id()).json().getJsonObject("attributes").getString("childBirthDate"));

    Response bad = f.app.as(f.owner).post("subscribers", new JsonObject().put("email", "not-an-email").put("phone", "12345")
        .put("language", "xx-nonsense-tag-!!").put("tags", new JsonArray().add("Bad Tag")).put("attributes", new JsonObject().put("x;drop", 1)));
    assertEquals(422, bad.status(), bad.text());
    assertEquals("application/problem+json", bad.header("Content-Type"));
    for (String field : List.of("email", "phone", "language", "tags", "attributes")) {
      assertTrue(bad.hasFieldError(field), field + " in " + bad.text());
    }
    Response none = f.app.as(f.owner).post("subscribers", new JsonObject().put("name", "Nobody"));
    assertEquals(422, none.status());
    assertTrue(none.hasFieldError("email"));
    Response tooShort = f.app.as(f.owner).post("subscribers", new JsonObject().put("phone", "07911 12"));
    assertEquals(422, tooShort.status(), tooShort.text());
    Response drama = f.app.as(f.owner).post("subscribers", new JsonObject().put("phone", "07700 900123"));
    assertEquals(422, drama.status(), "Ofcom's drama range is not a real number: " + drama.text());
  }

  @Test
  void emailAndPhoneAreUniquePerOrganisation() {
    f.subscriber(f.owner, new JsonObject().put("email", "Amelia.Smith@Example.org"));
    Response dup = f.app.as(f.owner).post("subscribers", new JsonObject().put("email", "amelia.smith@example.ORG"));
    assertEquals(409, dup.status(), dup.text());
    assertTrue(dup.hasFieldError("email"));
    f.subscriber(f.owner, new JsonObject().put("phone", "07911 123456"));
    Response dupPhone = f.app.as(f.owner).post("subscribers", new JsonObject().put("phone", "+44 7911 123456"));
    assertEquals(409, dupPhone.status());
    assertTrue(dupPhone.hasFieldError("phone"));
    // another organisation is another world
    assertEquals(201, f.app.as(f.other).post("subscribers", new JsonObject().put("email", "amelia.smith@example.org")).status());
  }

  @Test
  void concurrentIdenticalCreatesMakeExactlyOne() {
    WebClient web = WebClient.create(f.app.app().vertx(), new WebClientOptions().setDefaultHost("localhost").setDefaultPort(f.app.port()),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(20));
    try {
      List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(web.request(HttpMethod.POST, "/api/v1/subscribers").putHeader("Authorization", "Bearer " + f.owner)
            .sendJsonObject(new JsonObject().put("email", "race@example.org").put("phone", "07829 165840")));
      }
      Future.join(calls).await();
      List<Integer> statuses = calls.stream().map(c -> c.result().statusCode()).toList();
      assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
      assertEquals(19, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
      assertEquals(1, f.app.count("SELECT count(*) FROM subscriber WHERE lower(email) = 'race@example.org'"));
    } finally {
      web.close();
    }
  }

  @Test
  void partialUpdateChangesOnlyWhatIsGiven() {
    long id = f.subscriber(f.owner, new JsonObject().put("name", "Jakub Nowak").put("email", "jakub@example.org").put("language", "pl")
        .put("tags", new JsonArray().add("dad")).put("unitId", f.bacup));
    Response r = f.app.as(f.owner).patch("subscribers/" + id, new JsonObject().put("phone", "07829 165839"));
    assertEquals(200, r.status(), r.text());
    JsonObject s = r.json();
    assertEquals("Jakub Nowak", s.getString("name"));
    assertEquals("+447829165839", s.getString("phone"));
    assertEquals("pl", s.getString("language"));
    assertEquals(new JsonArray().add("dad"), s.getJsonArray("tags"));
    assertEquals(200, f.app.as(f.owner).patch("subscribers/" + id, new JsonObject().put("email", (Object) null)).status());
    assertNull(f.app.as(f.owner).get("subscribers/" + id).json().getString("email"));
    Response noAddress = f.app.as(f.owner).patch("subscribers/" + id, new JsonObject().putNull("phone"));
    assertEquals(422, noAddress.status(), noAddress.text());
    assertTrue(noAddress.hasFieldError("phone"));
    assertEquals(422, f.app.as(f.owner).patch("subscribers/" + id, new JsonObject().put("unitId", 999999)).status());
  }

  @Test
  void searchFiltersPaginatesAndCounts() {
    String org = f.app.bootstrap("Search Org");
    long area = f.app.as(org).post("units", new JsonObject().put("kind", "area").put("name", "A")).id();
    long centre = f.app.as(org).post("units", new JsonObject().put("kind", "centre").put("name", "C").put("parentId", area)).id();
    Set<Long> dads = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      JsonObject body = new JsonObject().put("name", "Person " + i).put("email", "p" + i + "@search.example")
          .put("language", i % 2 == 0 ? "en" : "ur").put("tags", new JsonArray().add(i % 3 == 0 ? "dad" : "new-parent"));
      if (i < 6) {
        body.put("unitId", centre);
      }
      long id = f.subscriber(org, body);
      if (i % 3 == 0) {
        dads.add(id);
      }
    }
    List<Long> seen = new ArrayList<>();
    String after = "";
    do {
      JsonObject page = f.app.as(org).get("subscribers?limit=5" + (after.isEmpty() ? "" : "&after=" + after)).json();
      seen.addAll(ids(page.getJsonArray("items")));
      after = page.getString("next") == null ? "" : page.getString("next");
    } while (!after.isEmpty());
    assertEquals(12, seen.size());
    assertEquals(seen.stream().sorted().toList(), seen, "stable id order");
    assertEquals(dads, new HashSet<>(ids(f.app.as(org).get("subscribers?tag=dad").items())));
    assertEquals(6, f.app.as(org).get("subscribers/count?language=ur").json().getLong("count"));
    assertEquals(6, f.app.as(org).get("subscribers/count?unitId=" + area).json().getLong("count"), "unit subtree");
    assertEquals(List.of(seen.get(7)), ids(f.app.as(org).get("subscribers?q=p7%40search").items()));
    assertEquals(0, f.app.as(org).get("subscribers/count?q=%25").json().getLong("count"), "LIKE wildcards are literal");
    assertEquals(422, f.app.as(org).get("subscribers?limit=0").status());
    assertEquals(422, f.app.as(org).get("subscribers?tag=DROP%20TABLE").status());
  }

  @Test
  void anotherOrganisationSeesNothing() {
    long id = f.subscriber(f.owner, new JsonObject().put("email", "private@example.org").put("unitId", f.bacup));
    long list = f.list(f.owner, f.bacup, "Private list", "single");
    assertEquals(201, f.subscribe(f.owner, list, id, "email").status());
    for (String path : List.of("subscribers/" + id, "subscribers/" + id + "/consents", "subscribers/" + id + "/export",
        "lists/" + list, "lists/" + list + "/subscriptions", "lists/" + list + "/export.csv")) {
      assertEquals(404, f.app.as(f.other).get(path).status(), path);
    }
    assertEquals(404, f.app.as(f.other).patch("subscribers/" + id, new JsonObject().put("name", "x")).status());
    assertEquals(404, f.app.as(f.other).delete("subscribers/" + id).status());
    assertEquals(404, f.app.as(f.other).post("subscribers/" + id + "/erase", null).status());
    assertEquals(404, f.app.as(f.other).patch("lists/" + list, new JsonObject().put("name", "x")).status());
    assertEquals(404, f.app.as(f.other).delete("lists/" + list).status());
    assertEquals(404, f.subscribe(f.other, list, id, "email").status());
    assertEquals(404, f.app.as(f.other).post("lists/" + list + "/subscriptions/" + id + "/withdraw", new JsonObject()).status());
    assertTrue(ids(f.app.as(f.other).get("subscribers?q=private").items()).isEmpty());
    assertEquals(0, f.app.as(f.other).get("subscribers/count?q=private").json().getLong("count"));
    assertTrue(ids(f.app.as(f.other).get("lists").items()).stream().noneMatch(l -> l == list));
    Response otherList = f.app.as(f.other).post("lists", new JsonObject().put("unitId", f.bacup).put("name", "x").put("kind", "fliers"));
    assertEquals(422, otherList.status(), "cannot put a list into another organisation's unit");
    long mine = f.subscriber(f.other, new JsonObject().put("email", "theirs@example.org"));
    assertEquals(404, f.subscribe(f.owner, list, mine, "email").status(), "cannot subscribe another organisation's person");
  }

  @Test
  void unitScopedTokensSeeOnlyTheirCentre() {
    String bacupCoordinator = f.token("coordinator", f.bacup);
    long inBacup = f.subscriber(f.owner, new JsonObject().put("email", "in-bacup@example.org").put("unitId", f.bacup));
    long inBurnley = f.subscriber(f.owner, new JsonObject().put("email", "in-burnley@example.org").put("unitId", f.burnley));
    long noUnit = f.subscriber(f.owner, new JsonObject().put("email", "no-unit@example.org"));
    assertEquals(200, f.app.as(bacupCoordinator).get("subscribers/" + inBacup).status());
    assertEquals(404, f.app.as(bacupCoordinator).get("subscribers/" + inBurnley).status());
    assertEquals(404, f.app.as(bacupCoordinator).get("subscribers/" + noUnit).status(), "no unit: only organisation-wide tokens");
    List<Long> visible = ids(f.app.as(bacupCoordinator).get("subscribers?limit=500").items());
    assertTrue(visible.contains(inBacup) && !visible.contains(inBurnley) && !visible.contains(noUnit), visible.toString());
    long burnleyList = f.list(f.owner, f.burnley, "Burnley news", "single");
    assertEquals(404, f.app.as(bacupCoordinator).get("lists/" + burnleyList).status());
    assertTrue(ids(f.app.as(bacupCoordinator).get("lists").items()).stream().noneMatch(l -> l == burnleyList));
    // created by a scoped token without a unit: lands in its centre
    Response own = f.app.as(bacupCoordinator).post("subscribers", new JsonObject().put("email", "made-in-bacup@example.org"));
    assertEquals(f.bacup, own.json().getLong("unitId"));
    assertEquals(422, f.app.as(bacupCoordinator).post("subscribers", new JsonObject().put("email", "x@example.org").put("unitId", f.burnley)).status());
    assertEquals(422, f.app.as(bacupCoordinator).patch("subscribers/" + inBacup, new JsonObject().put("unitId", f.burnley)).status());
    String viewer = f.token("viewer", f.bacup);
    assertEquals(403, f.app.as(viewer).post("subscribers", new JsonObject().put("email", "v@example.org")).status());
  }
}
