package org.noticeboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Response;
import org.noticeboard.support.TestApp;
import org.noticeboard.web.ApiContract;

/** The OpenAPI document covers every route, is served, and is what requests are checked against. */
class ApiContractTest {
  static TestApp app;
  static String owner;
  static ApiContract contract;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    owner = app.bootstrap("Contract Hubs");
    contract = ApiContract.load(app.app().vertx()).await();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedRouteExists() {
    Set<String> routed = new TreeSet<>();
    for (Route r : new HttpApi(app.app().vertx(), app.services(), contract).apiRouter(app.app().vertx()).getRoutes()) {
      if (r.getPath() == null || r.methods() == null || r.methods().isEmpty()) {
        continue; // the handlers every request passes through
      }
      for (HttpMethod m : r.methods()) {
        routed.add(m.name() + " " + HttpApi.API + r.getPath().replaceAll(":([A-Za-z]+)", "{$1}"));
      }
    }
    Set<String> documented = contract.operations();
    Set<String> undocumented = new TreeSet<>(routed);
    undocumented.removeAll(documented);
    Set<String> missing = new TreeSet<>(documented);
    missing.removeAll(routed);
    assertTrue(undocumented.isEmpty(), "routes missing from the document: " + undocumented);
    assertTrue(missing.isEmpty(), "documented routes that do not exist: " + missing);
    assertTrue(routed.size() > 70, "the API's routes were found: " + routed.size());
  }

  @Test
  void everyOperationSaysWhatItIsAndRefusesUnknownFields() {
    List<String> problems = new ArrayList<>();
    Set<String> ids = new TreeSet<>();
    JsonObject paths = contract.document().getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!Set.of("get", "post", "put", "patch", "delete").contains(method)) {
          continue;
        }
        JsonObject op = item.getJsonObject(method);
        String name = method.toUpperCase() + " " + path;
        if (op.getString("operationId") == null || !ids.add(op.getString("operationId"))) {
          problems.add(name + ": no operationId, or one used twice");
        }
        if (op.getString("summary") == null || op.getJsonArray("tags") == null) {
          problems.add(name + ": no summary or tags");
        }
        if (!op.getJsonObject("responses", new JsonObject()).containsKey("401")) {
          problems.add(name + ": does not say it needs a token (401)");
        }
        JsonObject json = op.getJsonObject("requestBody", new JsonObject()).getJsonObject("content", new JsonObject())
            .getJsonObject("application/json");
        if (json != null) {
          JsonObject schema = resolve(json.getJsonObject("schema"));
          if (!Boolean.FALSE.equals(schema.getValue("additionalProperties"))) {
            problems.add(name + ": its body schema does not refuse unknown fields");
          }
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  static JsonObject resolve(JsonObject schema) {
    String ref = schema.getString("$ref");
    if (ref == null) {
      return schema;
    }
    JsonObject target = contract.document();
    for (String seg : ref.substring(2).split("/")) {
      target = target.getJsonObject(seg);
    }
    return resolve(target);
  }

  @Test
  void theDocumentAndAReadablePageAreServedFromTheServiceItself() {
    Response doc = app.anonymous().get("/openapi.json");
    assertEquals(200, doc.status());
    assertEquals("3.1.0", doc.json().getString("openapi"));
    assertNotNull(doc.json().getJsonObject("paths").getJsonObject("/api/v1/organisation"));
    Response page = app.anonymous().get("/api/docs");
    assertEquals(200, page.status(), page.text());
    assertTrue(page.text().contains("/api/docs/assets/swagger-ui-bundle.js") && page.text().contains("/api/docs/init.js"));
    assertFalse(page.text().contains("https://"), "nothing from a CDN");
    assertEquals(200, app.anonymous().get("/api/docs/assets/swagger-ui-bundle.js").status());
    assertTrue(app.anonymous().get("/api/docs/init.js").text().contains("/openapi.json"));
  }

  @Test
  void requestsAreCheckedAgainstTheDocument() {
    Response notDocumented = app.as(owner).get("nothing-here");
    assertEquals(404, notDocumented.status());
    assertEquals("application/problem+json", notDocumented.header("Content-Type"));
    Response wrongMethod = app.as(owner).delete("organisation");
    assertEquals(405, wrongMethod.status(), wrongMethod.text());
    assertEquals("GET, PATCH", wrongMethod.header("Allow"));

    Response wrongType = app.as(owner).patch("organisation", new JsonObject().put("name", 5).put("signupDoubleOptIn", "yes"));
    assertEquals(422, wrongType.status(), wrongType.text());
    assertTrue(wrongType.hasFieldError("name") && wrongType.hasFieldError("signupDoubleOptIn"), wrongType.text());
    Response unknown = app.as(owner).patch("organisation", new JsonObject().put("timeZone", "Europe/London"));
    assertEquals(422, unknown.status());
    assertTrue(unknown.text().contains("unknown field; did you mean timezone?"), unknown.text());
    Response badId = app.as(owner).get("units/abc");
    assertEquals(404, badId.status(), "an id that is not a number names no resource");
    Response badQuery = app.as(owner).get("messages?limit=100000");
    assertEquals(422, badQuery.status(), badQuery.text());
    assertTrue(badQuery.hasFieldError("limit"), badQuery.text());
    Response notJson = app.as(owner).call(HttpMethod.PATCH, "organisation", io.vertx.core.buffer.Buffer.buffer("{name:"));
    assertEquals(400, notJson.status(), notJson.text());
    assertEquals(401, app.anonymous().patch("organisation", new JsonObject().put("name", 5)).status(),
        "no token: told that first, not how the body is wrong");
  }
}
