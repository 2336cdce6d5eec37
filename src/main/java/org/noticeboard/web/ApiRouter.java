package org.noticeboard.web;

import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.noticeboard.accounts.AccountsRoutes;
import org.noticeboard.app.Services;
import org.noticeboard.campaigns.CampaignsRoutes;
import org.noticeboard.delivery.DeliveryRoutes;
import org.noticeboard.delivery.DevSink;
import org.noticeboard.errors.Problem;

/** Assembles the HTTP surface: health, metrics, the authenticated JSON API, and problem+json failures. */
public final class ApiRouter {
  public static final String API = "/api/v1";

  private ApiRouter() {}

  public static Router build(Vertx vertx, Services s) {
    Router root = Router.router(vertx);
    root.route().handler(RequestLog::handle);
    root.route().handler(ctx -> {
      ctx.response().putHeader("X-Content-Type-Options", "nosniff");
      ctx.next();
    });

    root.get("/health/live").handler(HealthCheckHandler.create(vertx)
        .register("alive", p -> p.complete(Status.OK())));
    root.get("/health/ready").handler(HealthCheckHandler.create(vertx)
        .register("database", 2000, p -> s.pool().query("SELECT 1").execute()
            .onSuccess(r -> p.complete(Status.OK()))
            .onFailure(e -> p.complete(Status.KO()))));
    root.get("/metrics").handler(PrometheusScrapingHandler.create(s.metrics()));

    org.noticeboard.delivery.sms.SmsHookRoutes.mount(root, s);

    Router api = Router.router(vertx);
    org.noticeboard.audience.AudienceRoutes.mountUploads(api, s.tokens(), s.audience()); // streamed CSV: before the BodyHandler
    CampaignsRoutes.mountUploads(api, s.tokens(), s.campaigns()); // file bodies: before the BodyHandler
    api.route().handler(BodyHandler.create(false).setBodyLimit(s.config().bodyLimitBytes()));
    api.route().handler(Auth.handler(s.tokens()));
    new AccountsRoutes(s.organisations(), s.units(), s.accounts(), s.tokens()).mount(api);
    new CampaignsRoutes(vertx, s.campaigns(), new org.noticeboard.campaigns.CampaignReports(s.pool())).mount(api);
    new org.noticeboard.audience.AudienceRoutes(s.audience()).mount(api);
    new DeliveryRoutes(s.delivery(), new DevSink(vertx, s.config().dataDir(), DevSink.Kind.MAIL),
        new DevSink(vertx, s.config().dataDir(), DevSink.Kind.SMS)).mount(api);
    new org.noticeboard.content.ContentRoutes(s.content()).mount(api);
    new org.noticeboard.signup.SignupRoutes(signups(s)).mount(api);
    api.route().handler(ctx -> ctx.fail(Problem.notFound("resource", ctx.request().path())));
    root.route(API + "/*").subRouter(api);

    Pages pages = new Pages(vertx);
    org.noticeboard.audience.AudiencePages.mount(root, s.audience(), pages);
    new org.noticeboard.preferences.PreferencePages(new org.noticeboard.preferences.PreferenceService(s.pool()),
        s.signedTokens(), pages).mount(root);
    new org.noticeboard.signup.SignupPages(signups(s), s.signupLimiter(), pages).mount(root);
    new org.noticeboard.webview.WebViewPages(new org.noticeboard.webview.WebViewService(s.pool(), s.renderer(),
        s.signedTokens(), s.config().publicBaseUrl()), s.signedTokens(), pages).mount(root);
    root.route().handler(ctx -> ctx.fail(404));
    root.route().failureHandler(Problems::handle);
    api.route().failureHandler(Problems::handle);
    return root;
  }

  private static org.noticeboard.signup.SignupService signups(Services s) {
    return new org.noticeboard.signup.SignupService(s.pool(), s.signedTokens(),
        new org.noticeboard.audience.Suppressions(s.addressHasher()), s.audience().subscriptions(), s.audience().lists(),
        s.config().publicBaseUrl());
  }
}
