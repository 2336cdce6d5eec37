package org.noticeboard.audience;

import java.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.noticeboard.accounts.Role;
import org.noticeboard.accounts.Tenant;
import org.noticeboard.accounts.UnitService;
import org.noticeboard.db.Db;
import org.noticeboard.db.SqlErrors;
import org.noticeboard.errors.FieldError;
import org.noticeboard.errors.Problem;

/** Subscribers of an organisation, limited to the tenant's unit scope. Changes need the coordinator role. */
public final class SubscriberService {
  private final Pool pool;
  private final Clock clock;
  private final Suppressions suppressions;

  public SubscriberService(Pool pool, Suppressions suppressions, Clock clock) {
    this.pool = pool;
    this.clock = clock;
    this.suppressions = suppressions;
  }

  /** A subscriber the tenant can see, or empty; {@code lock} takes a row lock for a change. */
  static Future<Optional<Subscriber>> find(SqlClient client, Tenant tenant, long id, boolean lock) {
    SqlFragment visible = SegmentSql.visible(tenant, 2);
    return client.preparedQuery("SELECT " + Subscriber.COLUMNS + " FROM subscriber s WHERE s.id = $1 AND " + visible.sql()
            + (lock ? " FOR UPDATE" : ""))
        .execute(visible.addTo(Tuple.of(id)))
        .map(rows -> Db.first(rows, Subscriber::from));
  }

  static Future<Subscriber> require(SqlClient client, Tenant tenant, long id, boolean lock) {
    return find(client, tenant, id, lock).map(s -> s.orElseThrow(() -> Problem.notFound("subscriber", id)));
  }

  public Future<Subscriber> get(Tenant tenant, long id) {
    return require(pool, tenant, id, false);
  }

  public Future<Subscriber> create(Tenant tenant, SubscriberInput in) {
    tenant.require(Role.COORDINATOR);
    String email = in.email().flatMap(e -> e).orElse(null);
    String phone = in.phone().flatMap(p -> p).orElse(null);
    if (email == null && phone == null) {
      return Future.failedFuture(Problem.invalid(List.of(new FieldError("email", "give an email or a phone number (or both)"),
          new FieldError("phone", "give an email or a phone number (or both)"))));
    }
    return pool.withTransaction(conn -> unitFor(conn, tenant, in.unitId().orElse(Optional.empty()))
            .compose(unitId -> refuseSuppressed(conn, tenant, email, phone).map(unitId))
            .compose(unitId -> conn.preparedQuery("""
                    INSERT INTO subscriber AS s (organisation_id, name, email, phone, language, unit_id, tags, attributes, status)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING\s""" + Subscriber.COLUMNS)
                .execute(Tuple.of(tenant.organisationId(), in.name().orElse(""), email, phone, in.language().orElse("en"),
                        unitId.orElse(null), in.tags().orElse(List.of()).toArray(new String[0]))
                    .addValue(in.attributes().orElse(new JsonObject())).addValue(in.status().orElse("active")))))
        .map(rows -> Subscriber.from(rows.iterator().next()))
        .recover(SubscriberService::conflicts);
  }

  public Future<Subscriber> update(Tenant tenant, long id, SubscriberInput in) {
    tenant.require(Role.COORDINATOR);
    return pool.withTransaction(conn -> require(conn, tenant, id, true).compose(current -> {
      String email = in.email().isPresent() ? in.email().get().orElse(null) : current.email();
      String phone = in.phone().isPresent() ? in.phone().get().orElse(null) : current.phone();
      if (email == null && phone == null) {
        return Future.failedFuture(Problem.invalid(in.email().isPresent() ? "email" : "phone",
            "a subscriber needs an email or a phone number"));
      }
      Future<Optional<Long>> unit = in.unitId().isPresent() ? unitFor(conn, tenant, in.unitId().get())
          : Future.succeededFuture(Optional.ofNullable(current.unitId()));
      String newEmail = email != null && !email.equalsIgnoreCase(String.valueOf(current.email())) ? email : null;
      String newPhone = phone != null && !phone.equals(current.phone()) ? phone : null;
      return unit.compose(u -> refuseSuppressed(conn, tenant, newEmail, newPhone).map(u))
          .compose(u -> conn.preparedQuery("""
                  UPDATE subscriber s SET name = $3, email = $4, phone = $5, language = $6, unit_id = $7, tags = $8,
                    attributes = $9, status = $10, updated_at = now()
                  WHERE s.organisation_id = $1 AND s.id = $2 RETURNING\s""" + Subscriber.COLUMNS)
              .execute(Tuple.of(tenant.organisationId(), id, in.name().orElse(current.name()), email, phone,
                      in.language().orElse(current.language()), u.orElse(null))
                  .addValue(in.tags().orElse(current.tags()).toArray(new String[0]))
                  .addValue(in.attributes().orElse(current.attributes())).addValue(in.status().orElse(current.status()))));
    })).map(rows -> Subscriber.from(rows.iterator().next())).recover(SubscriberService::conflicts);
  }

