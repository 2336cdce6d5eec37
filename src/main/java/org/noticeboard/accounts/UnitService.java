package org.noticeboard.accounts;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.noticeboard.db.Db;
import org.noticeboard.db.SqlErrors;
import org.noticeboard.errors.Problem;

/** The unit tree of an organisation, limited to the tenant's subtree. Changes need the owner role. */
public final class UnitService {
  private final Pool pool;

  public UnitService(Pool pool) {
    this.pool = pool;
  }

  public Future<List<Unit>> list(Tenant tenant) {
    return pool.preparedQuery("SELECT " + Unit.COLUMNS + " FROM unit WHERE organisation_id = $1 AND path LIKE $2 || '%' ORDER BY path")
        .execute(Tuple.of(tenant.organisationId(), tenant.scope()))
        .map(rows -> Db.list(rows, Unit::from));
  }

  public Future<Unit> get(Tenant tenant, long id) {
    return find(pool, tenant, id).map(u -> u.orElseThrow(() -> Problem.notFound("unit", id)));
  }

  /** A unit the tenant can see, or empty; used by other features to check a {@code unitId}. */
  public static Future<Optional<Unit>> find(io.vertx.sqlclient.SqlClient client, Tenant tenant, long id) {
    return client.preparedQuery("SELECT " + Unit.COLUMNS + " FROM unit WHERE organisation_id = $1 AND id = $2 AND path LIKE $3 || '%'")
        .execute(Tuple.of(tenant.organisationId(), id, tenant.scope()))
        .map(rows -> Db.first(rows, Unit::from));
  }

  public Future<Unit> create(Tenant tenant, UnitInput in) {
    tenant.require(Role.OWNER);
    Optional<Long> parentId = in.parentId().flatMap(p -> p);
    if (parentId.isEmpty() && tenant.scoped()) {
      return Future.failedFuture(Problem.invalid("parentId", "a token limited to a unit can only add units inside it"));
    }
    return pool.withTransaction(conn -> parentPath(conn, tenant, parentId)
        .compose(parentPath -> conn.preparedQuery("""
            WITH n AS (SELECT nextval('unit_id_seq') AS id)
            INSERT INTO unit (id, organisation_id, parent_id, kind, name, path, address, phone, email, logo_url, sms_sender)
            SELECT n.id, $1, $2, $3, $4, $5 || n.id || '/', $6, $7, $8, $9, $10 FROM n
            RETURNING\s""" + Unit.COLUMNS)
            .execute(Tuple.of(tenant.organisationId(), parentId.orElse(null), in.kind().orElseThrow().code(),
                in.name().orElseThrow(), parentPath, value(in.address()), value(in.phone()))
                .addValue(value(in.email())).addValue(value(in.logoUrl())).addValue(value(in.smsSenderId())))))
        .map(rows -> Unit.from(rows.iterator().next()))
        .recover(e -> Future.failedFuture(SqlErrors.isUniqueViolation(e, "unit_sibling_name")
            ? Problem.conflict("a unit named \"" + in.name().orElse("") + "\" already exists there") : Settings.senderTaken(e)));
  }

  /**
   * Changes a unit inside the tenant's subtree: coordinators keep their own units' details (name,
   * address, contacts, logo, sender id) up to date; moving a unit or changing its kind needs an owner.
   */
  public Future<Unit> update(Tenant tenant, long id, UnitInput in) {
    tenant.require(in.structural() ? Role.OWNER : Role.COORDINATOR);
    Tuple params = Tuple.of(tenant.organisationId(), id);
    List<String> set = new ArrayList<>();
    in.kind().ifPresent(k -> set.add(Db.assign(params, "kind", k.code())));
    in.name().ifPresent(n -> set.add(Db.assign(params, "name", n)));
    in.address().ifPresent(v -> set.add(Db.assign(params, "address", v.orElse(null))));
    in.phone().ifPresent(v -> set.add(Db.assign(params, "phone", v.orElse(null))));
    in.email().ifPresent(v -> set.add(Db.assign(params, "email", v.orElse(null))));
    in.logoUrl().ifPresent(v -> set.add(Db.assign(params, "logo_url", v.orElse(null))));
    in.smsSenderId().ifPresent(v -> set.add(Db.assign(params, "sms_sender", v.orElse(null))));
    set.add("updated_at = now()");
    return pool.withTransaction(conn -> find(conn, tenant, id)
        .map(u -> u.orElseThrow(() -> Problem.notFound("unit", id)))
        .compose(unit -> move(conn, tenant, unit, in.parentId()).compose(v -> conn.preparedQuery(
                "UPDATE unit SET " + String.join(", ", set) + " WHERE organisation_id = $1 AND id = $2 RETURNING " + Unit.COLUMNS)
            .execute(params))))
        .map(rows -> Unit.from(rows.iterator().next()))
        .recover(e -> Future.failedFuture(SqlErrors.isUniqueViolation(e, "unit_sibling_name")
            ? Problem.conflict("a unit with that name already exists there") : Settings.senderTaken(e)));
  }

  public Future<Void> delete(Tenant tenant, long id) {
    tenant.require(Role.OWNER);
    return pool.withTransaction(conn -> find(conn, tenant, id)
        .map(u -> u.orElseThrow(() -> Problem.notFound("unit", id)))
        .compose(unit -> conn.preparedQuery("DELETE FROM unit WHERE organisation_id = $1 AND id = $2")
            .execute(Tuple.of(tenant.organisationId(), id))))
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(SqlErrors.isForeignKeyViolation(e)
            ? Problem.conflict("the unit still has units, accounts, tokens or lists under it") : e));
  }

  /** Moves a unit (and its subtree) under a new parent, refusing cycles and targets outside the scope. */
  private Future<Void> move(SqlConnection conn, Tenant tenant, Unit unit, Optional<Optional<Long>> newParent) {
    if (newParent.isEmpty() || newParent.get().equals(Optional.ofNullable(unit.parentId()))) {
      return Future.succeededFuture();
    }
    Optional<Long> parentId = newParent.get();
    if (parentId.isEmpty() && tenant.scoped()) {
      return Future.failedFuture(Problem.invalid("parentId", "a token limited to a unit cannot move units to the top"));
    }
    if (tenant.scoped() && unit.path().equals(tenant.scope())) {
      return Future.failedFuture(Problem.forbidden("a token cannot move the unit it is limited to"));
    }
    return parentPath(conn, tenant, parentId).compose(parentPath -> {
      if (parentPath.startsWith(unit.path())) {
        return Future.failedFuture(Problem.invalid("parentId", "a unit cannot move inside itself"));
      }
      String newPath = parentPath + unit.id() + "/";
      return conn.preparedQuery("""
          UPDATE unit SET path = $3 || substr(path, length($4) + 1),
            parent_id = CASE WHEN id = $5 THEN $6 ELSE parent_id END, updated_at = now()
          WHERE organisation_id = $1 AND path LIKE $2 || '%'""")
          .execute(Tuple.of(tenant.organisationId(), unit.path(), newPath, unit.path(), unit.id(), parentId.orElse(null)))
          .mapEmpty();
    });
  }

  private static Future<String> parentPath(SqlConnection conn, Tenant tenant, Optional<Long> parentId) {
    if (parentId.isEmpty()) {
      return Future.succeededFuture("/");
    }
    return find(conn, tenant, parentId.get())
        .map(p -> p.orElseThrow(() -> Problem.invalid("parentId", "no unit " + parentId.get())).path());
  }

  private static String value(Optional<Optional<String>> v) {
    return v.flatMap(s -> s).orElse(null);
  }
}
