package org.noticeboard.accounts;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/** A token as listed: never its secret, only the prefix people recognise it by. */
public record ApiToken(long id, String name, Role role, Long unitId, Long accountId, String prefix,
                       OffsetDateTime createdAt, OffsetDateTime expiresAt, OffsetDateTime lastUsedAt,
                       OffsetDateTime revokedAt) {

  static final String COLUMNS = "t.id, t.name, t.role, t.unit_id, t.account_id, t.token_prefix, t.created_at, "
      + "t.expires_at, t.last_used_at, t.revoked_at";

  static ApiToken from(Row r) {
    return new ApiToken(r.getLong("id"), r.getString("name"), Role.parse(r.getString("role")).orElseThrow(),
        r.getLong("unit_id"), r.getLong("account_id"), r.getString("token_prefix"),
        r.getOffsetDateTime("created_at"), r.getOffsetDateTime("expires_at"),
        r.getOffsetDateTime("last_used_at"), r.getOffsetDateTime("revoked_at"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("role", role.code()).put("unitId", unitId)
        .put("accountId", accountId).put("prefix", prefix).put("createdAt", createdAt.toString())
        .put("expiresAt", text(expiresAt)).put("lastUsedAt", text(lastUsedAt)).put("revokedAt", text(revokedAt));
  }

  private static String text(OffsetDateTime t) {
    return t == null ? null : t.toString();
  }
}
