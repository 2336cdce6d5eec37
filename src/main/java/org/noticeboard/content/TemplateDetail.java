package org.noticeboard.content;

import io.vertx.core.json.JsonArray;
import java.util.List;

/** A template with the variants of one of its versions (the current one unless asked otherwise). */
public record TemplateDetail(MessageTemplate template, int version, List<Variant> variants) {
  public io.vertx.core.json.JsonObject toJson() {
    JsonArray vs = new JsonArray();
    variants.forEach(v -> vs.add(v.toJson()));
    return template.toJson().put("shownVersion", version).put("variants", vs);
  }
}
