package org.noticeboard.webview;

import java.time.Clock;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import org.noticeboard.security.LinkToken;
import org.noticeboard.security.SignedTokens;
import org.noticeboard.web.Pages;

/**
 * {@code GET /p/view/{token}} (purpose {@code view}, the message link data): the message in the
 * browser. Its HTML is served under a Content-Security-Policy that allows no script, no form, no
 * framing and no fetching except images, fonts and inline styles; never cached, never indexed.
 */
public final class WebViewPages {
  static final String MESSAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; "
      + "font-src https: data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'; "
      + "sandbox allow-popups allow-popups-to-escape-sandbox";

  private final WebViewService views;
  private final SignedTokens tokens;
  private final Pages pages;
  private final Clock clock;

  public WebViewPages(WebViewService views, SignedTokens tokens, Pages pages, Clock clock) {
    this.clock = clock;
    this.views = views;
    this.tokens = tokens;
    this.pages = pages;
  }

  public void mount(Router root) {
    root.get("/p/view/:token").handler(this::view);
  }

  private void view(RoutingContext ctx) {
    Optional<LinkToken> link = LinkToken.verify(tokens, "view", ctx.pathParam("token"), clock.instant());
    Future<Optional<WebView>> view = link.isEmpty() ? Future.succeededFuture(Optional.empty()) : views.view(link.get());
    view.onSuccess(v -> {
      ctx.response().putHeader("X-Robots-Tag", "noindex, nofollow");
      if (v.isEmpty()) {
        notice(ctx, 404, "en", "invalid_link_title", "invalid_link_body");
      } else if (v.get() instanceof WebView.Html html) {
        ctx.response().setStatusCode(200)
            .putHeader("Content-Type", "text/html; charset=utf-8")
            .putHeader("Cache-Control", "no-store")
            .putHeader("Referrer-Policy", "no-referrer")
            .putHeader("X-Frame-Options", "DENY")
            .putHeader("Content-Security-Policy", MESSAGE_POLICY)
            .end(html.html());
      } else if (v.get() instanceof WebView.Text text) {
        pages.respond(ctx, 200, "message_text", Pages.supported(text.language()),
            Map.of("subject", text.subject(), "text", text.text()));
      } else if (v.get() instanceof WebView.Unavailable gone) {
        notice(ctx, 410, Pages.supported(gone.language()), "unavailable_title", "unavailable_body");
      }
    }).onFailure(ctx::fail);
  }

  private void notice(RoutingContext ctx, int status, String lang, String title, String body) {
    pages.notice(ctx, status, lang, title, body);
  }
}
