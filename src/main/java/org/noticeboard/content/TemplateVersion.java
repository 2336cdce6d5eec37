package org.noticeboard.content;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;

/** One saved version of a template: when, by which token, and which languages it has. */
public record TemplateVersion(int version, OffsetDateTime createdAt, Long createdBy, List<String> languages) {
  public JsonObject toJson() {
    return new JsonObject().put("version", version).put("createdAt", createdAt.toString())
        .put("createdByTokenId", createdBy).put("languages", new JsonArray(languages));
  }
}
