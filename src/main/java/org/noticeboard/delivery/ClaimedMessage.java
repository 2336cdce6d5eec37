package org.noticeboard.delivery;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A message a worker holds a lease on, with what it needs to send it: subscriber, list, unit, organisation.
 * {@code smsFrom} is the sender an SMS must go out from (a reply to an inbound text), or null to choose one.
 */
public record ClaimedMessage(
    long id, long organisationId, Long subscriberId, Long listId, Long unitId, Channel channel, String destination,
    String sourceKind, Long sourceId, Long templateId, Integer templateVersion, List<String> languages, JsonObject model,
    String subject, String html, String text, String sms, List<Long> attachmentIds, boolean urgent,
    String idempotencyKey, int attempts, OffsetDateTime createdAt,
    String subscriberName, String subscriberLanguage, String subscriberStatus, String discreetChannel,
    boolean sensitive, String listName, String listLanguage, String subscriptionStatus,
    String unitName, String unitAddress, String unitPhone, String unitEmail, String unitLogoUrl, String unitSender,
    String organisationName, String organisationLanguage, String timezone, LocalTime quietStart, LocalTime quietEnd,
    String organisationSender, Integer emailPerSecond, Integer smsPerSecond, String campaignState, String smsFrom) {

  static final String SELECT = """
      SELECT c.id, c.organisation_id, c.subscriber_id, c.list_id, coalesce(c.unit_id, l.unit_id, s.unit_id) AS unit_id,
        c.channel,
        -- the person's address now, not when the message was queued (they may have changed it since)
        CASE WHEN c.subscriber_id IS NULL OR s.id IS NULL THEN c.destination
             WHEN c.channel = 'email' THEN s.email ELSE s.phone END AS destination,
        c.source_kind, c.source_id, c.template_id, c.template_version, c.languages,
        coalesce(mm.model, c.model)::text AS model,
        c.subject, c.html, c.text_body, c.sms_body, c.attachment_ids, c.urgent, c.idempotency_key, c.attempts, c.created_at,
        s.name AS subscriber_name, s.language AS subscriber_language, s.status AS subscriber_status,
        s.attributes->>'discreetChannel' AS discreet_channel,
        coalesce(l.sensitive, false) AS sensitive, l.name AS list_name, l.default_language AS list_language,
        sub.status AS subscription_status,
        u.name AS unit_name, u.address AS unit_address, u.phone AS unit_phone, u.email AS unit_email, u.logo_url AS unit_logo_url,
        u.sms_sender AS unit_sender,
        o.name AS organisation_name, o.default_language AS organisation_language, o.timezone,
        o.quiet_hours_start, o.quiet_hours_end, o.sms_sender AS organisation_sender, o.email_per_second, o.sms_per_second,
        cp.state AS campaign_state, c.sms_from
      FROM claimed c
      JOIN organisation o ON o.id = c.organisation_id
      LEFT JOIN message_model mm ON mm.organisation_id = c.organisation_id AND mm.id = c.model_id
      LEFT JOIN subscriber s ON s.organisation_id = c.organisation_id AND s.id = c.subscriber_id
      LEFT JOIN mailing_list l ON l.organisation_id = c.organisation_id AND l.id = c.list_id
      LEFT JOIN subscription sub ON sub.list_id = l.id AND sub.subscriber_id = c.subscriber_id AND sub.channel = c.channel
      LEFT JOIN unit u ON u.organisation_id = c.organisation_id AND u.id = coalesce(c.unit_id, l.unit_id, s.unit_id)
      LEFT JOIN campaign cp ON c.source_kind = 'campaign' AND cp.organisation_id = c.organisation_id AND cp.id = c.source_id
      ORDER BY c.id""";

  static ClaimedMessage from(Row r) {
    return from(r, new HashMap<>());
  }

  /**
   * @param models the models already read from this result, by their JSON text: a campaign's messages
   *               all carry the same model, which is then parsed once per batch and shared (read-only)
   */
  static ClaimedMessage from(Row r, Map<String, JsonObject> models) {
    String[] langs = r.getArrayOfStrings("languages");
    Long[] attachments = r.getArrayOfLongs("attachment_ids");
    String json = r.getString("model");
    JsonObject model = json == null ? new JsonObject() : models.computeIfAbsent(json, ClaimedMessage::model);
    return new ClaimedMessage(r.getLong("id"), r.getLong("organisation_id"), r.getLong("subscriber_id"),
        r.getLong("list_id"), r.getLong("unit_id"), Channel.parse(r.getString("channel")).orElseThrow(),
        r.getString("destination"), r.getString("source_kind"), r.getLong("source_id"), r.getLong("template_id"),
        r.getInteger("template_version"), langs == null ? List.of() : Arrays.asList(langs),
        model,
        r.getString("subject"), r.getString("html"), r.getString("text_body"), r.getString("sms_body"),
        attachments == null ? List.of() : Arrays.asList(attachments), r.getBoolean("urgent"),
        r.getString("idempotency_key"), r.getInteger("attempts"), r.getOffsetDateTime("created_at"),
        r.getString("subscriber_name"), r.getString("subscriber_language"), r.getString("subscriber_status"),
        r.getString("discreet_channel"), r.getBoolean("sensitive"), r.getString("list_name"),
        r.getString("list_language"), r.getString("subscription_status"),
        r.getString("unit_name"), r.getString("unit_address"), r.getString("unit_phone"), r.getString("unit_email"),
        r.getString("unit_logo_url"), r.getString("unit_sender"), r.getString("organisation_name"), r.getString("organisation_language"),
        r.getString("timezone"), r.getLocalTime("quiet_hours_start"), r.getLocalTime("quiet_hours_end"),
        r.getString("organisation_sender"), r.getInteger("email_per_second"), r.getInteger("sms_per_second"),
        r.getString("campaign_state"), r.getString("sms_from"));
  }

  /** A stored model; one that is not a JSON object (never written by Noticeboard) counts as empty rather than failing the batch. */
  private static JsonObject model(String json) {
    try {
      return new JsonObject(json);
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }

  /** Messages for a sensitive list are delivered discreetly and leave no readable trace. */
  public boolean discreet() {
    return sensitive;
  }

  public boolean templated() {
    return templateId != null;
  }

  public Lane lane() {
    return Lane.of(sourceKind, urgent);
  }
}
