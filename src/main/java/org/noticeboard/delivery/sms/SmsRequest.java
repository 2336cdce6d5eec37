package org.noticeboard.delivery.sms;

import io.vertx.core.json.JsonObject;
import org.noticeboard.content.SmsSegments;

/** One SMS for a gateway; {@code id} is stable across retries so the gateway can de-duplicate. */
public record SmsRequest(String id, String to, String from, String body, SmsSegments encoding, JsonObject metadata) {
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("to", to).put("from", from).put("body", body)
        .put("encoding", encoding.encoding()).put("segments", encoding.segments()).put("metadata", metadata);
  }
}
