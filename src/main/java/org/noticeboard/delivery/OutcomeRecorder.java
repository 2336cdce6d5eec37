package org.noticeboard.delivery;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.noticeboard.security.AddressHasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what became of messages as they finish, in small groups (every {@value #GROUP} outcomes or
 * {@value #LINGER_MS} ms, whichever comes first), so a slow relay never leaves a batch's finished work
 * unrecorded while the rest is still sending. One write at a time, in order; a failed write is tried
 * again a few times. If it never succeeds the claims stay leased until they expire: only then can a
 * message go a second time (with the same Message-ID), the one repeat the outbox allows.
 *
 * <p>A hard bounce also suppresses the address, in the same transaction.
 */
final class OutcomeRecorder {
  static final int GROUP = 25;
  static final long LINGER_MS = 200;
  private static final int ATTEMPTS = 5;
  private static final long RETRY_MS = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(OutcomeRecorder.class);

  private final Vertx vertx;
  private final Pool pool;
  private final Channel channel;
  private final String owner;
  private final AddressHasher hasher;
  private final DeliveryMetrics metrics;
  private final Clock clock;
  private final List<Outcome> waiting = new ArrayList<>();
  private final Map<String, Integer> batchCounts = new HashMap<>();
  private Future<Void> writing = Future.succeededFuture();
  private long lingerTimer = -1;
  private boolean stopping;

  OutcomeRecorder(Vertx vertx, Pool pool, Channel channel, String owner, AddressHasher hasher, DeliveryMetrics metrics,
                  Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.channel = channel;
    this.owner = owner;
    this.hasher = hasher;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Queues one outcome for the next write. */
  void add(Outcome o) {
    waiting.add(o);
    if (waiting.size() >= GROUP) {
      write();
    } else if (lingerTimer < 0) {
      lingerTimer = vertx.setTimer(LINGER_MS, t -> {
        lingerTimer = -1;
        write();
      });
    }
  }

  void addAll(List<Outcome> outcomes) {
    outcomes.forEach(this::add);
  }

  /** Writes everything queued so far; completes when it (and every earlier write) is in the database. */
  Future<Void> flush() {
    write();
    return writing;
  }

  /** Stop retrying failed writes (the service is stopping; leases will hand the rows on). */
  void stopping() {
    stopping = true;
  }

  /** Logs and counts what the batch just finished came to, then starts afresh. */
  void endBatch() {
    if (!batchCounts.isEmpty()) {
      LOG.info("{} worker {}: batch: {}", channel.code(), owner, batchCounts);
      batchCounts.clear();
    }
  }

  private void write() {
    if (lingerTimer >= 0) {
      vertx.cancelTimer(lingerTimer);
      lingerTimer = -1;
    }
    if (waiting.isEmpty()) {
      return;
    }
    List<Outcome> group = new ArrayList<>(waiting);
    waiting.clear();
    // chained: groups are written one after the other, and a failure of one does not stop the next
    writing = writing.transform(ignored -> withRetries(group, ATTEMPTS));
  }

  private Future<Void> withRetries(List<Outcome> outcomes, int attemptsLeft) {
    return record(outcomes).recover(e -> {
      if (attemptsLeft <= 1 || stopping) {
        LOG.warn("{} worker {}: {} outcome(s) not recorded, their leases will run out: {}", channel.code(), owner,
            outcomes.size(), e.toString());
        return Future.failedFuture(e);
      }
      LOG.warn("{} worker {}: recording outcomes failed, trying again: {}", channel.code(), owner, e.toString());
      Promise<Void> later = Promise.promise();
      vertx.setTimer(RETRY_MS, t -> withRetries(outcomes, attemptsLeft - 1).onComplete(later));
      return later.future();
    });
  }

  private Future<Void> record(List<Outcome> outcomes) {
    List<Outcome> bounces = outcomes.stream().filter(o -> "hard-bounce".equals(o.event())).toList();
    return pool.withTransaction(tx -> Outbox.record(tx, owner, outcomes, clock.instant())
            .compose(n -> bounces.isEmpty() ? Future.succeededFuture() : suppressBounces(tx, bounces)))
        .onSuccess(v -> {
          Map<String, Integer> counts = new HashMap<>();
          for (Outcome o : outcomes) {
            counts.merge(countKey(o), 1, Integer::sum);
          }
          counts.forEach((key, n) -> {
            metrics.count(channel, key, n);
            batchCounts.merge(key, n, Integer::sum);
          });
        })
        .mapEmpty();
  }

  private static String countKey(Outcome o) {
    return switch (o.event()) {
      case "sent" -> "sent";
      case "retry" -> "retry";
      case "held" -> "held";
      case "suppressed" -> "suppressed";
      case "cancelled" -> "cancelled";
      default -> "failed";
    };
  }

  /** Suppresses the address each bounce was actually sent to. */
  private Future<Void> suppressBounces(SqlClient tx, List<Outcome> bounces) {
    List<Tuple> tuples = new ArrayList<>();
    for (Outcome o : bounces) {
      if (o.address() != null) {
        tuples.add(Tuple.of(o.id(), channel.code(), Buffer.buffer(hasher.hash(channel.code(), o.address())),
            AddressHasher.mask(channel.code(), o.address()), "message " + o.id()));
      }
    }
    return tuples.isEmpty() ? Future.succeededFuture() : tx.preparedQuery("""
            INSERT INTO suppression (organisation_id, channel, value_hash, reason, masked, detail)
            SELECT organisation_id, $2, $3, 'hard-bounce', $4, $5 FROM message WHERE id = $1
            ON CONFLICT (organisation_id, channel, value_hash) DO NOTHING""")
        .executeBatch(tuples).mapEmpty();
  }
}
