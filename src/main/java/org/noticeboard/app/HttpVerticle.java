package org.noticeboard.app;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;
import org.noticeboard.config.NoticeboardConfig;

/** One HTTP server instance; several share the port, one per event loop, and the same {@link HttpApi}. */
final class HttpVerticle extends VerticleBase {
  private final HttpApi api;
  private final NoticeboardConfig config;
  private HttpServer server;

  HttpVerticle(HttpApi api, NoticeboardConfig config) {
    this.api = api;
    this.config = config;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(config.httpHost()).setPort(config.httpPort())
        .setCompressionSupported(true).setMaxHeaderSize(16 * 1024));
    return server.requestHandler(api.router(vertx)).listen();
  }

  /** Stops accepting connections and lets requests in flight finish, up to the shutdown timeout. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture()
        : server.shutdown(config.shutdownTimeoutSeconds(), TimeUnit.SECONDS);
  }
}
