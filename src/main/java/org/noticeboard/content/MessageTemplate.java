package org.noticeboard.content;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/** A template's identity and metadata; its words live in versioned {@link Variant}s. */
public record MessageTemplate(long id, long organisationId, Long unitId, String unitPath, String name, TemplateKind kind,
                              String description, int currentVersion, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
  /** Selected from {@code template t LEFT JOIN unit u}. */
  static final String COLUMNS = "t.id, t.organisation_id, t.unit_id, u.path AS unit_path, t.name, t.kind, t.description,"
      + " t.current_version, t.created_at, t.updated_at";

  static MessageTemplate from(Row row) {
    return new MessageTemplate(row.getLong("id"), row.getLong("organisation_id"), row.getLong("unit_id"),
        row.getString("unit_path"), row.getString("name"), TemplateKind.parse(row.getString("kind")).orElseThrow(),
        row.getString("description"), row.getInteger("current_version"), row.getOffsetDateTime("created_at"),
        row.getOffsetDateTime("updated_at"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("unitId", unitId).put("name", name).put("kind", kind.code())
        .put("description", description).put("version", currentVersion)
        .put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString());
  }
}
