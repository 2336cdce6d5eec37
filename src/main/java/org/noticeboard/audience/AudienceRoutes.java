package org.noticeboard.audience;

import org.noticeboard.contact.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.noticeboard.accounts.Languages;
import org.noticeboard.accounts.Tenant;
import org.noticeboard.accounts.TokenService;
import org.noticeboard.errors.FieldError;
import org.noticeboard.errors.Problem;
import org.noticeboard.web.Auth;
import org.noticeboard.web.JsonInput;
import org.noticeboard.web.Responses;

/** {@code /api/v1/subscribers}, {@code /lists}, {@code /segments} and {@code /imports}. */
public final class AudienceRoutes {
  private static final String API = "/api/v1";
  private final AudienceServices a;

  public AudienceRoutes(AudienceServices audience) {
    this.a = audience;
  }

  /**
   * The CSV upload, mounted before the API's BodyHandler so the body is streamed, not buffered.
   * The request is paused at once so no chunk is lost while the token is checked.
   */
  public static void mountUploads(Router api, TokenService tokens, AudienceServices audience) {
    api.post("/imports").handler(ctx -> {
      ctx.request().pause();
      ctx.next();
    }).handler(Auth.handler(tokens)).handler(ctx -> ImportRoutes.upload(ctx, audience.imports()));
  }

