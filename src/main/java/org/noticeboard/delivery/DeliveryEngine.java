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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the delivery verticles of one instance: the NOTIFY listener, {@code NB_DELIVERY_WORKERS}
 * email workers (each with its own SMTP sessions) and one SMS worker (when a gateway is configured; otherwise SMS
 * stay queued until one is).
 */
public final class DeliveryEngine {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);

  private final Vertx vertx;
  private final List<String> deployments;
  private final List<DeliveryWorker> workers;
  private final InstanceIdentity identity;

  private DeliveryEngine(Vertx vertx, List<String> deployments, List<DeliveryWorker> workers, InstanceIdentity identity) {
    this.vertx = vertx;
    this.deployments = deployments;
    this.workers = workers;
    this.identity = identity;
  }

  public static Future<DeliveryEngine> deploy(Vertx vertx, NoticeboardConfig config, Pool pool, MeterRegistry registry,
                                              SignedTokens tokens, AddressHasher hasher, MessageRenderer renderer,
                                              PgConnectOptions connectOptions, Clock clock) {
    DeliveryMetrics metrics = new DeliveryMetrics(registry);
    MessageIds ids = new MessageIds(config.secretKey());
    List<DeliveryWorker> workers = new ArrayList<>();
    List<String> deployed = new ArrayList<>();
    InstanceIdentity[] identity = new InstanceIdentity[1];
    Future<Void> chain = vertx.executeBlocking(() -> InstanceIdentity.claim(config.dataDir()), false)
        .compose(id -> {
          identity[0] = id;
          // claims an earlier run of this instance left behind (kill -9) go back to the queue before anything starts
          return !id.durable() ? Future.succeededFuture(0) : Outbox.recoverOwn(pool, id.id());
        })
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("Recovered {} message(s) this instance held when it last stopped", n);
          }
        })
        .compose(n -> vertx.deployVerticle(new OutboxListener(connectOptions, pool, metrics)))
        .map(id -> {
          deployed.add(id);
          return null;
        });
    chain = chain.compose(v -> vertx.deployVerticle(() -> {
      DeliveryWorker w = new DeliveryWorker(Channel.EMAIL, pool, config.delivery(), config.publicBaseUrl(), renderer,
          tokens, hasher, metrics, clock, () -> new EmailDispatcher(vertx, pool, config, ids, clock), identity[0].id());
      workers.add(w);
      return w;
    }, new DeploymentOptions().setInstances(config.delivery().emailWorkers())).map(id -> {
      deployed.add(id);
      return null;
    }));
    // SMS: the configured gateway, or the development sink
    chain = chain.compose(v -> {
      DeliveryWorker w = new DeliveryWorker(Channel.SMS, pool, config.delivery(), config.publicBaseUrl(), renderer,
          tokens, hasher, metrics, clock, () -> new SmsDispatcher(vertx, config, clock), identity[0].id());
      workers.add(w);
      return vertx.deployVerticle(w).map(id -> {
        deployed.add(id);
        return null;
      });
    });
    return chain.map(v -> new DeliveryEngine(vertx, deployed, workers, identity[0]))
        .onFailure(e -> {
          if (identity[0] != null) {
            identity[0].close();
          }
        });
  }

  /** Owners (lease holders) of this engine's workers. */
  public List<String> owners() {
    return workers.stream().map(DeliveryWorker::owner).toList();
  }

  /** Gives up this instance's identity (after its workers have been undeployed some other way). */
  public void release() {
    identity.close();
  }

  /** Stops every worker after its current batch. */
  public Future<Void> stop() {
    List<Future<Void>> all = new ArrayList<>();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      all.add(vertx.undeploy(deployments.get(i)));
    }
    return Future.join(all).<Void>mapEmpty().onComplete(ar -> identity.close());
  }
}
