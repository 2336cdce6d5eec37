package org.noticeboard.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.noticeboard.accounts.AccountService;
import org.noticeboard.accounts.OrganisationService;
import org.noticeboard.accounts.TokenService;
import org.noticeboard.accounts.UnitService;
import org.noticeboard.campaigns.CampaignService;
import org.noticeboard.config.NoticeboardConfig;
import org.noticeboard.content.ContentService;
import org.noticeboard.content.MessageRenderer;
import org.noticeboard.delivery.DeliveryService;
import org.noticeboard.security.AddressHasher;
import org.noticeboard.security.SignedTokens;

/** The services of one running instance, made once and shared by every HTTP verticle and worker. */
public record Services(
    Vertx vertx,
    NoticeboardConfig config,
    Pool pool,
    PrometheusMeterRegistry metrics,
    OrganisationService organisations,
    UnitService units,
    AccountService accounts,
    TokenService tokens,
    SignedTokens signedTokens,
    AddressHasher addressHasher,
    org.noticeboard.audience.AudienceServices audience,
    ContentService content,
    DeliveryService delivery,
    CampaignService campaigns,
    org.noticeboard.signup.SubmissionLimiter signupLimiter) {

  /** What the delivery engine renders messages with. */
  public MessageRenderer renderer() {
    return content.renderer();
  }

  public static Services create(Vertx vertx, NoticeboardConfig config, Pool pool, PrometheusMeterRegistry metrics) {
    return new Services(vertx, config, pool, metrics,
        new OrganisationService(pool), new UnitService(pool), new AccountService(pool), new TokenService(pool),
        new SignedTokens(config.secretKey()), new AddressHasher(config.secretKey()),
        org.noticeboard.audience.AudienceServices.create(vertx, config, pool),
        ContentService.create(vertx, pool, config.publicBaseUrl()),
        new DeliveryService(pool, new AddressHasher(config.secretKey())),
        new CampaignService(pool),
        new org.noticeboard.signup.SubmissionLimiter(5, java.time.Duration.ofMinutes(10)));
  }
}