  public void mount(Router api) {
    api.get("/subscribers").handler(this::search);
    api.get("/subscribers/count").handler(ctx -> Responses.reply(ctx,
        a.subscribers().count(Auth.tenant(ctx), filter(ctx)), n -> new JsonObject().put("count", n)));
    api.post("/subscribers").handler(ctx -> Responses.created(ctx,
        a.subscribers().create(Auth.tenant(ctx), subscriberInput(ctx, true)), Subscriber::toJson, s -> API + "/subscribers/" + s.id()));
    api.get("/subscribers/:id").handler(ctx -> Responses.reply(ctx, a.subscribers().get(Auth.tenant(ctx), id(ctx)), Subscriber::toJson));
    api.patch("/subscribers/:id").handler(ctx -> Responses.reply(ctx,
        a.subscribers().update(Auth.tenant(ctx), id(ctx), subscriberInput(ctx, false)), Subscriber::toJson));
    api.delete("/subscribers/:id").handler(ctx -> Responses.noContent(ctx, a.dataSubjects().delete(Auth.tenant(ctx), id(ctx))));
    api.get("/subscribers/:id/consents").handler(ctx -> Responses.items(ctx, a.subscribers().consents(Auth.tenant(ctx), id(ctx)), j -> j));
    api.get("/subscribers/:id/export").handler(ctx -> {
      ctx.response().putHeader("Content-Disposition", "attachment; filename=\"subscriber-" + id(ctx) + ".json\"");
      Responses.reply(ctx, a.dataSubjects().export(Auth.tenant(ctx), id(ctx)), j -> j);
    });
    api.post("/subscribers/:id/erase").handler(ctx -> Responses.reply(ctx, a.dataSubjects().erase(Auth.tenant(ctx), id(ctx)), j -> j));

    api.get("/lists").handler(ctx -> Responses.reply(ctx, a.lists().list(Auth.tenant(ctx), after(ctx), limit(ctx)),
        p -> p.toJson(MailingList::toJson)));
    api.post("/lists").handler(ctx -> Responses.created(ctx, a.lists().create(Auth.tenant(ctx), listInput(ctx, true)),
        MailingList::toJson, l -> API + "/lists/" + l.id()));
    api.get("/lists/:id").handler(ctx -> Responses.reply(ctx, a.lists().get(Auth.tenant(ctx), id(ctx)), MailingList::toJson));
    api.patch("/lists/:id").handler(ctx -> Responses.reply(ctx, a.lists().update(Auth.tenant(ctx), id(ctx), listInput(ctx, false)),
        MailingList::toJson));
    api.delete("/lists/:id").handler(ctx -> Responses.noContent(ctx, a.lists().delete(Auth.tenant(ctx), id(ctx))));
    api.get("/lists/:id/subscriptions").handler(this::subscriptions);
    api.post("/lists/:id/subscriptions").handler(ctx -> {
      Tenant t = Auth.tenant(ctx);
      long listId = id(ctx);
      SubscriptionService.Change change = change(ctx, null, true);
      Responses.created(ctx, a.subscriptions().subscribe(t, listId, change), AudienceRoutes::subscriptionsJson,
          s -> API + "/lists/" + listId + "/subscriptions");
    });
    api.delete("/lists/:id/subscriptions/:subscriberId").handler(ctx -> {
      List<String> channels = ctx.queryParam("channel");
      for (String c : channels) {
        if (!SubscriptionService.CHANNELS.contains(c)) {
          throw Problem.invalid("channel", "must be email or sms");
        }
      }
      Responses.reply(ctx, a.subscriptions().withdraw(Auth.tenant(ctx), id(ctx), new SubscriptionService.Change(
          Responses.id(ctx, "subscriberId"), channels, "admin", null, ip(ctx))), AudienceRoutes::subscriptionsJson);
    });
    api.post("/lists/:id/subscriptions/:subscriberId/withdraw").handler(ctx -> Responses.reply(ctx,
        a.subscriptions().withdraw(Auth.tenant(ctx), id(ctx), change(ctx, Responses.id(ctx, "subscriberId"), false)),
        AudienceRoutes::subscriptionsJson));
    api.get("/lists/:id/export.csv").handler(ctx -> ExportRoutes.csv(ctx, "list-" + id(ctx),
        out -> a.exports().exportList(Auth.tenant(ctx), id(ctx), out)));

    api.get("/segments").handler(ctx -> Responses.items(ctx, a.segments().list(Auth.tenant(ctx)), Segment::toJson));
    api.post("/segments/count").handler(ctx -> {
      List<FieldError> errors = new ArrayList<>();
      JsonInput in = JsonInput.of(ctx);
      Object def = in.has("definition") ? in.value("definition") : in.whole();
      SegmentDefinition d = SegmentDefinition.parse(def instanceof JsonObject j ? j : null, "definition", errors);
      errors.forEach(e -> in.error(e.field(), e.message()));
      in.done(); // with a "definition", nothing else may stand beside it
      Responses.reply(ctx, a.segments().count(Auth.tenant(ctx), d), n -> new JsonObject().put("count", n));
    });
    api.post("/segments").handler(ctx -> {
      JsonInput in = JsonInput.of(ctx);
      String name = in.requiredString("name", 200);
      SegmentDefinition d = definition(in, true).orElse(null);
      in.done();
      Responses.created(ctx, a.segments().create(Auth.tenant(ctx), name, d), Segment::toJson, g -> API + "/segments/" + g.id());
    });
    api.get("/segments/:id").handler(ctx -> Responses.reply(ctx, a.segments().get(Auth.tenant(ctx), id(ctx)), Segment::toJson));
    api.patch("/segments/:id").handler(ctx -> {
      JsonInput in = JsonInput.of(ctx);
      Optional<String> name = in.string("name", 200);
      name.filter(String::isEmpty).ifPresent(n -> in.error("name", "must not be empty"));
      Optional<SegmentDefinition> d = definition(in, false);
      in.done();
      Responses.reply(ctx, a.segments().update(Auth.tenant(ctx), id(ctx), name, d), Segment::toJson);
    });
    api.delete("/segments/:id").handler(ctx -> Responses.noContent(ctx, a.segments().delete(Auth.tenant(ctx), id(ctx))));
    api.get("/segments/:id/count").handler(ctx -> Responses.reply(ctx, a.segments().count(Auth.tenant(ctx), id(ctx)),
        n -> new JsonObject().put("count", n)));
    api.get("/segments/:id/export.csv").handler(ctx -> ExportRoutes.csv(ctx, "segment-" + id(ctx),
        out -> a.exports().exportSegment(Auth.tenant(ctx), id(ctx), out)));

    api.get("/imports").handler(ctx -> Responses.reply(ctx, a.imports().list(Auth.tenant(ctx), after(ctx), limit(ctx)),
        p -> p.toJson(ImportJob::toJson)));
    api.get("/imports/:id").handler(ctx -> Responses.reply(ctx, a.imports().get(Auth.tenant(ctx), id(ctx)), ImportJob::toJson));
  }

  private void search(RoutingContext ctx) {
    Responses.reply(ctx, a.subscribers().search(Auth.tenant(ctx), filter(ctx), after(ctx), limit(ctx)), p -> p.toJson(Subscriber::toJson));
  }

  private void subscriptions(RoutingContext ctx) {
    Optional<String> status = Optional.ofNullable(ctx.queryParams().get("status"));
    if (status.isPresent() && !List.of("unconfirmed", "confirmed", "unsubscribed").contains(status.get())) {
      throw Problem.invalid("status", "must be unconfirmed, confirmed or unsubscribed");
    }
    SubscriptionService.Cursor cursor = SubscriptionService.Cursor.parse(ctx.queryParams().get("after"))
        .orElseThrow(() -> Problem.invalid("after", "must be a cursor from a previous page"));
    Responses.reply(ctx, a.subscriptions().list(Auth.tenant(ctx), id(ctx), status, cursor, limit(ctx)), p -> p.toJson(Subscription::toJson));
  }

