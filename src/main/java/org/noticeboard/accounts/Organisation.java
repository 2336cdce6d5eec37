package org.noticeboard.accounts;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.LocalTime;

/**
 * A tenant of Noticeboard (a council, a centre group or a childminder network) and its settings.
 * Nullable settings fall back: no quiet hours window means none; no sender id, the service's
 * {@code NB_SMS_FROM}; no rate, {@code NB_EMAIL_PER_SECOND} / {@code NB_SMS_PER_SECOND}.
 */
public record Organisation(long id, String name, String defaultLanguage, String timezone, QuietWindow smsQuietHours,
                           String smsSenderId, Integer emailPerSecond, Integer smsPerSecond, String contactEmail,
                           String contactPhone, boolean signupDoubleOptIn) {

  static final String COLUMNS = "id, name, default_language, timezone, quiet_hours_start, quiet_hours_end, sms_sender,"
      + " email_per_second, sms_per_second, contact_email, contact_phone, signup_double_opt_in";

  /** SMS quiet hours in the organisation's time zone; the window may cross midnight. */
  public record QuietWindow(LocalTime start, LocalTime end) {
    /** Stored as start = end when there are none. */
    static final LocalTime NONE = LocalTime.MIDNIGHT;

    JsonObject toJson() {
      return new JsonObject().put("start", start.toString()).put("end", end.toString());
    }
  }

  static Organisation from(Row r) {
    LocalTime start = r.getLocalTime("quiet_hours_start");
    LocalTime end = r.getLocalTime("quiet_hours_end");
    return new Organisation(r.getLong("id"), r.getString("name"), r.getString("default_language"), r.getString("timezone"),
        start.equals(end) ? null : new QuietWindow(start, end), r.getString("sms_sender"), r.getInteger("email_per_second"),
        r.getInteger("sms_per_second"), r.getString("contact_email"), r.getString("contact_phone"),
        r.getBoolean("signup_double_opt_in"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("defaultLanguage", defaultLanguage).put("timezone", timezone)
        .put("smsQuietHours", smsQuietHours == null ? null : smsQuietHours.toJson())
        .put("smsSenderId", smsSenderId).put("emailPerSecond", emailPerSecond).put("smsPerSecond", smsPerSecond)
        .put("contactEmail", contactEmail).put("contactPhone", contactPhone).put("signupDoubleOptIn", signupDoubleOptIn);
  }
}
