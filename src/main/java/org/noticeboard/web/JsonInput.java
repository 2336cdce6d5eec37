package org.noticeboard.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.noticeboard.errors.FieldError;
import org.noticeboard.errors.Problem;

/**
 * Reads a JSON request body field by field, collecting every problem; {@link #done()} then fails
 * with all of them at once as field errors. Absent and {@code null} fields read as empty.
 */
public final class JsonInput {
  private final JsonObject body;
  private final List<FieldError> errors = new ArrayList<>();

  private JsonInput(JsonObject body) {
    this.body = body;
  }

  public static JsonInput of(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      return new JsonInput(new JsonObject());
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
    return new JsonInput(json);
  }

  public static JsonInput of(JsonObject json) {
    return new JsonInput(json);
  }

  public boolean has(String field) {
    return body.containsKey(field);
  }

  public JsonObject raw() {
    return body;
  }

  public void error(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  public Optional<String> string(String field, int maxLength) {
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
    if (!body.containsKey(field)) {
      return Optional.empty();
    }
    if (body.getValue(field) == null) {
      return Optional.of(Optional.empty());
    }
    Optional<Long> v = longValue(field);
    return v.isPresent() ? Optional.of(v) : Optional.empty();
  }

  public Optional<Boolean> bool(String field) {
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

  /** Fails with every collected field error, if any. */
  public void done() {
    if (!errors.isEmpty()) {
      throw Problem.invalid(errors);
    }
  }
}
