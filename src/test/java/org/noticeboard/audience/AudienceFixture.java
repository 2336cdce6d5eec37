package org.noticeboard.audience;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;
import org.noticeboard.support.Response;
import org.noticeboard.support.TestApp;

/** Shared set-up for audience tests: an organisation with a small unit tree, helpers for calls. */
class AudienceFixture implements AutoCloseable {
  final TestApp app;
  final String owner;
  final String other;
  final long rossendale, bacup, whitworth, haslingden, rawtenstall, rossendaleNorth, pennine, burnley;
  private final WebClient web;

  AudienceFixture() {
    app = TestApp.start();
    owner = app.bootstrap("Lancashire Family Hubs");
    other = app.bootstrap("Another Council");
    rossendale = unit(null, "area", "Rossendale");
    bacup = unit(rossendale, "centre", "Bacup");
    whitworth = unit(rossendale, "centre", "Whitworth");
    haslingden = unit(rossendale, "centre", "Haslingden");
    rawtenstall = unit(rossendale, "centre", "Rawtenstall");
    rossendaleNorth = unit(rossendale, "centre", "Rossendale North");
    pennine = unit(null, "area", "Pennine");
    burnley = unit(pennine, "centre", "Burnley Wood");
    web = WebClient.create(app.app().vertx(), new WebClientOptions().setDefaultHost("localhost").setDefaultPort(app.port()));
  }

  long unit(Long parent, String kind, String name) {
    JsonObject body = new JsonObject().put("kind", kind).put("name", name);
    if (parent != null) {
      body.put("parentId", parent);
    }
    Response r = app.as(owner).post("units", body);
    assertEquals(201, r.status(), r.text());
    return r.id();
  }

  String token(String role, Long unitId) {
    JsonObject body = new JsonObject().put("name", role + "@" + unitId).put("role", role);
    if (unitId != null) {
      body.put("unitId", unitId);
    }
    Response r = app.as(owner).post("tokens", body);
    assertEquals(201, r.status(), r.text());
    return r.json().getString("token");
  }

  long subscriber(String token, JsonObject body) {
    Response r = app.as(token).post("subscribers", body);
    assertEquals(201, r.status(), r.text());
    return r.id();
  }

  long list(String token, long unitId, String name, String optIn) {
    Response r = app.as(token).post("lists", new JsonObject().put("unitId", unitId).put("name", name).put("kind", "newsletter").put("optIn", optIn));
    assertEquals(201, r.status(), r.text());
    return r.id();
  }

  Response subscribe(String token, long listId, long subscriberId, String... channels) {
    return app.as(token).post("lists/" + listId + "/subscriptions", new JsonObject().put("subscriberId", subscriberId)
        .put("channels", new JsonArray(List.of((Object[]) channels))).put("source", "form").put("wording", "Yes, send me the newsletter"));
  }

  /** Posts a CSV body to /api/v1/imports with the given query string. */
  Response importCsv(String token, String query, Buffer csv) {
    HttpRequest<Buffer> r = web.request(HttpMethod.POST, "/api/v1/imports" + (query.isEmpty() ? "" : "?" + query))
        .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "text/csv");
    HttpResponse<Buffer> res = r.sendBuffer(csv).await();
    return new Response(res);
  }

  Response raw(String token, String path) {
    HttpResponse<Buffer> res = web.request(HttpMethod.GET, path).putHeader("Authorization", "Bearer " + token).send().await();
    return new Response(res);
  }

  @Override
  public void close() {
    web.close();
    app.close();
  }
}
