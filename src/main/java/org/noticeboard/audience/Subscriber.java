package org.noticeboard.audience;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** A person an organisation writes to. */
public record Subscriber(long id, String name, String email, String phone, String language, Long unitId,
                         List<String> tags, JsonObject attributes, String status,
                         OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  /** Columns of {@code subscriber s}, in the order {@link #from} reads them. */
  public static final String COLUMNS =
      "s.id, s.name, s.email, s.phone, s.language, s.unit_id, s.tags, s.attributes, s.status, s.created_at, s.updated_at";

  public static Subscriber from(Row r) {
    String[] tags = r.getArrayOfStrings("tags");
    Object attrs = r.getValue("attributes");
    return new Subscriber(r.getLong("id"), r.getString("name"), r.getString("email"), r.getString("phone"),
        r.getString("language"), r.getLong("unit_id"), tags == null ? List.of() : Arrays.asList(tags),
        attrs instanceof JsonObject j ? j : new JsonObject(), r.getString("status"),
        r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("email", email).put("phone", phone)
        .put("language", language).put("unitId", unitId).put("tags", new JsonArray(List.copyOf(tags)))
        .put("attributes", attributes).put("status", status)
        .put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString());
  }
}
