package org.noticeboard.content;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.noticeboard.web.Auth;
import org.noticeboard.web.JsonInput;
import org.noticeboard.web.Responses;

/** {@code /api/v1/templates}: templates, language variants, versions, preview and validation. */
public final class ContentRoutes {
  private static final java.util.Set<String> VARIANT_FIELDS = java.util.Set.of("layout", "subject", "preheader", "html", "text", "sms");
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 200;
  private final ContentService content;

  public ContentRoutes(ContentService content) {
    this.content = content;
  }

  public void mount(Router api) {
    api.get("/templates").handler(this::list);
    api.post("/templates").handler(ctx -> Responses.created(ctx, content.create(Auth.tenant(ctx), templateInput(ctx, true)),
        TemplateDetail::toJson, d -> "/api/v1/templates/" + d.template().id()));
    api.get("/templates/shipped").handler(ctx -> content.shippedCatalogue()
        .onSuccess(items -> Responses.json(ctx, 200, new JsonObject().put("items", new JsonArray(items))))
        .onFailure(ctx::fail));
    api.post("/templates/validate").handler(this::validate);
    api.get("/templates/:id").handler(ctx -> Responses.reply(ctx,
        content.get(Auth.tenant(ctx), Responses.id(ctx, "id"), intParam(ctx, "version")), TemplateDetail::toJson));
    api.patch("/templates/:id").handler(ctx -> Responses.reply(ctx,
        content.update(Auth.tenant(ctx), Responses.id(ctx, "id"), templateInput(ctx, false)), TemplateDetail::toJson));
    api.delete("/templates/:id").handler(ctx -> Responses.noContent(ctx, content.delete(Auth.tenant(ctx), Responses.id(ctx, "id"))));
    api.get("/templates/:id/versions").handler(this::versions);
    api.get("/templates/:id/variants/:language").handler(ctx -> Responses.reply(ctx, content.variant(Auth.tenant(ctx),
        Responses.id(ctx, "id"), ctx.pathParam("language"), intParam(ctx, "version")), Variant::toJson));
    api.put("/templates/:id/variants/:language").handler(ctx -> {
      JsonInput in = JsonInput.of(ctx);
      Variant v = variant(in, in.whole(), "variants." + ctx.pathParam("language"), ctx.pathParam("language"));
      in.done();
      Responses.reply(ctx, content.putVariant(Auth.tenant(ctx), Responses.id(ctx, "id"), ctx.pathParam("language"), v),
          TemplateDetail::toJson);
    });
    api.delete("/templates/:id/variants/:language").handler(ctx -> Responses.reply(ctx,
        content.deleteVariant(Auth.tenant(ctx), Responses.id(ctx, "id"), ctx.pathParam("language")), TemplateDetail::toJson));
    api.post("/templates/:id/preview").handler(this::preview);
  }

  private void list(RoutingContext ctx) {
    JsonInput q = query(ctx);
    Optional<TemplateKind> kind = q.choice("kind", TemplateKind::parse, TemplateKind.codes());
    long after = q.longValue("after").orElse(0L);
    long limit = q.longValue("limit").orElse((long) DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      q.error("limit", "must be between 1 and " + MAX_LIMIT);
    }
    q.done();
    content.list(Auth.tenant(ctx), kind, after, (int) limit).onSuccess(items -> {
      JsonArray out = new JsonArray();
      items.forEach(t -> out.add(t.toJson()));
      Object next = items.size() == limit ? items.get(items.size() - 1).id() : null;
      Responses.json(ctx, 200, new JsonObject().put("items", out).put("next", next));
    }).onFailure(ctx::fail);
  }

  private void versions(RoutingContext ctx) {
    JsonInput q = query(ctx);
    long after = q.longValue("after").orElse((long) Integer.MAX_VALUE);
    long limit = q.longValue("limit").orElse((long) DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      q.error("limit", "must be between 1 and " + MAX_LIMIT);
    }
    q.done();
    content.versions(Auth.tenant(ctx), Responses.id(ctx, "id"), (int) Math.min(after, Integer.MAX_VALUE), (int) limit)
        .onSuccess(items -> {
          JsonArray out = new JsonArray();
          items.forEach(v -> out.add(v.toJson()));
          Object next = items.size() == limit ? items.get(items.size() - 1).version() : null;
          Responses.json(ctx, 200, new JsonObject().put("items", out).put("next", next));
        }).onFailure(ctx::fail);
  }

