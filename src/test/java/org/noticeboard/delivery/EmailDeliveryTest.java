package org.noticeboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.security.SignedTokens;
import org.noticeboard.support.Await;
import org.noticeboard.support.Mails;
import org.noticeboard.support.TestApp;

/** Email through a real SMTP server (GreenMail): MIME, headers, encodings, attachments, policy, discretion. */
class EmailDeliveryTest {
  static TestApp app;
  static GreenMail smtp;
  static DeliveryFixture fx;
  static long org;
  static String owner;
  static long unit;
  static long list;
  DeliveryEngine engine;

  @BeforeAll
  static void start() throws Exception {
    smtp = Mails.server();
    app = TestApp.start(DeliveryFixture.fastConfig().mergeIn(Mails.config(smtp)));
    fx = new DeliveryFixture(app);
    owner = app.bootstrap("Rossendale Family Hubs");
    org = fx.organisation(owner);
    unit = fx.unit(org, "Bacup Family Hub", "01706 000000", "bacup@example.org");
    list = fx.list(org, unit, "Bacup news", false);
  }

  @AfterAll
  static void stop() {
    app.close();
    smtp.stop();
  }

  @AfterEach
  void stopEngine() {
    if (engine != null) {
      engine.stop().await();
    }
  }

  static List<MimeMessage> receivedBy(String address) throws Exception {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return Arrays.stream(m.getAllRecipients()).anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(address));
      } catch (Exception e) {
        return false;
      }
    }).toList();
  }

  static String raw(MimeMessage m) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void personalisedMultipartMailWithEncodedHeadersAttachmentAndOneClickUnsubscribe() throws Exception {
    long zofia = fx.subscriber(org, unit, "Zofia Kowalska", "zofia@example.org", null, "pl", null);
    long amina = fx.subscriber(org, unit, "Amina Khan", "amina@example.org", null, "ur", null);
    long pdf = app.count("INSERT INTO attachment (organisation_id, filename, content_type, data) VALUES (" + org
        + ", 'flier.pdf', 'application/pdf', convert_to('%PDF-1.4 flier', 'UTF8')) RETURNING id");
    JsonObject pl = DeliveryFixture.fixture("Zajęcia dla rodziców – ${subscriber.firstName}",
        "<html><body><p>Cześć ${subscriber.firstName}!</p><a href=\"${links.unsubscribe}\">wypisz</a></body></html>",
        "Cześć ${subscriber.firstName}! ${links.viewInBrowser}", null);
    pl.getJsonObject("fixture").put("preheader", "Nowe zajęcia w ${unit.name}");
    JsonObject ur = DeliveryFixture.fixture("والدین کے لیے سیشن ${subscriber.firstName}",
        "<p>السلام علیکم ${subscriber.firstName}</p>", "السلام علیکم ${subscriber.firstName}", null);
    fx.enqueue(List.of(
        NewMessage.templated(org, zofia, list, unit, Channel.EMAIL, "zofia@example.org", "campaign", 42L, 7, 3,
            List.of("pl", "en"), pl.put("campaign", new JsonObject().put("name", "Spring")), "campaign:42:subscriber:" + zofia + ":email")
            .withAttachments(List.of(pdf)),
        NewMessage.templated(org, amina, list, unit, Channel.EMAIL, "amina@example.org", "campaign", 42L, 7, 3,
            List.of("ur", "en"), ur, "campaign:42:subscriber:" + amina + ":email")));
    engine = fx.start(app.clock());
    assertTrue(smtp.waitForIncomingEmail(10_000, 2));

    MimeMessage m = receivedBy("zofia@example.org").get(0);
    assertEquals("Zajęcia dla rodziców – Zofia", m.getSubject());
    InternetAddress from = (InternetAddress) m.getFrom()[0];
    assertEquals("news@nb.test", from.getAddress());
    assertEquals("Bacup Family Hub", from.getPersonal());
    assertTrue(m.getContentType().startsWith("multipart/mixed"), m.getContentType());
    Multipart mixed = (Multipart) m.getContent();
    BodyPart alternative = mixed.getBodyPart(0);
    assertTrue(alternative.getContentType().startsWith("multipart/alternative"), alternative.getContentType());
    Multipart alt = (Multipart) alternative.getContent();
    assertTrue(alt.getBodyPart(0).getContentType().toLowerCase().contains("text/plain"));
    assertTrue(alt.getBodyPart(0).getContentType().toLowerCase().contains("utf-8"));
    assertTrue(alt.getBodyPart(1).getContentType().toLowerCase().contains("text/html"));
    String text = (String) alt.getBodyPart(0).getContent();
    String html = (String) alt.getBodyPart(1).getContent();
    assertTrue(text.startsWith("Cześć Zofia! https://nb.example.org/p/view/"), text);
    assertTrue(html.contains("Cześć Zofia!"), html);
    assertTrue(html.contains("Nowe zajęcia w Bacup Family Hub"), "preheader in the HTML");
    BodyPart attachment = mixed.getBodyPart(1);
    assertEquals("flier.pdf", attachment.getFileName());
    assertTrue(attachment.getContentType().startsWith("application/pdf"));
    assertEquals("%PDF-1.4 flier", new String(attachment.getInputStream().readAllBytes()));

    long id = fx.messageId("campaign:42:subscriber:" + zofia + ":email");
    String messageId = new MessageIds(TestApp.SECRET).messageId("campaign:42:subscriber:" + zofia + ":email", "nb.test");
    assertEquals(messageId, m.getMessageID());
    assertEquals(messageId, fx.string("SELECT provider_message_id FROM message WHERE id = " + id));
    assertEquals("sent", fx.status(id));
    assertEquals(1, app.count("SELECT count(*) FROM delivery_event WHERE event = 'sent' AND message_id = " + id));

    String listId = m.getHeader("List-Id")[0];
    assertTrue(listId.startsWith("Bacup news <list-" + list + ".o" + org + ".nb.test>"), listId);
    String unsubscribe = m.getHeader("List-Unsubscribe")[0].replace("\r\n", ""); // unfolded (RFC 5322 §2.2.3)
    assertTrue(unsubscribe.matches("<https://nb\\.example\\.org/p/unsubscribe/[A-Za-z0-9_.-]+>, <mailto:unsubscribe@nb\\.test\\?subject=unsubscribe-[A-Za-z0-9_.-]+>"), unsubscribe);
    assertEquals("List-Unsubscribe=One-Click", m.getHeader("List-Unsubscribe-Post")[0]);
    String token = unsubscribe.substring(unsubscribe.indexOf("/p/unsubscribe/") + 15, unsubscribe.indexOf('>'));
    assertEquals(org + ":" + zofia + ":" + list + ":email:" + id,
        new SignedTokens(TestApp.SECRET).verify("unsubscribe", token, app.clock().instant()).orElseThrow());

    MimeMessage u = receivedBy("amina@example.org").get(0);
    assertEquals("والدین کے لیے سیشن Amina", u.getSubject());
    String rawHeaders = raw(u).split("\r\n\r\n", 2)[0];
    assertTrue(rawHeaders.contains("Subject: =?UTF-8?"), "the Urdu subject is RFC 2047 encoded");
    assertTrue(rawHeaders.chars().allMatch(c -> c < 128), "headers are 7-bit");
    assertTrue(((String) ((Multipart) u.getContent()).getBodyPart(0).getContent()).contains("السلام علیکم Amina"));

    // The renderer got the pinned template version, the language chain and the model
    var req = fx.renderer.seen.stream().filter(r -> r.model().getJsonObject("subscriber").getString("name").equals("Zofia Kowalska")).findFirst().orElseThrow();
    assertEquals(7, req.templateId());
    assertEquals(3, req.version());
    assertEquals(List.of("pl", "en"), req.languages());
    assertEquals("Spring", req.model().getJsonObject("campaign").getString("name"));
    assertEquals("Bacup news", req.model().getJsonObject("list").getString("name"));
    assertEquals("01706 000000", req.model().getJsonObject("unit").getString("phone"));
  }

  @Test
  void headerInjectionIsImpossible() throws Exception {
    long eve = fx.subscriber(org, unit, "Eve\r\nBcc: victim@evil.example", "eve@example.org", null, "en", null);
    fx.enqueue(List.of(
        NewMessage.templated(org, eve, list, unit, Channel.EMAIL, "eve@example.org", "campaign", 43L, 1, 1, List.of("en"),
            DeliveryFixture.fixture("Hello ${subscriber.name}\r\nBcc: victim2@evil.example", "<p>x</p>", "x", null),
            "campaign:43:subscriber:" + eve + ":email"),
        NewMessage.email(org, null, null, unit, "eve@example.org\r\nBcc: victim3@evil.example", "test", null,
            "Test", "<p>t</p>", "t", "test:inject:1")));
    engine = fx.start(app.clock());
    Await.until("both messages done", Duration.ofSeconds(10), () ->
        app.count("SELECT count(*) FROM message WHERE idempotency_key IN ('campaign:43:subscriber:" + eve
            + ":email', 'test:inject:1') AND status IN ('sent', 'failed')") == 2);
    MimeMessage m = receivedBy("eve@example.org").get(0);
    assertNull(m.getHeader("Bcc"));
    assertEquals(1, m.getAllRecipients().length);
    assertEquals("Hello Eve Bcc: victim@evil.example Bcc: victim2@evil.example", m.getSubject());
    assertTrue(Arrays.stream(smtp.getReceivedMessages()).noneMatch(x -> {
      try {
        return Arrays.stream(x.getAllRecipients()).map(Address::toString).anyMatch(a -> a.contains("evil.example"));
      } catch (Exception e) {
        return true;
      }
    }));
    long bad = fx.messageId("test:inject:1");
    assertEquals("failed", fx.status(bad));
    assertEquals("the destination is not a valid email address", fx.string("SELECT last_error FROM message WHERE id = " + bad));
  }

  @Test
  void discreetListLeavesNoNameOrContentInHeadersRowsOrLogs() throws Exception {
    long refuge = fx.list(org, unit, "Freedom Programme Rossendale", true);
    long sam = fx.subscriber(org, unit, "Sam Hidden", "sam.hidden@example.org", "+447700900777", "en", null);
    long pat = fx.subscriber(org, unit, "Pat Quiet", "pat.quiet@example.org", null, "en", "{\"discreetChannel\": \"sms-only\"}");
    try (LogCapture logs = LogCapture.attach()) {
      fx.enqueue(List.of(
          NewMessage.templated(org, sam, refuge, unit, Channel.EMAIL, "sam.hidden@example.org", "campaign", 44L, 1, 1,
              List.of("en"), DeliveryFixture.fixture("Freedom Programme: week 3", "<p>Safety planning session</p>",
                  "Safety planning session", null), "campaign:44:subscriber:" + sam + ":email"),
          NewMessage.email(org, sam, refuge, unit, "sam.hidden@example.org", "reminder", 9L,
              "Freedom Programme reminder", "<p>Safety planning tomorrow</p>", "Safety planning tomorrow", "reminder:9:" + sam),
          NewMessage.templated(org, pat, refuge, unit, Channel.EMAIL, "pat.quiet@example.org", "campaign", 44L, 1, 1,
              List.of("en"), DeliveryFixture.fixture("Freedom Programme: week 3", "<p>Safety planning session</p>",
                  "Safety planning session", null), "campaign:44:subscriber:" + pat + ":email")));
      // Sam's campaign message as a fan-out writes it: its model in a row shared with the chunk's other messages
      String samsCampaign = "idempotency_key = 'campaign:44:subscriber:" + sam + ":email'";
      app.exec("WITH shared AS (INSERT INTO message_model (organisation_id, model) SELECT organisation_id, model FROM message"
          + " WHERE " + samsCampaign + " RETURNING organisation_id, id)"
          + " UPDATE message m SET model_id = shared.id, model = '{}' FROM shared WHERE m." + samsCampaign);
      engine = fx.start(app.clock());
      Await.until("sensitive messages done", Duration.ofSeconds(10), () -> app.count(
          "SELECT count(*) FROM message WHERE list_id = " + refuge + " AND status IN ('sent', 'cancelled')") == 3);
      engine.stop().await();
      engine = null;

      List<MimeMessage> got = receivedBy("sam.hidden@example.org");
      assertEquals(2, got.size());
      for (MimeMessage m : got) {
        String raw = raw(m);
        String headers = raw.split("\r\n\r\n", 2)[0];
        assertEquals("A message for you", m.getSubject());
        assertEquals("Family services", ((InternetAddress) m.getFrom()[0]).getPersonal());
        assertFalse(headers.contains("Freedom"), headers);
        assertFalse(MimeUtility.decodeText(headers).contains("Freedom"));
        assertFalse(m.getHeader("List-Id")[0].contains("" + refuge), "opaque list id");
        // the inbox preview: the neutral line, then invisible padding rather than the message's first words
        String html = (String) ((Multipart) m.getContent()).getBodyPart(1).getContent();
        int body = html.indexOf("<body") < 0 ? 0 : html.indexOf('>', html.indexOf("<body")) + 1;
        assertTrue(html.substring(body).startsWith("<div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all\">"
            + "Open when it suits you" + "\u200C\u00A0".repeat(100) + "</div>"), html);
        assertEquals(1, html.split("mso-hide:all", -1).length - 1, "one preview line");
      }
      assertTrue(receivedBy("pat.quiet@example.org").isEmpty(), "asked for SMS only");
      assertEquals("cancelled", fx.status(fx.messageId("campaign:44:subscriber:" + pat + ":email")));

      // Nothing readable is kept: no subject, body, model; the log shows no list name or content
      assertEquals(0, app.count("SELECT count(*) FROM message WHERE list_id = " + refuge
          + " AND (subject IS NOT NULL OR html IS NOT NULL OR text_body IS NOT NULL OR model::text <> '{}'"
          + " OR model_id IS NOT NULL)"));
      assertEquals(0, app.count("SELECT count(*) FROM message m JOIN delivery_event e ON e.message_id = m.id"
          + " WHERE m.list_id = " + refuge + " AND (e.detail LIKE '%Freedom%' OR e.detail LIKE '%Safety%')"));
      String log = logs.all();
      assertFalse(log.contains("Freedom"), log);
      assertFalse(log.contains("Safety"), log);
      assertFalse(log.contains("sam.hidden"), log);
      assertTrue(log.contains("email worker"), "the worker did log its batches");
    }
    // the renderer never saw the list name either, and was given the neutral subject and preheader
    assertTrue(fx.renderer.seen.stream().filter(r -> r.model().getJsonObject("subscriber").getString("name").equals("Sam Hidden"))
        .allMatch(r -> r.model().getJsonObject("list").isEmpty()
            && "A message for you".equals(r.model().getJsonObject("discreet").getString("subject"))));
    // the message log masks the destination and hides the list
    JsonObject view = app.as(owner).get("messages/" + fx.messageId("reminder:9:" + sam)).json();
    assertEquals("sa…@example.org", view.getString("destination"));
    assertNull(view.getValue("listId"));
    assertTrue(view.getBoolean("discreet"));
    assertFalse(view.encode().contains("Freedom"));
  }

  @Test
  void suppressedAndUnsubscribedAddressesAreNeverSent() throws Exception {
    String owner = app.bootstrap("Suppressing Org");
    long org2 = fx.organisation(owner);
    long unit2 = fx.unit(org2, "Haslingden", null, null);
    long list2 = fx.list(org2, unit2, "Haslingden news", false);
    long kim = fx.subscriber(org2, unit2, "Kim", "kim@example.org", null, "en", null);
    long lee = fx.subscriber(org2, unit2, "Lee", "lee@example.org", null, "en", null);
    app.exec("INSERT INTO subscription (organisation_id, list_id, subscriber_id, channel, status) VALUES (" + org2 + ", "
        + list2 + ", " + lee + ", 'email', 'unsubscribed')");
    assertEquals(201, app.as(owner).post("suppressions", new JsonObject().put("channel", "email").put("address", "KIM@example.org")).status());
    fx.enqueue(List.of(
        NewMessage.email(org2, kim, list2, unit2, "kim@example.org", "campaign", 50L, "Hi", "<p>Hi</p>", "Hi", "c50:kim"),
        NewMessage.email(org2, lee, list2, unit2, "lee@example.org", "campaign", 50L, "Hi", "<p>Hi</p>", "Hi", "c50:lee")));
    assertEquals(0, fx.enqueue(List.of(
        NewMessage.email(org2, kim, list2, unit2, "kim@example.org", "campaign", 50L, "Hi", "<p>Hi</p>", "Hi", "c50:kim"))),
        "a second enqueue with the same key is ignored");
    engine = fx.start(app.clock());
    Await.until("policy applied", Duration.ofSeconds(10), () -> "suppressed".equals(fx.status(fx.messageId("c50:kim")))
        && "cancelled".equals(fx.status(fx.messageId("c50:lee"))));
    assertTrue(receivedBy("kim@example.org").isEmpty());
    assertTrue(receivedBy("lee@example.org").isEmpty());
    // the same address in another organisation is not suppressed
    long kimHere = fx.subscriber(org, unit, "Kim", "kim@example.org", null, "en", null);
    fx.enqueue(List.of(NewMessage.email(org, kimHere, null, unit, "kim@example.org", "transactional", null, "Hi", "<p>Hi</p>",
        "Hi", "t:kim")));
    Await.until("sent in the other organisation", Duration.ofSeconds(10), () -> "sent".equals(fx.status(fx.messageId("t:kim"))));
    assertEquals(1, receivedBy("kim@example.org").size());
    assertEquals(Collections.emptyList(), Arrays.asList(receivedBy("kim@example.org").get(0).getHeader("List-Unsubscribe") == null
        ? new String[0] : receivedBy("kim@example.org").get(0).getHeader("List-Unsubscribe")), "no list, no List-Unsubscribe");
  }

  @Test
  void aQueuedMessageGoesToThePersonsCurrentAddress() throws Exception {
    String owner = app.bootstrap("Moving Org");
    long org3 = fx.organisation(owner);
    long unit3 = fx.unit(org3, "Rawtenstall", null, null);
    long list3 = fx.list(org3, unit3, "Rawtenstall news", false);
    long mo = fx.subscriber(org3, unit3, "Mo", "mo.old@example.org", null, "en", null);
    long nia = fx.subscriber(org3, unit3, "Nia", "nia@example.org", "+447911123400", "en", null);
    fx.enqueue(List.of(
        NewMessage.email(org3, mo, list3, unit3, "mo.old@example.org", "campaign", 60L, "Hi", "<p>Hi</p>", "Hi", "c60:mo"),
        NewMessage.email(org3, nia, list3, unit3, "nia@example.org", "campaign", 60L, "Hi", "<p>Hi</p>", "Hi", "c60:nia")));
    // after queuing, Mo changes address and Nia removes hers
    app.exec("UPDATE subscriber SET email = 'mo.new@example.org' WHERE id = " + mo);
    app.exec("UPDATE subscriber SET email = NULL WHERE id = " + nia);
    engine = fx.start(app.clock());
    Await.until("sent", Duration.ofSeconds(10), () -> "sent".equals(fx.status(fx.messageId("c60:mo")))
        && "cancelled".equals(fx.status(fx.messageId("c60:nia"))));
    assertEquals(1, receivedBy("mo.new@example.org").size());
    assertTrue(receivedBy("mo.old@example.org").isEmpty());
    assertTrue(receivedBy("nia@example.org").isEmpty());
  }

  @Test
  void aRenderFailureFailsOnlyThatMessage() throws Exception {
    long a = fx.subscriber(org, unit, "Ann", "ann@example.org", null, "en", null);
    long b = fx.subscriber(org, unit, "Bob", "bob@example.org", null, "en", null);
    JsonObject broken = new JsonObject().put("fixture", new JsonObject().put("fail", "template 8 v1: unknown variable"));
    fx.enqueue(List.of(
        NewMessage.templated(org, a, list, unit, Channel.EMAIL, "ann@example.org", "campaign", 45L, 8, 1, List.of("en"), broken, "c45:a"),
        NewMessage.templated(org, b, list, unit, Channel.EMAIL, "bob@example.org", "campaign", 45L, 8, 1, List.of("en"),
            DeliveryFixture.fixture("Hi ${subscriber.firstName}", "<p>Hi</p>", "Hi", null), "c45:b")));
    engine = fx.start(app.clock());
    Await.until("both done", Duration.ofSeconds(10), () -> "failed".equals(fx.status(fx.messageId("c45:a")))
        && "sent".equals(fx.status(fx.messageId("c45:b"))));
    assertEquals("template 8 v1: unknown variable", fx.string("SELECT last_error FROM message WHERE idempotency_key = 'c45:a'"));
    assertEquals(1, app.count("SELECT count(*) FROM delivery_event e JOIN message m ON m.id = e.message_id"
        + " WHERE m.idempotency_key = 'c45:a' AND e.event = 'render-failed'"));
    assertEquals("Hi Bob", receivedBy("bob@example.org").get(0).getSubject());
    assertEquals(Message.RecipientType.TO.toString(), "To");
  }
}
