package org.noticeboard.audience;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.noticeboard.accounts.Languages;
import org.noticeboard.errors.FieldError;

/**
 * A dynamic audience filter. All given parts must hold (AND); within a part: tags {@code any}
 * (at least one), {@code all}, languages (any of), units (in any of these subtrees), lists
 * (confirmed on any of these lists), attribute conditions (each must hold).
 *
 * <pre>{"tags": {"any": ["dad"], "all": []}, "languages": ["en", "pl"], "unitIds": [3], "listIds": [7],
 *  "attributes": [{"name": "childBirthDate", "op": "ageMonthsUnder", "value": 12}], "status": "active"}</pre>
 *
 * @param text free text matched against name, email and phone (subscriber search only, never saved)
 * @param status {@code active}, {@code blocked} or null for either
 */
public record SegmentDefinition(List<String> tagsAny, List<String> tagsAll, List<String> languages, List<Long> unitIds,
                                List<Long> listIds, List<AttributeCondition> attributes, String status, String text) {

  /** Attribute names are identifiers only; they still travel as SQL parameters. */
  public static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");
  public static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9-]{0,49}");
  public static final Set<String> OPS = Set.of("equals", "notEquals", "in", "before", "after", "ageMonthsUnder", "ageMonthsAtLeast", "exists");

  /** One condition on a free attribute; {@code value} is a String, a List of Strings, a LocalDate or an Integer. */
  public record AttributeCondition(String name, String op, Object value) {
    JsonObject toJson() {
      Object v = value instanceof List<?> l ? new JsonArray(new ArrayList<>(l)) : value instanceof LocalDate d ? d.toString() : value;
      return new JsonObject().put("name", name).put("op", op).put("value", v);
    }
  }

  public static SegmentDefinition empty() {
    return new SegmentDefinition(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null, null);
  }

  public SegmentDefinition withStatus(String s) {
    return new SegmentDefinition(tagsAny, tagsAll, languages, unitIds, listIds, attributes, s, text);
  }

  /** Reads and checks a definition; problems are added to {@code errors} with fields under {@code prefix}. */
  public static SegmentDefinition parse(JsonObject json, String prefix, List<FieldError> errors) {
    if (json == null) {
      errors.add(new FieldError(prefix.isEmpty() ? "definition" : prefix, "is required"));
      return empty();
    }
    String p = prefix.isEmpty() ? "" : prefix + ".";
    for (String key : json.fieldNames()) {
      if (!Set.of("tags", "languages", "unitIds", "listIds", "attributes", "status").contains(key)) {
        errors.add(new FieldError(p + key, "is not a segment field (tags, languages, unitIds, listIds, attributes, status)"));
      }
    }
    List<String> any = List.of();
    List<String> all = List.of();
    Object tags = json.getValue("tags");
    if (tags instanceof JsonObject t) {
      any = strings(t.getValue("any"), p + "tags.any", errors, TAG, "must be tags such as new-parent or dad");
      all = strings(t.getValue("all"), p + "tags.all", errors, TAG, "must be tags such as new-parent or dad");
    } else if (tags != null) {
      errors.add(new FieldError(p + "tags", "must be an object with \"any\" and/or \"all\" lists"));
    }
    List<String> languages = strings(json.getValue("languages"), p + "languages", errors, null, null);
    for (String l : languages) {
      if (!Languages.valid(l)) {
        errors.add(new FieldError(p + "languages", "\"" + l + "\" is not a BCP 47 language tag"));
      }
    }
    List<Long> unitIds = ids(json.getValue("unitIds"), p + "unitIds", errors);
    List<Long> listIds = ids(json.getValue("listIds"), p + "listIds", errors);
    List<AttributeCondition> conditions = new ArrayList<>();
    Object attrs = json.getValue("attributes");
    if (attrs instanceof JsonArray arr) {
      for (int i = 0; i < arr.size(); i++) {
        String f = p + "attributes[" + i + "]";
        if (arr.getValue(i) instanceof JsonObject c) {
          AttributeCondition cond = condition(c, f, errors);
          if (cond != null) {
            conditions.add(cond);
          }
        } else {
          errors.add(new FieldError(f, "must be an object {name, op, value}"));
        }
      }
    } else if (attrs != null) {
      errors.add(new FieldError(p + "attributes", "must be a list of conditions"));
    }
    Object status = json.getValue("status");
    if (status != null && !"active".equals(status) && !"blocked".equals(status)) {
      errors.add(new FieldError(p + "status", "must be active or blocked"));
      status = null;
    }
    return new SegmentDefinition(any, all, languages, unitIds, listIds, conditions, (String) status, null);
  }

  private static AttributeCondition condition(JsonObject c, String f, List<FieldError> errors) {
    Object name = c.getValue("name");
    Object op = c.getValue("op");
    Object value = c.getValue("value");
    if (!(name instanceof String n) || !ATTRIBUTE_NAME.matcher(n).matches()) {
      errors.add(new FieldError(f + ".name", "must be an attribute name: a letter, then letters, digits or _ (at most 63)"));
      return null;
    }
    if (!(op instanceof String o) || !OPS.contains(o)) {
      errors.add(new FieldError(f + ".op", "must be one of " + String.join(", ", OPS.stream().sorted().toList())));
      return null;
    }
    switch (o) {
      case "exists":
        return new AttributeCondition(n, o, null);
      case "equals", "notEquals":
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
          return new AttributeCondition(n, o, value.toString());
        }
        errors.add(new FieldError(f + ".value", "must be a string, number or true/false"));
        return null;
      case "in":
        List<String> values = value instanceof JsonArray ? strings(value, f + ".value", errors, null, null) : null;
        if (values == null || values.isEmpty()) {
          errors.add(new FieldError(f + ".value", "must be a non-empty list of values"));
          return null;
        }
        return new AttributeCondition(n, o, values);
      case "before", "after":
        try {
          return new AttributeCondition(n, o, LocalDate.parse(String.valueOf(value)));
        } catch (DateTimeParseException e) {
          errors.add(new FieldError(f + ".value", "must be a date such as 2025-01-31"));
          return null;
        }
      default: // ageMonthsUnder, ageMonthsAtLeast
        if (value instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue()) && num.intValue() >= 0 && num.intValue() <= 1200) {
          return new AttributeCondition(n, o, num.intValue());
        }
        errors.add(new FieldError(f + ".value", "must be a whole number of months (0 to 1200)"));
        return null;
    }
  }

  private static List<String> strings(Object v, String field, List<FieldError> errors, Pattern pattern, String patternMessage) {
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof JsonArray arr)) {
      errors.add(new FieldError(field, "must be a list"));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Object o : arr) {
      if (!(o instanceof String s) || s.length() > 200) {
        errors.add(new FieldError(field, "must be a list of strings"));
        return List.of();
      }
      if (pattern != null && !pattern.matcher(s).matches()) {
        errors.add(new FieldError(field, patternMessage + " (got \"" + s + "\")"));
        return List.of();
      }
      out.add(s);
    }
    return out;
  }

  private static List<Long> ids(Object v, String field, List<FieldError> errors) {
    if (v == null) {
      return List.of();
    }
    List<Long> out = new ArrayList<>();
    if (v instanceof JsonArray arr) {
      for (Object o : arr) {
        if (o instanceof Number n && n.longValue() > 0 && n.doubleValue() == Math.rint(n.doubleValue())) {
          out.add(n.longValue());
        } else {
          errors.add(new FieldError(field, "must be a list of ids"));
          return List.of();
        }
      }
      return out;
    }
    errors.add(new FieldError(field, "must be a list of ids"));
    return List.of();
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject();
    if (!tagsAny.isEmpty() || !tagsAll.isEmpty()) {
      j.put("tags", new JsonObject().put("any", new JsonArray(new ArrayList<>(tagsAny))).put("all", new JsonArray(new ArrayList<>(tagsAll))));
    }
    if (!languages.isEmpty()) {
      j.put("languages", new JsonArray(new ArrayList<>(languages)));
    }
    if (!unitIds.isEmpty()) {
      j.put("unitIds", new JsonArray(new ArrayList<>(unitIds)));
    }
    if (!listIds.isEmpty()) {
      j.put("listIds", new JsonArray(new ArrayList<>(listIds)));
    }
    if (!attributes.isEmpty()) {
      JsonArray a = new JsonArray();
      attributes.forEach(c -> a.add(c.toJson()));
      j.put("attributes", a);
    }
    if (status != null) {
      j.put("status", status);
    }
    return j;
  }
}
