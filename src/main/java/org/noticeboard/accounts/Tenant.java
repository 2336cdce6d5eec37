package org.noticeboard.accounts;

import org.noticeboard.errors.Problem;

/**
 * Who a request acts as: an organisation, a role, and optionally a unit whose subtree bounds
 * everything it can see. Every service call takes one, and every query filters by it.
 *
 * @param unitPath the scope unit's path (e.g. {@code /3/17/}), or null for the whole organisation
 */
public record Tenant(long organisationId, Role role, Long unitId, String unitPath, long tokenId, Long accountId) {

  /** A path prefix for {@code unit.path LIKE scope || '%'}; {@code /} matches every unit. */
  public String scope() {
    return unitPath == null ? "/" : unitPath;
  }

  public boolean scoped() {
    return unitPath != null;
  }

  public boolean covers(String path) {
    return path != null && path.startsWith(scope());
  }

  public Tenant require(Role needed) {
    if (!role.atLeast(needed)) {
      throw Problem.forbidden("this needs the " + needed.code() + " role; the token has " + role.code());
    }
    return this;
  }
}
