package org.noticeboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.noticeboard.app.Services;
import org.noticeboard.support.Await;
import org.noticeboard.support.TestApp;

/** Nothing lost, nothing sent twice: several instances on one database, SMTP outages, crashed workers. */
class OutboxReliabilityTest {

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static TestApp app(int smtpPort) {
    return TestApp.start(DeliveryFixture.fastConfig().put("NB_SMTP_HOST", "127.0.0.1").put("NB_SMTP_PORT", smtpPort)
        .put("NB_SMTP_TLS", "none").put("NB_DELIVERY_BATCH_SIZE", 50).put("NB_EMAIL_PER_SECOND", 100_000));
  }

  static List<NewMessage> messages(long org, long unit, String prefix, int n) {
    List<NewMessage> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(NewMessage.email(org, null, null, unit, prefix + i + "@example.org", "test", null, "Message " + i,
          "<p>" + i + "</p>", "" + i, prefix + ":" + i));
    }
    return out;
  }

  static Map<String, Integer> byMessageId(GreenMail smtp) throws Exception {
    Map<String, Integer> counts = new HashMap<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      counts.merge(m.getMessageID(), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void twoInstancesOnOneDatabaseSendEveryMessageExactlyOnce() throws Exception {
    int port = freePort();
    GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    Vertx other = Vertx.vertx();
    try (TestApp app = app(port)) {
      DeliveryFixture fx = new DeliveryFixture(app);
      long org = fx.organisation(app.bootstrap("Busy Hubs"));
      long unit = fx.unit(org, "Main", null, null);
      fx.enqueue(messages(org, unit, "family", 500));

      // a second service instance: its own Vert.x, pool and workers against the same PostgreSQL
      Services s = app.services();
      Pool pool2 = PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
          .connectingTo(PgConnectOptions.fromUri(s.config().databaseUrl().orElseThrow())).using(other).build();
      DeliveryEngine second = DeliveryEngine.deploy(other, s.config(), pool2, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
          s.signedTokens(), s.addressHasher(), fx.renderer, PgConnectOptions.fromUri(s.config().databaseUrl().orElseThrow()),
          app.clock()).await();
      DeliveryEngine first = fx.start(app.clock());

      Await.until("500 sent", Duration.ofSeconds(45), () -> app.count("SELECT count(*) FROM message WHERE status = 'sent'") == 500);
      assertTrue(smtp.waitForIncomingEmail(10_000, 500));
      Map<String, Integer> counts = byMessageId(smtp);
      assertEquals(500, counts.size(), "every message arrived");
      assertTrue(counts.values().stream().allMatch(c -> c == 1), "none twice");
      assertEquals(500, smtp.getReceivedMessages().length);
      assertEquals(500, app.count("SELECT count(*) FROM delivery_event WHERE event = 'sent'"));
      assertEquals(0, app.count("SELECT count(*) FROM message WHERE lease_owner IS NOT NULL"));
      first.stop().await();
      second.stop().await();
    } finally {
      other.close().await();
      smtp.stop();
    }
  }

  @Test
  void mailWaitsWhileTheSmtpServerIsDownAndGoesOutWhenItReturns() throws Exception {
    int port = freePort();
    try (TestApp app = app(port)) {
      DeliveryFixture fx = new DeliveryFixture(app);
      long org = fx.organisation(app.bootstrap("Patient Hubs"));
      long unit = fx.unit(org, "Main", null, null);
      fx.enqueue(messages(org, unit, "waiting", 5));
      DeliveryEngine engine = fx.start(app.clock());
      Await.until("retries while down", Duration.ofSeconds(20), () ->
          app.count("SELECT count(*) FROM message WHERE status = 'queued' AND attempts >= 2 AND last_error LIKE 'SMTP server unreachable%'") == 5);
      assertTrue(app.count("SELECT count(*) FROM delivery_event WHERE event = 'retry'") >= 10);

      GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      smtp.start();
      try {
        Await.until("sent after the server returned", Duration.ofSeconds(20), () ->
            app.count("SELECT count(*) FROM message WHERE status = 'sent'") == 5);
        assertTrue(smtp.waitForIncomingEmail(5_000, 5));
        assertEquals(5, byMessageId(smtp).size());
        assertEquals(5, smtp.getReceivedMessages().length);
      } finally {
        engine.stop().await();
        smtp.stop();
      }
    }
  }

  @Test
  void claimsOfACrashedWorkerAreTakenOverAfterTheLeaseAndNothingIsLost() throws Exception {
    int port = freePort();
    GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try (TestApp app = app(port)) {
      DeliveryFixture fx = new DeliveryFixture(app);
      long org = fx.organisation(app.bootstrap("Crashy Hubs"));
      long unit = fx.unit(org, "Main", null, null);
      fx.enqueue(messages(org, unit, "crash", 20));
      // A worker claims 10 messages and dies before sending any of them (kill -9: no clean-up runs)
      Instant now = app.clock().instant();
      List<ClaimedMessage> claimed = Outbox.claim(app.services().pool(), Channel.EMAIL, "dead-worker", now,
          now.plusSeconds(300), 10).await();
      assertEquals(10, claimed.size());
      assertEquals(10, app.count("SELECT count(*) FROM message WHERE status = 'sending' AND lease_owner = 'dead-worker'"));

      DeliveryEngine engine = fx.start(app.clock());
      Await.until("the other 10 sent", Duration.ofSeconds(10), () ->
          app.count("SELECT count(*) FROM message WHERE status = 'sent'") >= 10);
      assertEquals(10, app.count("SELECT count(*) FROM message WHERE status = 'sending' AND lease_owner = 'dead-worker'"),
          "claims are respected while the lease runs");
      app.clock().advance(Duration.ofSeconds(301)); // the lease runs out: no test waits five minutes
      Await.until("all 20 sent", Duration.ofSeconds(15), () ->
          app.count("SELECT count(*) FROM message WHERE status = 'sent'") == 20);
      assertEquals(10, app.count("SELECT count(*) FROM delivery_event WHERE event = 'lease-expired'"));
      assertTrue(smtp.waitForIncomingEmail(5_000, 20));
      Map<String, Integer> counts = byMessageId(smtp);
      assertEquals(20, counts.size());
      assertTrue(counts.values().stream().allMatch(c -> c == 1));
      // the dead worker's late outcome no longer applies: the rows belong to someone else now
      assertEquals(0, Outbox.record(app.services().pool(), "dead-worker",
          List.of(Outcome.failed(claimed.get(0), "failed", "late")), app.clock().instant()).await());
      assertEquals("sent", fx.status(claimed.get(0).id()));
      engine.stop().await();
    } finally {
      smtp.stop();
    }
  }
}
