package org.noticeboard.delivery;

import java.time.Clock;
import java.time.ZoneOffset;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import org.noticeboard.accounts.Role;
import org.noticeboard.accounts.Tenant;
import org.noticeboard.db.Db;
import org.noticeboard.errors.Problem;
import org.noticeboard.security.AddressHasher;

/**
 * The message log (filters, history, retry, cancel) and the suppression list, for staff. Messages are
 * visible within the organisation and, for a unit-limited token, when their unit (the message's, else
 * its list's, else its subscriber's) lies in the token's subtree.
 */
public final class DeliveryService {
  private final Pool pool;
  private final AddressHasher hasher;
  private final Clock clock;

  public DeliveryService(Pool pool, AddressHasher hasher, Clock clock) {
    this.pool = pool;
    this.hasher = hasher;
    this.clock = clock;
  }

  public Future<List<MessageView>> list(Tenant tenant, MessageFilter f) {
    return pool.preparedQuery("SELECT " + MessageView.COLUMNS + MessageView.FROM + """
            WHERE m.organisation_id = $1 AND ($2 = '/' OR u.path LIKE $2 || '%')
              AND ($3::text IS NULL OR m.status = $3) AND ($4::text IS NULL OR m.channel = $4)
              AND ($5::text IS NULL OR m.source_kind = $5) AND ($6::bigint IS NULL OR m.source_id = $6)
              AND ($7::bigint IS NULL OR m.subscriber_id = $7) AND ($8::bigint IS NULL OR m.id < $8)
            ORDER BY m.id DESC LIMIT $9""")
        .execute(Tuple.of(tenant.organisationId(), tenant.scope(), f.status(),
            f.channel() == null ? null : f.channel().code(), f.sourceKind(), f.sourceId(), f.subscriberId())
            .addValue(f.after()).addInteger(f.limit()))
        .map(rows -> Db.list(rows, MessageView::from));
  }

  public Future<MessageView> get(Tenant tenant, long id) {
    return find(pool, tenant, id).compose(m -> pool.preparedQuery("""
            SELECT event, detail, created_at FROM delivery_event WHERE organisation_id = $1 AND message_id = $2 ORDER BY id""")
        .execute(Tuple.of(tenant.organisationId(), id))
        .map(rows -> m.withEvents(Db.list(rows, r -> new MessageView.Event(r.getString(0), r.getString(1),
            r.getOffsetDateTime(2))))));
  }

  /** failed → queued, attempts reset; 409 from any other state. */
  public Future<MessageView> retry(Tenant tenant, long id) {
    tenant.require(Role.COORDINATOR);
    return transition(tenant, id, "failed", """
        UPDATE message SET status = 'queued', attempts = 0, next_attempt_at = $3, last_error = NULL, updated_at = now()
        WHERE organisation_id = $1 AND id = $2 AND status = 'failed' RETURNING id""", "retry-requested",
        "only a failed message can be retried", clock.instant().atOffset(ZoneOffset.UTC));
  }

  /** queued → cancelled; 409 from any other state. */
  public Future<MessageView> cancel(Tenant tenant, long id) {
    tenant.require(Role.COORDINATOR);
    return transition(tenant, id, "queued", "UPDATE message SET status = 'cancelled', updated_at = now(), "
        + Outbox.CLEAR_IF_SENSITIVE + " WHERE organisation_id = $1 AND id = $2 AND status = 'queued' RETURNING id", "cancelled",
        "only a queued message can be cancelled");
  }

