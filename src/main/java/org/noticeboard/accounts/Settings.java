package org.noticeboard.accounts;

import io.vertx.core.json.JsonObject;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.noticeboard.contact.Addresses;
import org.noticeboard.contact.SmsSenderId;
import org.noticeboard.db.SqlErrors;
import org.noticeboard.errors.FieldError;
import org.noticeboard.errors.Problem;
import org.noticeboard.web.JsonInput;

/** Reading the settings organisations and units share (sender ids, contacts, quiet hours) from a request body. */
final class Settings {
  static final String SENDER_RULE = "must be 1 to 11 letters, digits and spaces with at least one letter (e.g. BacupHub),"
      + " or a phone number in international form such as +447700900100; null for the default";
  static final String LOGO_RULE = "must be an https:// address of an image, at most 2000 characters; null for none";

  private Settings() {}

  /**
   * A sender number belongs to one organisation (replies to it are routed by it), which the database
   * enforces: another organisation's number is a 409 naming the field; any other failure passes through.
   */
  static Throwable senderTaken(Throwable e) {
    return SqlErrors.isUniqueViolation(e, "sms_sender_owned_once")
        ? new Problem(Problem.Kind.CONFLICT, "that SMS sender number is already another organisation's",
            List.of(new FieldError("smsSenderId", "is another organisation's sender number; replies to it go there")), null)
        : e;
  }

  static Optional<Optional<String>> senderId(JsonInput in, String field) {
    Optional<Optional<String>> v = in.nullableString(field, 16);
    if (v.isPresent() && v.get().isPresent() && !SmsSenderId.valid(v.get().get())) {
      in.error(field, SENDER_RULE);
      return Optional.empty();
    }
    return v;
  }

  static Optional<Optional<String>> email(JsonInput in, String field) {
    Optional<Optional<String>> v = in.nullableString(field, 320);
    if (v.isPresent() && v.get().isPresent()) {
      Optional<String> e = Addresses.email(v.get().get());
      if (e.isEmpty()) {
        in.error(field, "must be an email address, or null");
        return Optional.empty();
      }
      return Optional.of(e);
    }
    return v;
  }

  /** A phone number libphonenumber finds valid, kept in the form people read (01706 000000 for UK numbers). */
  static Optional<Optional<String>> phone(JsonInput in, String field) {
    Optional<Optional<String>> v = in.nullableString(field, 40);
    if (v.isPresent() && v.get().isPresent()) {
      Optional<String> p = Addresses.displayPhone(v.get().get());
      if (p.isEmpty()) {
        in.error(field, "must be a valid phone number, e.g. 01706 000000 or +44 1706 000000, or null");
        return Optional.empty();
      }
      return Optional.of(p);
    }
    return v;
  }

  static Optional<Optional<String>> logoUrl(JsonInput in, String field) {
    Optional<Optional<String>> v = in.nullableString(field, 2000);
    if (v.isPresent() && v.get().isPresent()) {
      String url = v.get().get();
      if (!url.startsWith("https://") || url.length() <= 8 || url.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '<' || c == '>')) {
        in.error(field, LOGO_RULE);
        return Optional.empty();
      }
    }
    return v;
  }

  /** {@code {"start": "21:00", "end": "08:00"}} in the organisation's time zone, or null for none. */
  static Optional<Optional<Organisation.QuietWindow>> quietHours(JsonInput in, String field) {
    if (!in.has(field)) {
      return Optional.empty();
    }
    Object v = in.value(field);
    if (v == null) {
      return Optional.of(Optional.empty());
    }
    if (!(v instanceof JsonObject o)) {
      in.error(field, "must be {\"start\": \"21:00\", \"end\": \"08:00\"}, or null for no quiet hours");
      return Optional.empty();
    }
    in.onlyKnown(o, field, Set.of("start", "end"));
    LocalTime start = time(in, o, field, "start");
    LocalTime end = time(in, o, field, "end");
    if (start == null || end == null) {
      return Optional.empty();
    }
    if (start.equals(end)) {
      in.error(field, "start and end must differ; use null for no quiet hours");
      return Optional.empty();
    }
    return Optional.of(Optional.of(new Organisation.QuietWindow(start, end)));
  }

  private static LocalTime time(JsonInput in, JsonObject o, String field, String part) {
    Object v = o.getValue(part);
    if (v instanceof String s && s.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
      try {
        return LocalTime.parse(s);
      } catch (DateTimeParseException e) {
        // falls through to the error
      }
    }
    in.error(field + "." + part, v == null ? "is required (HH:MM)" : "must be a time of day as HH:MM, e.g. 21:00");
    return null;
  }
}
