package org.noticeboard.delivery.sms;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.noticeboard.config.NoticeboardConfig;
import org.noticeboard.errors.Problem;

/**
 * Gateway callbacks, outside {@code /api/v1} and without bearer tokens; each request is authenticated by
 * its signature instead (401 problem+json when missing, wrong or older than 5 minutes):
 * <ul>
 *   <li>{@code POST /hooks/sms/status} — JSON {@code {id, status, error}}, Standard Webhooks signature
 *       with {@code NB_SMS_WEBHOOK_SECRET};</li>
 *   <li>{@code POST /hooks/sms/inbound} — JSON {@code {from, to, body}}, same signature; {@code to} (the
 *       number the reply was sent to) decides which organisation it is for;</li>
 *   <li>{@code POST /hooks/sms/twilio/status} and {@code /hooks/sms/twilio/inbound} — Twilio forms
 *       (MessageSid, MessageStatus, ErrorCode / From, To, Body) with {@code X-Twilio-Signature} over
 *       {@code NB_PUBLIC_BASE_URL} + path, keyed by {@code NB_SMS_TWILIO_AUTH_TOKEN}.</li>
 * </ul>
 * A request seen before (same {@code webhook-id}, or same Twilio {@code MessageSid}) is acknowledged
 * and not applied again, so a captured request cannot be replayed.
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

  /** A verified Standard Webhooks request: its body and the receipt that keeps it from being applied twice. */
  private record Signed(JsonObject json, WebhookReceipts.Receipt receipt) {}

  private Signed verified(RoutingContext ctx) {
    String body = ctx.body().asString();
    String id = ctx.request().getHeader("webhook-id");
    String timestamp = ctx.request().getHeader("webhook-timestamp");
    if (webhooks == null || !webhooks.verify(id, timestamp, ctx.request().getHeader("webhook-signature"), body,
        clock.instant().getEpochSecond())) {
      throw Problem.unauthenticated("the webhook signature is missing, wrong or too old");
    }
    if (id.isBlank() || id.length() > 200) {
      throw Problem.badRequest("the webhook-id must be 1 to 200 characters");
    }
    try {
      return new Signed(new JsonObject(body), WebhookReceipts.Receipt.standardWebhook(id, Long.parseLong(timestamp.trim())));
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

  /** Twilio names each message with MessageSid (SmsSid in older callbacks); it stands in for a webhook-id. */
  private static String twilioSid(Map<String, String> p) {
    String sid = p.getOrDefault("MessageSid", p.get("SmsSid"));
    if (sid == null || sid.isBlank() || sid.length() > 200) {
      throw Problem.badRequest("the request has no MessageSid");
    }
    return sid;
  }

  private void status(RoutingContext ctx) {
    Signed req = verified(ctx);
    JsonObject json = req.json();
    hooks.status(req.receipt(), json.getString("id"), json.getString("status"), json.getString("error"))
        .onSuccess(u -> ctx.json(new JsonObject().put("updated", u.updated()).put("duplicate", u.duplicate())))
        .onFailure(ctx::fail);
  }

  private void inbound(RoutingContext ctx) {
    Signed req = verified(ctx);
    JsonObject json = req.json();
    hooks.inbound(req.receipt(), json.getString("from"), json.getString("to"), json.getString("body"))
        .onSuccess(r -> ctx.json(new JsonObject().put("keyword", r.keyword().name().toLowerCase())
            .put("applied", r.organisations() > 0).put("duplicate", r.duplicate())))
        .onFailure(ctx::fail);
  }

  private void twilioStatus(RoutingContext ctx) {
    Map<String, String> p = twilioVerified(ctx);
    String sid = twilioSid(p);
    String status = p.get("MessageStatus") == null ? p.get("SmsStatus") : p.get("MessageStatus");
    String error = p.get("ErrorCode") == null ? null : "gateway error " + p.get("ErrorCode");
    // one message has a callback per status: each status of it is its own request
    WebhookReceipts.Receipt receipt = WebhookReceipts.Receipt.twilio("status", sid + ":" + status, clock.instant());
    hooks.status(receipt, sid, status, error)
        .onSuccess(n -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void twilioInbound(RoutingContext ctx) {
    Map<String, String> p = twilioVerified(ctx);
    WebhookReceipts.Receipt receipt = WebhookReceipts.Receipt.twilio("inbound", twilioSid(p), clock.instant());
    hooks.inbound(receipt, p.get("From"), p.get("To"), p.get("Body"))
        .onSuccess(k -> ctx.response().putHeader("Content-Type", "text/xml").end("<Response/>"))
        .onFailure(ctx::fail);
  }
}
