package org.noticeboard.delivery;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/** One suppressed address, shown only masked. */
public record Suppression(long id, String channel, String reason, String masked, String detail, OffsetDateTime createdAt) {
  static final String COLUMNS = "id, channel, reason, masked, detail, created_at";

  static Suppression from(Row r) {
    return new Suppression(r.getLong("id"), r.getString("channel"), r.getString("reason"), r.getString("masked"),
        r.getString("detail"), r.getOffsetDateTime("created_at"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("channel", channel).put("reason", reason).put("masked", masked)
        .put("detail", detail).put("createdAt", createdAt.toString());
  }
}
