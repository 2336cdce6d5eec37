package org.noticeboard.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import io.vertx.sqlclient.Pool;
import org.noticeboard.accounts.AccountService;
import org.noticeboard.accounts.OrganisationService;
import org.noticeboard.accounts.TokenService;
import org.noticeboard.accounts.UnitService;
import org.noticeboard.audience.AudienceServices;
import org.noticeboard.campaigns.CampaignService;
import org.noticeboard.config.NoticeboardConfig;
import org.noticeboard.content.ContentService;
import org.noticeboard.content.MessageRenderer;
import org.noticeboard.delivery.ConfirmationMessages;
import org.noticeboard.delivery.DeliveryService;
import org.noticeboard.security.AddressHasher;
import org.noticeboard.security.SignedTokens;
import org.noticeboard.signup.SubmissionLimiter;

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
    AudienceServices audience,
    ContentService content,
    DeliveryService delivery,
    CampaignService campaigns,
    org.noticeboard.signup.SubmissionLimiter signupLimiter) {

  /** What the delivery engine renders messages with. */
  public MessageRenderer renderer() {
    return content.renderer();
  }

  public static Services create(Vertx vertx, NoticeboardConfig config, Pool pool, PrometheusMeterRegistry metrics) {
    AddressHasher hasher = new AddressHasher(config.secretKey());
    ContentService content = ContentService.create(vertx, pool, config.publicBaseUrl());
    return new Services(vertx, config, pool, metrics,
        new OrganisationService(pool), new UnitService(pool), new AccountService(pool), new TokenService(pool),
        new SignedTokens(config.secretKey()), hasher,
        AudienceServices.create(vertx, config, pool, new ConfirmationMessages(content)),
        content,
        new DeliveryService(pool, hasher),
        new CampaignService(pool),
        new SubmissionLimiter(5, Duration.ofMinutes(10)));
  }
}
