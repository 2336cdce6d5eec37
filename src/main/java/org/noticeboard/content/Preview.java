package org.noticeboard.content;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A rendered preview: every part in the language chosen, plus the SMS encoding and segment
 * count of every language variant (null where a variant has no SMS part, or an error).
 */
public record Preview(long templateId, int version, RenderedMessage message, Map<String, Object> smsByLanguage) {
  public JsonObject toJson() {
    JsonObject sms = new JsonObject();
    smsByLanguage.forEach((lang, v) -> sms.put(lang, v instanceof SmsSegments s ? s.toJson()
        : v == null ? null : new JsonObject().put("error", v.toString())));
    return new JsonObject().put("templateId", templateId).put("version", version)
        .put("language", message.language()).put("subject", message.subject()).put("preheader", message.preheader())
        .put("html", message.html()).put("text", message.text()).put("sms", message.sms())
        .put("smsSegments", message.sms() == null ? null : SmsSegments.count(message.sms()).toJson())
        .put("smsByLanguage", sms);
  }
}
