package org.noticeboard.errors;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A failure a client can act on. Services throw it (as a failed Future) without knowing about
 * HTTP; the web layer turns its {@link Kind} into a status and an {@code application/problem+json} body.
 */
public final class Problem extends RuntimeException {

  public enum Kind {
    BAD_REQUEST(400, "Bad Request"),
    UNAUTHENTICATED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not Found"),
    METHOD_NOT_ALLOWED(405, "Method Not Allowed"),
    CONFLICT(409, "Conflict"),
    VALIDATION(422, "Validation failed"),
    TOO_MANY_REQUESTS(429, "Too Many Requests");

    public final int status;
    public final String title;

    Kind(int status, String title) {
      this.status = status;
      this.title = title;
    }

    /** A stable identifier clients can switch on (RFC 9457 "type"). */
    public String type() {
      return "urn:noticeboard:problem:" + name().toLowerCase().replace('_', '-');
    }
  }

  private final Kind kind;
  private final List<FieldError> errors;
  private final JsonObject extensions;

  public Problem(Kind kind, String detail, List<FieldError> errors, JsonObject extensions) {
    super(detail, null, false, false); // no stack trace: these are expected outcomes
    this.kind = kind;
    this.errors = List.copyOf(errors);
    this.extensions = extensions == null ? new JsonObject() : extensions;
  }

  public Kind kind() {
    return kind;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public JsonObject extensions() {
    return extensions;
  }

  public static Problem badRequest(String detail) {
    return new Problem(Kind.BAD_REQUEST, detail, List.of(), null);
  }

  public static Problem unauthenticated(String detail) {
    return new Problem(Kind.UNAUTHENTICATED, detail, List.of(), null);
  }

  public static Problem forbidden(String detail) {
    return new Problem(Kind.FORBIDDEN, detail, List.of(), null);
  }

  public static Problem notFound(String what, Object id) {
    return new Problem(Kind.NOT_FOUND, "no " + what + " " + id, List.of(), null);
  }

  public static Problem methodNotAllowed(String detail) {
    return new Problem(Kind.METHOD_NOT_ALLOWED, detail, List.of(), null);
  }

  public static Problem conflict(String detail) {
    return new Problem(Kind.CONFLICT, detail, List.of(), null);
  }

  public static Problem conflict(String detail, JsonObject extensions) {
    return new Problem(Kind.CONFLICT, detail, List.of(), extensions);
  }

  public static Problem invalid(List<FieldError> errors) {
    String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
        : errors.size() + " fields are invalid";
    return new Problem(Kind.VALIDATION, detail, errors, null);
  }

  public static Problem invalid(String field, String message) {
    return invalid(List.of(new FieldError(field, message)));
  }
}
