package org.noticeboard.accounts;

import java.time.Clock;
import java.time.ZoneOffset;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.noticeboard.db.Db;
import org.noticeboard.errors.Problem;

/** Issues, lists, revokes and checks API tokens. */
public final class TokenService {
  private static final String VISIBLE = """
      FROM api_token t LEFT JOIN unit u ON u.organisation_id = t.organisation_id AND u.id = t.unit_id
      WHERE t.organisation_id = $1 AND ($2 = '/' OR u.path LIKE $2 || '%')""";

  private final Pool pool;
  private final Clock clock;

  /** @param clock decides whether a token has expired */
  public TokenService(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * The tenant a bearer token acts as, or empty when the token is unknown, revoked, expired or
   * belongs to a disabled account. A token issued for an account never exceeds that account's
   * current role or unit.
   */
  public Future<Optional<Tenant>> authenticate(String secret) {
    if (!TokenSecrets.plausible(secret)) {
      return Future.succeededFuture(Optional.empty());
    }
    return pool.preparedQuery("""
        SELECT t.id, t.organisation_id, t.role, t.unit_id, u.path, t.account_id,
               a.role AS account_role, au.path AS account_path,
               (t.last_used_at IS NULL OR t.last_used_at < $2::timestamptz - interval '1 minute') AS stale
        FROM api_token t
        LEFT JOIN unit u ON u.organisation_id = t.organisation_id AND u.id = t.unit_id
        LEFT JOIN account a ON a.organisation_id = t.organisation_id AND a.id = t.account_id
        LEFT JOIN unit au ON au.organisation_id = a.organisation_id AND au.id = a.unit_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)
          AND (t.account_id IS NULL OR a.disabled_at IS NULL)""")
        .execute(Tuple.of(Buffer.buffer(TokenSecrets.hash(secret)), clock.instant().atOffset(ZoneOffset.UTC)))
        .map(rows -> Db.first(rows, r -> r).flatMap(this::tenantOf));
  }

  private Optional<Tenant> tenantOf(Row r) {
    Role role = Role.parse(r.getString("role")).orElseThrow();
    Long unitId = r.getLong("unit_id");
    String path = r.getString("path");
    if (r.getLong("account_id") != null) {
      role = Role.min(role, Role.parse(r.getString("account_role")).orElseThrow());
      String accountPath = r.getString("account_path");
      if (accountPath != null && (path == null || !path.startsWith(accountPath))) {
        return Optional.empty(); // the account was moved to a unit that no longer contains the token's
      }
    }
    long tokenId = r.getLong("id");
    if (r.getBoolean("stale")) { // record use at most once a minute; a lost update here is harmless
      pool.preparedQuery("UPDATE api_token SET last_used_at = $2 WHERE id = $1")
          .execute(Tuple.of(tokenId, clock.instant().atOffset(ZoneOffset.UTC)));
    }
    return Optional.of(new Tenant(r.getLong("organisation_id"), role, unitId, path, tokenId, r.getLong("account_id")));
  }

  public Future<List<ApiToken>> list(Tenant tenant) {
    tenant.require(Role.OWNER);
    return pool.preparedQuery("SELECT " + ApiToken.COLUMNS + " " + VISIBLE + " ORDER BY t.id")
        .execute(Tuple.of(tenant.organisationId(), tenant.scope()))
        .map(rows -> Db.list(rows, ApiToken::from));
  }

  public Future<ApiToken> get(Tenant tenant, long id) {
    tenant.require(Role.OWNER);
    return pool.preparedQuery("SELECT " + ApiToken.COLUMNS + " " + VISIBLE + " AND t.id = $3")
        .execute(Tuple.of(tenant.organisationId(), tenant.scope(), id))
        .map(rows -> Db.first(rows, ApiToken::from).orElseThrow(() -> Problem.notFound("token", id)));
  }

  /** Issues a token no stronger than its creator, inside the creator's unit, and inside its account's limits. */
  public Future<IssuedToken> create(Tenant tenant, TokenInput in) {
    tenant.require(Role.OWNER);
    Role role = in.role().orElse(tenant.role());
    if (!tenant.role().atLeast(role)) {
      return Future.failedFuture(Problem.invalid("role", "cannot grant more than your own role (" + tenant.role().code() + ")"));
    }
    if (in.expiresAt().isPresent() && in.expiresAt().get().toInstant().isBefore(clock.instant())) {
      return Future.failedFuture(Problem.invalid("expiresAt", "must be in the future"));
    }
    return pool.withTransaction(conn -> Scope.unitFor(conn, tenant, in.unitId(), "unitId")
        .compose(unit -> checkAccount(conn, tenant, in.accountId(), role, unit).map(unit))
        .compose(unit -> insert(conn, tenant.organisationId(), in.name(), role, unit.map(Unit::id).orElse(null),
            in.accountId().orElse(null), tenant.tokenId(), in.expiresAt().orElse(null))));
  }

  private static Future<Void> checkAccount(SqlClient conn, Tenant tenant, Optional<Long> accountId, Role role,
                                           Optional<Unit> unit) {
    if (accountId.isEmpty()) {
      return Future.succeededFuture();
    }
    return AccountService.find(conn, tenant, accountId.get()).compose(found -> {
      Account account = found.orElseThrow(() -> Problem.invalid("accountId", "no account " + accountId.get()));
      if (account.disabledAt() != null) {
        return Future.failedFuture(Problem.invalid("accountId", "the account is disabled"));
      }
      if (!account.role().atLeast(role)) {
        return Future.failedFuture(Problem.invalid("role", "the account's role is " + account.role().code()));
      }
      if (account.unitId() == null) {
        return Future.succeededFuture();
      }
      return UnitService.find(conn, tenant, account.unitId()).compose(accountUnit -> {
        boolean inside = unit.isPresent() && accountUnit.isPresent() && unit.get().path().startsWith(accountUnit.get().path());
        return inside ? Future.succeededFuture()
            : Future.failedFuture(Problem.invalid("unitId", "must lie inside the account's unit " + account.unitId()));
      });
    });
  }

  /** Inserts a token and returns its secret; also used by the bootstrap of a new organisation. */
  static Future<IssuedToken> insert(SqlClient conn, long organisationId, String name, Role role, Long unitId,
                                    Long accountId, Long createdBy, OffsetDateTime expiresAt) {
    String secret = TokenSecrets.generate();
    return conn.preparedQuery("""
        INSERT INTO api_token (organisation_id, name, role, unit_id, account_id, token_hash, token_prefix, created_by, expires_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        RETURNING id, name, role, unit_id, account_id, token_prefix, created_at, expires_at, last_used_at, revoked_at""")
        .execute(Tuple.of(organisationId, name, role.code(), unitId, accountId, Buffer.buffer(TokenSecrets.hash(secret)))
            .addValue(TokenSecrets.displayPrefix(secret)).addValue(createdBy).addValue(expiresAt))
        .map(rows -> new IssuedToken(ApiToken.from(rows.iterator().next()), secret));
  }

  public Future<ApiToken> revoke(Tenant tenant, long id) {
    tenant.require(Role.OWNER);
    return get(tenant, id).compose(t -> pool.preparedQuery(
            "UPDATE api_token SET revoked_at = coalesce(revoked_at, now()) WHERE organisation_id = $1 AND id = $2")
        .execute(Tuple.of(tenant.organisationId(), id))).compose(v -> get(tenant, id));
  }
}
