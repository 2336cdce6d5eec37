package org.noticeboard.accounts;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/** A member of staff: their role and unit bound every token issued for them. */
public record Account(long id, String email, String name, Role role, Long unitId,
                      OffsetDateTime disabledAt, OffsetDateTime createdAt) {

  static final String COLUMNS = "a.id, a.email, a.name, a.role, a.unit_id, a.disabled_at, a.created_at";

  static Account from(Row r) {
    return new Account(r.getLong("id"), r.getString("email"), r.getString("name"),
        Role.parse(r.getString("role")).orElseThrow(), r.getLong("unit_id"),
        r.getOffsetDateTime("disabled_at"), r.getOffsetDateTime("created_at"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("email", email).put("name", name).put("role", role.code())
        .put("unitId", unitId).put("disabled", disabledAt != null)
        .put("disabledAt", disabledAt == null ? null : disabledAt.toString())
        .put("createdAt", createdAt.toString());
  }
}
