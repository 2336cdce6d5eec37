package org.noticeboard.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;

/** The few ways a JSON API response is written. */
public final class Responses {
  private Responses() {}

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
  }

  public static <T> void reply(RoutingContext ctx, Future<T> result, Function<T, JsonObject> toJson) {
    result.onSuccess(v -> json(ctx, 200, toJson.apply(v))).onFailure(ctx::fail);
  }

  /** 201 with a Location header pointing at the new resource. */
  public static <T> void created(RoutingContext ctx, Future<T> result, Function<T, JsonObject> toJson,
                                 Function<T, String> location) {
    result.onSuccess(v -> {
      ctx.response().putHeader("Location", location.apply(v));
      json(ctx, 201, toJson.apply(v));
    }).onFailure(ctx::fail);
  }

  public static <T> void items(RoutingContext ctx, Future<List<T>> result, Function<T, JsonObject> toJson) {
    result.onSuccess(list -> {
      JsonArray items = new JsonArray();
      list.forEach(item -> items.add(toJson.apply(item)));
      json(ctx, 200, new JsonObject().put("items", items));
    }).onFailure(ctx::fail);
  }

  public static void noContent(RoutingContext ctx, Future<?> result) {
    result.onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  /** A path parameter that must be a positive id; anything else is a 404, as no such resource exists. */
  public static long id(RoutingContext ctx, String name) {
    String raw = ctx.pathParam(name);
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException ignored) {
      // fall through
    }
    throw org.noticeboard.errors.Problem.notFound(name, raw);
  }
}
