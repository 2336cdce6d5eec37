package org.noticeboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.noticeboard.delivery.email.ScriptedSmtpServer;
import org.noticeboard.support.Await;
import org.noticeboard.support.TestApp;

/**
 * Faults that used to send messages twice or stop a worker: a relay slower than the lease, a connection
 * that never answers, and a restart after kill -9 with claims still held.
 */
class DeliveryFaultsTest {

  static TestApp app(ScriptedSmtpServer smtp, JsonObject more) {
    return TestApp.start(DeliveryFixture.fastConfig().put("NB_SMTP_HOST", "localhost").put("NB_SMTP_PORT", smtp.port())
        .put("NB_SMTP_TLS", "none").put("NB_EMAIL_PER_SECOND", 100_000).mergeIn(more));
  }

  static List<NewMessage> bulk(long org, long unit, String prefix, int n) {
    List<NewMessage> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(NewMessage.email(org, null, null, unit, prefix + i + "@example.org", "campaign", null, "News " + i,
          "<p>" + i + "</p>", "" + i, prefix + ":" + i));
    }
    return out;
  }

  @Test
  void aRelaySlowerThanTheLeaseGetsEveryMessageExactlyOnce() {
    ScriptedSmtpServer.Script script = new ScriptedSmtpServer.Script();
    script.acceptDelayMillis = 100; // 50 messages on 2 sessions: a batch takes 2.5 s, the lease is 1 s
    try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(script);
         TestApp app = app(smtp, new JsonObject().put("NB_DELIVERY_LEASE_SECONDS", 1).put("NB_DELIVERY_BATCH_SIZE", 50)
             .put("NB_SMTP_MAX_CONNECTIONS", 2))) {
      DeliveryFixture fx = new DeliveryFixture(app);
      long org = fx.organisation(app.bootstrap("Slow Relay Hubs"));
      long unit = fx.unit(org, "Main", null, null);
      fx.enqueue(bulk(org, unit, "slow", 100));
      DeliveryEngine engine = fx.start(app.clock()); // two email workers: each could take over the other's batch
      Await.until("all 100 sent", Duration.ofSeconds(60), () ->
          app.count("SELECT count(*) FROM message WHERE status = 'sent'") == 100);
      engine.stop().await();
      Map<String, Integer> perRecipient = new HashMap<>();
      smtp.received.forEach(r -> perRecipient.merge(r.to(), 1, Integer::sum));
      assertEquals(100, perRecipient.size());
      assertTrue(perRecipient.values().stream().allMatch(n -> n == 1), "nobody twice: " + perRecipient);
      assertEquals(0, app.count("SELECT count(*) FROM delivery_event WHERE event = 'lease-expired'"),
          "the heartbeat kept every claim alive");
      assertEquals(100, app.count("SELECT count(*) FROM delivery_event WHERE event = 'sent'"));
    }
  }

  @Test
  void aConnectionThatNeverAnswersFailsThatMessageOnlyAndTheWorkerGoesOn() {
    ScriptedSmtpServer.Script script = new ScriptedSmtpServer.Script();
    script.silentFor = to -> to.startsWith("stuck");
    try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(script);
         TestApp app = app(smtp, new JsonObject().put("NB_DELIVERY_SEND_DEADLINE_MS", 1000))) {
      DeliveryFixture fx = new DeliveryFixture(app);
      long org = fx.organisation(app.bootstrap("Stuck Relay Hubs"));
      long unit = fx.unit(org, "Main", null, null);
      fx.enqueue(bulk(org, unit, "stuck", 1));
      fx.enqueue(bulk(org, unit, "fine", 5));
      DeliveryEngine engine = fx.start(app.clock());
      Await.until("the others sent", Duration.ofSeconds(20), () ->
          app.count("SELECT count(*) FROM message WHERE status = 'sent'") == 5);
      Await.until("the stuck one recorded for a retry", Duration.ofSeconds(20), () -> app.count(
          "SELECT count(*) FROM delivery_event WHERE event = 'retry' AND detail LIKE 'no answer from the SMTP server within 1 s%'") >= 1);
      long later = fx.enqueue(bulk(org, unit, "after", 3));
      Await.until("the worker went on", Duration.ofSeconds(20), () ->
          app.count("SELECT count(*) FROM message WHERE status = 'sent' AND destination LIKE 'after%'") == 3);
      engine.stop().await();
      assertEquals(3, later);
    }
  }

  @Test
  void afterARestartAnInstanceTakesBackItsOwnClaimsAtOnce() throws Exception {
    ScriptedSmtpServer.Script script = new ScriptedSmtpServer.Script();
    try (ScriptedSmtpServer smtp = new ScriptedSmtpServer(script);
         TestApp app = app(smtp, new JsonObject().put("NB_DELIVERY_LEASE_SECONDS", 300))) {
      DeliveryFixture fx = new DeliveryFixture(app);
      long org = fx.organisation(app.bootstrap("Restarting Hubs"));
      long unit = fx.unit(org, "Main", null, null);
      fx.engineOnce(); // the instance learns who it is (its id is kept in the data directory)
      String instance = Files.readString(app.dataDir().resolve("instance.id")).trim();
      fx.enqueue(bulk(org, unit, "held", 10));
      // what a run killed mid-batch leaves: claims under this instance's name, leases far from over
      Instant now = app.clock().instant();
      assertEquals(10, Outbox.claim(app.services().pool(), Channel.EMAIL, "email/" + instance + "/killed", now,
          now.plusSeconds(300), 10).await().size());
      // and claims of another instance, alive or not, which must wait for their lease
      fx.enqueue(bulk(org, unit, "other", 2));
      Instant later = app.clock().instant();
      assertEquals(2, Outbox.claim(app.services().pool(), Channel.EMAIL, "email/0123456789ab/live", later,
          later.plusSeconds(300), 10).await().size());

      DeliveryEngine engine = fx.start(app.clock());
      Await.until("its own 10 sent without waiting out the lease", Duration.ofSeconds(15), () ->
          app.count("SELECT count(*) FROM message WHERE status = 'sent'") == 10);
      assertEquals(2, app.count("SELECT count(*) FROM message WHERE status = 'sending'"), "another instance's claims are respected");
      assertEquals(10, app.count("SELECT count(*) FROM delivery_event WHERE event = 'lease-expired'"
          + " AND detail LIKE 'requeued at restart%'"));
      engine.stop().await();
    }
  }
}
