package org.noticeboard.audience;

import org.noticeboard.contact.Addresses;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.noticeboard.accounts.Languages;
import org.noticeboard.errors.FieldError;

/**
 * Maps CSV columns by header and turns each record into a checked row, or into field errors.
 * Known headers (case and spacing ignored): name, email, phone, language, centre, tags
 * ({@code |}-separated), child_birth_date, notes, and a few common variants; any other column
 * becomes a free attribute named in camelCase ({@code postcode_district} → {@code postcodeDistrict}).
 */
final class ImportRows {
  /** One checked row; null fields were blank in the file and leave existing values alone. */
  static final class Row {
    final List<Integer> rows = new ArrayList<>();
    String name;
    String email;
    String phone;
    String language;
    Long unitId;
    final Set<String> tags = new LinkedHashSet<>();
    final JsonObject attributes = new JsonObject();
    Long subscriberId;
    boolean isNew;

    private String keyOf;
    private String key;

    /** The lower-case email, computed once per value (it is compared several times per row). */
    String emailKey() {
      if (email != keyOf) {
        keyOf = email;
        key = email == null ? null : Addresses.key("email", email);
      }
      return key;
    }

    int first() {
      return rows.get(0);
    }

    /** A later row about the same person: its non-blank values win, tags and attributes add up. */
    void absorb(Row later) {
      rows.addAll(later.rows);
      name = later.name != null ? later.name : name;
      email = later.email != null ? later.email : email;
      phone = later.phone != null ? later.phone : phone;
      language = later.language != null ? later.language : language;
      unitId = later.unitId != null ? later.unitId : unitId;
      tags.addAll(later.tags);
      attributes.mergeIn(later.attributes);
    }
  }

  record Outcome(Row row, List<FieldError> errors) {}

  private static final Map<String, String> KNOWN = new HashMap<>();

  static {
    for (String h : List.of("name", "full name", "fullname")) {
      KNOWN.put(h, "name");
    }
    for (String h : List.of("email", "e-mail", "email address", "e-mail address")) {
      KNOWN.put(h, "email");
    }
    for (String h : List.of("phone", "mobile", "mobile phone", "telephone", "phone number", "mobile number")) {
      KNOWN.put(h, "phone");
    }
    for (String h : List.of("language", "lang", "preferred language")) {
      KNOWN.put(h, "language");
    }
    for (String h : List.of("centre", "center", "unit", "children's centre")) {
      KNOWN.put(h, "centre");
    }
    KNOWN.put("tags", "tags");
    for (String h : List.of("child_birth_date", "child birth date", "childbirthdate", "child's birth date", "child date of birth")) {
      KNOWN.put(h, "childBirthDate");
    }
    KNOWN.put("notes", "notes");
  }

  private static final DateTimeFormatter UK_DATE = DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(java.time.format.ResolverStyle.STRICT);

  private final String[] columns; // per column: a known field, "attr:<name>", or null (ignored)
  private final Map<String, List<Long>> unitsByName;
  /**
   * Files use a handful of languages and tags on every row: each is checked once for the life of the
   * process (the answers never change; batches are checked in parallel).
   */
  private static final Map<String, Boolean> CHECKED = new java.util.concurrent.ConcurrentHashMap<>();
  final List<String> ignoredColumns = new ArrayList<>();

