package org.noticeboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Response;
import org.noticeboard.support.TestApp;
import org.noticeboard.support.TestDatabase;

class HttpBasicsTest {
  static TestApp app;
  static String owner;

  @BeforeAll
  static void start() {
    app = TestApp.start(new JsonObject().put("NB_BODY_LIMIT_BYTES", 4096));
    owner = app.bootstrap("Whitworth Children's Centre");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void healthEndpointsReportUp() {
    var live = app.send(HttpMethod.GET, "/health/live", null, null);
    assertEquals(200, live.statusCode());
    var ready = app.send(HttpMethod.GET, "/health/ready", null, null);
    assertEquals(200, ready.statusCode(), ready.bodyAsString());
    assertEquals("UP", ready.bodyAsJsonObject().getString("status"));
  }

  @Test
  void readinessFailsWhenTheDatabaseRefusesConnections() {
    String db = app.databaseName();
    TestDatabase.execute("ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
    TestDatabase.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
    try {
      var ready = app.send(HttpMethod.GET, "/health/ready", null, null);
      assertEquals(503, ready.statusCode(), ready.bodyAsString());
      assertEquals(200, app.send(HttpMethod.GET, "/health/live", null, null).statusCode());
    } finally {
      TestDatabase.execute("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
    }
  }

  @Test
  void metricsArePrometheusTextOnTheLoopbackManagementPortOnly() {
    app.send(HttpMethod.GET, "/health/live", null, null);
    var metrics = app.management("/metrics", null);
    assertEquals(200, metrics.statusCode());
    assertTrue(metrics.bodyAsString().contains("vertx_http_server_requests_total"), "http server metrics present");
    assertEquals(200, app.management("/health/ready", null).statusCode());
    // without a metrics token nothing about the service's traffic is on the public port
    assertEquals(404, app.send(HttpMethod.GET, "/metrics", null, null).statusCode());
    assertEquals(404, app.management("/api/v1/units", owner).statusCode(), "the management port serves no API");
  }

  @Test
  void aMetricsTokenOpensPublicMetricsToThatTokenOnly() {
    String token = "metrics-token-0123456789abcdef";
    try (TestApp withToken = TestApp.start(new JsonObject().put("NB_METRICS_TOKEN", token))) {
      assertEquals(401, withToken.send(HttpMethod.GET, "/metrics", null, null).statusCode());
      assertEquals(401, withToken.send(HttpMethod.GET, "/metrics", null, null, "metrics-token-0123456789abcdeX").statusCode());
      var open = withToken.send(HttpMethod.GET, "/metrics", null, null, token);
      assertEquals(200, open.statusCode());
      assertTrue(open.bodyAsString().contains("jvm_memory_used_bytes"));
      assertEquals(401, withToken.management("/metrics", null).statusCode(), "the token is asked for everywhere");
      assertEquals(200, withToken.management("/metrics", token).statusCode());
      // an API token is not a metrics token
      String apiToken = withToken.bootstrap("Bacup Family Hub");
      assertEquals(401, withToken.send(HttpMethod.GET, "/metrics", null, null, apiToken).statusCode());
    }
  }

  @Test
  void theManagementPortCanBeTurnedOff() {
    try (TestApp off = TestApp.start(new JsonObject().put("NB_MANAGEMENT_PORT", -1))) {
      assertEquals(-1, off.app().managementPort());
      assertEquals(200, off.send(HttpMethod.GET, "/health/live", null, null).statusCode());
    }
  }

  @Test
  void unknownPathsAreProblemJson() {
    Response api = app.as(owner).get("no-such-thing");
    assertEquals(404, api.status());
    assertEquals(Problems.CONTENT_TYPE, api.header("Content-Type"));
    var page = app.send(HttpMethod.GET, "/nothing-here", null, null);
    assertEquals(404, page.statusCode());
    assertEquals(Problems.CONTENT_TYPE, page.getHeader("Content-Type"));
    assertEquals(404, page.bodyAsJsonObject().getInteger("status"));
  }

  @Test
  void malformedAndOversizedBodiesAreClearErrors() {
    Response bad = app.as(owner).call(HttpMethod.POST, "units", Buffer.buffer("{not json"));
    assertEquals(400, bad.status());
    assertEquals("the request body is not valid JSON", bad.json().getString("detail"));

    Response array = app.as(owner).call(HttpMethod.POST, "units", Buffer.buffer("[1,2]"));
    assertEquals(400, array.status());

    Response huge = app.as(owner).post("units", new JsonObject().put("kind", "centre").put("name", "x".repeat(8000)));
    assertEquals(413, huge.status());
    assertEquals(Problems.CONTENT_TYPE, huge.header("Content-Type"));
  }

  @Test
  void validationErrorsNameEachField() {
    Response r = app.as(owner).post("units", new JsonObject().put("kind", "castle").put("name", 42).put("email", "not-an-address"));
    assertEquals(422, r.status());
    assertTrue(r.hasFieldError("kind"), r.text());
    assertTrue(r.hasFieldError("name"), r.text());
    assertTrue(r.hasFieldError("email"), r.text());
    assertEquals("urn:noticeboard:problem:validation", r.json().getString("type"));
  }

  @Test
  void requestIdIsEchoedOrMade() {
    var given = app.send(HttpMethod.GET, "/health/live", null, null);
    assertTrue(given.getHeader(RequestLog.HEADER).length() >= 8);
  }
}
