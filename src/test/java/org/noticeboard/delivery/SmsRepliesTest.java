package org.noticeboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Await;
import org.noticeboard.support.Response;
import org.noticeboard.support.TestApp;
import org.noticeboard.support.TestClock;

/**
 * Replies to texts, through the real webhook routes signed as a gateway signs them: each reply is for the
 * organisation whose number it was sent to (or that last texted the person from the shared number), a
 * signed request cannot be replayed, and delivery reports never move a message backwards.
 */
class SmsRepliesTest {
  static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("sms-replies-secret-0123456789".getBytes());
  static final String SHARED = "+447700900100";
  static final AtomicInteger IDS = new AtomicInteger();
  static SmsGatewayStub gateway;
  static TestApp app;
  static DeliveryFixture fx;
  static WebClient web;
  static DeliveryEngine engine;

  /** An organisation with one centre and one SMS list. */
  record Org(long id, String owner, long unit, long list) {}

  @BeforeAll
  static void start() {
    TestClock clock = TestClock.suiteDefault();
    gateway = new SmsGatewayStub(SECRET, clock);
    int port = gateway.start();
    app = TestApp.start(DeliveryFixture.fastConfig().put("NB_SMS_WEBHOOK_URL", "http://127.0.0.1:" + port + "/sms")
        .put("NB_SMS_WEBHOOK_SECRET", SECRET).put("NB_SMS_FROM", SHARED), clock);
    fx = new DeliveryFixture(app);
    web = WebClient.create(app.app().vertx());
    engine = fx.start(app.clock());
  }

  @AfterAll
  static void stop() {
    engine.stop().await();
    app.close();
    gateway.close();
  }

  static Org org(String name, String orgSender, String centre, String centrePhone, String unitSender) {
    String owner = app.bootstrap(name);
    long id = fx.organisation(owner);
    JsonObject settings = new JsonObject().putNull("smsQuietHours");
    if (orgSender != null) {
      settings.put("smsSenderId", orgSender);
    }
    Response r = app.as(owner).patch("organisation", settings);
    assertEquals(200, r.status(), r.toString());
    long unit = fx.unit(id, centre, centrePhone, null);
    if (unitSender != null) {
      app.exec("UPDATE unit SET sms_sender = '" + unitSender + "' WHERE id = " + unit);
    }
    return new Org(id, owner, unit, fx.list(id, unit, centre + " texts", false));
  }

  static long person(Org o, String phone) {
    long s = fx.subscriber(o.id(), o.unit(), "Pat Parent", null, phone, "en", null);
    fx.subscribe(o.id(), o.list(), s, "sms");
    return s;
  }

  /** Sends a text from the organisation's centre to the person and waits until the gateway took it. */
  static void text(Org o, long subscriber, String phone) {
    String key = "replies:" + IDS.incrementAndGet();
    fx.enqueue(List.of(NewMessage.sms(o.id(), subscriber, o.list(), o.unit(), phone, "transactional", null,
        "Stay and play on Tuesday", false, key)));
    long id = fx.messageId(key);
    Await.until("sent", Duration.ofSeconds(10), () -> "sent".equals(fx.status(id)));
  }

