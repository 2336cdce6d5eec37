package org.noticeboard.audience;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Public pages of the audience feature: {@code GET /p/confirm/{token}} (double opt-in). */
public final class AudiencePages {
  private static final Map<String, Map<SubscriptionService.Outcome, String>> TEXT = Map.of(
      "en", Map.of(
          SubscriptionService.Outcome.CONFIRMED, "Thank you — your subscription is confirmed.",
          SubscriptionService.Outcome.ALREADY_CONFIRMED, "Your subscription was already confirmed. Nothing more to do.",
          SubscriptionService.Outcome.WITHDRAWN, "You have unsubscribed from this list, so this link no longer confirms anything. Ask us if you would like to join again.",
          SubscriptionService.Outcome.GONE, "We could not find this subscription any more.",
          SubscriptionService.Outcome.EXPIRED, "This confirmation link has expired. Please ask us to send a new one.",
          SubscriptionService.Outcome.INVALID, "This confirmation link is not valid. Please check that you copied all of it."),
      "pl", Map.of(
          SubscriptionService.Outcome.CONFIRMED, "Dziękujemy — Twoja subskrypcja została potwierdzona.",
          SubscriptionService.Outcome.ALREADY_CONFIRMED, "Twoja subskrypcja była już potwierdzona.",
          SubscriptionService.Outcome.WITHDRAWN, "Zrezygnowałeś(-aś) z tej listy, więc ten link niczego już nie potwierdza.",
          SubscriptionService.Outcome.GONE, "Nie możemy już znaleźć tej subskrypcji.",
          SubscriptionService.Outcome.EXPIRED, "Ten link potwierdzający wygasł. Poproś nas o nowy.",
          SubscriptionService.Outcome.INVALID, "Ten link potwierdzający jest nieprawidłowy."));

  private AudiencePages() {}

  public static void mount(Router root, AudienceServices audience) {
    root.get("/p/confirm/:token").handler(ctx -> audience.subscriptions()
        .confirm(ctx.pathParam("token"), AudienceRoutes.ip(ctx))
        .onSuccess(c -> page(ctx, c))
        .onFailure(ctx::fail));
  }

  private static void page(RoutingContext ctx, SubscriptionService.Confirmation c) {
    String lang = TEXT.containsKey(c.language()) ? c.language() : c.language() != null && c.language().contains("-")
        && TEXT.containsKey(c.language().substring(0, c.language().indexOf('-'))) ? c.language().substring(0, c.language().indexOf('-')) : "en";
    String message = TEXT.get(lang).get(c.outcome());
    int status = switch (c.outcome()) {
      case CONFIRMED, ALREADY_CONFIRMED -> 200;
      case WITHDRAWN -> 409;
      case GONE, INVALID -> 404;
      case EXPIRED -> 410;
    };
    String title = c.listName() == null ? "" : "<p class=\"list\">" + escape(c.listName()) + "</p>";
    String html = "<!doctype html><html lang=\"" + lang + "\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">"
        + "<title>" + escape(message) + "</title></head><body><main>" + title + "<h1>" + escape(message) + "</h1></main></body></html>";
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store").putHeader("Referrer-Policy", "no-referrer").end(html);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }
}
