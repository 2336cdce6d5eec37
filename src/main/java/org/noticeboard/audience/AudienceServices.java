package org.noticeboard.audience;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.noticeboard.config.NoticeboardConfig;
import org.noticeboard.security.AddressHasher;
import org.noticeboard.security.SignedTokens;

/** The audience feature's services, made once per running instance. */
public record AudienceServices(SubscriberService subscribers, ListService lists, SubscriptionService subscriptions,
                               SegmentService segments, ImportService imports, ExportService exports,
                               DataSubjectService dataSubjects) {

  /** @param outbox where double opt-in confirmations are enqueued (the delivery engine's outbox) */
  public static AudienceServices create(Vertx vertx, NoticeboardConfig config, Pool pool, ConfirmationOutbox outbox,
                                        Clock clock) {
    Suppressions suppressions = new Suppressions(new AddressHasher(config.secretKey()));
    SubscriptionService subscriptions = new SubscriptionService(pool, new SignedTokens(config.secretKey()),
        config.publicBaseUrl(), suppressions, outbox, clock);
    return new AudienceServices(new SubscriberService(pool, suppressions, clock), new ListService(pool), subscriptions,
        new SegmentService(pool, clock), new ImportService(vertx, pool, suppressions, subscriptions, outbox), new ExportService(pool, clock),
        new DataSubjectService(pool, suppressions, clock));
  }
}
