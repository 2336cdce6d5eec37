package org.noticeboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Await;
import org.noticeboard.support.TestApp;
import org.noticeboard.support.TestClock;

/** Twilio-compatible mode: form API with basic auth, status callback and inbound STOP with X-Twilio-Signature. */
class SmsTwilioTest {

  static String twilioSignature(String token, String url, MultiMap form) throws Exception {
    StringBuilder data = new StringBuilder(url);
    TreeMap<String, String> sorted = new TreeMap<>();
    form.forEach(e -> sorted.put(e.getKey(), e.getValue()));
    sorted.forEach((k, v) -> data.append(k).append(v));
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void sendsThroughTheTwilioApiAndVerifiesItsCallbacks() throws Exception {
    TestClock clock = TestClock.suiteDefault();
    try (SmsGatewayStub gateway = new SmsGatewayStub("whsec_" + Base64.getEncoder().encodeToString("unused".getBytes()), clock)) {
      int port = gateway.start();
      try (TestApp app = TestApp.start(DeliveryFixture.fastConfig().put("NB_SMS_MODE", "twilio")
          .put("NB_SMS_TWILIO_ACCOUNT_SID", "AC123").put("NB_SMS_TWILIO_AUTH_TOKEN", "twilio-token")
          .put("NB_SMS_TWILIO_BASE_URL", "http://127.0.0.1:" + port).put("NB_SMS_FROM", "+447700900100"), clock)) {
        DeliveryFixture fx = new DeliveryFixture(app);
        String owner = app.bootstrap("Twilio Hubs");
        long org = fx.organisation(owner);
        assertEquals(200, app.as(owner).patch("organisation", new JsonObject().putNull("smsQuietHours")).status());
        long unit = fx.unit(org, "Main", null, null);
        long s = fx.subscriber(org, unit, "Tess", null, "+447700900200", "en", null);
        fx.enqueue(List.of(NewMessage.sms(org, s, null, unit, "+447700900200", "transactional", null, "Your place is booked", false, "tw:1")));
        DeliveryEngine engine = fx.start(app.clock());
        long id = fx.messageId("tw:1");
        Await.until("sent", Duration.ofSeconds(10), () -> "sent".equals(fx.status(id)));

        SmsGatewayStub.Received r = gateway.to("+447700900200").get(0);
        assertEquals("+447700900100", r.form().get("From"));
        assertEquals("Your place is booked", r.form().get("Body"));
        assertEquals("https://nb.example.org/hooks/sms/twilio/status", r.form().get("StatusCallback"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("AC123:twilio-token".getBytes()), r.headers().get("Authorization"));
        String sid = fx.string("SELECT provider_message_id FROM message WHERE id = " + id);
        assertEquals("SM" + Math.abs("+447700900200".hashCode()), sid);

        WebClient web = WebClient.create(app.app().vertx());
        MultiMap status = MultiMap.caseInsensitiveMultiMap().add("MessageSid", sid).add("MessageStatus", "delivered").add("AccountSid", "AC123");
        HttpResponse<Buffer> forged = web.post(app.port(), "127.0.0.1", "/hooks/sms/twilio/status")
            .putHeader("X-Twilio-Signature", twilioSignature("wrong-token", "https://nb.example.org/hooks/sms/twilio/status", status))
            .sendForm(status).await();
        assertEquals(401, forged.statusCode());
        assertEquals("sent", fx.status(id));
        HttpResponse<Buffer> ok = web.post(app.port(), "127.0.0.1", "/hooks/sms/twilio/status")
            .putHeader("X-Twilio-Signature", twilioSignature("twilio-token", "https://nb.example.org/hooks/sms/twilio/status", status))
            .sendForm(status).await();
        assertEquals(204, ok.statusCode(), ok.bodyAsString());
        assertEquals("delivered", fx.status(id));

        MultiMap inbound = MultiMap.caseInsensitiveMultiMap().add("From", "+447700900200").add("To", "+447700900100")
            .add("Body", "Stop").add("MessageSid", "SMin1");
        HttpResponse<Buffer> stop = web.post(app.port(), "127.0.0.1", "/hooks/sms/twilio/inbound")
            .putHeader("X-Twilio-Signature", twilioSignature("twilio-token", "https://nb.example.org/hooks/sms/twilio/inbound", inbound))
            .sendForm(inbound).await();
        assertEquals(200, stop.statusCode());
        assertEquals(1, app.count("SELECT count(*) FROM suppression WHERE organisation_id = " + org + " AND reason = 'sms-stop'"));

        // a captured request cannot be replayed: after START, the same signed STOP changes nothing
        MultiMap start = MultiMap.caseInsensitiveMultiMap().add("From", "+447700900200").add("To", "+447700900100")
            .add("Body", "START").add("MessageSid", "SMin2");
        assertEquals(200, web.post(app.port(), "127.0.0.1", "/hooks/sms/twilio/inbound")
            .putHeader("X-Twilio-Signature", twilioSignature("twilio-token", "https://nb.example.org/hooks/sms/twilio/inbound", start))
            .sendForm(start).await().statusCode());
        assertEquals(0, app.count("SELECT count(*) FROM suppression WHERE organisation_id = " + org + " AND reason = 'sms-stop'"));
        HttpResponse<Buffer> replay = web.post(app.port(), "127.0.0.1", "/hooks/sms/twilio/inbound")
            .putHeader("X-Twilio-Signature", twilioSignature("twilio-token", "https://nb.example.org/hooks/sms/twilio/inbound", inbound))
            .sendForm(inbound).await();
        assertEquals(200, replay.statusCode());
        assertEquals(0, app.count("SELECT count(*) FROM suppression WHERE organisation_id = " + org + " AND reason = 'sms-stop'"));
        engine.stop().await();
        web.close();
      }
    }
  }
}
