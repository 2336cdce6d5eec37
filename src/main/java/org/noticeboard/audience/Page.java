package org.noticeboard.audience;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/** One page of a cursor-paginated listing; {@code next} is the {@code after} value for the next page, or null at the end. */
public record Page<T>(List<T> items, String next) {
  public JsonObject toJson(Function<T, JsonObject> toJson) {
    JsonArray a = new JsonArray();
    items.forEach(i -> a.add(toJson.apply(i)));
    return new JsonObject().put("items", a).put("next", next);
  }
}
