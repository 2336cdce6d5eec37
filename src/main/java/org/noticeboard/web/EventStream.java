package org.noticeboard.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A Server-Sent Events stream that sends a fresh snapshot every interval (only when it changed),
 * with keep-alive comments in between, and ends after sending a snapshot {@code finished} accepts.
 * A tick that finds the previous snapshot still being taken is skipped: a slow snapshot (counting a
 * very large campaign) must not pile up queries, one more every interval for every open stream.
 * Vert.x 5 has no server-side SSE handler, so the stream is written by hand.
 */
public final class EventStream {
  private EventStream() {}

  public static void open(Vertx vertx, RoutingContext ctx, String event, long intervalMs,
                          Supplier<Future<JsonObject>> snapshot, Predicate<JsonObject> finished) {
    HttpServerResponse res = ctx.response().setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    res.writeHead();
    String[] last = {null};
    long[] ticks = {0};
    boolean[] taking = {false};
    long timer = vertx.setPeriodic(0, intervalMs, id -> {
      if (res.closed() || res.ended()) {
        vertx.cancelTimer(id);
        return;
      }
      if (taking[0]) {
        return;
      }
      taking[0] = true;
      snapshot.get().onComplete(ar -> taking[0] = false).onSuccess(json -> {
        if (res.closed() || res.ended()) {
          return;
        }
        String data = json.encode();
        if (!data.equals(last[0])) {
          last[0] = data;
          res.write("id: " + (++ticks[0]) + "\nevent: " + event + "\ndata: " + data + "\n\n");
        } else {
          res.write(":\n\n"); // keep-alive comment so proxies keep the connection open
        }
        if (finished.test(json)) {
          vertx.cancelTimer(id);
          res.end();
        }
      }).onFailure(e -> {
        vertx.cancelTimer(id);
        res.write("event: error\ndata: {\"detail\":\"progress is unavailable\"}\n\n");
        res.end();
      });
    });
    res.closeHandler(v -> vertx.cancelTimer(timer));
  }
}
