package org.noticeboard.campaigns;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.noticeboard.errors.Problem;
import org.noticeboard.web.Auth;
import org.noticeboard.web.JsonInput;
import org.noticeboard.web.Responses;

/** {@code /api/v1/campaigns} and its lifecycle actions. */
public final class CampaignsRoutes {
  private static final List<String> POLICIES = List.of("email-first", "sms-only", "both", "urgent");
  /** Largest attachment (a flier PDF or image). */
  static final long MAX_ATTACHMENT_BYTES = 10L * 1024 * 1024;
  private static final java.util.regex.Pattern FILENAME = java.util.regex.Pattern.compile("[\\p{L}\\p{N} ._()-]{1,120}");
  private static final java.util.Set<String> ATTACHMENT_TYPES = java.util.Set.of("application/pdf", "image/png", "image/jpeg",
      "image/gif", "image/webp", "text/calendar");
  private final io.vertx.core.Vertx vertx;
  private final CampaignService campaigns;
  private final CampaignReports reports;

  public CampaignsRoutes(io.vertx.core.Vertx vertx, CampaignService campaigns, CampaignReports reports) {
    this.vertx = vertx;
    this.campaigns = campaigns;
    this.reports = reports;
  }

  /**
   * Attachment uploads carry a raw file body larger than the API's JSON limit, so they are mounted
   * before the shared BodyHandler with their own limit, after authentication.
   */
  public static void mountUploads(Router api, org.noticeboard.accounts.TokenService tokens, CampaignService campaigns) {
    api.post("/campaigns/:id/attachments").handler(ctx -> {
      ctx.request().pause();
      ctx.next();
    }).handler(Auth.handler(tokens)).handler(CampaignsRoutes::readBoundedBody).handler(ctx -> {
          String filename = ctx.queryParams().get("filename");
          String type = String.valueOf(ctx.request().getHeader("Content-Type")).split(";")[0].trim().toLowerCase();
          java.util.List<org.noticeboard.errors.FieldError> errors = new ArrayList<>();
          if (filename == null || !FILENAME.matcher(filename).matches()) {
            errors.add(new org.noticeboard.errors.FieldError("filename", "give ?filename= with letters, digits, spaces and . _ ( ) - only"));
          }
          if (!ATTACHMENT_TYPES.contains(type)) {
            errors.add(new org.noticeboard.errors.FieldError("Content-Type", "must be one of " + String.join(", ", ATTACHMENT_TYPES)));
          }
          io.vertx.core.buffer.Buffer body = ctx.get("upload");
          if (body.length() == 0) {
            errors.add(new org.noticeboard.errors.FieldError("body", "the file is empty"));
          }
          if (!errors.isEmpty()) {
            throw Problem.invalid(errors);
          }
          Responses.reply(ctx, campaigns.attach(Auth.tenant(ctx), Responses.id(ctx, "id"), filename, type, body),
              Campaign::toJson);
        });
  }

