package org.noticeboard.audience;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/** Streams a CSV export as the response body. */
final class ExportRoutes {
  private ExportRoutes() {}

  static void csv(RoutingContext ctx, String name, Function<WriteStream<Buffer>, Future<Void>> export) {
    HttpServerResponse res = ctx.response();
    // headers go out with the first chunk; a failure before it still becomes problem+json
    res.setChunked(true).putHeader("Content-Type", "text/csv; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
    export.apply(res).onSuccess(v -> res.end()).onFailure(ctx::fail);
  }
}