  static String sign(String id, long ts, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8)));
  }

  static HttpResponse<Buffer> signed(String path, String id, long ts, String body) throws Exception {
    return web.post(app.port(), "127.0.0.1", path).putHeader("Content-Type", "application/json")
        .putHeader("webhook-id", id).putHeader("webhook-timestamp", Long.toString(ts))
        .putHeader("webhook-signature", sign(id, ts, body))
        .sendBuffer(Buffer.buffer(body)).await();
  }

  static JsonObject reply(String from, String to, String body) throws Exception {
    JsonObject json = new JsonObject().put("from", from).put("body", body);
    if (to != null) {
      json.put("to", to);
    }
    HttpResponse<Buffer> r = signed("/hooks/sms/inbound", "msg_" + IDS.incrementAndGet(), now(), json.encode());
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static long now() {
    return app.clock().instant().getEpochSecond();
  }

  static String masked(String phone) {
    return "+44…" + phone.substring(phone.length() - 3);
  }

  /** The organisations among {@code orgs} where the number is suppressed after a STOP, as a sorted list of ids. */
  static List<Long> stopped(String phone, Org... orgs) {
    return java.util.Arrays.stream(orgs).map(Org::id).filter(id -> app.count("SELECT count(*) FROM suppression WHERE organisation_id = "
        + id + " AND channel = 'sms' AND reason = 'sms-stop' AND masked = '" + masked(phone) + "'") == 1).sorted().toList();
  }

  static List<Long> ids(Org... orgs) {
    return java.util.Arrays.stream(orgs).map(Org::id).sorted().toList();
  }

  /** The HELP answers queued for the number so far, oldest first: organisation, sender, text. */
  static List<String> helpAnswers(String phone) {
    Await.until("answers sent", Duration.ofSeconds(10), () -> app.count("SELECT count(*) FROM message WHERE source_kind = 'sms-reply'"
        + " AND destination = '" + phone + "' AND status <> 'sent'") == 0);
    List<String> answers = new java.util.ArrayList<>();
    long n = app.count("SELECT count(*) FROM message WHERE source_kind = 'sms-reply' AND destination = '" + phone + "'");
    for (int i = 0; i < n; i++) {
      answers.add(fx.string("SELECT organisation_id || ' ' || sms_from || ' ' || sms_body FROM message WHERE source_kind = 'sms-reply'"
          + " AND destination = '" + phone + "' ORDER BY id OFFSET " + i + " LIMIT 1"));
    }
    return answers;
  }

  @Test
  void helpIsAnsweredByTheOneOrganisationTheReplyWasFor() throws Exception {
    String phone = "+447700900650";
    Org alder = org("Alder Centres", "+447700900701", "Alder Hub", "01706 100001", null);
    Org birch = org("Birch Services", null, "Birch Hub", "01706 100002", "+447700900702");
    Org cedar = org("Cedar Hubs", null, "Cedar Hub", "01706 100003", null);
    Org damson = org("Damson Family Services", null, "Damson Hub", "01706 100004", null);
    text(alder, person(alder, phone), phone);
    text(birch, person(birch, phone), phone);
    text(cedar, person(cedar, phone), phone);
    app.clock().advance(Duration.ofMinutes(1));
    text(damson, person(damson, phone), phone);
    assertEquals(List.of("+447700900701", "+447700900702", SHARED, SHARED),
        gateway.to(phone).stream().map(r -> r.body().getString("from")).toList(), "each text went out from its sender");
    assertEquals(2, app.count("SELECT count(*) FROM message WHERE destination = '" + phone + "' AND sms_from = '" + SHARED + "'"),
        "the sender of every text is recorded");

    // a centre's own number: that centre answers, from that number
    assertEquals(1, reply(phone, "+447700900702", "help").getBoolean("applied") ? 1 : 0);
    assertEquals(List.of(birch.id() + " +447700900702 Birch Hub: for help call 01706 100002. Reply STOP to stop messages, START to restart."),
        helpAnswers(phone));
    Await.until("the answer reached the gateway", Duration.ofSeconds(10), () -> gateway.to(phone).size() == 5);
    assertEquals("+447700900702", gateway.to(phone).get(4).body().getString("from"));

    // the shared number: only the organisation that texted them from it last
    reply(phone, SHARED, "HELP");
    assertEquals(damson.id() + " " + SHARED + " Damson Hub: for help call 01706 100004. Reply STOP to stop messages, START to restart.",
        helpAnswers(phone).get(1));

    // an organisation's own number: answered for the centre that texted from it
    reply(phone, "+44 7700 900701", "Help");
    assertEquals(alder.id() + " +447700900701 Alder Hub: for help call 01706 100001. Reply STOP to stop messages, START to restart.",
        helpAnswers(phone).get(2));

    // a number nobody texts from, or none at all: acknowledged, nothing sent
    assertFalse(reply(phone, "+447700900999", "HELP").getBoolean("applied"));
    assertFalse(reply(phone, null, "HELP").getBoolean("applied"));
    assertFalse(reply(phone, "BirchHub", "HELP").getBoolean("applied"));
    assertEquals(3, helpAnswers(phone).size());
    Await.until("all answers at the gateway", Duration.ofSeconds(10), () -> gateway.to(phone).size() == 7);
    for (SmsGatewayStub.Received r : gateway.to(phone).subList(4, 7)) {
      String body = r.body().getString("body");
      long named = List.of("Alder", "Birch", "Cedar", "Damson").stream().filter(body::contains).count();
      assertEquals(1, named, "an answer names one organisation only: " + body);
    }
  }

  @Test
  void stopAndStartApplyOnlyToTheOrganisationsUsingTheNumber() throws Exception {
    String phone = "+447700900651";
    Org ash = org("Ash Centres", "+447700900711", "Ash Hub", null, null);
    Org beech = org("Beech Services", null, "Beech Hub", null, "+447700900712");
    Org cherry = org("Cherry Hubs", null, "Cherry Hub", null, null);
    Org dogwood = org("Dogwood Hubs", null, "Dogwood Hub", null, null);
    Org elm = org("Elm Centres", "ElmHub", "Elm Hub", null, null);     // a name: its texts cannot be answered
    Org fir = org("Fir Family Services", null, "Fir Hub", null, null); // texts from the shared number, not yet to them
    long ashPerson = person(ash, phone);
    long beechPerson = person(beech, phone);
    text(ash, ashPerson, phone);
    text(beech, beechPerson, phone);
    text(cherry, person(cherry, phone), phone);
    text(dogwood, person(dogwood, phone), phone);
    text(elm, person(elm, phone), phone);
    person(fir, phone);

    assertTrue(reply(phone, "+447700900711", "STOP").getBoolean("applied"));
    assertEquals(ids(ash), stopped(phone, ash, beech, cherry, dogwood, elm, fir));
    assertEquals(1, app.count("SELECT count(*) FROM consent_event WHERE subscriber_id = " + ashPerson + " AND action = 'withdrawn'"
        + " AND source = 'sms-keyword'"));
    assertEquals(1, app.count("SELECT count(*) FROM consent_event WHERE channel = 'sms' AND action = 'withdrawn' AND source = 'sms-keyword'"
        + " AND organisation_id IN (" + beech.id() + ", " + cherry.id() + ", " + dogwood.id() + ", " + elm.id() + ", " + fir.id() + ", " + ash.id() + ")"));

    reply(phone, SHARED, "stop");
    assertEquals(ids(ash, cherry, dogwood, fir), stopped(phone, ash, beech, cherry, dogwood, elm, fir));

    reply(phone, SHARED, "START");
    assertEquals(ids(ash), stopped(phone, ash, beech, cherry, dogwood, elm, fir));
    assertEquals("confirmed", fx.string("SELECT status FROM subscription WHERE list_id = " + cherry.list()));
    assertEquals("unsubscribed", fx.string("SELECT status FROM subscription WHERE subscriber_id = " + ashPerson));
    assertEquals("confirmed", fx.string("SELECT status FROM subscription WHERE subscriber_id = " + beechPerson));

    long before = app.count("SELECT count(*) FROM consent_event");
    assertFalse(reply(phone, "+447700900999", "STOP").getBoolean("applied"));
    assertFalse(reply(phone, null, "STOP").getBoolean("applied"));
    assertEquals(before, app.count("SELECT count(*) FROM consent_event"), "a number nobody texts from changes nothing");
    assertEquals(ids(ash), stopped(phone, ash, beech, cherry, dogwood, elm, fir));

    text(beech, beechPerson, phone); // Beech was never asked to stop
  }

  @Test
  void aReplyToAFormerNumberIsStillTheSendersAndIsAnsweredFromIt() throws Exception {
    String phone = "+447700900652";
    Org gorse = org("Gorse Centres", "+447700900721", "Gorse Hub", "01706 100021", null);
    text(gorse, person(gorse, phone), phone);
    assertEquals(200, app.as(gorse.owner()).patch("organisation", new JsonObject().put("smsSenderId", "+447700900722")).status());
    reply(phone, "+447700900721", "HELP");
    assertEquals(List.of(gorse.id() + " +447700900721 Gorse Hub: for help call 01706 100021. Reply STOP to stop messages, START to restart."),
        helpAnswers(phone));
    assertTrue(reply(phone, "+447700900721", "STOP").getBoolean("applied"));
    assertEquals(ids(gorse), stopped(phone, gorse));
  }

  @Test
  void helpUsesTheOrganisationsContactWhenTheCentreHasNone() throws Exception {
    String owner = app.bootstrap("Contact Hubs");
    long org = fx.organisation(owner);
    assertEquals(200, app.as(owner).patch("organisation", new JsonObject().putNull("smsQuietHours").put("contactPhone", "01706 222333")
        .put("contactEmail", "help@contact.example.org")).status());
    String phone = "+447700900653";
    long s = fx.subscriber(org, null, "Sam Nounit", null, phone, "en", null);
    fx.enqueue(List.of(NewMessage.sms(org, s, null, null, phone, "transactional", null, "Hello", false, "replies:contact")));
    Await.until("sent", Duration.ofSeconds(10), () -> "sent".equals(fx.status(fx.messageId("replies:contact"))));
    reply(phone, SHARED, "HELP");
    assertEquals(List.of(org + " " + SHARED + " Contact Hubs: for help call 01706 222333 or email help@contact.example.org."
        + " Reply STOP to stop messages, START to restart."), helpAnswers(phone));
  }

  @Test
  void aSenderNumberBelongsToOneOrganisation() {
    Org hazel = org("Hazel Centres", "+447700900731", "Hazel Hub", null, null);
    Org holly = org("Holly Services", null, "Holly Hub", null, null);
    Response taken = app.as(holly.owner()).patch("organisation", new JsonObject().put("smsSenderId", "+447700900731"));
    assertEquals(409, taken.status(), taken.toString());
    assertEquals("application/problem+json", taken.header("Content-Type"));
    assertTrue(taken.hasFieldError("smsSenderId"), taken.toString());
    Response unit = app.as(holly.owner()).patch("units/" + holly.unit(), new JsonObject().put("smsSenderId", "+447700900731"));
    assertEquals(409, unit.status(), unit.toString());
    assertTrue(unit.hasFieldError("smsSenderId"), unit.toString());
    assertEquals(null, fx.string("SELECT sms_sender FROM organisation WHERE id = " + holly.id()));
    // the owner's own centres may use it, and a name is nobody's
    assertEquals(200, app.as(hazel.owner()).patch("units/" + hazel.unit(), new JsonObject().put("smsSenderId", "+447700900731")).status());
    assertEquals(200, app.as(holly.owner()).patch("organisation", new JsonObject().put("smsSenderId", "HazelHub")).status());
    assertEquals(200, app.as(hazel.owner()).patch("organisation", new JsonObject().put("smsSenderId", "HazelHub")).status());
  }

  @Test
  void aSignedRequestCannotBeReplayed() throws Exception {
    String phone = "+447700900654";
    Org ivy = org("Ivy Hubs", null, "Ivy Hub", null, null);
    text(ivy, person(ivy, phone), phone);
    String stop = new JsonObject().put("from", phone).put("to", SHARED).put("body", "STOP").encode();
    long signedAt = now();
    HttpResponse<Buffer> first = signed("/hooks/sms/inbound", "replay-stop", signedAt, stop);
    assertEquals(200, first.statusCode(), first.bodyAsString());
    assertEquals(ids(ivy), stopped(phone, ivy));
    reply(phone, SHARED, "START");
    assertEquals(List.of(), stopped(phone, ivy));

    HttpResponse<Buffer> again = signed("/hooks/sms/inbound", "replay-stop", signedAt, stop);
    assertEquals(200, again.statusCode(), "a repeat is acknowledged");
    assertTrue(again.bodyAsJsonObject().getBoolean("duplicate"));
    assertEquals(List.of(), stopped(phone, ivy), "but not applied again");
    assertEquals(1, app.count("SELECT count(*) FROM webhook_receipt WHERE id = 'webhook:replay-stop'"));

    // once the signature is too old to pass, the receipt is forgotten (any instance purges with the clock)
    app.clock().advance(Duration.ofMinutes(6));
    reply(phone, SHARED, "INFO-ignored");
    assertEquals(0, app.count("SELECT count(*) FROM webhook_receipt WHERE id = 'webhook:replay-stop'"));
    assertEquals(401, signed("/hooks/sms/inbound", "replay-stop", signedAt, stop).statusCode());
    assertEquals(List.of(), stopped(phone, ivy));
  }

  @Test
  void deliveryReportsNeverMoveAMessageBackwards() throws Exception {
    String phone = "+447700900655";
    Org juniper = org("Juniper Hubs", null, "Juniper Hub", null, null);
    long s = person(juniper, phone);
    text(juniper, s, phone);
    long id = app.count("SELECT id FROM message WHERE destination = '" + phone + "'");
    String provider = fx.string("SELECT provider_message_id FROM message WHERE id = " + id);
    assertEquals(1, status(provider, "delivered").getInteger("updated"));
    assertEquals("delivered", fx.status(id));
    JsonObject late = status(provider, "sent");
    assertEquals(0, late.getInteger("updated"));
    assertEquals(0, status(provider, "undelivered").getInteger("updated"));
    assertEquals(0, status("nb_" + id, "failed").getInteger("updated"));
    assertEquals("delivered", fx.status(id));
    assertEquals(1, app.count("SELECT count(*) FROM delivery_event WHERE event IN ('delivered', 'failed') AND message_id = " + id));

    // a report that overtakes the gateway's answer is kept: the send is recorded, the status stays delivered
    gateway.answer("+447700900656", -1500);
    long t = person(juniper, "+447700900656");
    fx.enqueue(List.of(NewMessage.sms(juniper.id(), t, juniper.list(), juniper.unit(), "+447700900656", "transactional", null,
        "Quick one", false, "replies:overtaken")));
    long quick = fx.messageId("replies:overtaken");
    Await.until("at the gateway", Duration.ofSeconds(10), () -> gateway.to("+447700900656").size() == 1);
    assertEquals("sending", fx.status(quick));
    assertEquals(1, status("nb_" + quick, "delivered").getInteger("updated"));
    Await.until("recorded", Duration.ofSeconds(10), () -> fx.string("SELECT sent_at FROM message WHERE id = " + quick) != null);
    assertEquals("delivered", fx.status(quick));
    assertEquals("gw-nb_" + quick, fx.string("SELECT provider_message_id FROM message WHERE id = " + quick));
    assertEquals(SHARED, fx.string("SELECT sms_from FROM message WHERE id = " + quick));
    assertEquals(null, fx.string("SELECT lease_owner FROM message WHERE id = " + quick));
  }

  static JsonObject status(String id, String status) throws Exception {
    HttpResponse<Buffer> r = signed("/hooks/sms/status", "st_" + IDS.incrementAndGet(), now(),
        new JsonObject().put("id", id).put("status", status).encode());
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }
}