  /**
   * Reads the (paused) request body after authentication, refusing more than the attachment limit
   * with 413. Vert.x's BodyHandler would have to run before authentication, reading whole files from
   * anyone.
   */
  private static void readBoundedBody(RoutingContext ctx) {
    String length = ctx.request().getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_ATTACHMENT_BYTES) {
      ctx.fail(413);
      return;
    }
    io.vertx.core.buffer.Buffer body = io.vertx.core.buffer.Buffer.buffer();
    boolean[] failed = {false};
    ctx.request().handler(chunk -> {
      if (failed[0]) {
        return;
      }
      body.appendBuffer(chunk);
      if (body.length() > MAX_ATTACHMENT_BYTES) {
        failed[0] = true;
        ctx.fail(413);
      }
    });
    ctx.request().exceptionHandler(e -> {
      if (!failed[0]) {
        failed[0] = true;
        ctx.fail(e);
      }
    });
    ctx.request().endHandler(v -> {
      if (!failed[0]) {
        ctx.put("upload", body);
        ctx.next();
      }
    });
    ctx.request().resume();
  }

  public void mount(Router api) {
    api.get("/campaigns").handler(this::list);
    api.post("/campaigns").handler(ctx -> Responses.created(ctx, campaigns.create(Auth.tenant(ctx), input(ctx, true)),
        Campaign::toJson, c -> "/api/v1/campaigns/" + c.id()));
    api.get("/campaigns/:id").handler(ctx -> Responses.reply(ctx, campaigns.get(Auth.tenant(ctx), Responses.id(ctx, "id")), Campaign::toJson));
    api.patch("/campaigns/:id").handler(ctx -> Responses.reply(ctx,
        campaigns.update(Auth.tenant(ctx), Responses.id(ctx, "id"), input(ctx, false)), Campaign::toJson));
    api.delete("/campaigns/:id").handler(ctx -> Responses.noContent(ctx, campaigns.delete(Auth.tenant(ctx), Responses.id(ctx, "id"))));
    api.post("/campaigns/:id/schedule").handler(ctx -> {
      JsonInput in = JsonInput.of(ctx);
      Optional<SendAt> when = in.string("sendAt", 64).flatMap(s -> {
        Optional<SendAt> parsed = SendAt.parse(s);
        if (parsed.isEmpty()) {
          in.error("sendAt", "must be an ISO-8601 date and time, e.g. 2026-12-01T09:30 (UK time) or 2026-12-01T09:30:00Z");
        }
        return parsed;
      });
      in.done();
      Responses.reply(ctx, campaigns.schedule(Auth.tenant(ctx), Responses.id(ctx, "id"), when), Campaign::toJson);
    });
    api.post("/campaigns/:id/send").handler(ctx -> Responses.reply(ctx,
        campaigns.schedule(Auth.tenant(ctx), Responses.id(ctx, "id"), Optional.of(campaigns.now())), Campaign::toJson));
    api.post("/campaigns/:id/pause").handler(ctx -> Responses.reply(ctx, campaigns.pause(Auth.tenant(ctx), Responses.id(ctx, "id")), Campaign::toJson));
    api.post("/campaigns/:id/resume").handler(ctx -> Responses.reply(ctx, campaigns.resume(Auth.tenant(ctx), Responses.id(ctx, "id")), Campaign::toJson));
    api.get("/campaigns/:id/progress").handler(ctx -> Responses.reply(ctx,
        reports.progress(Auth.tenant(ctx), Responses.id(ctx, "id")), p -> p));
    api.get("/campaigns/:id/report").handler(ctx -> Responses.reply(ctx,
        reports.report(Auth.tenant(ctx), Responses.id(ctx, "id")), r -> r));
    api.get("/campaigns/:id/events").handler(ctx -> {
      var tenant = Auth.tenant(ctx);
      long id = Responses.id(ctx, "id");
      // the first snapshot decides between a stream and a 404, before any header is written
      reports.progress(tenant, id).onSuccess(first -> org.noticeboard.web.EventStream.open(vertx, ctx, "progress", 1000,
          () -> reports.progress(tenant, id), CampaignReports::over)).onFailure(ctx::fail);
    });
    api.post("/campaigns/:id/test").handler(this::testSend);
    api.post("/campaigns/:id/cancel").handler(ctx -> Responses.reply(ctx, campaigns.cancel(Auth.tenant(ctx), Responses.id(ctx, "id")), Campaign::toJson));
  }

  private void testSend(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx);
    List<String> emails = new ArrayList<>();
    List<String> phones = new ArrayList<>();
    strings(in, "emails", 320).orElse(List.of()).forEach(e -> org.noticeboard.contact.Addresses.email(e)
        .ifPresentOrElse(emails::add, () -> in.error("emails", e + " is not an email address")));
    strings(in, "phones", 40).orElse(List.of()).forEach(p -> org.noticeboard.contact.Addresses.phone(p)
        .ifPresentOrElse(phones::add, () -> in.error("phones", p + " is not a mobile number")));
    if (emails.isEmpty() && phones.isEmpty() && !in.has("emails") && !in.has("phones")) {
      in.error("emails", "give at least one email address or phone number to send the test to");
    }
    if (emails.size() + phones.size() > 10) {
      in.error("emails", "a test goes to at most 10 addresses");
    }
    Optional<String> language = in.string("language", 35);
    language.filter(l -> !org.noticeboard.accounts.Languages.valid(l)).ifPresent(l -> in.error("language", "must be a BCP 47 language tag"));
    in.done();
    campaigns.testSend(Auth.tenant(ctx), Responses.id(ctx, "id"), emails, phones, language)
        .onSuccess(n -> Responses.json(ctx, 202, new JsonObject().put("queued", n)))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    Optional<CampaignState> state = Optional.ofNullable(ctx.queryParams().get("state")).map(s -> CampaignState.parse(s)
        .orElseThrow(() -> Problem.invalid("state", "must be one of " + String.join(", ", CampaignState.codes()))));
    Optional<Long> after = Optional.ofNullable(ctx.queryParams().get("after")).map(a -> parseLong("after", a));
    int limit = Optional.ofNullable(ctx.queryParams().get("limit")).map(l -> (int) parseLong("limit", l)).orElse(50);
    if (limit < 1 || limit > 500) {
      throw Problem.invalid("limit", "must be between 1 and 500");
    }
    campaigns.list(Auth.tenant(ctx), state, after, limit).onSuccess(list -> {
      JsonArray items = new JsonArray();
      list.forEach(c -> items.add(c.toJson()));
      Responses.json(ctx, 200, new JsonObject().put("items", items)
          .put("next", list.size() == limit ? String.valueOf(list.get(list.size() - 1).id()) : null));
    }).onFailure(ctx::fail);
  }

  private static long parseLong(String field, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw Problem.invalid(field, "must be a whole number");
    }
  }

  private static CampaignInput input(RoutingContext ctx, boolean creating) {
    JsonInput in = JsonInput.of(ctx);
    Optional<Long> unitId = in.longValue("unitId");
    if (creating && unitId.isEmpty()) {
      in.error("unitId", "is required");
    }
    Optional<String> name = creating ? Optional.ofNullable(in.requiredString("name", 200)) : in.string("name", 200);
    if (!creating && name.isPresent() && name.get().isEmpty()) {
      in.error("name", "must not be empty");
    }
    Optional<Optional<SendAt>> sendAt = Optional.empty();
    if (in.has("sendAt")) {
      Optional<String> raw = in.string("sendAt", 64);
      Optional<SendAt> parsed = raw.flatMap(SendAt::parse);
      if (raw.isPresent() && parsed.isEmpty()) {
        in.error("sendAt", "must be an ISO-8601 date and time, e.g. 2026-12-01T09:30 (UK time) or 2026-12-01T09:30:00Z");
      }
      sendAt = Optional.of(parsed);
    }
    CampaignInput input = new CampaignInput(unitId, name, in.nullableLong("templateId"), in.nullableLong("segmentId"),
        ids(in, "listIds"), ids(in, "excludedListIds"), in.choice("channelPolicy", p -> Optional.of(p).filter(POLICIES::contains), POLICIES),
        in.string("senderName", 100), in.email("replyTo"), sendAt, strings(in, "tags", 50), content(in));
    in.done();
    return input;
  }

  /** Free data the template shows as {@code campaign.*} (title, intro, items, ...): a JSON object. */
  private static Optional<JsonObject> content(JsonInput in) {
    Object v = in.value("content");
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof JsonObject json)) {
      in.error("content", "must be a JSON object of what the template shows, e.g. {\"title\": …, \"items\": […]}");
      return Optional.empty();
    }
    for (String reserved : List.of("id", "name", "tags")) {
      if (json.containsKey(reserved)) {
        in.error("content." + reserved, "is set from the campaign itself");
      }
    }
    return Optional.of(json);
  }

  private static Optional<List<Long>> ids(JsonInput in, String field) {
    if (!in.has(field) || in.value(field) == null) {
      return Optional.empty();
    }
    if (!(in.value(field) instanceof JsonArray array)) {
      in.error(field, "must be an array of ids");
      return Optional.empty();
    }
    List<Long> out = new ArrayList<>();
    for (Object o : array) {
      if (o instanceof Number n && n.longValue() > 0) {
        out.add(n.longValue());
      } else {
        in.error(field, "must be an array of ids");
        return Optional.empty();
      }
    }
    return Optional.of(out.stream().distinct().toList());
  }

  private static Optional<List<String>> strings(JsonInput in, String field, int maxLength) {
    if (!in.has(field) || in.value(field) == null) {
      return Optional.empty();
    }
    if (!(in.value(field) instanceof JsonArray array)) {
      in.error(field, "must be an array of strings");
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (Object o : array) {
      if (o instanceof String s && !s.isBlank() && s.length() <= maxLength) {
        out.add(s.strip());
      } else {
        in.error(field, "must be an array of short strings");
        return Optional.empty();
      }
    }
    return Optional.of(out.stream().distinct().toList());
  }
}
