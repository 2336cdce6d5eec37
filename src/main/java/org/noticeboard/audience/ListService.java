package org.noticeboard.audience;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import org.noticeboard.accounts.Role;
import org.noticeboard.accounts.Tenant;
import org.noticeboard.accounts.UnitService;
import org.noticeboard.db.Db;
import org.noticeboard.db.SqlErrors;
import org.noticeboard.errors.Problem;

/** Lists belong to units: a tenant sees the lists of units in its subtree. */
public final class ListService {
  /** {@code mailing_list l} joined to its unit, limited to organisation $1 and scope $2. */
  static final String VISIBLE = " FROM mailing_list l JOIN unit u ON u.organisation_id = l.organisation_id AND u.id = l.unit_id"
      + " WHERE l.organisation_id = $1 AND u.path LIKE $2 || '%'";

  private final Pool pool;

  public ListService(Pool pool) {
    this.pool = pool;
  }

  static Future<Optional<MailingList>> find(SqlClient client, Tenant tenant, long id) {
    return client.preparedQuery("SELECT " + MailingList.COLUMNS + VISIBLE + " AND l.id = $3")
        .execute(Tuple.of(tenant.organisationId(), Db.likeLiteral(tenant.scope()), id))
        .map(rows -> Db.first(rows, MailingList::from));
  }

  static Future<MailingList> require(SqlClient client, Tenant tenant, long id) {
    return find(client, tenant, id).map(l -> l.orElseThrow(() -> Problem.notFound("list", id)));
  }

  public Future<MailingList> get(Tenant tenant, long id) {
    return require(pool, tenant, id);
  }

  public Future<Page<MailingList>> list(Tenant tenant, long after, int limit) {
    return pool.preparedQuery("SELECT " + MailingList.COLUMNS + VISIBLE + " AND l.id > $3 ORDER BY l.id LIMIT $4")
        .execute(Tuple.of(tenant.organisationId(), Db.likeLiteral(tenant.scope()), after, limit))
        .map(rows -> {
          List<MailingList> items = Db.list(rows, MailingList::from);
          return new Page<>(items, items.size() == limit ? String.valueOf(items.get(items.size() - 1).id()) : null);
        });
  }

  public Future<MailingList> create(Tenant tenant, ListInput in) {
    tenant.require(Role.COORDINATOR);
    Optional<Long> unitId = in.unitId().or(() -> Optional.ofNullable(tenant.unitId()));
    if (unitId.isEmpty()) {
      return Future.failedFuture(Problem.invalid("unitId", "is required: the unit (centre) the list belongs to"));
    }
    return pool.withTransaction(conn -> UnitService.find(conn, tenant, unitId.get())
            .map(u -> u.orElseThrow(() -> Problem.invalid("unitId", "no unit " + unitId.get())))
            .compose(u -> conn.preparedQuery("""
                    INSERT INTO mailing_list AS l (organisation_id, unit_id, name, description, kind, opt_in, default_language,
                      sensitive, purpose, channel_policy)
                    SELECT $1, $2, $3, $4, $5,
                      -- unless the request says, the organisation's defaults
                      coalesce($6, CASE WHEN o.signup_double_opt_in THEN 'double' ELSE 'single' END),
                      coalesce($7, o.default_language), $8, $9, $10
                    FROM organisation o WHERE o.id = $1
                    RETURNING\s""" + MailingList.COLUMNS)
                .execute(Tuple.of(tenant.organisationId(), u.id(), in.name().orElseThrow(), in.description().orElse(""),
                    in.kind().orElseThrow(), in.optIn().orElse(null), in.defaultLanguage().orElse(null),
                    in.sensitive().orElse(false), in.purpose().orElse("news"), in.channelPolicy().orElse("email-first")))))
        .map(rows -> MailingList.from(rows.iterator().next()))
        .recover(ListService::conflicts);
  }

  public Future<MailingList> update(Tenant tenant, long id, ListInput in) {
    tenant.require(Role.COORDINATOR);
    return pool.withTransaction(conn -> require(conn, tenant, id)
            .compose(current -> (in.unitId().isPresent()
                ? UnitService.find(conn, tenant, in.unitId().get()).map(u -> u.orElseThrow(() -> Problem.invalid("unitId", "no unit " + in.unitId().get())).id())
                : Future.succeededFuture(current.unitId()))
                .compose(unitId -> conn.preparedQuery("""
                        UPDATE mailing_list l SET unit_id = $3, name = $4, description = $5, kind = $6, opt_in = $7,
                          default_language = $8, sensitive = $9, purpose = $10, channel_policy = $11, updated_at = now()
                        WHERE l.organisation_id = $1 AND l.id = $2 RETURNING\s""" + MailingList.COLUMNS)
                    .execute(Tuple.of(tenant.organisationId(), id, unitId, in.name().orElse(current.name()),
                        in.description().orElse(current.description()), in.kind().orElse(current.kind()),
                        in.optIn().orElse(current.optIn()), in.defaultLanguage().orElse(current.defaultLanguage()),
                        in.sensitive().orElse(current.sensitive()), in.purpose().orElse(current.purpose()),
                        in.channelPolicy().orElse(current.channelPolicy()))))))
        .map(rows -> MailingList.from(rows.iterator().next()))
        .recover(ListService::conflicts);
  }

  /** Deletes the list and its subscriptions; the consent ledger keeps its events (they name the list id). */
  public Future<Void> delete(Tenant tenant, long id) {
    tenant.require(Role.COORDINATOR);
    return pool.withTransaction(conn -> require(conn, tenant, id)
        .compose(l -> conn.preparedQuery("DELETE FROM mailing_list WHERE organisation_id = $1 AND id = $2")
            .execute(Tuple.of(tenant.organisationId(), id)))).mapEmpty();
  }

  private static <T> Future<T> conflicts(Throwable e) {
    return Future.failedFuture(SqlErrors.isUniqueViolation(e, "mailing_list_name")
        ? Problem.conflict("the unit already has a list with that name") : e);
  }
}
