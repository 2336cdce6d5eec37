package org.noticeboard.delivery.sms;

import java.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.auth.authentication.UsernamePasswordCredentials;
import io.vertx.ext.web.client.WebClient;
import org.noticeboard.config.NoticeboardConfig;
import org.noticeboard.delivery.SendResult;

/**
 * Twilio's Messages API (or any compatible gateway at {@code NB_SMS_TWILIO_BASE_URL}): form-encoded
 * To, From, Body, StatusCallback with HTTP basic auth (account sid : auth token). Twilio's {@code sid}
 * becomes the provider message id.
 */
final class TwilioSmsGateway implements SmsGateway {
  private final WebClient client;
  private final String url;
  private final String accountSid;
  private final String authToken;
  private final String statusCallback;
  private final int timeoutMillis;
  private final Clock clock;

  TwilioSmsGateway(WebClient client, NoticeboardConfig config, Clock clock) {
    this.clock = clock;
    this.client = client;
    this.accountSid = config.delivery().twilioAccountSid().orElseThrow();
    this.authToken = config.delivery().twilioAuthToken().orElseThrow();
    this.url = config.delivery().twilioBaseUrl() + "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
    this.statusCallback = config.publicBaseUrl() + "/hooks/sms/twilio/status";
    this.timeoutMillis = config.delivery().smsTimeoutMillis();
  }

  @Override
  public Future<SendResult> send(SmsRequest sms) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("To", sms.to()).add("From", sms.from()).add("Body", sms.body()).add("StatusCallback", statusCallback);
    return client.postAbs(url).timeout(timeoutMillis)
        .authentication(new UsernamePasswordCredentials(accountSid, authToken))
        .putHeader("Idempotency-Key", sms.id())
        .sendForm(form)
        .map(res -> HttpOutcomes.classify(res, "sid", sms.id(), clock.instant()))
        .recover(e -> Future.succeededFuture(SendResult.retry("gateway unreachable: " + e.getClass().getSimpleName(), null)));
  }

  @Override
  public void close() {
    client.close();
  }
}
