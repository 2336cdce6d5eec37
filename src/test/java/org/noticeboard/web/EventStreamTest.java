package org.noticeboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The SSE stream over a real HTTP connection: snapshots in order, and no pile-up when one is slow. */
class EventStreamTest {
  @Test
  void aSlowSnapshotIsNotStartedAgainWhileItRuns() {
    Vertx vertx = Vertx.vertx();
    try {
      AtomicInteger started = new AtomicInteger();
      AtomicInteger inFlight = new AtomicInteger();
      AtomicInteger mostInFlight = new AtomicInteger();
      Router router = Router.router(vertx);
      router.get("/stream").handler(ctx -> EventStream.open(vertx, ctx, "progress", 20, () -> {
        int n = started.incrementAndGet();
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Promise<JsonObject> slow = Promise.promise();
        // each snapshot takes 15 intervals; the third one says the work is over
        vertx.setTimer(300, t -> {
          inFlight.decrementAndGet();
          slow.complete(new JsonObject().put("n", n).put("done", n >= 3));
        });
        return slow.future();
      }, json -> json.getBoolean("done")));
      HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();

      String body = vertx.createHttpClient().request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/stream")
          .compose(req -> req.send())
          .compose(HttpClientResponse::body)
          .await().toString();

      assertEquals(3, started.get(), "one snapshot at a time, until the finished one: " + body);
      assertEquals(1, mostInFlight.get());
      assertTrue(body.contains("event: progress\ndata: {\"n\":1,\"done\":false}"), body);
      assertTrue(body.endsWith("data: {\"n\":3,\"done\":true}\n\n"), body);
    } finally {
      vertx.close().await();
    }
  }
}
