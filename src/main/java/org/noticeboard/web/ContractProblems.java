package org.noticeboard.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.noticeboard.errors.FieldError;
import org.noticeboard.errors.Problem;

/**
 * Turns a failed validation against the contract into the problem a client can act on: a field
 * error per offending field, in the words the handlers use ("must be at most 200 characters",
 * "unknown field; did you mean timezone?"), with the limits read from the document itself.
 * A bad path parameter (an id that is not a positive number) is a 404, as no such resource exists.
 */
final class ContractProblems {
  private static final Pattern PARAMETER = Pattern.compile("(path|query|header|cookie) parameter (\\S+?)( is|$|\\s)");
  private static final Pattern REQUIRED = Pattern.compile("\"([^\"]+)\"");

  private final JsonObject document;

  ContractProblems(JsonObject document) {
    this.document = document;
  }

  /** Whether the failure is about a parameter (path, query …) rather than the body. */
  boolean parameterError(Throwable e) {
    return PARAMETER.matcher(String.valueOf(e.getMessage())).find();
  }

  Throwable of(Throwable e, Operation op, String requestPath) {
    if (!(e instanceof ValidatorException ve)) {
      return e;
    }
    String message = String.valueOf(ve.getMessage());
    Matcher p = PARAMETER.matcher(message);
    if (p.find()) {
      String in = p.group(1);
      String name = p.group(2);
      if (in.equals("path")) {
        return Problem.notFound("resource", requestPath);
      }
      String reason = ve.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER ? "is required"
          : e instanceof SchemaValidationException se ? describe(leaf(se.getOutputUnit()), parameterSchema(op, name))
          : "is not a valid value";
      return Problem.invalid(List.of(new FieldError(name, reason)));
    }
    if (ve.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER) {
      return Problem.badRequest("this request needs a JSON body");
    }
    if (ve.type() == ValidatorErrorType.ILLEGAL_VALUE || ve.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT) {
      return Problem.badRequest("the request body is not valid JSON");
    }
    if (e instanceof SchemaValidationException se) {
      return bodyProblem(se.getOutputUnit(), bodySchema(op));
    }
    return Problem.badRequest(message);
  }

  private Problem bodyProblem(OutputUnit result, JsonObject bodySchema) {
    if (bodySchema != null && !"object".equals(resolve(bodySchema).getString("type"))) {
      return Problem.badRequest("the request body must be a JSON object");
    }
    Map<String, FieldError> errors = new LinkedHashMap<>();
    for (OutputUnit u : leaves(result)) {
      String keyword = u.getKeywordLocation() == null ? "" : u.getKeywordLocation();
      if (keyword.endsWith("/properties") || keyword.endsWith("/items")) {
        continue; // "property x does not match": its own errors say why
      }
      String path = field(u.getInstanceLocation());
      JsonObject schema = bodySchema == null ? null : at(bodySchema, parent(keyword));
      if (keyword.endsWith("/additionalProperties")) {
        String name = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
        JsonObject props = schema == null ? null : schema.getJsonObject("properties");
        if (props != null && props.containsKey(name)) {
          continue; // a known field that failed its own schema is also reported as "additional"
        }
        errors.putIfAbsent(path, new FieldError(path, "unknown field" + (props == null ? ""
            : Suggestions.closest(name, props.fieldNames()).map(k -> "; did you mean " + k + "?").orElse(""))));
        continue;
      }
      if (keyword.endsWith("/required")) {
        Matcher m = REQUIRED.matcher(String.valueOf(u.getError()));
        String missing = m.find() ? m.group(1) : "";
        String f = path.isEmpty() ? missing : path + "." + missing;
        errors.putIfAbsent(f, new FieldError(f, "is required"));
        continue;
      }
      if (path.isEmpty() && keyword.endsWith("/type")) {
        return Problem.badRequest("the request body must be a JSON object");
      }
      errors.putIfAbsent(path, new FieldError(path, describe(u, schema)));
    }
    if (errors.isEmpty()) {
      errors.put("", new FieldError("", "does not match the API contract"));
    }
    return Problem.invalid(new ArrayList<>(errors.values()));
  }

  /** The handlers' wording for one failed keyword, with the limit from the schema that set it. */
  static String describe(OutputUnit u, JsonObject schema) {
    String keyword = u == null || u.getKeywordLocation() == null ? "" : u.getKeywordLocation();
    String k = keyword.substring(keyword.lastIndexOf('/') + 1);
    JsonObject s = schema == null ? new JsonObject() : schema;
    return switch (k) {
      case "maxLength" -> "must be at most " + s.getValue("maxLength") + " characters";
      case "minLength" -> s.getInteger("minLength", 1) <= 1 ? "must not be empty" : "must be at least " + s.getValue("minLength") + " characters";
      case "minimum", "maximum" -> s.containsKey("minimum") && s.containsKey("maximum")
          ? "must be from " + s.getValue("minimum") + " to " + s.getValue("maximum")
          : k.equals("minimum") ? "must be at least " + s.getValue("minimum") : "must be at most " + s.getValue("maximum");
      case "enum" -> "must be one of " + s.getJsonArray("enum", new JsonArray()).stream()
          .map(v -> v == null ? "null" : String.valueOf(v)).collect(Collectors.joining(", "));
      case "type" -> "must be " + typeWords(s.getValue("type"));
      case "maxItems" -> "must list at most " + s.getValue("maxItems");
      case "minItems" -> "must list at least " + s.getValue("minItems");
      case "pattern", "format" -> s.getString("description", "is not in the expected form");
      default -> u == null ? "is not valid" : String.valueOf(u.getError());
    };
  }

