package org.noticeboard.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/** An HTTP response with helpers for JSON and problem bodies. */
public record Response(HttpResponse<Buffer> raw) {
  public int status() {
    return raw.statusCode();
  }

  public String header(String name) {
    return raw.getHeader(name);
  }

  public String text() {
    Buffer b = raw.body();
    return b == null ? "" : b.toString();
  }

  public JsonObject json() {
    return new JsonObject(text());
  }

  public JsonArray items() {
    return json().getJsonArray("items");
  }

  public long id() {
    return json().getLong("id");
  }

  /** True when the body is problem+json naming this field among its errors. */
  public boolean hasFieldError(String field) {
    JsonArray errors = json().getJsonArray("errors");
    return errors != null && errors.stream().anyMatch(e -> field.equals(((JsonObject) e).getString("field")));
  }

  @Override
  public String toString() {
    return status() + " " + text();
  }
}
