package org.noticeboard.delivery.sms;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.noticeboard.config.NoticeboardConfig;
import org.noticeboard.errors.Problem;

/**
 * Gateway callbacks, outside {@code /api/v1} and without bearer tokens; each request is authenticated by
 * its signature instead (401 problem+json when missing, wrong or older than 5 minutes):
 * <ul>
 *   <li>{@code POST /hooks/sms/status} — JSON {@code {id, status, error}}, Standard Webhooks signature
 *       with {@code NB_SMS_WEBHOOK_SECRET};</li>
 *   <li>{@code POST /hooks/sms/inbound} — JSON {@code {from, to, body}}, same signature;</li>
 *   <li>{@code POST /hooks/sms/twilio/status} and {@code /hooks/sms/twilio/inbound} — Twilio forms
 *       (MessageSid, MessageStatus, ErrorCode / From, To, Body) with {@code X-Twilio-Signature} over
 *       {@code NB_PUBLIC_BASE_URL} + path, keyed by {@code NB_SMS_TWILIO_AUTH_TOKEN}.</li>
 * </ul>
 */
public final class SmsHookRoutes {
  private final SmsHooks hooks;
  private final NoticeboardConfig config;
  private final StandardWebhooks webhooks;
  private final Clock clock;

  /** @param clock judges whether a signed request is too old */
  public SmsHookRoutes(SmsHooks hooks, NoticeboardConfig config, Clock clock) {
    this.hooks = hooks;
    this.config = config;
    this.clock = clock;
    this.webhooks = config.sms().webhookSecret().map(StandardWebhooks::new).orElse(null);
  }

  public void mount(Router root) {
    root.route("/hooks/*").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
    root.post("/hooks/sms/status").handler(this::status);
    root.post("/hooks/sms/inbound").handler(this::inbound);
    root.post("/hooks/sms/twilio/status").handler(this::twilioStatus);
    root.post("/hooks/sms/twilio/inbound").handler(this::twilioInbound);
  }

  private JsonObject verified(RoutingContext ctx) {
    String body = ctx.body().asString();
    if (webhooks == null || !webhooks.verify(ctx.request().getHeader("webhook-id"),
        ctx.request().getHeader("webhook-timestamp"), ctx.request().getHeader("webhook-signature"), body,
        clock.instant().getEpochSecond())) {
      throw Problem.unauthenticated("the webhook signature is missing, wrong or too old");
    }
    try {
      return new JsonObject(body);
    } catch (RuntimeException e) {
      throw Problem.badRequest("the request body is not a JSON object");
    }
  }

  private Map<String, String> twilioVerified(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    Map<String, String> params = new HashMap<>();
    form.forEach(e -> params.put(e.getKey(), e.getValue()));
    String url = config.publicBaseUrl() + ctx.request().uri();
    String token = config.delivery().twilioAuthToken().orElse(null);
    if (token == null || !TwilioSignature.valid(token, url, params, ctx.request().getHeader("X-Twilio-Signature"))) {
      throw Problem.unauthenticated("the X-Twilio-Signature is missing or wrong");
    }
    return params;
  }

  private void status(RoutingContext ctx) {
    JsonObject json = verified(ctx);
    hooks.status(json.getString("id"), json.getString("status"), json.getString("error"))
        .onSuccess(n -> ctx.json(new JsonObject().put("updated", n)))
        .onFailure(ctx::fail);
  }

  private void inbound(RoutingContext ctx) {
    JsonObject json = verified(ctx);
    String id = json.getString("id", ctx.request().getHeader("webhook-id"));
    hooks.inbound(json.getString("from"), json.getString("body"), id == null ? UUID.randomUUID().toString() : id)
        .onSuccess(k -> ctx.json(new JsonObject().put("keyword", k.name().toLowerCase())))
        .onFailure(ctx::fail);
  }

  private void twilioStatus(RoutingContext ctx) {
    Map<String, String> p = twilioVerified(ctx);
    String error = p.get("ErrorCode") == null ? null : "gateway error " + p.get("ErrorCode");
    hooks.status(p.get("MessageSid"), p.get("MessageStatus"), error)
        .onSuccess(n -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void twilioInbound(RoutingContext ctx) {
    Map<String, String> p = twilioVerified(ctx);
    String id = p.getOrDefault("MessageSid", UUID.randomUUID().toString());
    hooks.inbound(p.get("From"), p.get("Body"), id)
        .onSuccess(k -> ctx.response().putHeader("Content-Type", "text/xml").end("<Response/>"))
        .onFailure(ctx::fail);
  }
}
