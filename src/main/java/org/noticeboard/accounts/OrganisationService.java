package org.noticeboard.accounts;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import org.noticeboard.db.Db;
import org.noticeboard.errors.Problem;

/** Creating an organisation with its first owner token, and reading or changing its settings. */
public final class OrganisationService {
  private final Pool pool;

  public OrganisationService(Pool pool) {
    this.pool = pool;
  }

  /** What bootstrap made: the token's secret is shown once and never again. */
  public record Bootstrapped(Organisation organisation, IssuedToken ownerToken) {}

  public Future<Bootstrapped> bootstrap(String name) {
    return pool.withTransaction(conn -> conn.preparedQuery(
            "INSERT INTO organisation (name) VALUES ($1) RETURNING id, name, default_language, timezone")
        .execute(Tuple.of(name))
        .map(rows -> Organisation.from(rows.iterator().next()))
        .compose(org -> TokenService.insert(conn, org.id(), "bootstrap owner token", Role.OWNER, null, null, null, null)
            .map(token -> new Bootstrapped(org, token))));
  }

  public Future<Organisation> get(Tenant tenant) {
    return pool.preparedQuery("SELECT id, name, default_language, timezone FROM organisation WHERE id = $1")
        .execute(Tuple.of(tenant.organisationId()))
        .map(rows -> Db.first(rows, Organisation::from).orElseThrow(() -> Problem.notFound("organisation", tenant.organisationId())));
  }

  /** Organisation-wide settings: only an owner of the whole organisation may change them. */
  public Future<Organisation> update(Tenant tenant, Optional<String> name, Optional<String> defaultLanguage,
                                     Optional<String> timezone) {
    tenant.require(Role.OWNER);
    if (tenant.scoped()) {
      return Future.failedFuture(Problem.forbidden("a token limited to a unit cannot change organisation settings"));
    }
    return pool.preparedQuery("""
        UPDATE organisation SET name = coalesce($2, name), default_language = coalesce($3, default_language),
          timezone = coalesce($4, timezone), updated_at = now()
        WHERE id = $1 RETURNING id, name, default_language, timezone""")
        .execute(Tuple.of(tenant.organisationId(), name.orElse(null), defaultLanguage.orElse(null), timezone.orElse(null)))
        .map(rows -> Organisation.from(rows.iterator().next()));
  }
}
