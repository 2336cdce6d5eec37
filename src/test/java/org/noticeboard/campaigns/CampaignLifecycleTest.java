package org.noticeboard.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Response;
import org.noticeboard.support.TestApp;

class CampaignLifecycleTest {
  static TestApp app;
  static String owner;
  static String other;
  static long centre;
  static long otherCentre;
  static long newsletterList;
  static long template;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    owner = app.bootstrap("Rossendale Children's Centres");
    other = app.bootstrap("Elsewhere Council");
    centre = app.as(owner).post("units", new JsonObject().put("kind", "centre").put("name", "Bacup")).id();
    otherCentre = app.as(owner).post("units", new JsonObject().put("kind", "centre").put("name", "Whitworth")).id();
    newsletterList = list(centre, "Bacup families");
    template = app.as(owner).post("templates", new JsonObject().put("shipped", "newsletter").put("name", "News")).id();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static long list(long unit, String name) {
    return app.as(owner).post("lists", new JsonObject().put("unitId", unit).put("name", name).put("kind", "newsletter")).id();
  }

  static JsonObject draft(String name) {
    return new JsonObject().put("unitId", centre).put("name", name).put("templateId", template)
        .put("listIds", new JsonArray().add(newsletterList)).put("tags", new JsonArray().add("dads"));
  }

  @Test
  void draftToScheduledToPausedToResumedToCancelled() {
    Response created = app.as(owner).post("campaigns", draft("December bulletin"));
    assertEquals(201, created.status(), created.text());
    long id = created.id();
    assertEquals("/api/v1/campaigns/" + id, created.header("Location"));
    assertEquals("draft", created.json().getString("state"));
    assertEquals(List.of(newsletterList), created.json().getJsonArray("listIds").getList().stream().map(o -> ((Number) o).longValue()).toList());

    Response scheduled = app.as(owner).post("campaigns/" + id + "/schedule", new JsonObject().put("sendAt", "2030-06-01T09:30"));
    assertEquals(200, scheduled.status(), scheduled.text());
    assertEquals("scheduled", scheduled.json().getString("state"));
    assertEquals(OffsetDateTime.parse("2030-06-01T08:30:00Z").toInstant(),
        OffsetDateTime.parse(scheduled.json().getString("sendAt")).toInstant(), "a time without zone is UK time (BST in June)");

    Response edit = app.as(owner).patch("campaigns/" + id, new JsonObject().put("name", "too late"));
    assertEquals(409, edit.status());
    assertEquals("scheduled", edit.json().getString("currentState"));

    assertEquals("paused", app.as(owner).post("campaigns/" + id + "/pause", null).json().getString("state"));
    Response again = app.as(owner).post("campaigns/" + id + "/pause", null);
    assertEquals(409, again.status());
    assertEquals("paused", again.json().getString("currentState"));
    assertEquals("scheduled", app.as(owner).post("campaigns/" + id + "/resume", null).json().getString("state"));
    assertEquals("cancelled", app.as(owner).post("campaigns/" + id + "/cancel", null).json().getString("state"));
    Response resumeCancelled = app.as(owner).post("campaigns/" + id + "/resume", null);
    assertEquals(409, resumeCancelled.status());
    assertEquals("application/problem+json", resumeCancelled.header("Content-Type"));
    assertEquals(204, app.as(owner).delete("campaigns/" + id).status());
  }

  @Test
  void schedulingNeedsATemplateAndAnAudience() {
    long id = app.as(owner).post("campaigns", new JsonObject().put("unitId", centre).put("name", "Empty")).id();
    Response r = app.as(owner).post("campaigns/" + id + "/schedule", null);
    assertEquals(422, r.status());
    assertTrue(r.hasFieldError("templateId"));
    assertTrue(r.hasFieldError("listIds"));
    assertEquals("draft", app.as(owner).get("campaigns/" + id).json().getString("state"));
  }

  @Test
  void templatesAndSegmentsMustExistInTheOrganisation() {
    long layout = app.as(owner).get("templates?kind=layout").items().isEmpty() ? 0
        : app.as(owner).get("templates?kind=layout").items().getJsonObject(0).getLong("id");
    Response unknown = app.as(owner).post("campaigns", draft("x").put("templateId", 999999).put("segmentId", 999999));
    assertEquals(422, unknown.status());
    assertTrue(unknown.hasFieldError("templateId"));
    assertTrue(unknown.hasFieldError("segmentId"));
    long foreignTemplate = app.as(other).post("templates", new JsonObject().put("shipped", "newsletter").put("name", "Theirs")).id();
    assertEquals(422, app.as(owner).post("campaigns", draft("x").put("templateId", foreignTemplate)).status());
    if (layout > 0) {
      assertEquals(422, app.as(owner).post("campaigns", draft("x").put("templateId", layout)).status());
    }
  }

