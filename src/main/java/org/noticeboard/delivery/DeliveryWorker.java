package org.noticeboard.delivery;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.noticeboard.config.DeliveryConfig;
import org.noticeboard.content.MessageRenderer;
import org.noticeboard.content.RenderOutcome;
import org.noticeboard.content.RenderRequest;
import org.noticeboard.content.RenderedMessage;
import org.noticeboard.security.AddressHasher;
import org.noticeboard.security.SignedTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sending loop for one channel, on its own event loop: take over expired leases, claim a batch with
 * a lease, check policy (suppression, consent, discreet preference, quiet hours, rate limits), render the
 * batch, send with bounded concurrency, record every outcome in one statement. Woken by NOTIFY (through
 * the event bus) and by a short poll; loops at once while batches come back full.
 *
 * <p>Logs name message ids and counts only: never addresses, subjects or bodies.
 */
public final class DeliveryWorker extends VerticleBase {
  private static final int RECORD_ATTEMPTS = 5;
  private static final long RECORD_RETRY_MS = 1000;
  public static final String WAKE_ADDRESS = "noticeboard.delivery.wake";
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

  private final Channel channel;
  private final Pool pool;
  private final DeliveryConfig config;
  private final MessageModel.Neutral neutral;
  private final String publicBaseUrl;
  private final MessageRenderer renderer;
  private final SignedTokens tokens;
  private final AddressHasher hasher;
  private final DeliveryMetrics metrics;
  private final Clock clock;
  private final Supplier<Dispatcher> dispatcherFactory;
  private final Backoff backoff;
  private final RateLimits orgLimits = new RateLimits();
  private final RateLimits globalLimit = new RateLimits();
  private final String owner;

  private Dispatcher dispatcher;
  private MessageConsumer<Object> wakeConsumer;
  private long pollTimer = -1;
  private boolean running;
  private boolean again;
  private boolean stopping;
  private Future<Void> current = Future.succeededFuture();

