package org.noticeboard.delivery;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.noticeboard.accounts.Tenant;
import org.noticeboard.errors.Problem;
import org.noticeboard.web.Auth;
import org.noticeboard.web.JsonInput;
import org.noticeboard.web.Responses;

/**
 * {@code /api/v1/messages} (log, history, retry, cancel), {@code /api/v1/suppressions} and the
 * development mailbox {@code /api/v1/dev/mail}.
 */
public final class DeliveryRoutes {
  private static final List<String> STATUSES = List.of("queued", "sending", "sent", "delivered", "failed", "suppressed", "cancelled");
  private static final List<String> SOURCES = List.of("campaign", "reminder", "confirmation", "transactional", "test", "sms-reply");
  private final DeliveryService service;
  private final DevSink mail;
  private final DevSink sms;

  public DeliveryRoutes(DeliveryService service, DevSink mail, DevSink sms) {
    this.service = service;
    this.mail = mail;
    this.sms = sms;
  }

  public void mount(Router api) {
    api.get("/messages").handler(this::list);
    api.get("/messages/:id").handler(ctx -> Responses.reply(ctx,
        service.get(Auth.tenant(ctx), Responses.id(ctx, "id")), MessageView::toJson));
    api.post("/messages/:id/retry").handler(ctx -> Responses.reply(ctx,
        service.retry(Auth.tenant(ctx), Responses.id(ctx, "id")), MessageView::toJson));
    api.post("/messages/:id/cancel").handler(ctx -> Responses.reply(ctx,
        service.cancel(Auth.tenant(ctx), Responses.id(ctx, "id")), MessageView::toJson));

    api.get("/suppressions").handler(this::suppressions);
    api.post("/suppressions").handler(this::suppress);
    api.get("/suppressions/:id").handler(ctx -> Responses.reply(ctx,
        service.suppression(Auth.tenant(ctx), Responses.id(ctx, "id")), Suppression::toJson));
    api.delete("/suppressions/:id").handler(ctx -> Responses.noContent(ctx,
        service.unsuppress(Auth.tenant(ctx), Responses.id(ctx, "id"))));

    for (DevSink sink : List.of(mail, sms)) {
      api.get(sink.path()).handler(ctx -> Responses.items(ctx, sink.list(devSinkReader(ctx).organisationId()), DevSink.Entry::toJson));
      api.get(sink.path() + "/:name").handler(ctx -> read(ctx, sink));
    }
  }

  private void list(RoutingContext ctx) {
    Tenant tenant = Auth.tenant(ctx);
    String status = query(ctx, "status");
    if (status != null && !STATUSES.contains(status)) {
      throw Problem.invalid("status", "must be one of " + String.join(", ", STATUSES));
    }
    String source = query(ctx, "sourceKind");
    if (source != null && !SOURCES.contains(source)) {
      throw Problem.invalid("sourceKind", "must be one of " + String.join(", ", SOURCES));
    }
    int limit = limit(ctx);
    MessageFilter f = new MessageFilter(status, channel(ctx), source, number(ctx, "sourceId"),
        number(ctx, "subscriberId"), number(ctx, "after"), limit);
    page(ctx, service.list(tenant, f), MessageView::toJson, MessageView::id, limit);
  }

  private void suppressions(RoutingContext ctx) {
    int limit = limit(ctx);
    page(ctx, service.suppressions(Auth.tenant(ctx), channel(ctx), number(ctx, "after"), limit),
        Suppression::toJson, Suppression::id, limit);
  }

  private void suppress(RoutingContext ctx) {
    Tenant tenant = Auth.tenant(ctx);
    JsonInput in = JsonInput.of(ctx);
    Channel channel = in.requiredChoice("channel", Channel::parse, List.of("email", "sms"));
    String address = in.requiredString("address", 320);
    Optional<String> detail = in.string("detail", 500);
    // "complaint": the person complained (e.g. a feedback-loop report or a call); only they can lift it
    String reason = in.choice("reason", r -> Optional.of(r).filter(v -> v.equals("manual") || v.equals("complaint")),
        List.of("manual", "complaint")).orElse("manual");
    if (channel == Channel.EMAIL && address != null && !address.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      in.error("address", "must be an email address");
    }
    if (channel == Channel.SMS && address != null && !address.matches("\\+[1-9][0-9]{6,14}")) {
      in.error("address", "must be a phone number in E.164 form, e.g. +447700900123");
    }
    in.done();
    Responses.created(ctx, service.suppress(tenant, channel, address, reason, detail), Suppression::toJson,
        s -> "/api/v1/suppressions/" + s.id());
  }

  /**
   * The development sinks hold whole messages of every unit, sensitive lists included, so only an
   * owner of the whole organisation may read them.
   */
  private static Tenant devSinkReader(RoutingContext ctx) {
    Tenant tenant = Auth.tenant(ctx).require(org.noticeboard.accounts.Role.OWNER);
    if (tenant.scoped()) {
      throw Problem.forbidden("the development sinks are for owners of the whole organisation");
    }
    return tenant;
  }

  private static void read(RoutingContext ctx, DevSink sink) {
    String name = ctx.pathParam("name");
    sink.read(devSinkReader(ctx).organisationId(), name).onSuccess(found -> {
      if (found.isEmpty()) {
        ctx.fail(Problem.notFound("message", name));
      } else {
        ctx.response().putHeader("Content-Type", sink.kind().contentType).end(found.get());
      }
    }).onFailure(ctx::fail);
  }

  private static <T> void page(RoutingContext ctx, io.vertx.core.Future<List<T>> result, Function<T, JsonObject> toJson,
                               Function<T, Long> id, int limit) {
    result.onSuccess(list -> {
      JsonArray items = new JsonArray();
      list.forEach(item -> items.add(toJson.apply(item)));
      JsonObject body = new JsonObject().put("items", items);
      if (list.size() == limit) {
        body.put("next", id.apply(list.get(list.size() - 1)));
      }
      Responses.json(ctx, 200, body);
    }).onFailure(ctx::fail);
  }

  private static String query(RoutingContext ctx, String name) {
    String v = ctx.queryParams().get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static Channel channel(RoutingContext ctx) {
    String c = query(ctx, "channel");
    if (c == null) {
      return null;
    }
    return Channel.parse(c).orElseThrow(() -> Problem.invalid("channel", "must be email or sms"));
  }

  private static Long number(RoutingContext ctx, String name) {
    String v = query(ctx, name);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw Problem.invalid(name, "must be a whole number");
    }
  }

  private static int limit(RoutingContext ctx) {
    Long l = number(ctx, "limit");
    if (l != null && (l < 1 || l > 500)) {
      throw Problem.invalid("limit", "must be between 1 and 500");
    }
    return l == null ? 50 : l.intValue();
  }
}
