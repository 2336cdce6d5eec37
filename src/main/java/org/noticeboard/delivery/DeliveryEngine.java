package org.noticeboard.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.noticeboard.config.NoticeboardConfig;
import org.noticeboard.content.MessageRenderer;
import org.noticeboard.delivery.email.EmailDispatcher;
import org.noticeboard.delivery.sms.SmsDispatcher;
import org.noticeboard.security.AddressHasher;
import org.noticeboard.security.SignedTokens;

/**
 * Deploys the delivery verticles of one instance: the NOTIFY listener, {@code NB_DELIVERY_WORKERS}
 * email workers (each with its own SMTP sessions) and one SMS worker (when a gateway is configured; otherwise SMS
 * stay queued until one is).
 */
public final class DeliveryEngine {
  private final Vertx vertx;
  private final List<String> deployments;
  private final List<DeliveryWorker> workers;

  private DeliveryEngine(Vertx vertx, List<String> deployments, List<DeliveryWorker> workers) {
    this.vertx = vertx;
    this.deployments = deployments;
    this.workers = workers;
  }

  public static Future<DeliveryEngine> deploy(Vertx vertx, NoticeboardConfig config, Pool pool, MeterRegistry registry,
                                              SignedTokens tokens, AddressHasher hasher, MessageRenderer renderer,
                                              PgConnectOptions connectOptions, Clock clock) {
    DeliveryMetrics metrics = new DeliveryMetrics(registry);
    MessageIds ids = new MessageIds(config.secretKey());
    List<DeliveryWorker> workers = new ArrayList<>();
    List<String> deployed = new ArrayList<>();
    Future<Void> chain = vertx.deployVerticle(new OutboxListener(connectOptions, pool, metrics)).map(id -> {
      deployed.add(id);
      return null;
    });
    chain = chain.compose(v -> vertx.deployVerticle(() -> {
      DeliveryWorker w = new DeliveryWorker(Channel.EMAIL, pool, config.delivery(), config.publicBaseUrl(), renderer,
          tokens, hasher, metrics, clock, () -> new EmailDispatcher(vertx, pool, config, ids, clock));
      workers.add(w);
      return w;
    }, new DeploymentOptions().setInstances(config.delivery().emailWorkers())).map(id -> {
      deployed.add(id);
      return null;
    }));
    // SMS: the configured gateway, or the development sink
    chain = chain.compose(v -> {
      DeliveryWorker w = new DeliveryWorker(Channel.SMS, pool, config.delivery(), config.publicBaseUrl(), renderer,
          tokens, hasher, metrics, clock, () -> new SmsDispatcher(vertx, config, clock));
      workers.add(w);
      return vertx.deployVerticle(w).map(id -> {
        deployed.add(id);
        return null;
      });
    });
    return chain.map(v -> new DeliveryEngine(vertx, deployed, workers));
  }

  /** Owners (lease holders) of this engine's workers. */
  public List<String> owners() {
    return workers.stream().map(DeliveryWorker::owner).toList();
  }

  /** Stops every worker after its current batch. */
  public Future<Void> stop() {
    List<Future<Void>> all = new ArrayList<>();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      all.add(vertx.undeploy(deployments.get(i)));
    }
    return Future.join(all).mapEmpty();
  }
}