  /** {@code update} uses $1 (organisation), $2 (message id) and $3, $4, … = {@code args}. */
  private Future<MessageView> transition(Tenant tenant, long id, String from, String update, String event, String conflict,
                                         Object... args) {
    Tuple params = Tuple.of(tenant.organisationId(), id);
    for (Object arg : args) {
      params.addValue(arg);
    }
    return pool.withTransaction(tx -> find(tx, tenant, id)
            .compose(m -> tx.preparedQuery(update).execute(params))
            .compose(rows -> {
              if (rows.rowCount() == 0) {
                return Future.failedFuture(Problem.conflict(conflict));
              }
              return tx.preparedQuery("INSERT INTO delivery_event (organisation_id, message_id, event, detail) VALUES ($1, $2, $3, $4)")
                  .execute(Tuple.of(tenant.organisationId(), id, event, "by token " + tenant.tokenId()))
                  .compose(v -> "retry-requested".equals(event)
                      ? tx.query("NOTIFY " + Outbox.NOTIFY_CHANNEL).execute().mapEmpty() : Future.succeededFuture());
            }))
        .compose(v -> get(tenant, id));
  }

  private static Future<MessageView> find(SqlClient client, Tenant tenant, long id) {
    return client.preparedQuery("SELECT " + MessageView.COLUMNS + MessageView.FROM
            + " WHERE m.organisation_id = $1 AND m.id = $2 AND ($3 = '/' OR u.path LIKE $3 || '%')")
        .execute(Tuple.of(tenant.organisationId(), id, tenant.scope()))
        .map(rows -> Db.first(rows, MessageView::from).orElseThrow(() -> Problem.notFound("message", id)));
  }

  public Future<List<Suppression>> suppressions(Tenant tenant, Channel channel, Long after, int limit) {
    return pool.preparedQuery("SELECT " + Suppression.COLUMNS + " " + """
            FROM suppression WHERE organisation_id = $1 AND ($2::text IS NULL OR channel = $2)
              AND ($3::bigint IS NULL OR id < $3) ORDER BY id DESC LIMIT $4""")
        .execute(Tuple.of(tenant.organisationId(), channel == null ? null : channel.code(), after, limit))
        .map(rows -> Db.list(rows, Suppression::from));
  }

  public Future<Suppression> suppression(Tenant tenant, long id) {
    return pool.preparedQuery("SELECT " + Suppression.COLUMNS + " FROM suppression WHERE organisation_id = $1 AND id = $2")
        .execute(Tuple.of(tenant.organisationId(), id))
        .map(rows -> Db.first(rows, Suppression::from).orElseThrow(() -> Problem.notFound("suppression", id)));
  }

  /** Adds an address by hand (reason manual or complaint); 409 when it is already suppressed. */
  public Future<Suppression> suppress(Tenant tenant, Channel channel, String address, String reason, Optional<String> detail) {
    tenant.require(Role.COORDINATOR);
    return pool.preparedQuery("""
            INSERT INTO suppression (organisation_id, channel, value_hash, reason, masked, detail)
            VALUES ($1, $2, $3, $6, $4, $5)
            ON CONFLICT (organisation_id, channel, value_hash) DO NOTHING RETURNING\s""" + Suppression.COLUMNS)
        .execute(Tuple.of(tenant.organisationId(), channel.code(), Buffer.buffer(hasher.hash(channel.code(), address)),
            AddressHasher.mask(channel.code(), address), detail.orElse(null), reason))
        .map(rows -> Db.first(rows, Suppression::from)
            .orElseThrow(() -> Problem.conflict("that address is already suppressed")));
  }

  /** Removes a manual or hard-bounce suppression; STOP, complaint and erasure entries stay (409). */
  public Future<Void> unsuppress(Tenant tenant, long id) {
    tenant.require(Role.COORDINATOR);
    return suppression(tenant, id).compose(s -> {
      if (!s.reason().equals("manual") && !s.reason().equals("hard-bounce")) {
        return Future.failedFuture(Problem.conflict("a " + s.reason() + " suppression can only be lifted by the person"
            + " (e.g. SMS START) or not at all"));
      }
      return pool.preparedQuery("DELETE FROM suppression WHERE organisation_id = $1 AND id = $2")
          .execute(Tuple.of(tenant.organisationId(), id)).mapEmpty();
    });
  }
}