  ImportRows(List<String> header, Map<String, List<Long>> unitsByName) {
    this.unitsByName = unitsByName;
    columns = new String[header.size()];
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < header.size(); i++) {
      String h = header.get(i).strip();
      String known = KNOWN.get(h.toLowerCase(Locale.ROOT).replaceAll("\\s+", " "));
      String target = known != null ? known : attributeName(h);
      if (target == null || !seen.add(target)) {
        if (!h.isEmpty()) {
          ignoredColumns.add(h);
        }
        continue;
      }
      columns[i] = known != null ? known : "attr:" + target;
    }
  }

  boolean hasAddressColumn() {
    for (String c : columns) {
      if ("email".equals(c) || "phone".equals(c)) {
        return true;
      }
    }
    return false;
  }

  /** {@code Postcode District} → {@code postcodeDistrict}; null when no safe name results. */
  static String attributeName(String header) {
    String[] words = header.strip().split("[^A-Za-z0-9]+");
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      if (w.isEmpty()) {
        continue;
      }
      sb.append(sb.length() == 0 ? w.toLowerCase(Locale.ROOT) : Character.toUpperCase(w.charAt(0)) + w.substring(1).toLowerCase(Locale.ROOT));
    }
    String name = sb.toString();
    return SegmentDefinition.ATTRIBUTE_NAME.matcher(name).matches() ? name : null;
  }

  Outcome read(int rowNumber, List<String> fields) {
    Row r = new Row();
    r.rows.add(rowNumber);
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < columns.length && i < fields.size(); i++) {
      String column = columns[i];
      String v = fields.get(i).strip();
      if (column == null || v.isEmpty()) {
        continue;
      }
      switch (column) {
        case "name" -> {
          if (v.length() > 200) {
            errors.add(new FieldError("name", "is longer than 200 characters"));
          } else {
            r.name = v;
          }
        }
        case "email" -> Addresses.email(v).ifPresentOrElse(e -> r.email = e,
            () -> errors.add(new FieldError("email", "\"" + v + "\" is not an email address")));
        case "phone" -> Addresses.phone(v).ifPresentOrElse(p -> r.phone = p,
            () -> errors.add(new FieldError("phone", "\"" + v + "\" is not a valid phone number")));
        case "language" -> {
          if (once("language:" + v, () -> Languages.valid(v))) {
            r.language = v;
          } else {
            errors.add(new FieldError("language", "\"" + v + "\" is not a known language tag (e.g. en, pl, ur)"));
          }
        }
        case "centre" -> {
          List<Long> ids = unitsByName.getOrDefault(v.toLowerCase(Locale.ROOT), List.of());
          if (ids.size() == 1) {
            r.unitId = ids.get(0);
          } else {
            errors.add(new FieldError("centre", ids.isEmpty() ? "no centre named \"" + v + "\" here"
                : "\"" + v + "\" names " + ids.size() + " units; rename one of them"));
          }
        }
        case "tags" -> {
          for (String t : v.split("\\|")) {
            String tag = t.strip().toLowerCase(Locale.ROOT).replace(' ', '-');
            if (tag.isEmpty()) {
              continue;
            }
            if (once("tag:" + tag, () -> SegmentDefinition.TAG.matcher(tag).matches())) {
              r.tags.add(tag);
            } else {
              errors.add(new FieldError("tags", "\"" + t.strip() + "\" is not a tag (letters, digits and -)"));
            }
          }
        }
        case "childBirthDate" -> {
          LocalDate d = date(v);
          if (d == null) {
            errors.add(new FieldError("child_birth_date", "\"" + v + "\" is not a date (2024-05-27 or 27/05/2024)"));
          } else {
            r.attributes.put("childBirthDate", d.toString());
          }
        }
        case "notes" -> r.attributes.put("notes", v.length() > 2000 ? v.substring(0, 2000) : v);
        default -> r.attributes.put(column.substring(5), v.length() > 2000 ? v.substring(0, 2000) : v);
      }
    }
    if (errors.isEmpty() && r.email == null && r.phone == null) {
      errors.add(new FieldError("email", "the row has neither an email address nor a phone number"));
    }
    return new Outcome(errors.isEmpty() ? r : null, errors);
  }

  private static boolean digits(String v, int from, int to) {
    for (int i = from; i < to; i++) {
      if (v.charAt(i) < '0' || v.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean once(String key, java.util.function.BooleanSupplier check) {
    Boolean known = CHECKED.get(key);
    if (known == null) {
      known = check.getAsBoolean();
      if (CHECKED.size() < 10_000) { // files of free-text values must not grow this without bound
        CHECKED.put(key, known);
      }
    }
    return known;
  }

  private static LocalDate date(String v) {
    if (v.length() == 10 && v.charAt(4) == '-' && v.charAt(7) == '-' && digits(v, 0, 4) && digits(v, 5, 7) && digits(v, 8, 10)) {
      try { // the usual 2024-05-27, without the general parser's cost
        return LocalDate.of(Integer.parseInt(v, 0, 4, 10), Integer.parseInt(v, 5, 7, 10), Integer.parseInt(v, 8, 10, 10));
      } catch (java.time.DateTimeException e) {
        return null;
      }
    }
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(v, UK_DATE);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