  @Test
  void inputIsValidated() {
    Response nullUnit = app.as(owner).post("campaigns", new JsonObject().put("unitId", (Object) null).put("name", "x"));
    assertEquals(422, nullUnit.status(), nullUnit.text());
    Response r = app.as(owner).post("campaigns", new JsonObject().put("name", "").put("channelPolicy", "pigeon")
        .put("listIds", new JsonArray().add("x")).put("sendAt", "tomorrow").put("replyTo", "nope"));
    assertEquals(422, r.status());
    for (String field : List.of("unitId", "name", "channelPolicy", "listIds", "sendAt", "replyTo")) {
      assertTrue(r.hasFieldError(field), field + " in " + r.text());
    }
  }

  @Test
  void onlyOneOfManyConcurrentTransitionsWins() {
    long id = app.as(owner).post("campaigns", draft("Race")).id();
    List<Future<?>> all = new ArrayList<>();
    var tenant = app.services().tokens().authenticate(owner).await().orElseThrow();
    List<Boolean> wins = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 8; i++) {
      all.add(app.services().campaigns().schedule(tenant, id, java.util.Optional.empty())
          .onComplete(ar -> wins.add(ar.succeeded())));
    }
    Future.join(all).otherwiseEmpty().await();
    assertEquals(1, wins.stream().filter(w -> w).count(), "exactly one schedule succeeded");
  }

  @Test
  void otherOrganisationsAndOtherUnitsSeeNothing() {
    long id = app.as(owner).post("campaigns", draft("Private")).id();
    assertEquals(404, app.as(other).get("campaigns/" + id).status());
    assertEquals(404, app.as(other).post("campaigns/" + id + "/cancel", null).status());
    assertEquals(404, app.as(other).patch("campaigns/" + id, new JsonObject().put("name", "x")).status());
    assertEquals(404, app.as(other).delete("campaigns/" + id).status());
    assertTrue(app.as(other).get("campaigns").items().isEmpty());
    Response foreignList = app.as(other).post("campaigns", new JsonObject().put("unitId", centre).put("name", "x"));
    assertEquals(422, foreignList.status(), "another organisation's unit is unknown");

    String whitworthOnly = app.as(owner).post("tokens", new JsonObject().put("name", "w").put("role", "coordinator")
        .put("unitId", otherCentre)).json().getString("token");
    assertEquals(404, app.as(whitworthOnly).get("campaigns/" + id).status());
    Response useBacupList = app.as(whitworthOnly).post("campaigns", new JsonObject().put("unitId", otherCentre).put("name", "x")
        .put("listIds", new JsonArray().add(newsletterList)));
    assertEquals(422, useBacupList.status());
    assertTrue(useBacupList.hasFieldError("listIds"));

    String viewer = app.as(owner).post("tokens", new JsonObject().put("name", "v").put("role", "viewer")).json().getString("token");
    assertEquals(200, app.as(viewer).get("campaigns/" + id).status());
    assertEquals(403, app.as(viewer).post("campaigns/" + id + "/schedule", null).status());
  }

  @Test
  void progressStreamsAsServerSentEventsUntilTheCampaignEnds() {
    long id = app.as(owner).post("campaigns", draft("Streamed")).id();
    Thread canceller = new Thread(() -> {
      try {
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        return;
      }
      app.as(owner).post("campaigns/" + id + "/cancel", null);
    });
    canceller.start();
    var stream = app.send(io.vertx.core.http.HttpMethod.GET, "/api/v1/campaigns/" + id + "/events", null, null, owner);
    assertEquals(200, stream.statusCode());
    assertTrue(stream.getHeader("Content-Type").startsWith("text/event-stream"));
    String body = stream.bodyAsString();
    List<String> events = body.lines().filter(l -> l.startsWith("data: ")).toList();
    assertTrue(events.size() >= 2, body);
    assertEquals("draft", new JsonObject(events.get(0).substring(6)).getString("state"));
    assertEquals("cancelled", new JsonObject(events.get(events.size() - 1).substring(6)).getString("state"),
        "the stream ends with the final state");
    assertTrue(body.contains("event: progress"));
    assertEquals(404, app.send(io.vertx.core.http.HttpMethod.GET, "/api/v1/campaigns/" + id + "/events", null, null, other).statusCode());
  }

  @Test
  void listsArePagedNewestFirst() {
    for (int i = 0; i < 5; i++) {
      app.as(owner).post("campaigns", draft("Page " + i));
    }
    Response first = app.as(owner).get("campaigns?limit=2");
    assertEquals(2, first.items().size());
    String next = first.json().getString("next");
    Response second = app.as(owner).get("campaigns?limit=2&after=" + next);
    assertTrue(second.items().getJsonObject(0).getLong("id") < Long.parseLong(next));
    assertEquals(422, app.as(owner).get("campaigns?state=bogus").status());
  }
}
