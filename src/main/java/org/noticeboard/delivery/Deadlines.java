package org.noticeboard.delivery;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeoutException;

/**
 * A deadline on work in progress, timed on the caller's event loop (unlike {@code Future.timeout}, which
 * fires on a global thread for a future made outside a context): the result fails with a
 * {@link TimeoutException} if the work has not finished in time; a late result is dropped.
 */
final class Deadlines {
  private Deadlines() {}

  static <T> Future<T> within(Vertx vertx, Future<T> work, long millis) {
    Promise<T> result = Promise.promise();
    long timer = vertx.setTimer(millis, t -> result.tryFail(new TimeoutException("no result within " + millis / 1000 + " s")));
    work.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        result.tryComplete(ar.result());
      } else {
        result.tryFail(ar.cause());
      }
    });
    return result.future();
  }
}
