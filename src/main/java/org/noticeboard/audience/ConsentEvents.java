package org.noticeboard.audience;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** JSON form of consent_event rows. */
final class ConsentEvents {
  private ConsentEvents() {}

  static JsonObject toJson(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("listId", r.getLong("list_id")).put("channel", r.getString("channel"))
        .put("action", r.getString("action")).put("source", r.getString("source")).put("wording", r.getString("wording"))
        .put("actor", r.getString("actor")).put("ip", r.getString("ip")).put("createdAt", r.getOffsetDateTime("created_at").toString());
  }
}
