package org.noticeboard.accounts;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** A tenant of Noticeboard: a council, a centre group or a childminder network. */
public record Organisation(long id, String name, String defaultLanguage, String timezone) {
  static Organisation from(Row r) {
    return new Organisation(r.getLong("id"), r.getString("name"), r.getString("default_language"), r.getString("timezone"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("defaultLanguage", defaultLanguage).put("timezone", timezone);
  }
}
