package org.noticeboard.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import org.noticeboard.config.ManagementConfig;

/** The management port (loopback by default): metrics and health, for Prometheus and probes on the host. */
final class ManagementVerticle extends VerticleBase {
  private final ManagementConfig config;
  private final PrometheusMeterRegistry registry;
  private final Pool pool;
  private HttpServer server;

  ManagementVerticle(ManagementConfig config, PrometheusMeterRegistry registry, Pool pool) {
    this.config = config;
    this.registry = registry;
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    Operations.mountHealth(router, vertx, pool);
    Operations.mountMetrics(router, registry, config.metricsToken());
    router.route().handler(ctx -> ctx.response().setStatusCode(404).end());
    server = vertx.createHttpServer();
    return server.requestHandler(router).listen(config.port(), config.host());
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
