package org.noticeboard.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.noticeboard.errors.FieldError;
import org.noticeboard.errors.Problem;

/**
 * Reads a JSON request body field by field, collecting every problem; {@link #done()} then fails
 * with all of them at once as field errors. Absent and {@code null} fields read as empty.
 *
 * <p>A request body is read strictly: a field that no accessor asked for is an error naming it
 * ("unknown field; did you mean timezone?"), so a misspelt setting is never silently ignored.
 */
public final class JsonInput {
  private final JsonObject body;
  private final boolean strict;
  private final Set<String> known = new HashSet<>();
  private final List<FieldError> errors = new ArrayList<>();
  /** Where {@link ApiContract} leaves a body's field errors against the contract, for {@link #done()} to report. */
  public static final String CONTRACT_ERRORS = "noticeboard.contract-errors";
  private List<FieldError> contractErrors = List.of();

  private JsonInput(JsonObject body, boolean strict) {
    this.body = body;
    this.strict = strict;
  }

  public static JsonInput of(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      return new JsonInput(new JsonObject(), true);
    }
    Object parsed;
    try {
      parsed = io.vertx.core.json.Json.decodeValue(text);
    } catch (RuntimeException e) {
      throw Problem.badRequest("the request body is not valid JSON");
    }
    if (!(parsed instanceof JsonObject json)) {
      throw Problem.badRequest("the request body must be a JSON object");
    }
    JsonInput in = new JsonInput(json, true);
    List<FieldError> fromContract = ctx.get(CONTRACT_ERRORS);
    in.contractErrors = fromContract == null ? List.of() : fromContract;
    return in;
  }

  /** Query parameters or other values where fields nobody reads are allowed. */
  public static JsonInput lenient(JsonObject json) {
    return new JsonInput(json, false);
  }

  public boolean has(String field) {
    known.add(field);
    return body.containsKey(field);
  }

  /** A field's raw value (an object or array the caller checks itself), or null. */
  public Object value(String field) {
    known.add(field);
    return body.getValue(field);
  }

  /** The whole body, for a body that is itself one value (e.g. a template variant); its fields are the caller's to check. */
  public JsonObject whole() {
    known.addAll(body.fieldNames());
    return body;
  }

  /** Refuses fields of a nested object that are not in {@code allowed}, naming them {@code prefix.field}. */
  public void onlyKnown(JsonObject nested, String prefix, Set<String> allowed) {
    for (String f : nested.fieldNames()) {
      if (!allowed.contains(f)) {
        errors.add(unknown(prefix + "." + f, f, allowed));
      }
    }
  }

  public void error(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  public Optional<String> string(String field, int maxLength) {
    known.add(field);
    Object v = body.getValue(field);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String s)) {
      error(field, "must be a string");
      return Optional.empty();
    }
    String trimmed = s.strip();
    if (trimmed.length() > maxLength) {
      error(field, "must be at most " + maxLength + " characters");
      return Optional.empty();
    }
    if (trimmed.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
      error(field, "must not contain control characters");
      return Optional.empty();
    }
    return Optional.of(trimmed);
  }

  public String requiredString(String field, int maxLength) {
    Optional<String> s = string(field, maxLength);
    if (s.isEmpty() || s.get().isEmpty()) {
      if (errors.stream().noneMatch(e -> e.field().equals(field))) {
        error(field, "is required");
      }
      return null;
    }
    return s.get();
  }

  public Optional<Long> longValue(String field) {
    known.add(field);
    Object v = body.getValue(field);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return Optional.of(n.longValue());
    }
    error(field, "must be a whole number");
    return Optional.empty();
  }

  /** For fields where {@code null} means "clear it": empty = absent, of(empty) = null, of(of(x)) = x. */
  public Optional<Optional<Long>> nullableLong(String field) {
    known.add(field);
    if (!body.containsKey(field)) {
      return Optional.empty();
    }
    if (body.getValue(field) == null) {
      return Optional.of(Optional.empty());
    }
    Optional<Long> v = longValue(field);
    return v.isPresent() ? Optional.of(v) : Optional.empty();
  }

  /** For settings that can be cleared: empty = absent (leave it), of(empty) = null or "" (clear it), of(of(x)) = x. */
  public Optional<Optional<String>> nullableString(String field, int maxLength) {
    known.add(field);
    if (!body.containsKey(field)) {
      return Optional.empty();
    }
    if (body.getValue(field) == null) {
      return Optional.of(Optional.empty());
    }
    return string(field, maxLength).map(s -> s.isEmpty() ? Optional.<String>empty() : Optional.of(s));
  }

  /** A whole number from {@code min} to {@code max}, or null to clear; as {@link #nullableString}. */
  public Optional<Optional<Integer>> nullableInt(String field, int min, int max) {
    Optional<Optional<Long>> v = nullableLong(field);
    if (v.isPresent() && v.get().isPresent() && (v.get().get() < min || v.get().get() > max)) {
      error(field, "must be a whole number from " + min + " to " + max + ", or null");
      return Optional.empty();
    }
    return v.map(o -> o.map(Long::intValue));
  }

  public Optional<Boolean> bool(String field) {
    known.add(field);
    Object v = body.getValue(field);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Boolean b) {
      return Optional.of(b);
    }
    error(field, "must be true or false");
    return Optional.empty();
  }

  public <T> Optional<T> choice(String field, Function<String, Optional<T>> parser, List<String> allowed) {
    Optional<String> s = string(field, 100);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Optional<T> v = parser.apply(s.get());
    if (v.isEmpty()) {
      error(field, "must be one of " + String.join(", ", allowed));
    }
    return v;
  }

  public <T> T requiredChoice(String field, Function<String, Optional<T>> parser, List<String> allowed) {
    known.add(field);
    if (body.getValue(field) == null) {
      error(field, "is required");
      return null;
    }
    return choice(field, parser, allowed).orElse(null);
  }

  public Optional<OffsetDateTime> dateTime(String field) {
    Optional<String> s = string(field, 64);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(s.get()));
    } catch (DateTimeParseException e) {
      error(field, "must be an ISO-8601 date and time with an offset, e.g. 2026-03-01T09:30:00Z");
      return Optional.empty();
    }
  }

  /** A plausible email address: one @, a dot in the domain, no spaces. */
  public Optional<String> email(String field) {
    Optional<String> s = string(field, 320);
    if (s.isPresent() && !s.get().isEmpty() && !s.get().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      error(field, "must be an email address");
      return Optional.empty();
    }
    return s;
  }

  /**
   * Fails with every collected field error, if any; in a request body, each field nobody read is one,
   * and so is each the contract refused (unless this reading already said why that field is wrong).
   */
  public void done() {
    for (FieldError c : contractErrors) {
      if (errors.stream().noneMatch(e -> e.field().equals(c.field()))) {
        errors.add(c);
      }
    }
    if (strict) {
      for (String f : body.fieldNames()) {
        if (!known.contains(f)) {
          errors.add(unknown(f, f, known));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw Problem.invalid(errors);
    }
  }

  private static FieldError unknown(String path, String field, Set<String> known) {
    return new FieldError(path, "unknown field" + Suggestions.closest(field, known).map(k -> "; did you mean " + k + "?").orElse(""));
  }
}
