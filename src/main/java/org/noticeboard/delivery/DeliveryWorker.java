package org.noticeboard.delivery;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.noticeboard.config.DeliveryConfig;
import org.noticeboard.content.MessageRenderer;
import org.noticeboard.security.AddressHasher;
import org.noticeboard.security.SignedTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sending loop for one channel, on its own event loop: take over expired leases, claim a batch
 * (lanes first, organisations in turn), let the {@link DeliveryGate} decide, take rate tokens shared by
 * every worker, render ({@link BatchRenderer}), send with bounded concurrency and a deadline per message,
 * and record each outcome as it finishes ({@link OutcomeRecorder}) while the {@link LeaseKeeper} keeps
 * the claims alive. Woken by NOTIFY (through the event bus) and by a short poll; loops at once while
 * there is more.
 *
 * <p>Logs name message ids and counts only: never addresses, subjects or bodies.
 */
public final class DeliveryWorker extends VerticleBase {
  public static final String WAKE_ADDRESS = "noticeboard.delivery.wake";
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

  private final Channel channel;
  private final Pool pool;
  private final DeliveryConfig config;
  private final String publicBaseUrl;
  private final MessageRenderer renderer;
  private final SignedTokens tokens;
  private final AddressHasher hasher;
  private final DeliveryMetrics metrics;
  private final Clock clock;
  private final Supplier<Dispatcher> dispatcherFactory;
  private final Backoff backoff;
  private final DeliveryGate gate;
  private final SharedRateLimits rates;
  private final RateLimits relayLimit = new RateLimits();
  private final String owner;

  private Dispatcher dispatcher;
  private BatchRenderer batchRenderer;
  private OutcomeRecorder recorder;
  private LeaseKeeper leases;
  private MessageConsumer<Object> wakeConsumer;
  private long pollTimer = -1;
  private int turn;
  private boolean running;
  private boolean again;
  private boolean stopping;
  private Future<Void> current = Future.succeededFuture();

  /** @param instanceId names this instance in lease owners, so its next start can recover what it held */
  public DeliveryWorker(Channel channel, Pool pool, DeliveryConfig config, String publicBaseUrl,
                        MessageRenderer renderer, SignedTokens tokens, AddressHasher hasher, DeliveryMetrics metrics,
                        Clock clock, Supplier<Dispatcher> dispatcherFactory, String instanceId) {
    this.channel = channel;
    this.pool = pool;
    this.config = config;
    this.publicBaseUrl = publicBaseUrl;
    this.renderer = renderer;
    this.tokens = tokens;
    this.hasher = hasher;
    this.metrics = metrics;
    this.clock = clock;
    this.dispatcherFactory = dispatcherFactory;
    this.backoff = new Backoff(config.retryBaseMillis(), config.retryMaxMillis(), config.maxAttempts(),
        Duration.ofHours(config.retryHorizonHours()));
    this.gate = new DeliveryGate(config);
    this.rates = new SharedRateLimits(pool);
    this.owner = channel.code() + "/" + instanceId + "/" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String owner() {
    return owner;
  }

  @Override
  public Future<?> start() {
    dispatcher = dispatcherFactory.get();
    batchRenderer = new BatchRenderer(vertx, renderer, tokens, publicBaseUrl, MessageModel.Neutral.of(config), clock,
        config.renderDeadlineMillis());
    recorder = new OutcomeRecorder(vertx, pool, channel, owner, hasher, metrics, clock);
    leases = new LeaseKeeper(vertx, pool, owner, clock, config.leaseSeconds());
    wakeConsumer = vertx.eventBus().localConsumer(WAKE_ADDRESS, msg -> wake());
    pollTimer = vertx.setPeriodic(config.pollMillis(), t -> wake());
    vertx.runOnContext(v -> wake());
    return wakeConsumer.completion();
  }

  /** Stops claiming and lets the batch in hand finish, so nothing is left half-recorded. */
  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(pollTimer);
    return wakeConsumer.unregister().compose(v -> current.otherwiseEmpty()).onComplete(v -> {
      recorder.stopping();
      leases.stop();
      dispatcher.close();
    });
  }

