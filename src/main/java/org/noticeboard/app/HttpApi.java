package org.noticeboard.app;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.noticeboard.accounts.AccountsRoutes;
import org.noticeboard.audience.AudiencePages;
import org.noticeboard.audience.AudienceRoutes;
import org.noticeboard.audience.Suppressions;
import org.noticeboard.campaigns.CampaignReports;
import org.noticeboard.campaigns.CampaignsRoutes;
import org.noticeboard.content.ContentRoutes;
import org.noticeboard.delivery.DeliveryRoutes;
import org.noticeboard.delivery.DevSink;
import org.noticeboard.delivery.sms.SmsHookRoutes;
import org.noticeboard.delivery.sms.SmsHooks;
import org.noticeboard.errors.Problem;
import org.noticeboard.preferences.PreferencePages;
import org.noticeboard.preferences.PreferenceService;
import org.noticeboard.signup.SignupPages;
import org.noticeboard.signup.SignupRoutes;
import org.noticeboard.signup.SignupService;
import org.noticeboard.web.ApiContract;
import org.noticeboard.web.Auth;
import org.noticeboard.web.Pages;
import org.noticeboard.web.Problems;
import org.noticeboard.web.RequestLog;
import org.noticeboard.webview.WebViewPages;
import org.noticeboard.webview.WebViewService;

/**
 * The HTTP surface of one running instance: health, metrics, SMS hooks, the authenticated JSON API,
 * the public pages and problem+json failures. Every feature's routes are made once, here, from the
 * shared {@link Services}; {@link #router(Vertx)} then mounts them on a router for each HTTP verticle.
 */
final class HttpApi {
  static final String API = "/api/v1";
  private static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.34.1";

  private final Services s;
  private final ApiContract contract;
  private final SmsHookRoutes smsHooks;
  private final AccountsRoutes accounts;
  private final CampaignsRoutes campaigns;
  private final AudienceRoutes audience;
  private final DeliveryRoutes delivery;
  private final ContentRoutes content;
  private final SignupRoutes signupApi;
  private final PreferencePages preferencePages;
  private final SignupPages signupPages;
  private final WebViewPages webViewPages;
  private final Pages pages;

  HttpApi(Vertx vertx, Services s, ApiContract contract) {
    this.s = s;
    this.contract = contract;
    this.pages = new Pages(vertx);
    SignupService signups = new SignupService(s.pool(), s.signedTokens(), new Suppressions(s.addressHasher()),
        s.audience().subscriptions(), s.audience().lists(), s.config().publicBaseUrl(), s.clock());
    this.smsHooks = new SmsHookRoutes(new SmsHooks(s.pool(), s.addressHasher(), s.clock(), s.config().delivery().smsFrom()), s.config(), s.clock());
    this.accounts = new AccountsRoutes(s.organisations(), s.units(), s.accounts(), s.tokens());
    this.campaigns = new CampaignsRoutes(vertx, s.campaigns(), new CampaignReports(s.pool(), s.clock()));
    this.audience = new AudienceRoutes(s.audience());
    this.delivery = new DeliveryRoutes(s.delivery(), new DevSink(vertx, s.config().dataDir(), DevSink.Kind.MAIL),
        new DevSink(vertx, s.config().dataDir(), DevSink.Kind.SMS));
    this.content = new ContentRoutes(s.content());
    this.signupApi = new SignupRoutes(signups);
    this.preferencePages = new PreferencePages(new PreferenceService(s.pool()), s.signedTokens(), pages, s.clock());
    this.signupPages = new SignupPages(signups, s.signupLimiter(), pages, s.clock());
    this.webViewPages = new WebViewPages(new WebViewService(s.pool(), s.renderer(), s.signedTokens(),
        s.config().publicBaseUrl(), s.clock()), s.signedTokens(), pages, s.clock());
  }

  Router router(Vertx vertx) {
    Router root = Router.router(vertx);
    root.route().handler(RequestLog::handle);
    root.route().handler(ctx -> {
      ctx.response().putHeader("X-Content-Type-Options", "nosniff");
      ctx.next();
    });

    Operations.mountHealth(root, vertx, s.pool());
    // public metrics only with a token; otherwise they are on the loopback management port
    if (s.config().management().metricsToken().isPresent()) {
      Operations.mountMetrics(root, s.metrics(), s.config().management().metricsToken());
    }

    smsHooks.mount(root);
    root.get("/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Access-Control-Allow-Origin", "*").end(contract.json()));
    root.get("/api/docs").handler(ctx -> ctx.reroute("/api/docs/index.html"));
    root.route("/api/docs/assets/*").handler(StaticHandler.create(SWAGGER_UI).setCachingEnabled(true).setMaxAgeSeconds(86400));
    root.route("/api/docs/*").handler(StaticHandler.create("noticeboard-api-docs").setMaxAgeSeconds(300));

    root.route(API + "/*").subRouter(apiRouter(vertx));

    AudiencePages.mount(root, s.audience(), pages);
    preferencePages.mount(root);
    signupPages.mount(root);
    webViewPages.mount(root);
    root.route().handler(ctx -> ctx.fail(404));
    root.route().failureHandler(Problems::handle);
    return root;
  }

  /**
   * {@code /api/v1}: the contract first (an undocumented request goes no further), streamed uploads,
   * the body, the bearer token, the contract's check of parameters and body, then the features.
   */
  Router apiRouter(Vertx vertx) {
    Router api = Router.router(vertx);
    api.route().handler(contract.matchOperation());
    AudienceRoutes.mountUploads(api, s.tokens(), s.audience()); // streamed CSV: before the BodyHandler
    CampaignsRoutes.mountUploads(api, s.tokens(), s.campaigns()); // file bodies: before the BodyHandler
    api.route().handler(BodyHandler.create(false).setBodyLimit(s.config().bodyLimitBytes()));
    api.route().handler(Auth.handler(s.tokens()));
    api.route().handler(contract.validateRequest());
    accounts.mount(api);
    campaigns.mount(api);
    audience.mount(api);
    delivery.mount(api);
    content.mount(api);
    signupApi.mount(api);
    api.route().handler(ctx -> ctx.fail(Problem.notFound("resource", ctx.request().path())));
    api.route().failureHandler(Problems::handle);
    return api;
  }
}