  private void validate(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx);
    TemplateKind kind = in.choice("kind", TemplateKind::parse, TemplateKind.codes()).orElse(TemplateKind.NEWSLETTER);
    Map<String, Variant> variants = variants(in).orElse(Map.of());
    if (!in.has("variants")) {
      in.error("variants", "is required");
    }
    in.done();
    content.validate(Auth.tenant(ctx), kind, variants)
        .onSuccess(v -> Responses.json(ctx, 200, new JsonObject().put("valid", true)))
        .onFailure(ctx::fail);
  }

  private void preview(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx);
    Optional<Long> subscriberId = in.longValue("subscriberId");
    Optional<String> language = in.string("language", 35);
    Optional<Long> version = in.longValue("version");
    JsonObject model = null;
    Object m = in.value("model");
    if (m instanceof JsonObject o) {
      model = o;
    } else if (m != null) {
      in.error("model", "must be an object");
    }
    in.done();
    Responses.reply(ctx, content.preview(Auth.tenant(ctx), Responses.id(ctx, "id"), subscriberId, language,
        version.map(Long::intValue), model), Preview::toJson);
  }

  private static TemplateInput templateInput(RoutingContext ctx, boolean creating) {
    JsonInput in = JsonInput.of(ctx);
    Optional<String> name = in.string("name", 200);
    if (name.isPresent() && name.get().isEmpty()) {
      in.error("name", "must not be empty");
    }
    Optional<TemplateKind> kind = creating ? in.choice("kind", TemplateKind::parse, TemplateKind.codes()) : Optional.empty();
    if (!creating && in.has("kind")) {
      in.error("kind", "cannot be changed; make a new template");
    }
    if (!creating && in.has("variants")) {
      in.error("variants", "change variants with PUT /api/v1/templates/{id}/variants/{language}");
    }
    TemplateInput t = new TemplateInput(name, kind, in.nullableLong("unitId"), in.string("description", 2000),
        creating ? variants(in) : Optional.empty(), creating ? in.string("shipped", 100) : Optional.empty());
    in.done();
    return t;
  }

  private static Optional<Map<String, Variant>> variants(JsonInput in) {
    Object raw = in.value("variants");
    if (raw == null) {
      return Optional.empty();
    }
    if (!(raw instanceof JsonObject obj)) {
      in.error("variants", "must be an object keyed by language, e.g. {\"en\": {...}, \"pl\": {...}}");
      return Optional.empty();
    }
    Map<String, Variant> out = new LinkedHashMap<>();
    for (String language : obj.fieldNames()) {
      Object v = obj.getValue(language);
      if (!(v instanceof JsonObject vo)) {
        in.error("variants." + language, "must be an object with subject, preheader, html, text, sms, layout");
        continue;
      }
      String canonical = VariantChecks.canonicalLanguage(language);
      out.put(canonical == null ? language : canonical, variant(in, vo, "variants." + language, canonical == null ? language : canonical));
    }
    return Optional.of(out);
  }

  private static Variant variant(JsonInput in, JsonObject json, String prefix, String language) {
    in.onlyKnown(json, prefix, VARIANT_FIELDS);
    return new Variant(language, layoutName(in, json, prefix), part(in, json, prefix, "subject"), part(in, json, prefix, "preheader"),
        part(in, json, prefix, "html"), part(in, json, prefix, "text"), part(in, json, prefix, "sms"));
  }

  private static String layoutName(JsonInput in, JsonObject json, String prefix) {
    String layout = part(in, json, prefix, "layout");
    if (layout != null && !VariantChecks.PARTIAL_NAME.matcher(layout.strip()).matches()) {
      in.error(prefix + ".layout", "must be the name of a layout (lower-case letters, digits and dashes)");
      return null;
    }
    return layout == null ? null : layout.strip();
  }

  /** Template text as written (line endings normalised); an empty part is no part. */
  private static String part(JsonInput in, JsonObject json, String prefix, String name) {
    Object v = json.getValue(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      in.error(prefix + "." + name, "must be a string");
      return null;
    }
    String text = s.replace("\r\n", "\n").replace('\r', '\n');
    return text.isBlank() ? null : text;
  }

  private static JsonInput query(RoutingContext ctx) {
    JsonObject q = new JsonObject();
    ctx.queryParams().forEach((k, v) -> q.put(k, v.matches("-?\\d{1,18}") ? (Object) Long.parseLong(v) : v));
    return JsonInput.lenient(q);
  }

  private static Optional<Integer> intParam(RoutingContext ctx, String name) {
    JsonInput q = query(ctx);
    Optional<Long> v = q.longValue(name);
    q.done();
    return v.map(Long::intValue);
  }
}
