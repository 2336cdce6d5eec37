package org.noticeboard.delivery.sms;

import java.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.noticeboard.config.NoticeboardConfig;
import org.noticeboard.config.SmsConfig;
import org.noticeboard.delivery.SendResult;

/** Where SMS go: the generic signed webhook or a Twilio-compatible API. */
public interface SmsGateway {
  Future<SendResult> send(SmsRequest sms);

  void close();

  /** The configured gateway; without one, the development sink under the data directory. */
  static SmsGateway create(Vertx vertx, NoticeboardConfig config, Clock clock) {
    SmsConfig sms = config.sms();
    WebClientOptions options = new WebClientOptions().setKeepAlive(true)
        .setConnectTimeout(config.delivery().smsTimeoutMillis()).setIdleTimeout(60);
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(32);
    if (sms.mode() == SmsConfig.Mode.TWILIO) {
      return new TwilioSmsGateway(WebClient.create(vertx, options, pool), config, clock);
    }
    if (sms.webhookUrl().isEmpty()) {
      return new SmsSink(vertx, config.dataDir());
    }
    return new WebhookSmsGateway(WebClient.create(vertx, options, pool), sms.webhookUrl().get(),
        new StandardWebhooks(sms.webhookSecret().orElseThrow()), config.delivery().smsTimeoutMillis(), clock);
  }
}
