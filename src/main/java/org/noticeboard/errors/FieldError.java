package org.noticeboard.errors;

import io.vertx.core.json.JsonObject;

/** One problem with one input field; {@code field} is a JSON path such as {@code unitId} or {@code rows[3].email}. */
public record FieldError(String field, String message) {
  public JsonObject toJson() {
    return new JsonObject().put("field", field).put("message", message);
  }
}
