package org.noticeboard.content;

import io.vertx.core.json.JsonObject;

/** A renderable pin: what a campaign, reminder or confirmation stores to render the same words later. */
public record TemplateRef(long templateId, int version) {
  public JsonObject toJson() {
    return new JsonObject().put("templateId", templateId).put("version", version);
  }
}
