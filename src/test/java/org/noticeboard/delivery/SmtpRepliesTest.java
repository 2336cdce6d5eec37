package org.noticeboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Await;
import org.noticeboard.support.TestApp;

/**
 * SMTP reply classes against a real (scripted) SMTP server speaking the protocol over TCP: 4xx is
 * retried, 5.1.1 is a hard bounce that suppresses the address, other 5xx fail without suppression.
 */
class SmtpRepliesTest {
  static final Map<String, Integer> delivered = new ConcurrentHashMap<>();
  static final Map<String, Integer> tries = new ConcurrentHashMap<>();

  static void handle(NetSocket socket) {
    socket.write("220 scripted ESMTP\r\n");
    String[] rcpt = {null};
    boolean[] data = {false};
    RecordParser parser = RecordParser.newDelimited("\r\n", line -> {
      String l = line.toString();
      if (data[0]) {
        if (l.equals(".")) {
          data[0] = false;
          delivered.merge(rcpt[0], 1, Integer::sum);
          socket.write("250 2.0.0 queued\r\n");
        }
        return;
      }
      String cmd = l.length() >= 4 ? l.substring(0, 4).toUpperCase() : l.toUpperCase();
      switch (cmd) {
        case "EHLO" -> socket.write("250-scripted\r\n250 8BITMIME\r\n");
        case "HELO", "MAIL", "RSET", "NOOP" -> socket.write("250 2.0.0 ok\r\n");
        case "RCPT" -> {
          String addr = l.substring(l.indexOf('<') + 1, l.indexOf('>'));
          int n = tries.merge(addr, 1, Integer::sum);
          rcpt[0] = addr;
          if (addr.startsWith("unknown")) {
            socket.write("550 5.1.1 <" + addr + ">: Recipient address rejected: User unknown\r\n");
          } else if (addr.startsWith("later") && n < 3) {
            socket.write("451 4.3.0 Try again later\r\n");
          } else if (addr.startsWith("blocked")) {
            socket.write("554 5.7.1 Rejected by policy\r\n");
          } else {
            socket.write("250 2.1.5 ok\r\n");
          }
        }
        case "DATA" -> {
          data[0] = true;
          socket.write("354 go ahead\r\n");
        }
        case "QUIT" -> socket.write("221 bye\r\n").onComplete(v -> socket.close());
        default -> socket.write("502 5.5.2 unknown command\r\n");
      }
    });
    socket.handler(parser);
  }

  @Test
  void repliesAreClassified() {
    Vertx vertx = Vertx.vertx();
    NetServer server = vertx.createNetServer().connectHandler(SmtpRepliesTest::handle).listen(0, "127.0.0.1").await();
    try (TestApp app = TestApp.start(DeliveryFixture.fastConfig().put("NB_SMTP_HOST", "127.0.0.1")
        .put("NB_SMTP_PORT", server.actualPort()).put("NB_SMTP_TLS", "none"))) {
      DeliveryFixture fx = new DeliveryFixture(app);
      long org = fx.organisation(app.bootstrap("Bouncy Hubs"));
      long unit = fx.unit(org, "Main", null, null);
      // queued to an old address; the parent has changed it since, and the new one bounces
      long moved = fx.subscriber(org, unit, "Moved", "unknown.moved@example.org", null, "en", null);
      fx.enqueue(List.of(NewMessage.email(org, moved, null, unit, "old.address@example.org", "test", null, "Hi",
          "<p>Hi</p>", "Hi", "r:moved")));
      fx.enqueue(List.of(
          NewMessage.email(org, null, null, unit, "unknown@example.org", "test", null, "Hi", "<p>Hi</p>", "Hi", "r:unknown"),
          NewMessage.email(org, null, null, unit, "later@example.org", "test", null, "Hi", "<p>Hi</p>", "Hi", "r:later"),
          NewMessage.email(org, null, null, unit, "blocked@example.org", "test", null, "Hi", "<p>Hi</p>", "Hi", "r:blocked"),
          NewMessage.email(org, null, null, unit, "fine@example.org", "test", null, "Hi", "<p>Hi</p>", "Hi", "r:fine")));
      DeliveryEngine engine = fx.start(app.clock());
      Await.until("all settled", Duration.ofSeconds(15), () -> app.count(
          "SELECT count(*) FROM message WHERE status IN ('sent', 'failed')") == 5);
      engine.stop().await();

      assertEquals("failed", fx.status(fx.messageId("r:unknown")));
      String bounce = fx.string("SELECT last_error FROM message WHERE idempotency_key = 'r:unknown'");
      assertTrue(bounce.startsWith("550 5.1.1"), bounce);
      assertEquals(1, app.count("SELECT count(*) FROM delivery_event e JOIN message m ON m.id = e.message_id"
          + " WHERE m.idempotency_key = 'r:unknown' AND e.event = 'hard-bounce'"));
      assertEquals(1, app.count("SELECT count(*) FROM suppression WHERE organisation_id = " + org
          + " AND channel = 'email' AND reason = 'hard-bounce' AND masked = 'un…@example.org'"
          + " AND detail = 'message " + fx.messageId("r:unknown") + "'"));

      assertEquals(1, app.count("SELECT count(*) FROM suppression WHERE organisation_id = " + org
          + " AND masked = 'un…@example.org' AND detail = 'message " + fx.messageId("r:moved") + "'"),
          "the address the bounce came from is suppressed");
      assertEquals(0, app.count("SELECT count(*) FROM suppression WHERE masked = 'ol…@example.org'"), "not the old one");

      assertEquals("sent", fx.status(fx.messageId("r:later")));
      assertEquals(3, app.count("SELECT attempts FROM message WHERE idempotency_key = 'r:later'"));
      assertEquals(2, app.count("SELECT count(*) FROM delivery_event e JOIN message m ON m.id = e.message_id"
          + " WHERE m.idempotency_key = 'r:later' AND e.event = 'retry' AND e.detail LIKE '451%'"));
      assertEquals(1, delivered.get("later@example.org"));

      assertEquals("failed", fx.status(fx.messageId("r:blocked")));
      assertEquals(1, app.count("SELECT attempts FROM message WHERE idempotency_key = 'r:blocked'"));
      assertEquals(0, app.count("SELECT count(*) FROM suppression WHERE masked = 'bl…@example.org'"), "policy rejection is no bounce");
      assertEquals(1, delivered.get("fine@example.org"));
      assertEquals(null, delivered.get("unknown@example.org"));
    } finally {
      vertx.close().await();
    }
  }
}
