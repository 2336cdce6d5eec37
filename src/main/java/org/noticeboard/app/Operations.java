package org.noticeboard.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** The routes operators use: liveness, readiness and Prometheus metrics (behind a token when one is set). */
final class Operations {
  private Operations() {}

  static void mountHealth(Router router, Vertx vertx, Pool pool) {
    router.get("/health/live").handler(HealthCheckHandler.create(vertx)
        .register("alive", p -> p.complete(Status.OK())));
    router.get("/health/ready").handler(HealthCheckHandler.create(vertx)
        .register("database", 2000, p -> pool.query("SELECT 1").execute()
            .onSuccess(r -> p.complete(Status.OK()))
            .onFailure(e -> p.complete(Status.KO()))));
  }

  static void mountMetrics(Router router, PrometheusMeterRegistry registry, Optional<String> token) {
    var route = router.get("/metrics");
    token.ifPresent(t -> route.handler(ctx -> requireToken(ctx, t)));
    route.handler(PrometheusScrapingHandler.create(registry));
  }

  private static void requireToken(RoutingContext ctx, String token) {
    String header = ctx.request().getHeader("Authorization");
    byte[] given = header != null && header.startsWith("Bearer ")
        ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8))) { // constant time
      ctx.next();
    } else {
      ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"metrics\"").end();
    }
  }
}
