package org.noticeboard.audience;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import org.noticeboard.web.Pages;

/** Public pages of the audience feature: {@code GET /p/confirm/{token}} (double opt-in). */
public final class AudiencePages {
  private AudiencePages() {}

  public static void mount(Router root, AudienceServices audience, Pages pages) {
    root.get("/p/confirm/:token").handler(ctx -> audience.subscriptions()
        .confirm(ctx.pathParam("token"), AudienceRoutes.ip(ctx))
        .onSuccess(c -> page(ctx, pages, c))
        .onFailure(ctx::fail));
  }

  private static void page(RoutingContext ctx, Pages pages, SubscriptionService.Confirmation c) {
    String lang = Pages.supported(c.language());
    int status = switch (c.outcome()) {
      case CONFIRMED, ALREADY_CONFIRMED -> 200;
      case WITHDRAWN -> 409;
      case GONE, INVALID -> 404;
      case EXPIRED -> 410;
    };
    Map<String, Object> model = new HashMap<>();
    model.put("heading", Pages.words(lang).get("confirm_" + c.outcome().name().toLowerCase(java.util.Locale.ROOT)));
    model.put("list", c.listName() == null ? "" : c.listName()); // null for sensitive lists: never named
    pages.respond(ctx, status, "confirm", lang, model);
  }
}
