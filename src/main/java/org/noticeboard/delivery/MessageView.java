package org.noticeboard.delivery;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;
import org.noticeboard.security.AddressHasher;

/** A message as the log shows it: never its content; a sensitive list's destination only masked, its list hidden. */
public record MessageView(long id, String channel, String destination, String status, String sourceKind, Long sourceId,
                          Long subscriberId, Long listId, Long unitId, Long templateId, Integer templateVersion,
                          boolean urgent, boolean discreet, int attempts, OffsetDateTime nextAttemptAt,
                          String providerMessageId, String lastError, OffsetDateTime createdAt,
                          OffsetDateTime updatedAt, OffsetDateTime sentAt, List<Event> events) {

  public record Event(String event, String detail, OffsetDateTime at) {
    JsonObject toJson() {
      return new JsonObject().put("event", event).put("detail", detail).put("at", at.toString());
    }
  }

  static final String COLUMNS = """
      m.id, m.channel, m.destination, m.status, m.source_kind, m.source_id, m.subscriber_id, m.list_id,
      coalesce(m.unit_id, l.unit_id, s.unit_id) AS unit_id, m.template_id, m.template_version, m.urgent,
      coalesce(l.sensitive, false) AS discreet, m.attempts, m.next_attempt_at, m.provider_message_id, m.last_error,
      m.created_at, m.updated_at, m.sent_at""";

  static final String FROM = """
       FROM message m
      LEFT JOIN mailing_list l ON l.organisation_id = m.organisation_id AND l.id = m.list_id
      LEFT JOIN subscriber s ON s.organisation_id = m.organisation_id AND s.id = m.subscriber_id
      LEFT JOIN unit u ON u.organisation_id = m.organisation_id AND u.id = coalesce(m.unit_id, l.unit_id, s.unit_id)
      """;

  static MessageView from(Row r) {
    boolean discreet = r.getBoolean("discreet");
    String channel = r.getString("channel");
    return new MessageView(r.getLong("id"), channel,
        discreet ? AddressHasher.mask(channel, r.getString("destination")) : r.getString("destination"),
        r.getString("status"), r.getString("source_kind"), r.getLong("source_id"), r.getLong("subscriber_id"),
        discreet ? null : r.getLong("list_id"), r.getLong("unit_id"), r.getLong("template_id"),
        r.getInteger("template_version"), r.getBoolean("urgent"), discreet, r.getInteger("attempts"),
        r.getOffsetDateTime("next_attempt_at"), r.getString("provider_message_id"), r.getString("last_error"),
        r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"), r.getOffsetDateTime("sent_at"), null);
  }

  MessageView withEvents(List<Event> e) {
    return new MessageView(id, channel, destination, status, sourceKind, sourceId, subscriberId, listId, unitId,
        templateId, templateVersion, urgent, discreet, attempts, nextAttemptAt, providerMessageId, lastError,
        createdAt, updatedAt, sentAt, e);
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject().put("id", id).put("channel", channel).put("destination", destination)
        .put("status", status).put("sourceKind", sourceKind).put("sourceId", sourceId)
        .put("subscriberId", subscriberId).put("listId", listId).put("unitId", unitId)
        .put("templateId", templateId).put("templateVersion", templateVersion).put("urgent", urgent)
        .put("discreet", discreet).put("attempts", attempts)
        .put("nextAttemptAt", nextAttemptAt == null ? null : nextAttemptAt.toString())
        .put("providerMessageId", providerMessageId).put("lastError", lastError)
        .put("createdAt", createdAt.toString()).put("updatedAt", updatedAt.toString())
        .put("sentAt", sentAt == null ? null : sentAt.toString());
    if (events != null) {
      JsonArray a = new JsonArray().add(new JsonObject().put("event", "queued").put("detail", null)
          .put("at", createdAt.toString()));
      events.forEach(e -> a.add(e.toJson()));
      j.put("events", a);
    }
    return j;
  }
}
