package org.noticeboard.content;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** One language of one template version. Parts it does not have are null. */
public record Variant(String language, String layout, String subject, String preheader, String html, String text,
                      String sms) {
  static final String COLUMNS = "language, layout, subject, preheader, html, text, sms";

  static Variant from(Row row) {
    return new Variant(row.getString("language"), row.getString("layout"), row.getString("subject"),
        row.getString("preheader"), row.getString("html"), row.getString("text"), row.getString("sms"));
  }

  public String part(Part part) {
    return switch (part) {
      case SUBJECT -> subject;
      case PREHEADER -> preheader;
      case HTML -> html;
      case TEXT -> text;
      case SMS -> sms;
    };
  }

  public Variant withLanguage(String tag) {
    return new Variant(tag, layout, subject, preheader, html, text, sms);
  }

  public JsonObject toJson() {
    return new JsonObject().put("language", language).put("layout", layout).put("subject", subject)
        .put("preheader", preheader).put("html", html).put("text", text).put("sms", sms);
  }
}