  private static String typeWords(Object type) {
    List<String> types = type instanceof JsonArray a ? a.stream().map(String::valueOf).toList() : List.of(String.valueOf(type));
    return types.stream().map(t -> switch (t) {
      case "string" -> "a string";
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      case "object" -> "an object";
      case "array" -> "a list";
      case "null" -> "null";
      default -> t;
    }).collect(Collectors.joining(" or "));
  }

  private static List<OutputUnit> leaves(OutputUnit u) {
    List<OutputUnit> out = new ArrayList<>();
    if (u.getErrors() == null || u.getErrors().isEmpty()) {
      out.add(u);
    } else {
      u.getErrors().forEach(e -> out.addAll(leaves(e)));
    }
    return out;
  }

  private static OutputUnit leaf(OutputUnit u) {
    List<OutputUnit> all = leaves(u);
    return all.get(all.size() - 1);
  }

  /**
   * The handlers' field names: {@code #/smsQuietHours/start} → {@code smsQuietHours.start},
   * {@code #/definition/attributes/0/name} → {@code definition.attributes[0].name}; a bad item of a
   * plain list is the list's error ({@code #/tags/2} → {@code tags}).
   */
  static String field(String instanceLocation) {
    if (instanceLocation == null || instanceLocation.length() <= 2) {
      return "";
    }
    String[] segments = instanceLocation.substring(2).split("/");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i].replace("~1", "/").replace("~0", "~");
      if (s.matches("\\d+")) {
        if (i < segments.length - 1) {
          out.append('[').append(s).append(']');
        }
      } else {
        out.append(out.length() == 0 ? "" : ".").append(s);
      }
    }
    return out.toString();
  }

  private static String parent(String keywordLocation) {
    int slash = keywordLocation.lastIndexOf('/');
    return slash <= 0 ? "#" : keywordLocation.substring(0, slash);
  }

  private JsonObject bodySchema(Operation op) {
    JsonObject o = operation(op);
    JsonObject content = o == null ? null : o.getJsonObject("requestBody", new JsonObject()).getJsonObject("content");
    if (content == null) {
      return null;
    }
    for (String type : content.fieldNames()) {
      if (type.startsWith("application/json")) {
        return content.getJsonObject(type).getJsonObject("schema");
      }
    }
    return null;
  }

  private JsonObject parameterSchema(Operation op, String name) {
    JsonObject o = operation(op);
    JsonObject path = document.getJsonObject("paths").getJsonObject(op.getOpenAPIPath(), new JsonObject());
    for (JsonArray params : new JsonArray[] {o == null ? null : o.getJsonArray("parameters"), path.getJsonArray("parameters")}) {
      if (params == null) {
        continue;
      }
      for (Object p : params) {
        JsonObject param = resolve((JsonObject) p);
        if (name.equals(param.getString("name"))) {
          return resolve(param.getJsonObject("schema", new JsonObject()));
        }
      }
    }
    return null;
  }

  private JsonObject operation(Operation op) {
    JsonObject path = document.getJsonObject("paths").getJsonObject(op.getOpenAPIPath());
    return path == null ? null : path.getJsonObject(op.getHttpMethod().name().toLowerCase());
  }

  /** The schema at a keyword location relative to {@code root} (e.g. {@code #/properties/q}), following $refs. */
  private JsonObject at(JsonObject root, String location) {
    JsonObject node = resolve(root);
    if (location.equals("#")) {
      return node;
    }
    for (String seg : location.substring(2).split("/")) {
      if (seg.equals("$ref")) {
        continue; // the output names the $ref it followed; resolve() already did
      }
      Object next = node.getValue(seg.replace("~1", "/").replace("~0", "~"));
      if (next instanceof JsonObject o) {
        node = resolve(o);
      } else if (next instanceof JsonArray) {
        return node; // into a list of schemas: the enclosing schema is as close as the wording needs
      } else {
        return null;
      }
    }
    return node;
  }

  private JsonObject resolve(JsonObject schema) {
    JsonObject s = schema;
    for (int i = 0; i < 10 && s != null && s.getString("$ref") != null && s.getString("$ref").startsWith("#/"); i++) {
      JsonObject target = document;
      for (String seg : s.getString("$ref").substring(2).split("/")) {
        target = target == null ? null : target.getJsonObject(seg);
      }
      s = target;
    }
    return s == null ? new JsonObject() : s;
  }
}
