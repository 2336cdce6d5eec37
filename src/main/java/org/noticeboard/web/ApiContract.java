package org.noticeboard.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.util.HashMap;
import io.vertx.openapi.validation.RequestValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.noticeboard.errors.Problem;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The API contract: OpenAPI 3.1, written as {@code openapi/*.yaml} on the classpath (a base with the
 * shared parts, one file per group of features), served as {@code /openapi.json}, and enforced:
 * every {@code /api/v1} request must match a documented operation, and its parameters and JSON body
 * are validated against the document before any handler sees them. So the document cannot drift from
 * what the service accepts; the handlers' own checks (and their clearer messages) still run after.
 */
public final class ApiContract {
  /** The contract's files: the base first, then the parts whose paths and schemas it merges. */
  public static final List<String> FILES = List.of("openapi/base.yaml", "openapi/accounts-delivery.yaml",
      "openapi/audience.yaml", "openapi/content-signup.yaml", "openapi/campaigns.yaml");
  private static final String OPERATION = "noticeboard.operation";

  private final OpenAPIContract contract;
  private final RequestValidator validator;
  private final JsonObject document;
  private final Buffer json;
  private final ContractProblems problems;

  private ApiContract(Vertx vertx, OpenAPIContract contract, JsonObject document) {
    this.contract = contract;
    this.validator = RequestValidator.create(vertx, contract);
    this.document = document;
    this.json = Buffer.buffer(document.encodePrettily());
    this.problems = new ContractProblems(document);
  }

  /** Reads and merges the files (blocking classpath reads, on a worker), then checks the document is valid OpenAPI. */
  public static Future<ApiContract> load(Vertx vertx) {
    return vertx.executeBlocking(ApiContract::merged, false)
        .compose(doc -> OpenAPIContract.from(vertx, forValidation(doc)).map(c -> new ApiContract(vertx, c, doc)));
  }

  /** Media types the validator understands; the others (problem+json answers, CSV uploads, SSE) are documentation only. */
  private static final Set<String> VALIDATED_TYPES = Set.of("application/json", "multipart/form-data",
      "application/octet-stream", "text/plain", "application/hal+json");

  /**
   * The copy the validator loads: the same operations and schemas, with what vertx-openapi 5.0.8
   * cannot take left out (media types it does not parse; integer formats, which it fails on null and
   * 3.0 although the handlers accept them) and internal $refs written in place, so an error inside a
   * referenced schema is reported as itself rather than as "a subschema had errors".
   */
  static JsonObject forValidation(JsonObject doc) {
    JsonObject copy = doc.copy();
    JsonObject paths = copy.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject op)) {
          continue;
        }
        JsonObject body = op.getJsonObject("requestBody");
        if (body != null) {
          keepValidatedTypes(body);
          if (body.getJsonObject("content").isEmpty()) {
            op.remove("requestBody");
          }
        }
        JsonObject responses = op.getJsonObject("responses", new JsonObject());
        for (String status : responses.fieldNames()) {
          if (responses.getValue(status) instanceof JsonObject r && r.containsKey("content")) {
            keepValidatedTypes(r);
            if (r.getJsonObject("content").isEmpty()) {
              r.remove("content");
            }
          }
        }
      }
    }
    JsonObject responses = copy.getJsonObject("components").getJsonObject("responses", new JsonObject());
    for (String name : responses.fieldNames()) {
      responses.getJsonObject(name).remove("content");
    }
    copy.put("paths", inline(paths, copy, 0));
    return copy;
  }

  private static void keepValidatedTypes(JsonObject holder) {
    JsonObject content = holder.getJsonObject("content", new JsonObject());
    content.fieldNames().removeIf(t -> !VALIDATED_TYPES.contains(t));
  }

  /** Writes internal schema $refs in place and drops int32/int64 formats (depth-bounded: no schema here recurses). */
  private static Object inline(Object node, JsonObject root, int depth) {
    if (depth > 40) {
      throw new IllegalStateException("the contract's schemas nest too deeply (a $ref cycle?)");
    }
    if (node instanceof JsonObject o) {
      String ref = o.getString("$ref");
      if (ref != null && ref.startsWith("#/components/schemas/")) {
        return inline(root.getJsonObject("components").getJsonObject("schemas").getJsonObject(ref.substring(21)), root, depth + 1);
      }
      JsonObject out = new JsonObject();
      for (String k : o.fieldNames()) {
        Object v = o.getValue(k);
        if (k.equals("format") && ("int64".equals(v) || "int32".equals(v))) {
          continue;
        }
        out.put(k, inline(v, root, depth + 1));
      }
      return out;
    }
    if (node instanceof io.vertx.core.json.JsonArray a) {
      io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
      a.forEach(v -> out.add(inline(v, root, depth + 1)));
      return out;
    }
    return node;
  }

  static JsonObject merged() {
    JsonObject base = read(FILES.get(0));
    JsonObject paths = base.getJsonObject("paths");
    JsonObject schemas = base.getJsonObject("components").getJsonObject("schemas");
    for (String file : FILES.subList(1, FILES.size())) {
      JsonObject part = read(file);
      mergeInto(paths, part.getJsonObject("paths", new JsonObject()), file);
      mergeInto(schemas, part.getJsonObject("components", new JsonObject()).getJsonObject("schemas", new JsonObject()), file);
    }
    return base;
  }

  private static void mergeInto(JsonObject target, JsonObject source, String file) {
    for (String key : source.fieldNames()) {
      if (target.containsKey(key)) {
        throw new IllegalStateException(file + " defines " + key + " again");
      }
      target.put(key, source.getValue(key));
    }
  }

  @SuppressWarnings("unchecked")
  private static JsonObject read(String resource) {
    try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + resource);
      }
      Object yaml = new Yaml(new LoaderOptions()).load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      // through JSON text, so every map and list becomes a JsonObject / JsonArray and every key a string
      return new JsonObject(io.vertx.core.json.Json.encode(yaml));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document as served at {@code /openapi.json}. */
  public Buffer json() {
    return json;
  }

  public JsonObject document() {
    return document;
  }

  /** Every documented operation as {@code "GET /api/v1/units/{id}"}. */
  public Set<String> operations() {
    Set<String> out = new TreeSet<>();
    document.getJsonObject("paths").forEach(p -> ((JsonObject) p.getValue()).fieldNames().stream()
        .filter(m -> Set.of("get", "put", "post", "patch", "delete").contains(m))
        .forEach(m -> out.add(m.toUpperCase() + " " + p.getKey())));
    return out;
  }

  /**
   * First on the API router: the request must be a documented operation (404, or 405 with Allow, if
   * not). A JSON one is then validated by {@link #validateRequest()} once its body is read. A request
   * whose body is streamed by its handler (CSV imports, file uploads) goes straight on: waiting here
   * for the validator would let the stream start before its handler reads it, so those handlers check
   * their own parameters.
   */
  public Handler<RoutingContext> matchOperation() {
    return ctx -> {
      Operation op = contract.findOperation(ctx.request().path(), ctx.request().method());
      if (op == null) {
        ctx.fail(notDocumented(ctx));
        return;
      }
      ctx.put(OPERATION, op);
      ctx.next();
    };
  }

  /** After the body handler (and authentication): parameters and JSON body against the operation. */
  public Handler<RoutingContext> validateRequest() {
    return ctx -> {
      Operation op = ctx.get(OPERATION);
      if (op == null || op.getRequestBody() != null && !jsonBody(op)) {
        ctx.next();
        return;
      }
      Buffer body = ctx.body() == null ? null : ctx.body().buffer();
      validate(ctx, op, body == null || body.length() == 0 ? null : body);
    };
  }

  private void validate(RoutingContext ctx, Operation op, Buffer body) {
    // parameters as the router decoded them (RequestUtils.extract decodes them a second time: "%25" fails,
    // "%2B" turns to " "); a JSON body is read as JSON whatever Content-Type says, as the handlers always have
    ValidatableRequest request = new ValidatableRequestImpl(Map.of(), headers(ctx, op), pathParameters(ctx, op), query(ctx, op),
        body == null ? null : new RequestParameterImpl(body), body == null ? null : "application/json");
    validator.validate(request, op.getOperationId())
        .onSuccess(v -> ctx.next())
        .onFailure(e -> {
          Throwable problem = problems.of(e, op, ctx.request().path());
          if (problem instanceof Problem p && p.kind() == Problem.Kind.VALIDATION && body != null && !problems.parameterError(e)) {
            // the body's field errors: the handler's own reading adds its errors and refuses them all at once
            ctx.put(JsonInput.CONTRACT_ERRORS, p.errors());
            ctx.next();
            return;
          }
          ctx.fail(problem);
        });
  }

  private static Map<String, RequestParameter> pathParameters(RoutingContext ctx, Operation op) {
    Map<String, RequestParameter> out = new HashMap<>();
    for (Parameter p : op.getParameters()) {
      if (p.getIn() == Location.PATH) { // this handler runs before a route matched, so from the path itself
        String[] segments = ctx.request().path().substring(1).split("/");
        int segment = io.vertx.openapi.validation.RequestUtils.findPathSegment(op.getAbsoluteOpenAPIPath(), p.getName());
        String raw = segment >= 1 && segment <= segments.length ? segments[segment - 1] : null;
        out.put(p.getName(), new RequestParameterImpl(raw == null ? null
            : java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8)));
      }
    }
    return out;
  }

  private static Map<String, RequestParameter> headers(RoutingContext ctx, Operation op) {
    Map<String, RequestParameter> out = new HashMap<>();
    for (Parameter p : op.getParameters()) {
      if (p.getIn() == Location.HEADER) {
        out.put(p.getName(), new RequestParameterImpl(ctx.request().getHeader(p.getName())));
      }
    }
    return out;
  }

  private static Map<String, RequestParameter> query(RoutingContext ctx, Operation op) {
    Map<String, RequestParameter> out = new HashMap<>();
    for (Parameter p : op.getParameters()) {
      if (p.getIn() != Location.QUERY) {
        continue;
      }
      List<String> values = ctx.queryParams().getAll(p.getName());
      String value;
      if (values.isEmpty()) {
        value = null;
      } else if (p.getSchemaType() == io.vertx.json.schema.common.dsl.SchemaType.ARRAY && p.isExplode()) {
        value = values.stream().map(v -> p.getName() + "=" + v).collect(java.util.stream.Collectors.joining("&"));
      } else if (p.getSchemaType() == io.vertx.json.schema.common.dsl.SchemaType.OBJECT && p.isExplode()) {
        value = ctx.queryParams().entries().stream().map(e -> e.getKey() + "=" + e.getValue())
            .collect(java.util.stream.Collectors.joining("&"));
      } else {
        value = values.get(0);
      }
      out.put(p.getName(), new RequestParameterImpl(value));
    }
    return out;
  }

  private static boolean jsonBody(Operation op) {
    if (op.getRequestBody() == null) {
      return false;
    }
    Map<String, MediaType> content = op.getRequestBody().getContent();
    return content.keySet().stream().anyMatch(t -> t.startsWith("application/json"));
  }

  private Problem notDocumented(RoutingContext ctx) {
    TreeSet<String> allowed = new TreeSet<>();
    for (HttpMethod m : List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)) {
      if (contract.findOperation(ctx.request().path(), m) != null) {
        allowed.add(m.name());
      }
    }
    if (allowed.isEmpty()) {
      return Problem.notFound("resource", ctx.request().path());
    }
    ctx.response().putHeader("Allow", String.join(", ", allowed));
    return Problem.methodNotAllowed(ctx.request().method().name() + " is not allowed here; use " + String.join(", ", allowed));
  }

}
