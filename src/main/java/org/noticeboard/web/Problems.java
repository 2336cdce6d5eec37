package org.noticeboard.web;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.pgclient.PgException;
import org.noticeboard.errors.FieldError;
import org.noticeboard.errors.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one failure handler: every error leaves as {@code application/problem+json} (RFC 9457). */
public final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  public static final String CONTENT_TYPE = "application/problem+json";

  private Problems() {}

  public static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = ctx.statusCode();
    String type = "about:blank";
    String detail = null;
    JsonObject body = new JsonObject();
    JsonArray errors = null;

    if (failure instanceof Problem p) {
      status = p.kind().status;
      type = p.kind().type();
      detail = p.getMessage();
      if (!p.errors().isEmpty()) {
        errors = new JsonArray();
        for (FieldError e : p.errors()) {
          errors.add(e.toJson());
        }
      }
      body.mergeIn(p.extensions());
      if (p.kind() == Problem.Kind.UNAUTHENTICATED) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"noticeboard\"");
      }
    } else if (failure instanceof HttpException he) {
      status = he.getStatusCode();
      detail = he.getPayload();
    } else if (failure instanceof DecodeException) {
      status = 400;
      detail = "the request body is not valid JSON";
    } else if (failure instanceof PgException pe && "23505".equals(pe.getSqlState())) {
      status = 409;
      detail = "that would duplicate an existing record";
    }
    if (status == 413) {
      detail = "the request body is too large";
    }
    if (status < 400) {
      status = 500;
    }
    if (status >= 500) {
      LOG.error("request {} {} failed [{}]", ctx.request().method(), RequestLog.logPath(ctx.request().path()),
          RequestLog.id(ctx), failure);
      detail = "something went wrong on our side; the request id is " + RequestLog.id(ctx);
    }
    if (ctx.response().headWritten()) {
      ctx.request().connection().close();
      return;
    }
    String title = failure instanceof Problem p ? p.kind().title : null;
    ctx.response().setStatusCode(status);
    body.put("type", type)
        .put("title", title != null ? title : ctx.response().getStatusMessage())
        .put("status", status)
        .put("instance", ctx.request().path());
    if (detail != null) {
      body.put("detail", detail);
    }
    if (errors != null) {
      body.put("errors", errors);
    }
    ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(body.encode());
  }
}
