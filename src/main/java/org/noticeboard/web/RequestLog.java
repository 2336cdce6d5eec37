package org.noticeboard.web;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives each request an id (the caller's {@code X-Request-Id} when it is sane, else a new one),
 * echoes it back, and writes one access-log line per request with it. Query strings are left out
 * of the log because public links carry tokens there.
 */
public final class RequestLog {
  public static final String HEADER = "X-Request-Id";
  private static final String KEY = "requestId";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{8,64}");
  private static final Logger ACCESS = LoggerFactory.getLogger("org.noticeboard.access");

  private RequestLog() {}

  public static void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    long start = System.nanoTime();
    ctx.addEndHandler(v -> {
      MDC.put(KEY, id);
      try {
        ACCESS.info("{} {} {} {}ms", ctx.request().method(), logPath(ctx.request().path()),
            ctx.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000);
      } finally {
        MDC.remove(KEY);
      }
    });
    ctx.next();
  }

  public static String id(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }

  /** Public pages carry signed tokens in their path: log only the page, never the token. */
  static String logPath(String path) {
    return path != null && path.startsWith("/p/") ? path.replaceAll("^(/p/[^/]+)/.*$", "$1/…") : path;
  }
}
