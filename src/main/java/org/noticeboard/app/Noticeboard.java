package org.noticeboard.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import org.noticeboard.campaigns.CampaignRunner;
import org.noticeboard.config.NoticeboardConfig;
import org.noticeboard.delivery.DeliveryEngine;
import org.noticeboard.db.DatabaseClock;
import org.noticeboard.web.ApiContract;
import org.noticeboard.db.DatabaseServer;
import org.noticeboard.db.Db;
import org.noticeboard.db.Migrations;
import org.noticeboard.web.Pages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Noticeboard: database (embedded or external) → migrations → pool → HTTP verticles.
 * {@link #stop()} reverses it: stop accepting, let work in flight finish, close the pool, stop the database.
 */
public final class Noticeboard {
  private static final Logger LOG = LoggerFactory.getLogger(Noticeboard.class);

  private final Vertx vertx;
  private final PrometheusMeterRegistry metrics;
  /** The clock a test chose, or null: then the service follows the database's clock. */
  private final Clock fixedClock;
  private NoticeboardConfig config;
  private DatabaseServer database;
  private Pool pool;
  private Services services;
  private DeliveryEngine engine;

  private Noticeboard(Vertx vertx, PrometheusMeterRegistry metrics, Clock fixedClock) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.fixedClock = fixedClock;
  }

  /**
   * A Vert.x instance with Micrometer metrics feeding the Prometheus registry behind {@code /metrics}.
   * The service's time is this machine's clock corrected to the database's ({@link DatabaseClock}).
   */
  public static Noticeboard create() {
    return create(null);
  }

  /** As {@link #create()}, but every part of the service reads the time from {@code clock} (tests). */
  public static Noticeboard create(Clock clock) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Raw TCP metrics (every SMTP and PostgreSQL socket read and write) and event-bus metrics cost more
    // per message sent than they tell; delivery has its own counters and timings (DeliveryMetrics).
    VertxOptions options = new VertxOptions().setMetricsOptions(
        new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
            .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT).addDisabledMetricsCategory(MetricsDomain.NET_SERVER)
            .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET).addDisabledMetricsCategory(MetricsDomain.EVENT_BUS));
    Vertx vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
    return new Noticeboard(vertx, registry, clock);
  }

  public Vertx vertx() {
    return vertx;
  }

  public Services services() {
    return services;
  }

  public NoticeboardConfig config() {
    return config;
  }

  /** Starts the database and applies migrations; enough for one-off commands such as bootstrap. */
  public Future<Services> open(NoticeboardConfig cfg) {
    this.config = cfg;
    return vertx.executeBlocking(() -> {
      database = DatabaseServer.start(cfg);
      Migrations.apply(database);
      Pages.preload();
      return database;
    }, false).compose(db -> {
      pool = Db.pool(vertx, db, cfg.dbPoolSize());
      Future<Clock> clock = fixedClock != null ? Future.succeededFuture(fixedClock)
          : DatabaseClock.start(vertx, pool, Clock.systemUTC()).map(c -> c);
      return clock;
    }).map(clock -> {
      services = Services.create(vertx, cfg, pool, metrics, clock);
      return services;
    });
  }

  /** Opens the database and starts serving HTTP. */
  public Future<Noticeboard> start(NoticeboardConfig cfg) {
    NoticeboardConfig withHttp = cfg.httpPort() == 0 ? withPort(cfg, freePort()) : cfg;
    NoticeboardConfig resolved = withHttp.management().port() == 0
        ? withHttp.withManagement(withHttp.management().withPort(freePort())) : withHttp;
    return open(resolved)
        .compose(s -> ApiContract.load(vertx).compose(contract -> {
          HttpApi api = new HttpApi(vertx, s, contract);
          return vertx.deployVerticle(() -> new HttpVerticle(api, resolved), new DeploymentOptions().setInstances(resolved.httpInstances()));
        }))
        .compose(id -> !resolved.management().enabled() ? Future.succeededFuture()
            : vertx.deployVerticle(new ManagementVerticle(resolved.management(), metrics, pool)))
        .compose(id -> !resolved.delivery().workersEnabled() ? Future.succeededFuture() : DeliveryEngine.deploy(vertx, config,
            pool, metrics, services.signedTokens(), services.addressHasher(), services.renderer(), database.connectOptions(), services.clock())
            .map(e -> engine = e))
        .compose(id -> vertx.deployVerticle(new CampaignRunner(pool, services.clock(), resolved.campaigns().chunkSize(), resolved.campaigns().tickMillis())))
        .map(id -> {
          LOG.info("Noticeboard listening on http://{}:{} ({})", resolved.httpHost(), resolved.httpPort(), resolved);
          return this;
        });
  }

  public int port() {
    return config.httpPort();
  }

  /** The management port (metrics, health), or −1 when it is off. */
  public int managementPort() {
    return config.management().port();
  }

  /** Graceful stop; safe to call more than once and after a failed start. */
  public Future<Void> stop() {
    Promise<Void> stopped = Promise.promise();
    // 1. undeploy every verticle and wait: HTTP servers stop accepting and finish requests in flight,
    //    workers finish and record the batch they hold (so nothing sent is left looking unsent);
    // 2. only then close the pool and Vert.x;
    // 3. stopping PostgreSQL blocks (pg_ctl), so it runs on its own thread, never on an event loop.
    undeployAll()
        .andThen(ar -> {
          if (engine != null) {
            engine.release();
          }
        })
        .eventually(() -> pool == null ? Future.succeededFuture() : pool.close())
        .eventually(vertx::close)
        .onComplete(ar -> new Thread(() -> {
          closeDatabase();
          stopped.complete();
        }, "noticeboard-database-stop").start());
    return stopped.future();
  }

  private Future<Void> undeployAll() {
    List<Future<Void>> undeployed = new ArrayList<>();
    for (String id : vertx.deploymentIDs()) {
      undeployed.add(vertx.undeploy(id));
    }
    return Future.join(undeployed).<Void>mapEmpty().otherwiseEmpty();
  }

  private synchronized void closeDatabase() {
    if (database != null) {
      database.close();
      database = null;
    }
  }

  private static NoticeboardConfig withPort(NoticeboardConfig c, int port) {
    return c.withHttpPort(port);
  }

  /** Port 0 asks for any free port; every HTTP verticle instance must then share the same one. */
  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
