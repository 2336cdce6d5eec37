package org.noticeboard.delivery;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on {@link Outbox#NOTIFY_CHANNEL} (its own connection, reconnecting with backoff) and wakes the
 * workers of this instance through the event bus; after every (re)connect it wakes them too, to catch up
 * on anything enqueued meanwhile. Also refreshes the queued-messages gauge.
 */
final class OutboxListener extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxListener.class);
  private final PgConnectOptions connectOptions;
  private final Pool pool;
  private final DeliveryMetrics metrics;
  private PgSubscriber subscriber;
  private long gaugeTimer = -1;
  private long retryTimer = -1;
  private boolean stopping;

  OutboxListener(PgConnectOptions connectOptions, Pool pool, DeliveryMetrics metrics) {
    this.connectOptions = connectOptions;
    this.pool = pool;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    subscriber = PgSubscriber.subscriber(vertx, connectOptions)
        .reconnectPolicy(n -> Math.min(30_000L, 500L << Math.min(n, 6)));
    subscriber.channel(Outbox.NOTIFY_CHANNEL)
        .subscribeHandler(v -> wake())
        .handler(payload -> wake());
    connect();
    gaugeTimer = vertx.setPeriodic(10_000, t -> refreshGauge());
    refreshGauge();
    return Future.succeededFuture();
  }

  private void connect() {
    subscriber.connect().onFailure(e -> {
      if (!stopping) { // a failed first connect is not retried by the reconnect policy
        LOG.warn("cannot LISTEN for new messages yet ({}); polling meanwhile", e.getMessage());
        retryTimer = vertx.setTimer(2000, t -> connect());
      }
    });
  }

  private void wake() {
    vertx.eventBus().publish(DeliveryWorker.WAKE_ADDRESS, null);
  }

  private void refreshGauge() {
    pool.query("SELECT channel, count(*) FROM message WHERE status = 'queued' GROUP BY channel").execute()
        .onSuccess(rows -> {
          long email = 0;
          long sms = 0;
          for (var r : rows) {
            if ("email".equals(r.getString(0))) {
              email = r.getLong(1);
            } else {
              sms = r.getLong(1);
            }
          }
          metrics.queued(Channel.EMAIL, email);
          metrics.queued(Channel.SMS, sms);
        });
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(gaugeTimer);
    vertx.cancelTimer(retryTimer);
    return subscriber.close();
  }
}
