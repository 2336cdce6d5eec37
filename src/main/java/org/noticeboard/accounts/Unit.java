package org.noticeboard.accounts;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/** One node of an organisation's unit tree. */
public record Unit(long id, Long parentId, UnitKind kind, String name, String path, String address,
                   String phone, String email, String logoUrl, String smsSenderId, OffsetDateTime createdAt,
                   OffsetDateTime updatedAt) {

  static final String COLUMNS = "id, parent_id, kind, name, path, address, phone, email, logo_url, sms_sender, created_at, updated_at";

  static Unit from(Row r) {
    return new Unit(r.getLong("id"), r.getLong("parent_id"), UnitKind.parse(r.getString("kind")).orElseThrow(),
        r.getString("name"), r.getString("path"), r.getString("address"), r.getString("phone"),
        r.getString("email"), r.getString("logo_url"), r.getString("sms_sender"), r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("updated_at"));
  }

  /** Depth in the tree: 0 for a top-level unit. */
  public int depth() {
    return (int) path.chars().filter(c -> c == '/').count() - 2;
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("parentId", parentId).put("kind", kind.code()).put("name", name)
        .put("depth", depth()).put("address", address).put("phone", phone).put("email", email)
        .put("logoUrl", logoUrl).put("smsSenderId", smsSenderId)
        .put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString());
  }
}
