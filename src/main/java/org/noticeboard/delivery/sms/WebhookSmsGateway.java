package org.noticeboard.delivery.sms;

import java.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import org.noticeboard.delivery.SendResult;

/**
 * POSTs {@code {id, to, from, body, encoding, segments, metadata}} to {@code NB_SMS_WEBHOOK_URL}, signed
 * per Standard Webhooks. The gateway may answer with {@code {"id": "..."}} to name its own message id,
 * which status callbacks then use; otherwise our id is used.
 */
final class WebhookSmsGateway implements SmsGateway {
  private final WebClient client;
  private final String url;
  private final StandardWebhooks signer;
  private final int timeoutMillis;
  private final Clock clock;

  WebhookSmsGateway(WebClient client, String url, StandardWebhooks signer, int timeoutMillis, Clock clock) {
    this.clock = clock;
    this.client = client;
    this.url = url;
    this.signer = signer;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public Future<SendResult> send(SmsRequest sms) {
    String body = sms.toJson().encode();
    long ts = clock.instant().getEpochSecond();
    return client.postAbs(url).timeout(timeoutMillis)
        .putHeader("Content-Type", "application/json")
        .putHeader("webhook-id", sms.id())
        .putHeader("webhook-timestamp", Long.toString(ts))
        .putHeader("webhook-signature", signer.sign(sms.id(), ts, body))
        .sendBuffer(Buffer.buffer(body))
        .map(res -> HttpOutcomes.classify(res, "id", sms.id(), clock.instant()))
        .recover(e -> Future.succeededFuture(SendResult.retry("gateway unreachable: " + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : " " + e.getMessage()), null)));
  }

  @Override
  public void close() {
    client.close();
  }
}
