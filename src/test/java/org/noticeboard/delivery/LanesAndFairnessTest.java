package org.noticeboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.noticeboard.delivery.email.ScriptedSmtpServer;
import org.noticeboard.support.Await;
import org.noticeboard.support.TestApp;

/**
 * Urgent first and fair between organisations: a confirmation or a test send overtakes a running
 * newsletter, a small organisation's mail does not wait for a big one's, and a rate holds across every
 * worker.
 */
class LanesAndFairnessTest {

  static List<NewMessage> mail(long org, long unit, String kind, String prefix, int n) {
    List<NewMessage> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(NewMessage.email(org, null, null, unit, prefix + i + "@example.org", kind, null, "Hello " + i,
          "<p>" + i + "</p>", "" + i, prefix + ":" + i));
    }
    return out;
  }

  @Test
  void urgentMessagesOvertakeANewsletterAndASmallOrganisationDoesNotWaitForABigOne() {
    try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(new ScriptedSmtpServer.Script());
         TestApp app = TestApp.start(DeliveryFixture.fastConfig().put("NB_SMTP_HOST", "localhost")
             .put("NB_SMTP_PORT", smtp.port()).put("NB_SMTP_TLS", "none"))) {
      DeliveryFixture fx = new DeliveryFixture(app);
      long big = fx.organisation(app.bootstrap("Lancashire Children's Centres"));
      long small = fx.organisation(app.bootstrap("Bacup Family Hub"));
      app.exec("UPDATE organisation SET email_per_second = 50 WHERE id = " + big); // its newsletter takes 40 s
      long bigUnit = fx.unit(big, "County", null, null);
      long smallUnit = fx.unit(small, "Bacup", null, null);
      fx.enqueue(mail(big, bigUnit, "campaign", "news", 2000));
      DeliveryEngine engine = fx.start(app.clock());
      Await.until("the newsletter is going out", Duration.ofSeconds(10), () ->
          app.count("SELECT count(*) FROM message WHERE status = 'sent'") >= 50);

      fx.enqueue(mail(big, bigUnit, "confirmation", "confirm", 1)); // same organisation as the newsletter
      fx.enqueue(mail(small, smallUnit, "test", "test", 1));        // another organisation
      fx.enqueue(mail(small, smallUnit, "campaign", "bulletin", 30));
      Await.until("the confirmation and the test send", Duration.ofSeconds(10), () -> app.count(
          "SELECT count(*) FROM message WHERE status = 'sent' AND source_kind IN ('confirmation', 'test')") == 2);
      for (Row r : app.services().pool().query("SELECT source_kind, created_at, sent_at FROM message"
          + " WHERE source_kind IN ('confirmation', 'test')").execute().await()) {
        Duration waited = Duration.between(r.getOffsetDateTime("created_at"), r.getOffsetDateTime("sent_at"));
        assertTrue(waited.compareTo(Duration.ofSeconds(2)) <= 0, r.getString("source_kind") + " waited " + waited);
      }
      Await.until("the small organisation's bulletin", Duration.ofSeconds(10), () -> app.count(
          "SELECT count(*) FROM message WHERE status = 'sent' AND destination LIKE 'bulletin%'") == 30);
      long bigLeft = app.count("SELECT count(*) FROM message WHERE organisation_id = " + big + " AND status <> 'sent'");
      assertTrue(bigLeft > 1000, "the bulletin took its turn beside the newsletter, not after it (" + bigLeft + " left)");
      engine.stop().await();
    }
  }

  @Test
  void anOrganisationsRateHoldsAcrossAllWorkers() {
    try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(new ScriptedSmtpServer.Script());
         TestApp app = TestApp.start(DeliveryFixture.fastConfig().put("NB_SMTP_HOST", "localhost")
             .put("NB_SMTP_PORT", smtp.port()).put("NB_SMTP_TLS", "none").put("NB_DELIVERY_WORKERS", 3))) {
      DeliveryFixture fx = new DeliveryFixture(app);
      long org = fx.organisation(app.bootstrap("Rossendale Children's Centres"));
      app.exec("UPDATE organisation SET email_per_second = 20 WHERE id = " + org);
      long unit = fx.unit(org, "Main", null, null);
      fx.enqueue(mail(org, unit, "campaign", "rate", 60));
      DeliveryEngine engine = fx.start(app.clock());
      Await.until("all sent", Duration.ofSeconds(30), () ->
          app.count("SELECT count(*) FROM message WHERE status = 'sent'") == 60);
      engine.stop().await();
      List<OffsetDateTime> sent = new ArrayList<>();
      app.services().pool().query("SELECT sent_at FROM message ORDER BY sent_at").execute().await()
          .forEach(r -> sent.add(r.getOffsetDateTime(0)));
      // a bucket of one second's worth (20), then 20 a second: 60 take at least 2 s, whatever the workers
      Duration span = Duration.between(sent.get(0), sent.get(sent.size() - 1));
      assertTrue(span.compareTo(Duration.ofMillis(1600)) >= 0, "60 at 20/s took only " + span);
      for (int i = 0; i < sent.size(); i++) {
        int inOneSecond = 0;
        for (int j = i; j < sent.size() && sent.get(j).isBefore(sent.get(i).plusSeconds(1)); j++) {
          inOneSecond++;
        }
        assertTrue(inOneSecond <= 41, inOneSecond + " sent within one second from #" + i + " (burst 20 + 20/s)");
      }
      assertTrue(app.count("SELECT count(*) FROM delivery_event WHERE event = 'held' AND detail = 'rate limit'") > 0);
    }
  }

  @Test
  void theDatabaseAndTheCodeAgreeOnEveryLane() {
    try (TestApp app = TestApp.start(DeliveryFixture.fastConfig())) {
      DeliveryFixture fx = new DeliveryFixture(app);
      long org = fx.organisation(app.bootstrap("Lanes"));
      long unit = fx.unit(org, "Main", null, null);
      List<NewMessage> all = new ArrayList<>();
      int i = 0;
      for (String kind : List.of("campaign", "reminder", "confirmation", "transactional", "test", "sms-reply")) {
        for (boolean urgent : new boolean[] {false, true}) {
          all.add(NewMessage.sms(org, null, null, unit, "+447700900" + (100 + i), kind, null, "x", urgent, "lane:" + i++));
        }
      }
      fx.enqueue(all);
      for (Row r : app.services().pool().query("SELECT source_kind, urgent, priority FROM message").execute().await()) {
        assertEquals(Lane.of(r.getString(0), r.getBoolean(1)).priority(), r.getInteger(2).intValue(),
            r.getString(0) + (r.getBoolean(1) ? " urgent" : ""));
      }
    }
  }
}