  private static JsonObject subscriptionsJson(List<Subscription> subs) {
    JsonArray items = new JsonArray();
    subs.forEach(s -> items.add(s.toJson()));
    return new JsonObject().put("items", items);
  }

  /** Search filters from the query: q, tag (each must match), anyTag, listId, language, unitId, status. */
  private static SegmentDefinition filter(RoutingContext ctx) {
    List<FieldError> errors = new ArrayList<>();
    List<String> tags = ctx.queryParam("tag");
    List<String> anyTags = ctx.queryParam("anyTag");
    for (String t : concat(tags, anyTags)) {
      if (!SegmentDefinition.TAG.matcher(t).matches()) {
        errors.add(new FieldError("tag", "\"" + t + "\" is not a tag"));
      }
    }
    List<String> languages = ctx.queryParam("language");
    for (String l : languages) {
      if (!Languages.valid(l)) {
        errors.add(new FieldError("language", "\"" + l + "\" is not a BCP 47 language tag"));
      }
    }
    List<Long> listIds = ids(ctx, "listId", errors);
    List<Long> unitIds = ids(ctx, "unitId", errors);
    String status = ctx.queryParams().get("status");
    if (status != null && !List.of("active", "blocked").contains(status)) {
      errors.add(new FieldError("status", "must be active or blocked"));
    }
    String q = ctx.queryParams().get("q");
    if (q != null && q.length() > 200) {
      errors.add(new FieldError("q", "must be at most 200 characters"));
    }
    if (!errors.isEmpty()) {
      throw Problem.invalid(errors);
    }
    return new SegmentDefinition(anyTags, tags, languages, unitIds, listIds, List.of(), status, q);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static List<Long> ids(RoutingContext ctx, String param, List<FieldError> errors) {
    List<Long> out = new ArrayList<>();
    for (String v : ctx.queryParam(param)) {
      try {
        out.add(Long.parseLong(v));
      } catch (NumberFormatException e) {
        errors.add(new FieldError(param, "must be an id"));
      }
    }
    return out;
  }

  static long after(RoutingContext ctx) {
    String v = ctx.queryParams().get("after");
    if (v == null || v.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw Problem.invalid("after", "must be a cursor from a previous page");
    }
  }

  static int limit(RoutingContext ctx) {
    String v = ctx.queryParams().get("limit");
    if (v == null || v.isEmpty()) {
      return 50;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= 500) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw Problem.invalid("limit", "must be a number from 1 to 500");
  }

  private static long id(RoutingContext ctx) {
    return Responses.id(ctx, "id");
  }

  static String ip(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
  }

  private static Optional<SegmentDefinition> definition(JsonInput in, boolean required) {
    Object def = in.value("definition");
    if (def == null && !required) {
      return Optional.empty();
    }
    List<FieldError> errors = new ArrayList<>();
    SegmentDefinition d = SegmentDefinition.parse(def instanceof JsonObject j ? j : null, "definition", errors);
    if (def != null && !(def instanceof JsonObject)) {
      errors.clear();
      errors.add(new FieldError("definition", "must be an object"));
    }
    errors.forEach(e -> in.error(e.field(), e.message()));
    return Optional.of(d);
  }

  private static SubscriptionService.Change change(RoutingContext ctx, Long subscriberId, boolean subscribing) {
    JsonInput in = JsonInput.of(ctx);
    Long sid = subscriberId;
    if (sid == null) {
      sid = in.longValue("subscriberId").orElse(null);
      if (sid == null && in.value("subscriberId") == null) { // absent or null; a wrong type has its own error
        in.error("subscriberId", "is required");
      }
    }
    List<String> channels = new ArrayList<>();
    Object raw = in.value("channels");
    if (raw instanceof JsonArray arr && !arr.isEmpty()) {
      for (Object c : arr) {
        if (c instanceof String s && SubscriptionService.CHANNELS.contains(s)) {
          if (!channels.contains(s)) {
            channels.add(s);
          }
        } else {
          in.error("channels", "must list email and/or sms");
        }
      }
    } else if (raw != null || subscribing) {
      in.error("channels", subscribing ? "is required: [\"email\"], [\"sms\"] or both" : "must list email and/or sms");
    }
    String source = in.choice("source", s -> Optional.of(s).filter(SubscriptionService.SOURCES::contains), SubscriptionService.SOURCES)
        .orElse(subscribing ? "api" : "admin");
    Optional<String> wording = in.string("wording", 2000);
    in.done();
    return new SubscriptionService.Change(sid, channels, source, wording.filter(w -> !w.isEmpty()).orElse(null), null);
  }

  private static SubscriberInput subscriberInput(RoutingContext ctx, boolean creating) {
    JsonInput in = JsonInput.of(ctx);
    Optional<String> name = in.string("name", 200);
    Optional<Optional<String>> email = clearable(in, "email", v -> Addresses.email(v), "must be an email address");
    Optional<Optional<String>> phone = clearable(in, "phone", v -> Addresses.phone(v),
        "must be a valid phone number, e.g. 07911 123456 or +44 7911 123456");
    Optional<String> language = in.string("language", 35);
    language.filter(l -> !Languages.valid(l)).ifPresent(l -> in.error("language", "must be a BCP 47 language tag such as en, pl, ur, bn, so or ar"));
    Optional<Optional<Long>> unitId = in.nullableLong("unitId");
    Optional<List<String>> tags = Optional.empty();
    Object t = in.value("tags");
    if (t instanceof JsonArray arr) {
      List<String> list = new ArrayList<>();
      for (Object o : arr) {
        if (o instanceof String s && SegmentDefinition.TAG.matcher(s).matches()) {
          if (!list.contains(s)) {
            list.add(s);
          }
        } else {
          in.error("tags", "must be a list of tags such as new-parent, dad, expectant (lower-case letters, digits and -)");
          break;
        }
      }
      tags = Optional.of(list);
    } else if (t != null) {
      in.error("tags", "must be a list of tags");
    }
    Optional<JsonObject> attributes = Optional.empty();
    Object at = in.value("attributes");
    if (at instanceof JsonObject obj) {
      for (String k : obj.fieldNames()) {
        if (!SegmentDefinition.ATTRIBUTE_NAME.matcher(k).matches()) {
          in.error("attributes", "\"" + k + "\" is not an attribute name (a letter, then letters, digits or _)");
        }
      }
      if (obj.encode().length() > 16 * 1024) {
        in.error("attributes", "must be at most 16 KB");
      }
      attributes = Optional.of(obj);
    } else if (at != null) {
      in.error("attributes", "must be an object");
    }
    Optional<String> status = in.choice("status", s -> Optional.of(s).filter(v -> v.equals("active") || v.equals("blocked")),
        List.of("active", "blocked"));
    if (creating && email.flatMap(e -> e).isEmpty() && phone.flatMap(p -> p).isEmpty()
        && !in.has("email") && !in.has("phone")) {
      in.error("email", "give an email or a phone number (or both)");
    }
    in.done();
    return new SubscriberInput(name, email, phone, language, unitId, tags, attributes, status);
  }

  /** Absent: leave; null or "": clear; else validated and normalised. */
  private static Optional<Optional<String>> clearable(JsonInput in, String field, java.util.function.Function<String, Optional<String>> normal,
                                                      String message) {
    if (!in.has(field)) {
      return Optional.empty();
    }
    Optional<String> s = in.string(field, 320);
    if (s.isEmpty() || s.get().isEmpty()) {
      return Optional.of(Optional.empty());
    }
    Optional<String> n = normal.apply(s.get());
    if (n.isEmpty()) {
      in.error(field, message);
    }
    return Optional.of(n);
  }

  private static ListInput listInput(RoutingContext ctx, boolean creating) {
    JsonInput in = JsonInput.of(ctx);
    Optional<Long> unitId = in.longValue("unitId");
    Optional<String> name = creating ? Optional.ofNullable(in.requiredString("name", 200)) : in.string("name", 200);
    name.filter(String::isEmpty).ifPresent(n -> in.error("name", "must not be empty"));
    Optional<String> description = in.string("description", 2000);
    Optional<String> kind = creating ? Optional.ofNullable(in.requiredChoice("kind", choice(MailingList.KINDS), MailingList.KINDS))
        : in.choice("kind", choice(MailingList.KINDS), MailingList.KINDS);
    Optional<String> optIn = in.choice("optIn", choice(MailingList.OPT_INS), MailingList.OPT_INS);
    Optional<String> language = in.string("defaultLanguage", 35);
    language.filter(l -> !Languages.valid(l)).ifPresent(l -> in.error("defaultLanguage", "must be a BCP 47 language tag such as en or pl"));
    Optional<Boolean> sensitive = in.bool("sensitive");
    Optional<String> purpose = in.choice("purpose", choice(MailingList.PURPOSES), MailingList.PURPOSES);
    Optional<String> policy = in.choice("channelPolicy", choice(MailingList.CHANNEL_POLICIES), MailingList.CHANNEL_POLICIES);
    in.done();
    return new ListInput(unitId, name, description, kind, optIn, language, sensitive, purpose, policy);
  }

  private static java.util.function.Function<String, Optional<String>> choice(List<String> allowed) {
    return s -> Optional.of(s).filter(allowed::contains);
  }
}
