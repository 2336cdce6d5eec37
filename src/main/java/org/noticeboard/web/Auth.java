package org.noticeboard.web;

import io.vertx.ext.web.RoutingContext;
import org.noticeboard.accounts.Tenant;
import org.noticeboard.accounts.TokenService;
import org.noticeboard.errors.Problem;

/** Authenticates {@code Authorization: Bearer …} and stores the request's {@link Tenant}. */
public final class Auth {
  private static final String KEY = "tenant";

  private Auth() {}

  public static io.vertx.core.Handler<RoutingContext> handler(TokenService tokens) {
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        ctx.fail(Problem.unauthenticated("send an API token as \"Authorization: Bearer <token>\""));
        return;
      }
      tokens.authenticate(header.substring(7).trim()).onComplete(ar -> {
        if (ar.failed()) {
          ctx.fail(ar.cause());
        } else if (ar.result().isEmpty()) {
          ctx.fail(Problem.unauthenticated("the token is unknown, expired or revoked"));
        } else {
          ctx.put(KEY, ar.result().get());
          ctx.next();
        }
      });
    };
  }

  public static Tenant tenant(RoutingContext ctx) {
    Tenant t = ctx.get(KEY);
    if (t == null) {
      throw Problem.unauthenticated("not authenticated");
    }
    return t;
  }
}
