package org.noticeboard.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Response;
import org.noticeboard.support.TestApp;

/** One organisation never sees another's data, and a unit-limited token never leaves its subtree. */
class TenancyTest {
  static TestApp app;
  static String lancs;
  static String other;
  static long rossendale, pennine, bacup, whitworth, burnley;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    lancs = app.bootstrap("Lancashire Family Hubs");
    other = app.bootstrap("Another Council");
    rossendale = unit(lancs, null, "area", "Rossendale");
    bacup = unit(lancs, rossendale, "centre", "Bacup");
    whitworth = unit(lancs, rossendale, "centre", "Whitworth");
    pennine = unit(lancs, null, "area", "Pennine");
    burnley = unit(lancs, pennine, "centre", "Burnley Wood");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static long unit(String token, Long parent, String kind, String name) {
    JsonObject body = new JsonObject().put("kind", kind).put("name", name);
    if (parent != null) {
      body.put("parentId", parent);
    }
    Response r = app.as(token).post("units", body);
    assertEquals(201, r.status(), r.text());
    return r.id();
  }

  static String scopedToken(String role, long unitId) {
    Response r = app.as(lancs).post("tokens", new JsonObject().put("name", role + "@" + unitId).put("role", role).put("unitId", unitId));
    assertEquals(201, r.status(), r.text());
    return r.json().getString("token");
  }

  static List<Long> ids(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }

  @Test
  void anotherOrganisationSeesAndChangesNothing() {
    assertEquals(List.of(), ids(app.as(other).get("units").items()));
    assertEquals(404, app.as(other).get("units/" + bacup).status());
    assertEquals(404, app.as(other).patch("units/" + bacup, new JsonObject().put("name", "Mine now")).status());
    assertEquals(404, app.as(other).delete("units/" + bacup).status());
    Response adopt = app.as(other).post("units", new JsonObject().put("kind", "centre").put("name", "Sneaky").put("parentId", rossendale));
    assertEquals(422, adopt.status());
    assertTrue(adopt.hasFieldError("parentId"));

    long lancsToken = app.as(lancs).post("tokens", new JsonObject().put("name", "lancs only")).id();
    assertEquals(404, app.as(other).get("tokens/" + lancsToken).status());
    assertEquals(404, app.as(other).delete("tokens/" + lancsToken).status());
    assertTrue(ids(app.as(other).get("tokens").items()).stream().noneMatch(id -> id == lancsToken));

    long account = app.as(lancs).post("accounts", new JsonObject().put("email", "pat@example.org").put("name", "Pat").put("role", "viewer")).id();
    assertEquals(404, app.as(other).get("accounts/" + account).status());
    assertEquals(404, app.as(other).patch("accounts/" + account, new JsonObject().put("disabled", true)).status());
    assertEquals(List.of(), ids(app.as(other).get("accounts").items()));
    Response tokenForForeignAccount = app.as(other).post("tokens", new JsonObject().put("name", "x").put("accountId", account));
    assertEquals(422, tokenForForeignAccount.status());

    assertEquals("Another Council", app.as(other).get("organisation").json().getString("name"));
    // the same email may exist in two organisations: they are separate worlds
    assertEquals(201, app.as(other).post("accounts", new JsonObject().put("email", "pat@example.org").put("name", "Pat").put("role", "viewer")).status());
  }

  @Test
  void unitScopedTokensStayInsideTheirSubtree() {
    String rossendaleOwner = scopedToken("owner", rossendale);
    assertEquals(List.of(rossendale, bacup, whitworth), ids(app.as(rossendaleOwner).get("units").items()));
    assertEquals(404, app.as(rossendaleOwner).get("units/" + burnley).status());
    assertEquals(404, app.as(rossendaleOwner).patch("units/" + pennine, new JsonObject().put("name", "x")).status());

    Response topLevel = app.as(rossendaleOwner).post("units", new JsonObject().put("kind", "area").put("name", "Elsewhere"));
    assertEquals(422, topLevel.status());
    Response outside = app.as(rossendaleOwner).post("units", new JsonObject().put("kind", "site").put("name", "x").put("parentId", burnley));
    assertEquals(422, outside.status());
    long stacksteads = unit(rossendaleOwner, bacup, "site", "Stacksteads");

    Response escape = app.as(rossendaleOwner).post("tokens", new JsonObject().put("name", "escape").put("unitId", pennine));
    assertEquals(422, escape.status());
    Response wholeOrg = app.as(rossendaleOwner).post("tokens", new JsonObject().put("name", "everything").put("unitId", (Object) null));
    assertEquals(422, wholeOrg.status());
    Response inside = app.as(rossendaleOwner).post("tokens", new JsonObject().put("name", "bacup viewer").put("role", "viewer").put("unitId", bacup));
    assertEquals(201, inside.status(), inside.text());
    String bacupViewer = inside.json().getString("token");
    assertEquals(List.of(bacup, stacksteads), ids(app.as(bacupViewer).get("units").items()));

    Response move = app.as(rossendaleOwner).patch("units/" + whitworth, new JsonObject().put("parentId", pennine));
    assertEquals(422, move.status());
    assertEquals(403, app.as(rossendaleOwner).patch("organisation", new JsonObject().put("name", "x")).status());

    List<Long> visibleTokens = ids(app.as(rossendaleOwner).get("tokens").items());
    assertTrue(visibleTokens.contains(inside.id()));
    assertTrue(visibleTokens.size() <= 3, "sees only tokens inside Rossendale: " + visibleTokens);
  }

  @Test
  void movingAUnitCarriesItsSubtreeAndRefusesCycles() {
    long locality = unit(lancs, null, "locality", "Hyndburn");
    long hub = unit(lancs, locality, "base", "Accrington Hub");
    long site = unit(lancs, hub, "site", "Church");
    String siteScoped = scopedToken("viewer", hub);
    Response cycle = app.as(lancs).patch("units/" + locality, new JsonObject().put("parentId", site));
    assertEquals(422, cycle.status(), cycle.text());
    Response moved = app.as(lancs).patch("units/" + hub, new JsonObject().put("parentId", pennine));
    assertEquals(200, moved.status(), moved.text());
    assertEquals(pennine, moved.json().getLong("parentId"));
    assertEquals(2, app.as(lancs).get("units/" + site).json().getInteger("depth"));
    assertEquals(List.of(hub, site), ids(app.as(siteScoped).get("units").items()), "scoped token follows its unit");
    assertEquals(409, app.as(lancs).delete("units/" + hub).status(), "a unit with children cannot be deleted");
    assertEquals(204, app.as(lancs).delete("units/" + site).status());
  }

  @Test
  void siblingNamesAreUnique() {
    Response dup = app.as(lancs).post("units", new JsonObject().put("kind", "centre").put("name", "bacup").put("parentId", rossendale));
    assertEquals(409, dup.status());
    assertEquals("application/problem+json", dup.header("Content-Type"));
  }
}
