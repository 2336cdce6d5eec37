package org.noticeboard.accounts;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.Optional;
import org.noticeboard.errors.Problem;

/** Checks that a unit named in a request lies inside what the tenant may see. */
final class Scope {
  private Scope() {}

  /**
   * Resolves the unit a new account or token is limited to: the given one (which must be in the
   * tenant's subtree) or, when none is given, the tenant's own unit.
   */
  static Future<Optional<Unit>> unitFor(SqlClient client, Tenant tenant, Optional<Optional<Long>> requested, String field) {
    Optional<Long> unitId = requested.isPresent() ? requested.get() : Optional.ofNullable(tenant.unitId());
    if (unitId.isEmpty()) {
      return tenant.scoped()
          ? Future.failedFuture(Problem.invalid(field, "a token limited to a unit can only grant access inside that unit"))
          : Future.succeededFuture(Optional.empty());
    }
    return UnitService.find(client, tenant, unitId.get())
        .map(u -> Optional.of(u.orElseThrow(() -> Problem.invalid(field, "no unit " + unitId.get()))));
  }
}
