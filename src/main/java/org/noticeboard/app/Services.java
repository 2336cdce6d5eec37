package org.noticeboard.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
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
import org.noticeboard.delivery.HeldTexts;
import org.noticeboard.security.AddressHasher;
import org.noticeboard.security.SignedTokens;
import org.noticeboard.signup.SubmissionLimiter;

/** The services of one running instance, made once and shared by every HTTP verticle and worker. */
public record Services(
    Vertx vertx,
    NoticeboardConfig config,
    Pool pool,
    PrometheusMeterRegistry metrics,
    Clock clock,
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

  /** @param clock the one clock every part of the service reads the time from */
  public static Services create(Vertx vertx, NoticeboardConfig config, Pool pool, PrometheusMeterRegistry metrics,
                                Clock clock) {
    AddressHasher hasher = new AddressHasher(config.secretKey());
    ContentService content = ContentService.create(vertx, pool, config.publicBaseUrl(), clock);
    return new Services(vertx, config, pool, metrics, clock,
        new OrganisationService(pool, new HeldTexts(), clock), new UnitService(pool), new AccountService(pool), new TokenService(pool, clock),
        new SignedTokens(config.secretKey()), hasher,
        AudienceServices.create(vertx, config, pool, new ConfirmationMessages(content, clock), clock),
        content,
        new DeliveryService(pool, hasher, clock),
        new CampaignService(pool, clock),
        new SubmissionLimiter(5, Duration.ofMinutes(10)));
  }
}
