package org.noticeboard.audience;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.ArrayList;

/** A saved, named audience filter. */
public record Segment(long id, Long unitId, String name, SegmentDefinition definition, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
  static final String COLUMNS = "g.id, g.unit_id, g.name, g.definition, g.created_at, g.updated_at";

  static Segment from(Row r) {
    JsonObject def = (JsonObject) r.getValue("definition");
    // stored definitions were validated when saved
    SegmentDefinition d = SegmentDefinition.parse(def, "definition", new ArrayList<>());
    return new Segment(r.getLong("id"), r.getLong("unit_id"), r.getString("name"), d, r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("unitId", unitId).put("name", name).put("definition", definition.toJson())
        .put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString());
  }
}
