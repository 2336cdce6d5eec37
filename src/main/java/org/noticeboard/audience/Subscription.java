package org.noticeboard.audience;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/** One subscriber on one list through one channel. */
public record Subscription(long listId, long subscriberId, String channel, String status, String subscriberName,
                           OffsetDateTime createdAt, OffsetDateTime updatedAt) {
  static final String COLUMNS = "x.list_id, x.subscriber_id, x.channel, x.status, s.name, x.created_at, x.updated_at";

  static Subscription from(Row r) {
    return new Subscription(r.getLong("list_id"), r.getLong("subscriber_id"), r.getString("channel"), r.getString("status"),
        r.getString("name"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("listId", listId).put("subscriberId", subscriberId).put("subscriberName", subscriberName)
        .put("channel", channel).put("status", status).put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString());
  }
}
