package org.noticeboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.noticeboard.delivery.NewMessage;
import org.noticeboard.delivery.Outbox;
import org.noticeboard.support.Await;
import org.noticeboard.support.Mails;
import org.noticeboard.support.TestApp;
import org.noticeboard.support.TestDatabase;

/** Stopping while mail is going out finishes and records the batches in hand: nothing is left half-sent. */
class GracefulShutdownTest {

  @Test
  void stoppingMidSendLeavesEveryMessageEitherSentOrQueued() throws Exception {
    GreenMail smtp = Mails.server();
    String db;
    int received;
    try {
      TestApp app = TestApp.start(Mails.config(smtp).put("NB_MAIL_FROM", "news@nb.test").put("NB_DELIVERY_BATCH_SIZE", 20)
          .put("NB_DELIVERY_POLL_MS", 50).put("NB_EMAIL_PER_SECOND", 100_000));
      db = app.databaseName();
      String owner = app.bootstrap("Bacup Family Hub");
      long org = app.as(owner).get("me").json().getLong("organisationId");
      List<NewMessage> messages = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        messages.add(NewMessage.email(org, null, null, null, "family" + i + "@example.org", "transactional", null,
            "Session reminder", "<p>See you on Saturday</p>", "See you on Saturday", "shutdown:" + i));
      }
      app.services().pool().withTransaction(tx -> Outbox.enqueue(tx, messages, app.clock().instant())).await();
      Await.until("the first messages", Duration.ofSeconds(20), () -> smtp.getReceivedMessages().length >= 20);
      app.close(); // mid-send
      received = smtp.getReceivedMessages().length;
    } finally {
      smtp.stop();
    }
    try (var c = DriverManager.getConnection(TestDatabase.jdbcUrl(db), "postgres", "postgres");
         var rs = c.createStatement().executeQuery(
             "SELECT count(*) FILTER (WHERE status = 'sending'), count(*) FILTER (WHERE status = 'sent'), "
                 + "count(*) FILTER (WHERE status = 'queued') FROM message")) {
      rs.next();
      assertEquals(0, rs.getLong(1), "no claim is left hanging");
      assertEquals(received, rs.getLong(2), "every message that went out is recorded as sent, and only those");
      assertEquals(400 - received, rs.getLong(3), "the rest wait for the next start");
      assertTrue(received >= 20);
    }
  }
}