  private void wake() {
    if (stopping) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    Promise<Void> done = Promise.promise();
    current = done.future();
    cycle().onComplete(ar -> {
      running = false;
      leases.stop();
      recorder.endBatch();
      done.complete();
      if (ar.failed()) {
        LOG.warn("{} worker {}: batch failed, will retry: {}", channel.code(), owner, ar.cause().toString());
      }
      if (!stopping && (again || ar.succeeded() && ar.result())) {
        vertx.runOnContext(v -> wake());
      }
    });
  }

  /** One batch; true when more may be waiting. */
  private Future<Boolean> cycle() {
    Instant now = clock.instant();
    return Outbox.takeOverExpired(pool, now)
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("{} worker {}: took over {} message(s) whose lease expired", channel.code(), owner, n);
          }
        })
        .compose(n -> Outbox.dueOrganisations(pool, channel))
        .compose(orgs -> {
          List<Long> order = new ArrayList<>(orgs);
          if (!order.isEmpty()) {
            Collections.rotate(order, -(turn++ % order.size())); // a different organisation goes first each time
          }
          int perSecond = channel == Channel.EMAIL ? config.emailPerSecond() : config.smsPerSecond();
          return Outbox.claim(pool, channel, owner, now, now.plusSeconds(config.leaseSeconds()), config.batchSize(),
              order, perSecond).map(batch -> new Claimed(batch, order.size()));
        })
        .compose(claimed -> {
          List<ClaimedMessage> batch = claimed.messages();
          if (batch.isEmpty()) {
            return Future.succeededFuture(false);
          }
          leases.start();
          return process(batch)
              // nothing was sent yet (e.g. the database went away): hand the claims back rather than wait for the lease
              .recover(e -> recorder.flush().otherwiseEmpty()
                  .compose(v -> Outbox.release(pool, owner, batch.stream().map(ClaimedMessage::id).toList()))
                  .transform(ar -> Future.failedFuture(e)))
              .compose(v -> recorder.flush())
              .map(v -> claimed.more(config.batchSize()));
        });
  }

  private record Claimed(List<ClaimedMessage> messages, int organisations) {
    /** A full batch, or an organisation that took its whole share: more may be due. */
    boolean more(int batchSize) {
      if (messages.size() >= batchSize) {
        return true;
      }
      int share = Outbox.share(batchSize, organisations);
      Map<Long, Integer> perOrg = new HashMap<>();
      messages.forEach(m -> perOrg.merge(m.organisationId(), 1, Integer::sum));
      return perOrg.values().stream().anyMatch(n -> n >= share);
    }
  }

  /**
   * Policy, rate limits, rendering and sending of one claimed batch. Outcomes go to the recorder as they
   * are known; the future fails only when nothing has been sent (the claims can then be handed back).
   */
  private Future<Void> process(List<ClaimedMessage> batch) {
    return suppressed(batch).compose(suppressed -> {
      Instant now = clock.instant();
      List<ClaimedMessage> allowed = new ArrayList<>();
      for (ClaimedMessage m : batch) {
        Outcome refused = gate.check(m, now, suppressed.contains(m.id()));
        if (refused != null) {
          recorder.add(refused);
        } else {
          allowed.add(m);
        }
      }
      return takeTokens(allowed, now).map(granted -> gate.allocate(allowed, granted, relayLimit, now));
    }).compose(allocation -> {
      recorder.addAll(allocation.held());
      List<ClaimedMessage> toSend = allocation.send();
      return batchRenderer.render(toSend)
          .compose(prepared -> dispatcher.prepare(toSend).map(prepared))
          // from here on messages may have gone: outcomes only, never a failed future
          .compose(prepared -> bounded(toSend, dispatcher.inFlight(), m -> sendOne(m, prepared.get(m.id()))
              .onSuccess(recorder::add)))
          .mapEmpty();
    });
  }

  private Future<Map<Long, Integer>> takeTokens(List<ClaimedMessage> allowed, Instant now) {
    Map<Long, Integer> wanted = DeliveryGate.demand(allowed);
    Map<Long, SharedRateLimits.Demand> demands = new HashMap<>();
    for (ClaimedMessage m : allowed) {
      Integer n = wanted.get(m.organisationId());
      if (n != null) {
        demands.putIfAbsent(m.organisationId(), new SharedRateLimits.Demand(gate.perSecond(m), n));
      }
    }
    return rates.take(channel, demands, now);
  }

  /** Ids of messages whose address is suppressed in their organisation, one query per batch. */
  private Future<Set<Long>> suppressed(List<ClaimedMessage> batch) {
    Map<String, List<Long>> byKey = new HashMap<>();
    List<Buffer> hashes = new ArrayList<>();
    for (ClaimedMessage m : batch) {
      if (m.destination() == null) {
        continue; // cancelled by the gate: no address left
      }
      byte[] h = hasher.hash(channel.code(), m.destination());
      hashes.add(Buffer.buffer(h));
      byKey.computeIfAbsent(m.organisationId() + ":" + HexFormat.of().formatHex(h), k -> new ArrayList<>()).add(m.id());
    }
    return pool.preparedQuery("SELECT organisation_id, value_hash FROM suppression WHERE channel = $1 AND value_hash = ANY($2)")
        .execute(Tuple.of(channel.code(), (Object) hashes.toArray(Buffer[]::new)))
        .map(rows -> {
          Set<Long> ids = new HashSet<>();
          rows.forEach(r -> ids.addAll(byKey.getOrDefault(
              r.getLong(0) + ":" + HexFormat.of().formatHex(r.getBuffer(1).getBytes()), List.of())));
          return ids;
        });
  }

  /** One message to its outcome, within the send deadline: a stuck connection fails this message only. */
  private Future<Outcome> sendOne(ClaimedMessage m, BatchRenderer.Prepared p) {
    if (p.error() != null) {
      return Future.succeededFuture(p.retry() ? retryOrGiveUp(m, p.error(), null)
          : Outcome.failed(m, "render-failed", p.error()));
    }
    long start = System.nanoTime();
    Future<SendResult> result = Deadlines.within(vertx, dispatcher.send(m, p.parts(), p.links()), config.sendDeadlineMillis())
        .recover(e -> Future.succeededFuture(SendResult.retry(e instanceof TimeoutException
            ? "no answer from the " + (channel == Channel.EMAIL ? "SMTP server" : "SMS gateway") + " within "
                + config.sendDeadlineMillis() / 1000 + " s"
            : "unexpected: " + e, null)));
    return result.map(r -> {
      metrics.sendTime(channel, System.nanoTime() - start);
      return switch (r.kind()) {
        case SENT -> Outcome.sent(m, r.providerId(), p.parts().language(), r.sender());
        case RETRY -> retryOrGiveUp(m, r.error(), r.retryAfter());
        case PERMANENT -> Outcome.failed(m, "failed", r.error());
        case HARD_BOUNCE -> Outcome.hardBounce(m, r.error());
      };
    });
  }

  private Outcome retryOrGiveUp(ClaimedMessage m, String error, Duration retryAfter) {
    Instant next = backoff.next(m.attempts(), m.createdAt(), clock.instant(), retryAfter);
    return next == null ? Outcome.failed(m, "failed", "gave up: " + error) : Outcome.retry(m, error, next);
  }

  /** Runs {@code fn} over {@code items} with at most {@code limit} in flight, keeping order in the result. */
  static <T, R> Future<List<R>> bounded(List<T> items, int limit, Function<T, Future<R>> fn) {
    if (items.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<R> results = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      results.add(null);
    }
    Promise<List<R>> done = Promise.promise();
    int[] next = {0};
    int[] finished = {0};
    Runnable[] launch = new Runnable[1];
    launch[0] = () -> {
      int i = next[0]++;
      if (i >= items.size()) {
        return;
      }
      fn.apply(items.get(i)).onComplete(ar -> {
        results.set(i, ar.result());
        if (++finished[0] == items.size()) {
          done.complete(results);
        } else {
          launch[0].run();
        }
      });
    };
    for (int k = 0; k < Math.min(limit, items.size()); k++) {
      launch[0].run();
    }
    return done.future();
  }
}
