package org.noticeboard.accounts;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import org.noticeboard.db.Db;
import org.noticeboard.db.SqlErrors;
import org.noticeboard.errors.Problem;

/** Staff accounts. Owners manage them; a unit-limited owner sees only accounts inside its unit. */
public final class AccountService {
  private static final String VISIBLE = """
      FROM account a LEFT JOIN unit u ON u.organisation_id = a.organisation_id AND u.id = a.unit_id
      WHERE a.organisation_id = $1 AND ($2 = '/' OR u.path LIKE $2 || '%')""";

  private final Pool pool;

  public AccountService(Pool pool) {
    this.pool = pool;
  }

  public Future<List<Account>> list(Tenant tenant) {
    tenant.require(Role.OWNER);
    return pool.preparedQuery("SELECT " + Account.COLUMNS + " " + VISIBLE + " ORDER BY a.id")
        .execute(Tuple.of(tenant.organisationId(), tenant.scope()))
        .map(rows -> Db.list(rows, Account::from));
  }

  public Future<Account> get(Tenant tenant, long id) {
    tenant.require(Role.OWNER);
    return find(pool, tenant, id).map(a -> a.orElseThrow(() -> Problem.notFound("account", id)));
  }

  static Future<Optional<Account>> find(SqlClient client, Tenant tenant, long id) {
    return client.preparedQuery("SELECT " + Account.COLUMNS + " " + VISIBLE + " AND a.id = $3")
        .execute(Tuple.of(tenant.organisationId(), tenant.scope(), id))
        .map(rows -> Db.first(rows, Account::from));
  }

  public Future<Account> create(Tenant tenant, AccountInput in) {
    tenant.require(Role.OWNER);
    Role role = in.role().orElseThrow();
    return pool.withTransaction(conn -> Scope.unitFor(conn, tenant, in.unitId(), "unitId")
        .compose(unit -> conn.preparedQuery("""
            INSERT INTO account (organisation_id, email, name, role, unit_id) VALUES ($1, $2, $3, $4, $5)
            RETURNING id, email, name, role, unit_id, disabled_at, created_at""")
            .execute(Tuple.of(tenant.organisationId(), in.email().orElseThrow(), in.name().orElseThrow(),
                role.code(), unit.map(Unit::id).orElse(null)))))
        .map(rows -> Account.from(rows.iterator().next()))
        .recover(e -> Future.failedFuture(SqlErrors.isUniqueViolation(e, "account_email")
            ? Problem.conflict("an account with that email already exists") : e));
  }

  /** Changes an account; disabling it also revokes every token issued for it. */
  public Future<Account> update(Tenant tenant, long id, AccountInput in) {
    tenant.require(Role.OWNER);
    return pool.withTransaction(conn -> find(conn, tenant, id)
        .map(a -> a.orElseThrow(() -> Problem.notFound("account", id)))
        .compose(existing -> (in.unitId().isPresent()
            ? Scope.unitFor(conn, tenant, in.unitId(), "unitId").map(u -> u.map(Unit::id).orElse(null))
            : Future.succeededFuture(existing.unitId()))
            .compose(unitId -> conn.preparedQuery("""
                UPDATE account SET email = coalesce($3, email), name = coalesce($4, name), role = coalesce($5, role),
                  unit_id = $6,
                  disabled_at = CASE WHEN $7::boolean IS NULL THEN disabled_at
                                     WHEN $7 THEN coalesce(disabled_at, now()) ELSE NULL END,
                  updated_at = now()
                WHERE organisation_id = $1 AND id = $2
                RETURNING id, email, name, role, unit_id, disabled_at, created_at""")
                .execute(Tuple.of(tenant.organisationId(), id, in.email().orElse(null), in.name().orElse(null),
                    in.role().map(Role::code).orElse(null), unitId).addValue(in.disabled().orElse(null)))))
        .compose(rows -> {
          Account updated = Account.from(rows.iterator().next());
          return updated.disabledAt() == null ? Future.succeededFuture(updated)
              : conn.preparedQuery("UPDATE api_token SET revoked_at = now() WHERE organisation_id = $1 AND account_id = $2 AND revoked_at IS NULL")
                  .execute(Tuple.of(tenant.organisationId(), id)).map(updated);
        }))
        .recover(e -> Future.failedFuture(SqlErrors.isUniqueViolation(e, "account_email")
            ? Problem.conflict("an account with that email already exists") : e));
  }
}