  /** Search with cursor pagination in id order; {@code after} is the last id of the previous page. */
  public Future<Page<Subscriber>> search(Tenant tenant, SegmentDefinition filter, long after, int limit) {
    SqlFragment where = SegmentSql.where(tenant, filter, 3, clock.instant());
    return pool.preparedQuery("SELECT " + Subscriber.COLUMNS + " FROM subscriber s WHERE s.id > $1 AND " + where.sql()
            + " ORDER BY s.id LIMIT $2")
        .execute(where.addTo(Tuple.of(after, limit)))
        .map(rows -> {
          List<Subscriber> items = Db.list(rows, Subscriber::from);
          String next = items.size() == limit ? String.valueOf(items.get(items.size() - 1).id()) : null;
          return new Page<>(items, next);
        });
  }

  public Future<Long> count(Tenant tenant, SegmentDefinition filter) {
    SqlFragment where = SegmentSql.where(tenant, filter, 1, clock.instant());
    return pool.preparedQuery("SELECT count(*) FROM subscriber s WHERE " + where.sql())
        .execute(where.addTo(Tuple.tuple()))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The person's consent history, oldest first. */
  public Future<List<JsonObject>> consents(Tenant tenant, long id) {
    return require(pool, tenant, id, false).compose(s -> pool.preparedQuery("""
            SELECT id, list_id, channel, action, source, wording, actor, host(ip) AS ip, created_at FROM consent_event
            WHERE organisation_id = $1 AND subscriber_id = $2 ORDER BY id""")
        .execute(Tuple.of(tenant.organisationId(), id))
        .map(rows -> Db.list(rows, ConsentEvents::toJson)));
  }

  /** The unit a subscriber gets: the requested one (visible to the tenant) or, for a scoped tenant, its own unit. */
  static Future<Optional<Long>> unitFor(SqlClient conn, Tenant tenant, Optional<Long> requested) {
    if (requested.isEmpty()) {
      return Future.succeededFuture(Optional.ofNullable(tenant.unitId()));
    }
    return UnitService.find(conn, tenant, requested.get())
        .map(u -> Optional.of(u.orElseThrow(() -> Problem.invalid("unitId", "no unit " + requested.get())).id()));
  }

  private Future<Void> refuseSuppressed(SqlClient conn, Tenant tenant, String email, String phone) {
    return suppressions.reason(conn, tenant.organisationId(), "email", email)
        .compose(e -> suppressions.reason(conn, tenant.organisationId(), "sms", phone).map(p -> {
          List<FieldError> errors = new ArrayList<>();
          e.ifPresent(r -> errors.add(new FieldError("email", "this address " + Suppressions.describe(r))));
          p.ifPresent(r -> errors.add(new FieldError("phone", "this number " + Suppressions.describe(r))));
          if (!errors.isEmpty()) {
            throw new Problem(Problem.Kind.CONFLICT, "the address is suppressed: " + errors.get(0).message(), errors, null);
          }
          return null;
        }));
  }

  private static <T> Future<T> conflicts(Throwable e) {
    if (SqlErrors.isUniqueViolation(e, "subscriber_email")) {
      return Future.failedFuture(new Problem(Problem.Kind.CONFLICT, "a subscriber with this email already exists",
          List.of(new FieldError("email", "already belongs to another subscriber")), null));
    }
    if (SqlErrors.isUniqueViolation(e, "subscriber_phone")) {
      return Future.failedFuture(new Problem(Problem.Kind.CONFLICT, "a subscriber with this phone number already exists",
          List.of(new FieldError("phone", "already belongs to another subscriber")), null));
    }
    if (e instanceof PgException pe && "23514".equals(pe.getSqlState())) {
      return Future.failedFuture(Problem.invalid("email", "a subscriber needs an email or a phone number"));
    }
    return Future.failedFuture(e);
  }
}
