package org.noticeboard.audience;

import java.time.Clock;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.noticeboard.accounts.Role;
import org.noticeboard.accounts.Tenant;
import org.noticeboard.db.Db;
import org.noticeboard.db.SqlErrors;
import org.noticeboard.errors.FieldError;
import org.noticeboard.errors.Problem;

/**
 * Saved segments. A tenant sees organisation-wide segments and those made inside its scope; a
 * segment's audience is always cut down to the subscribers the tenant itself can see.
 */
public final class SegmentService {
  private static final String VISIBLE = " FROM segment g LEFT JOIN unit u ON u.organisation_id = g.organisation_id AND u.id = g.unit_id"
      + " WHERE g.organisation_id = $1 AND (g.unit_id IS NULL OR u.path LIKE $2 || '%')";

  private final Pool pool;
  private final Clock clock;

  public SegmentService(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public Future<List<Segment>> list(Tenant tenant) {
    return pool.preparedQuery("SELECT " + Segment.COLUMNS + VISIBLE + " ORDER BY g.id")
        .execute(Tuple.of(tenant.organisationId(), Db.likeLiteral(tenant.scope())))
        .map(rows -> Db.list(rows, Segment::from));
  }

  public Future<Segment> get(Tenant tenant, long id) {
    return require(pool, tenant, id);
  }

  static Future<Segment> require(SqlClient client, Tenant tenant, long id) {
    return client.preparedQuery("SELECT " + Segment.COLUMNS + VISIBLE + " AND g.id = $3")
        .execute(Tuple.of(tenant.organisationId(), Db.likeLiteral(tenant.scope()), id))
        .map(rows -> Db.first(rows, Segment::from).orElseThrow(() -> Problem.notFound("segment", id)));
  }

  public Future<Segment> create(Tenant tenant, String name, SegmentDefinition definition) {
    tenant.require(Role.COORDINATOR);
    return pool.withTransaction(conn -> checkReferences(conn, tenant, definition)
            .compose(v -> conn.preparedQuery("INSERT INTO segment AS g (organisation_id, unit_id, name, definition) VALUES ($1, $2, $3, $4)"
                    + " RETURNING " + Segment.COLUMNS)
                .execute(Tuple.of(tenant.organisationId(), tenant.unitId(), name, definition.toJson()))))
        .map(rows -> Segment.from(rows.iterator().next()))
        .recover(SegmentService::conflicts);
  }

  public Future<Segment> update(Tenant tenant, long id, Optional<String> name, Optional<SegmentDefinition> definition) {
    tenant.require(Role.COORDINATOR);
    return pool.withTransaction(conn -> require(conn, tenant, id)
            .compose(current -> checkReferences(conn, tenant, definition.orElse(current.definition()))
                .compose(v -> conn.preparedQuery("UPDATE segment g SET name = $3, definition = $4, updated_at = now()"
                        + " WHERE g.organisation_id = $1 AND g.id = $2 RETURNING " + Segment.COLUMNS)
                    .execute(Tuple.of(tenant.organisationId(), id, name.orElse(current.name()),
                        definition.orElse(current.definition()).toJson())))))
        .map(rows -> Segment.from(rows.iterator().next()))
        .recover(SegmentService::conflicts);
  }

  public Future<Void> delete(Tenant tenant, long id) {
    tenant.require(Role.COORDINATOR);
    return pool.withTransaction(conn -> require(conn, tenant, id)
        .compose(s -> conn.preparedQuery("DELETE FROM segment WHERE organisation_id = $1 AND id = $2").execute(Tuple.of(tenant.organisationId(), id))))
        .mapEmpty();
  }

  /** How many subscribers the tenant can see match a saved segment. */
  public Future<Long> count(Tenant tenant, long id) {
    return require(pool, tenant, id).compose(s -> count(tenant, s.definition(), false));
  }

  /** How many subscribers the tenant can see match an unsaved definition. */
  public Future<Long> count(Tenant tenant, SegmentDefinition definition) {
    return count(tenant, definition, true);
  }

  private Future<Long> count(Tenant tenant, SegmentDefinition definition, boolean check) {
    SqlFragment where = SegmentSql.where(tenant, definition, 1, clock.instant());
    Future<Void> checked = check ? checkReferences(pool, tenant, definition) : Future.succeededFuture();
    return checked.compose(v -> pool.preparedQuery("SELECT count(*) FROM subscriber s WHERE " + where.sql())
        .execute(where.addTo(Tuple.tuple()))
        .map(rows -> rows.iterator().next().getLong(0)));
  }

  /** Units and lists named in a definition must be ones the tenant can see. */
  static Future<Void> checkReferences(SqlClient client, Tenant tenant, SegmentDefinition d) {
    Future<Void> units = d.unitIds().isEmpty() ? Future.succeededFuture()
        : client.preparedQuery("SELECT id FROM unit WHERE organisation_id = $1 AND path LIKE $2 || '%' AND id = ANY($3)")
            .execute(Tuple.of(tenant.organisationId(), Db.likeLiteral(tenant.scope()), d.unitIds().toArray(new Long[0])))
            .compose(rows -> missing(rows, d.unitIds(), "definition.unitIds", "unit"));
    return units.compose(v -> d.listIds().isEmpty() ? Future.succeededFuture()
        : client.preparedQuery("SELECT l.id" + ListService.VISIBLE + " AND l.id = ANY($3)")
            .execute(Tuple.of(tenant.organisationId(), Db.likeLiteral(tenant.scope()), d.listIds().toArray(new Long[0])))
            .compose(rows -> missing(rows, d.listIds(), "definition.listIds", "list")));
  }

  private static Future<Void> missing(io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> rows, List<Long> wanted, String field, String what) {
    Set<Long> found = new HashSet<>();
    rows.forEach(r -> found.add(r.getLong(0)));
    for (Long id : wanted) {
      if (!found.contains(id)) {
        return Future.failedFuture(Problem.invalid(List.of(new FieldError(field, "no " + what + " " + id))));
      }
    }
    return Future.succeededFuture();
  }

  private static <T> Future<T> conflicts(Throwable e) {
    return Future.failedFuture(SqlErrors.isUniqueViolation(e, "segment_name") ? Problem.conflict("a segment with that name already exists") : e);
  }
}
