package org.noticeboard.web;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;
import org.noticeboard.app.Services;

/** One HTTP server instance; several share the port, one per event loop. */
public final class HttpVerticle extends VerticleBase {
  private final Services services;
  private HttpServer server;

  public HttpVerticle(Services services) {
    this.services = services;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(services.config().httpHost()).setPort(services.config().httpPort())
        .setCompressionSupported(true).setMaxHeaderSize(16 * 1024));
    return server.requestHandler(ApiRouter.build(vertx, services)).listen();
  }

  /** Stops accepting connections and lets requests in flight finish, up to the shutdown timeout. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture()
        : server.shutdown(services.config().shutdownTimeoutSeconds(), TimeUnit.SECONDS);
  }
}