  public DeliveryWorker(Channel channel, Pool pool, DeliveryConfig config, String publicBaseUrl,
                        MessageRenderer renderer, SignedTokens tokens, AddressHasher hasher, DeliveryMetrics metrics,
                        Clock clock, Supplier<Dispatcher> dispatcherFactory) {
    this.channel = channel;
    this.pool = pool;
    this.config = config;
    this.neutral = MessageModel.Neutral.of(config);
    this.publicBaseUrl = publicBaseUrl;
    this.renderer = renderer;
    this.tokens = tokens;
    this.hasher = hasher;
    this.metrics = metrics;
    this.clock = clock;
    this.dispatcherFactory = dispatcherFactory;
    this.backoff = new Backoff(config.retryBaseMillis(), config.retryMaxMillis(), config.maxAttempts(),
        Duration.ofHours(config.retryHorizonHours()));
    this.owner = channel.code() + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String owner() {
    return owner;
  }

  @Override
  public Future<?> start() {
    dispatcher = dispatcherFactory.get();
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
    return wakeConsumer.unregister().compose(v -> current.otherwiseEmpty()).onComplete(v -> dispatcher.close());
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
      done.complete();
      if (ar.failed()) {
        LOG.warn("{} worker {}: batch failed, will retry: {}", channel.code(), owner, ar.cause().toString());
      }
      if (!stopping && (again || ar.succeeded() && ar.result())) {
        vertx.runOnContext(v -> wake());
      }
    });
  }

  /** One batch; true when it was full (more may be waiting). */
  private Future<Boolean> cycle() {
    Instant now = clock.instant();
    return Outbox.takeOverExpired(pool, now)
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("{} worker {}: took over {} message(s) whose lease expired", channel.code(), owner, n);
          }
        })
        .compose(n -> Outbox.claim(pool, channel, owner, now, now.plusSeconds(config.leaseSeconds()), config.batchSize()))
        .compose(batch -> batch.isEmpty() ? Future.succeededFuture(false)
            : process(batch)
                // nothing was sent yet (e.g. the database went away): hand the claims back rather than wait for the lease
                .recover(e -> Outbox.release(pool, owner, batch.stream().map(ClaimedMessage::id).toList())
                    .transform(ar -> Future.failedFuture(e)))
                // after sending, the claims are never handed back: a message that went out must not go again
                .compose(outcomes -> recordWithRetries(outcomes, RECORD_ATTEMPTS))
                .map(v -> batch.size() >= config.batchSize()));
  }

  /**
   * Records outcomes, trying again a few times if the database fails. If it never succeeds the claims
   * stay leased until they expire; only then can a message be sent a second time (with the same
   * Message-ID), which is the one repeat the outbox allows.
   */
  private Future<Void> recordWithRetries(List<Outcome> outcomes, int attemptsLeft) {
    return recordAll(outcomes).recover(e -> {
      if (attemptsLeft <= 1 || stopping) {
        return Future.failedFuture(e);
      }
      LOG.warn("{} worker {}: recording outcomes failed, trying again: {}", channel.code(), owner, e.toString());
      Promise<Void> later = Promise.promise();
      vertx.setTimer(RECORD_RETRY_MS, t -> recordWithRetries(outcomes, attemptsLeft - 1).onComplete(later));
      return later.future();
    });
  }

  /** Policy, rendering and sending of one claimed batch; its outcomes, not yet recorded. */
  private Future<List<Outcome>> process(List<ClaimedMessage> batch) {
    return suppressed(batch)
        .compose(suppressed -> {
          Instant now = clock.instant();
          List<Outcome> outcomes = new ArrayList<>();
          List<ClaimedMessage> toSend = new ArrayList<>();
          Map<Long, Integer> heldPerOrg = new HashMap<>();
          for (ClaimedMessage m : batch) {
            Outcome gate = gate(m, now, suppressed.contains(m.id()));
            if (gate == null) {
              gate = rateLimit(m, now, heldPerOrg);
            }
            if (gate != null) {
              outcomes.add(gate);
            } else {
              toSend.add(m);
            }
          }
          return render(toSend)
              .compose(rendered -> dispatcher.prepare(toSend).map(rendered))
              .compose(rendered -> bounded(toSend, dispatcher.inFlight(), m -> sendOne(m, rendered.get(m.id()))))
              .map(sent -> {
                outcomes.addAll(sent);
                return outcomes;
              });
        });
  }

  /** Policy before any sending; null when the message may go. */
  private Outcome gate(ClaimedMessage m, Instant now, boolean suppressed) {
    if (m.destination() == null) {
      return Outcome.cancelled(m, "the subscriber no longer has an address for this channel");
    }
    // a campaign paused or cancelled while this message was already claimed or retrying
    if ("cancelled".equals(m.campaignState())) {
      return Outcome.cancelled(m, "the campaign was cancelled");
    }
    if ("paused".equals(m.campaignState())) {
      return Outcome.hold(m, "campaign paused", Outbox.HELD);
    }
    if (m.attempts() > config.maxAttempts()) {
      return Outcome.failed(m, "failed", "gave up after " + config.maxAttempts() + " attempts");
    }
    if ("blocked".equals(m.subscriberStatus())) {
      return Outcome.cancelled(m, "the subscriber is blocked");
    }
    if (("campaign".equals(m.sourceKind()) || "reminder".equals(m.sourceKind()))
        && "unsubscribed".equals(m.subscriptionStatus())) {
      return Outcome.cancelled(m, "the subscriber has unsubscribed from this list on this channel");
    }
    if (suppressed) {
      return Outcome.suppressed(m, "the address is on the suppression list");
    }
    if (m.discreet() && "none".equals(m.discreetChannel())) {
      return Outcome.cancelled(m, "the subscriber asked for no messages about this programme");
    }
    if (m.discreet() && "sms-only".equals(m.discreetChannel()) && m.channel() == Channel.EMAIL) {
      return Outcome.cancelled(m, "the subscriber asked for SMS only about this programme");
    }
    if (m.channel() == Channel.SMS && !m.urgent()) {
      QuietHours quiet = QuietHours.of(m.quietStart(), m.quietEnd(), m.timezone());
      if (quiet.quiet(now)) {
        return Outcome.hold(m, QuietHours.HOLD_REASON, quiet.opening(now));
      }
    }
    return null;
  }

  private Outcome rateLimit(ClaimedMessage m, Instant now, Map<Long, Integer> heldPerOrg) {
    int perSecond = channel == Channel.EMAIL
        ? (m.emailPerSecond() != null ? m.emailPerSecond() : config.emailPerSecond())
        : (m.smsPerSecond() != null ? m.smsPerSecond() : config.smsPerSecond());
    long wait = orgLimits.take(m.organisationId(), perSecond, now.toEpochMilli());
    if (wait == 0 && channel == Channel.EMAIL && config.smtpPerSecond() > 0) {
      wait = globalLimit.take(0L, config.smtpPerSecond(), now.toEpochMilli());
    }
    if (wait == 0) {
      return null;
    }
    int held = heldPerOrg.merge(m.organisationId(), 1, Integer::sum);
    return Outcome.hold(m, "rate limit", now.plusMillis(wait + (long) (held * 1000.0 / perSecond)));
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

  private record Prepared(RenderedMessage parts, String error, MessageModel.Links links) {}

  /** Renders the batch's template messages in one call; template-less messages carry their own parts. */
  private Future<Map<Long, Prepared>> render(List<ClaimedMessage> batch) {
    Instant now = clock.instant();
    Map<Long, Prepared> out = new HashMap<>();
    List<ClaimedMessage> templated = new ArrayList<>();
    List<RenderRequest> requests = new ArrayList<>();
    for (ClaimedMessage m : batch) {
      MessageModel.Links links = MessageModel.links(m, tokens, publicBaseUrl, now);
      if (m.templated()) {
        templated.add(m);
        requests.add(new RenderRequest(m.organisationId(), m.templateId(),
            m.templateVersion() == null ? 0 : m.templateVersion(), MessageModel.languages(m), MessageModel.build(m, links, neutral)));
        out.put(m.id(), new Prepared(null, null, links));
      } else {
        out.put(m.id(), new Prepared(markTest(m, new RenderedMessage(null, m.subject(), null, m.html(), m.text(), m.sms())),
            null, links));
      }
    }
    if (requests.isEmpty()) {
      return Future.succeededFuture(out);
    }
    if (renderer == null) {
      templated.forEach(m -> out.put(m.id(), new Prepared(null, "no renderer is available", out.get(m.id()).links())));
      return Future.succeededFuture(out);
    }
    return renderer.render(requests)
        .map(results -> {
          for (int i = 0; i < templated.size(); i++) {
            ClaimedMessage m = templated.get(i);
            RenderOutcome r = i < results.size() ? results.get(i) : RenderOutcome.failed("no result from the renderer");
            MessageModel.Links links = out.get(m.id()).links();
            out.put(m.id(), r.succeeded() ? new Prepared(markTest(m, r.message()), null, links)
                : new Prepared(null, r.error() == null ? "rendering failed" : r.error(), links));
          }
          return out;
        })
        .recover(e -> {
          // the renderer as a whole failed (not one message): treat as temporary
          templated.forEach(m -> out.put(m.id(), new Prepared(null, "RETRY:" + e.getMessage(), out.get(m.id()).links())));
          return Future.succeededFuture(out);
        });
  }

  /** A test send says so in its subject and SMS text, so nobody mistakes it for the real thing. */
  static RenderedMessage markTest(ClaimedMessage m, RenderedMessage r) {
    if (!"test".equals(m.sourceKind())) {
      return r;
    }
    return new RenderedMessage(r.language(), r.subject() == null ? null : "[Test] " + r.subject(), r.preheader(),
        r.html(), r.text(), r.sms() == null ? null : "[Test] " + r.sms());
  }

  private Future<Outcome> sendOne(ClaimedMessage m, Prepared p) {
    if (p.error() != null) {
      if (p.error().startsWith("RETRY:")) {
        return Future.succeededFuture(retryOrGiveUp(m, "rendering unavailable: " + p.error().substring(6), null));
      }
      return Future.succeededFuture(Outcome.failed(m, "render-failed", p.error()));
    }
    long start = System.nanoTime();
    return dispatcher.send(m, p.parts(), p.links())
        .recover(e -> Future.succeededFuture(SendResult.retry("unexpected: " + e, null)))
        .map(r -> {
          metrics.sendTime(channel, System.nanoTime() - start);
          return switch (r.kind()) {
            case SENT -> Outcome.sent(m, r.providerId(), p.parts().language());
            case RETRY -> retryOrGiveUp(m, r.error(), r.retryAfter());
            case PERMANENT -> Outcome.failed(m, "failed", r.error());
            case HARD_BOUNCE -> Outcome.failed(m, "hard-bounce", r.error());
          };
        });
  }

  private Outcome retryOrGiveUp(ClaimedMessage m, String error, Duration retryAfter) {
    Instant next = backoff.next(m.attempts(), m.createdAt(), clock.instant(), retryAfter);
    return next == null ? Outcome.failed(m, "failed", "gave up: " + error) : Outcome.retry(m, error, next);
  }

  private Future<Void> recordAll(List<Outcome> outcomes) {
    List<Outcome> bounces = outcomes.stream().filter(o -> "hard-bounce".equals(o.event())).toList();
    return pool.withTransaction(tx -> Outbox.record(tx, owner, outcomes, clock.instant())
            .compose(n -> bounces.isEmpty() ? Future.succeededFuture() : suppressBounces(tx, bounces)))
        .onSuccess(v -> {
          Map<String, Integer> counts = new HashMap<>();
          for (Outcome o : outcomes) {
            String key = switch (o.event()) {
              case "sent" -> "sent";
              case "retry" -> "retry";
              case "held" -> "held";
              case "suppressed" -> "suppressed";
              case "cancelled" -> "cancelled";
              default -> "failed";
            };
            counts.merge(key, 1, Integer::sum);
          }
          counts.forEach((key, n) -> metrics.count(channel, key, n));
          LOG.info("{} worker {}: batch of {}: {}", channel.code(), owner, outcomes.size(), counts);
        })
        .mapEmpty();
  }

  private Future<Void> suppressBounces(SqlClient tx, List<Outcome> bounces) {
    Long[] ids = bounces.stream().map(Outcome::id).toArray(Long[]::new);
    return tx.preparedQuery("SELECT id, organisation_id, destination FROM message WHERE id = ANY($1)")
        .execute(Tuple.of((Object) ids))
        .compose(rows -> {
          List<Tuple> tuples = new ArrayList<>();
          rows.forEach(r -> tuples.add(Tuple.of(r.getLong("organisation_id"), channel.code(),
              Buffer.buffer(hasher.hash(channel.code(), r.getString("destination"))),
              AddressHasher.mask(channel.code(), r.getString("destination")), "message " + r.getLong("id"))));
          return tuples.isEmpty() ? Future.succeededFuture() : tx.preparedQuery("""
                  INSERT INTO suppression (organisation_id, channel, value_hash, reason, masked, detail)
                  VALUES ($1, $2, $3, 'hard-bounce', $4, $5) ON CONFLICT (organisation_id, channel, value_hash) DO NOTHING""")
              .executeBatch(tuples).mapEmpty();
        });
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
