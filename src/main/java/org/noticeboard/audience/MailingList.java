package org.noticeboard.audience;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;

/** A list of a unit: a newsletter, reminders, fliers, or a programme's participants. */
public record MailingList(long id, long unitId, String name, String description, String kind, String optIn,
                          String defaultLanguage, boolean sensitive, String purpose, String channelPolicy,
                          OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  public static final List<String> KINDS = List.of("newsletter", "reminders", "fliers", "programme");
  public static final List<String> OPT_INS = List.of("single", "double");
  public static final List<String> PURPOSES = List.of("service", "marketing", "news");
  public static final List<String> CHANNEL_POLICIES = List.of("email-first", "sms-only", "both", "urgent");

  public static final String COLUMNS = "l.id, l.unit_id, l.name, l.description, l.kind, l.opt_in, l.default_language, "
      + "l.sensitive, l.purpose, l.channel_policy, l.created_at, l.updated_at";

  public static MailingList from(Row r) {
    return new MailingList(r.getLong("id"), r.getLong("unit_id"), r.getString("name"), r.getString("description"),
        r.getString("kind"), r.getString("opt_in"), r.getString("default_language"), r.getBoolean("sensitive"),
        r.getString("purpose"), r.getString("channel_policy"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
  }

  public boolean doubleOptIn() {
    return "double".equals(optIn);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("unitId", unitId).put("name", name).put("description", description)
        .put("kind", kind).put("optIn", optIn).put("defaultLanguage", defaultLanguage).put("sensitive", sensitive)
        .put("purpose", purpose).put("channelPolicy", channelPolicy)
        .put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString());
  }
}
