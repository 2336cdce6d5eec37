package org.noticeboard.delivery.sms;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.noticeboard.delivery.SendResult;

/** Gateway replies: 2xx accepted; 408, 429 and 5xx retried (honouring Retry-After); any other 4xx permanent. */
final class HttpOutcomes {
  private HttpOutcomes() {}

  /** @param now the service clock's time, against which a Retry-After date is read */
  static SendResult classify(HttpResponse<Buffer> res, String providerIdField, String fallbackId, Instant now) {
    int status = res.statusCode();
    if (status >= 200 && status < 300) {
      String id = null;
      try {
        Buffer body = res.body();
        if (body != null && body.length() > 0) {
          JsonObject json = body.toJsonObject();
          id = json.getValue(providerIdField) == null ? null : String.valueOf(json.getValue(providerIdField));
        }
      } catch (RuntimeException ignored) {
        // a gateway that answers 2xx without JSON has still accepted it
      }
      return SendResult.sent(id == null || id.isBlank() ? fallbackId : id);
    }
    String error = "gateway answered HTTP " + status;
    if (status == 408 || status == 429 || status >= 500) {
      return SendResult.retry(error, retryAfter(res.getHeader("Retry-After"), now));
    }
    return SendResult.permanent(error);
  }

  static Duration retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      try {
        Duration d = Duration.between(now, ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
        return d.isNegative() ? Duration.ZERO : d;
      } catch (RuntimeException e2) {
        return null;
      }
    }
  }
}
