package org.noticeboard.audience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Response;
import org.noticeboard.support.TestDatabase;

/** Lists, subscriptions through the consent ledger, double opt-in, and ledger ↔ state consistency. */
class ConsentTest {
  static AudienceFixture f;

  @BeforeAll
  static void start() {
    f = new AudienceFixture();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void listsExposeAllTheirSettings() {
    Response r = f.app.as(f.owner).post("lists", new JsonObject().put("unitId", f.haslingden).put("name", "Freedom Programme")
        .put("kind", "programme").put("optIn", "double").put("defaultLanguage", "ur").put("sensitive", true)
        .put("purpose", "service").put("channelPolicy", "sms-only").put("description", "Closed group"));
    assertEquals(201, r.status(), r.text());
    JsonObject l = r.json();
    assertEquals("sms-only", l.getString("channelPolicy"));
    assertTrue(l.getBoolean("sensitive"));
    assertEquals("double", l.getString("optIn"));
    Response bad = f.app.as(f.owner).post("lists", new JsonObject().put("unitId", f.haslingden).put("kind", "gossip")
        .put("channelPolicy", "pigeon").put("defaultLanguage", "!!"));
    assertEquals(422, bad.status());
    for (String field : List.of("name", "kind", "channelPolicy", "defaultLanguage")) {
      assertTrue(bad.hasFieldError(field), field);
    }
    assertEquals(409, f.app.as(f.owner).post("lists", new JsonObject().put("unitId", f.haslingden).put("name", "freedom programme")
        .put("kind", "programme")).status());
    Response patched = f.app.as(f.owner).patch("lists/" + l.getLong("id"), new JsonObject().put("channelPolicy", "both"));
    assertEquals("both", patched.json().getString("channelPolicy"));
    assertEquals("Freedom Programme", patched.json().getString("name"));
  }

  @Test
  void subscribeWithdrawAndHistory() {
    long list = f.list(f.owner, f.bacup, "Bacup news", "single");
    long id = f.subscriber(f.owner, new JsonObject().put("email", "sub@example.org").put("phone", "07766 150700").put("unitId", f.bacup));
    Response s = f.subscribe(f.owner, list, id, "email", "sms");
    assertEquals(201, s.status(), s.text());
    assertEquals(List.of("confirmed", "confirmed"), statuses(s.items()));
    Response noPhone = f.subscribe(f.owner, list, f.subscriber(f.owner, new JsonObject().put("email", "nophone@example.org")), "sms");
    assertEquals(422, noPhone.status());
    assertTrue(noPhone.hasFieldError("channels"));
    assertEquals(422, f.app.as(f.owner).post("lists/" + list + "/subscriptions", new JsonObject().put("subscriberId", id)
        .put("channels", new JsonArray().add("email")).put("source", "carrier-pigeon")).status());

    Response w = f.app.as(f.owner).post("lists/" + list + "/subscriptions/" + id + "/withdraw", new JsonObject()
        .put("channels", new JsonArray().add("sms")).put("source", "preferences"));
    assertEquals(200, w.status(), w.text());
    assertEquals(List.of("confirmed", "unsubscribed"), statuses(w.items()));
    assertEquals(200, f.app.as(f.owner).delete("lists/" + list + "/subscriptions/" + id + "?channel=email").status());

    JsonArray history = f.app.as(f.owner).get("subscribers/" + id + "/consents").items();
    assertEquals(4, history.size());
    JsonObject first = history.getJsonObject(0);
    assertEquals("given", first.getString("action"));
    assertEquals("form", first.getString("source"));
    assertEquals("Yes, send me the newsletter", first.getString("wording"));
    assertTrue(first.getString("actor").startsWith("token:"));
    assertEquals("withdrawn", history.getJsonObject(3).getString("action"));

    JsonObject page = f.app.as(f.owner).get("lists/" + list + "/subscriptions?limit=1").json();
    assertEquals(1, page.getJsonArray("items").size());
    JsonObject page2 = f.app.as(f.owner).get("lists/" + list + "/subscriptions?limit=1&after=" + page.getString("next")).json();
    assertEquals("sms", page2.getJsonArray("items").getJsonObject(0).getString("channel"));
    assertEquals(2, f.app.as(f.owner).get("lists/" + list + "/subscriptions?status=unsubscribed").items().size());
  }

  @Test
  void doubleOptInConfirmsThroughASignedLink() {
    long list = f.list(f.owner, f.whitworth, "Dads' group", "double");
    f.app.as(f.owner).patch("lists/" + list, new JsonObject().put("defaultLanguage", "pl"));
    long id = f.subscriber(f.owner, new JsonObject().put("email", "tata@example.org").put("unitId", f.whitworth));
    Response s = f.subscribe(f.owner, list, id, "email");
    assertEquals(List.of("unconfirmed"), statuses(s.items()));

    SubscriptionService subs = f.app.services().audience().subscriptions();
    long org = orgId();
    List<PendingConfirmation> pending = f.app.app().services().pool()
        .withConnection(c -> subs.confirmationsToSend(c, org, list, id)).await();
    assertEquals(1, pending.size());
    String url = pending.get(0).confirmUrl();
    assertTrue(url.startsWith("http://localhost:8080/p/confirm/"), url);
    assertEquals("tata@example.org", pending.get(0).address());
    String path = url.substring("http://localhost:8080".length());

    var page = f.app.send(HttpMethod.GET, path, null, null);
    assertEquals(200, page.statusCode());
    assertTrue(page.bodyAsString().contains("lang=\"pl\""), page.bodyAsString());
    assertTrue(page.bodyAsString().contains("potwierdzona"));
    assertEquals(List.of("confirmed"), statuses(f.app.as(f.owner).get("lists/" + list + "/subscriptions").items()));
    var again = f.app.send(HttpMethod.GET, path, null, null);
    assertEquals(200, again.statusCode());
    assertEquals(1, f.app.count("SELECT count(*) FROM consent_event WHERE subscriber_id = " + id + " AND action = 'confirmed'"),
        "confirming twice records one event");
    assertTrue(subs.confirmationsToSend(f.app.services().pool(), orgId(), list, id).await().isEmpty());

    String expired = subs.confirmToken(orgId(), list, id, "email", f.app.clock().instant().minusSeconds(60));
    var gone = f.app.send(HttpMethod.GET, "/p/confirm/" + expired, null, null);
    assertEquals(410, gone.statusCode());
    assertTrue(gone.bodyAsString().contains("expired"));
    var forged = f.app.send(HttpMethod.GET, "/p/confirm/" + path.substring(path.lastIndexOf('/') + 1, path.length() - 3) + "abc", null, null);
    assertEquals(404, forged.statusCode());
    assertTrue(forged.bodyAsString().contains("not valid"));
  }

  @Test
  void confirmationsAreHandedToTheOutboxInsideTheSubscribingTransaction() {
    List<PendingConfirmation> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    ConfirmationOutbox recording = (tx, pending) -> tx.query("SELECT 1").execute().map(r -> {
      seen.addAll(pending);
      return null;
    });
    var tenant = new org.noticeboard.accounts.Tenant(orgId(), org.noticeboard.accounts.Role.COORDINATOR, null, null, 1, null);
    AudienceServices audience = AudienceServices.create(f.app.app().vertx(), f.app.config(), f.app.services().pool(), recording, f.app.clock());
    long list = f.list(f.owner, f.haslingden, "Hooked double", "double");
    long id = f.subscriber(f.owner, new JsonObject().put("email", "hook@example.org").put("phone", "07766 150777"));
    audience.subscriptions().subscribe(tenant, list, new SubscriptionService.Change(id, List.of("email", "sms"), "form", "w", null)).await();
    assertEquals(List.of("email", "sms"), seen.stream().map(PendingConfirmation::channel).toList());
    assertEquals("+447766150777", seen.get(1).address());
    assertTrue(seen.get(0).confirmUrl().contains("/p/confirm/"));

    ConfirmationOutbox failing = (tx, pending) -> io.vertx.core.Future.failedFuture(new IllegalStateException("outbox down"));
    AudienceServices broken = AudienceServices.create(f.app.app().vertx(), f.app.config(), f.app.services().pool(), failing, f.app.clock());
    long other = f.subscriber(f.owner, new JsonObject().put("email", "hook2@example.org"));
    assertThrows(IllegalStateException.class, () -> broken.subscriptions()
        .subscribe(tenant, list, new SubscriptionService.Change(other, List.of("email"), "form", "w", null)).await());
    assertEquals(0, f.app.count("SELECT count(*) FROM subscription WHERE subscriber_id = " + other), "no subscription without its message");
    assertEquals(0, f.app.count("SELECT count(*) FROM consent_event WHERE subscriber_id = " + other));
  }

  @Test
  void theLedgerIsAppendOnly() {
    long id = f.subscriber(f.owner, new JsonObject().put("email", "ledger@example.org"));
    long list = f.list(f.owner, f.rawtenstall, "Ledger list", "single");
    f.subscribe(f.owner, list, id, "email");
    assertThrows(IllegalStateException.class, () -> f.app.exec("UPDATE consent_event SET action = 'withdrawn' WHERE subscriber_id = " + id));
    assertThrows(IllegalStateException.class, () -> f.app.exec("DELETE FROM consent_event WHERE subscriber_id = " + id));
    assertEquals(1, f.app.count("SELECT count(*) FROM consent_event WHERE subscriber_id = " + id));
  }

  /**
   * A mixed random sequence of subscribe, withdraw, confirm, channel-wide STOP/START (listId null,
   * as the delivery engine sends) and batch imports; replaying the ledger must give the table.
   */
  @Test
  void subscriptionStateIsDerivableFromTheLedger() throws Exception {
    long single = f.list(f.owner, f.rossendaleNorth, "Replay single", "single");
    long dbl = f.list(f.owner, f.rossendaleNorth, "Replay double", "double");
    List<Long> people = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      people.add(f.subscriber(f.owner, new JsonObject().put("email", "replay" + i + "@example.org").put("phone", "0782916" + (5900 + i))));
    }
    long org = orgId();
    SubscriptionService subs = f.app.services().audience().subscriptions();
    Random random = new Random(42);
    for (int step = 0; step < 200; step++) {
      long person = people.get(random.nextInt(people.size()));
      long list = random.nextBoolean() ? single : dbl;
      String channel = random.nextBoolean() ? "email" : "sms";
      switch (random.nextInt(6)) {
        case 0, 1 -> f.subscribe(f.owner, list, person, channel);
        case 2 -> f.app.as(f.owner).post("lists/" + list + "/subscriptions/" + person + "/withdraw",
            new JsonObject().put("channels", new JsonArray().add(channel)));
        case 3 -> f.app.send(HttpMethod.GET, "/p/confirm/" + subs.confirmToken(org, list, person, channel, f.app.clock().instant().plusSeconds(60)), null, null);
        case 4 -> f.app.services().pool().withTransaction(c -> ConsentLedger.record(c, new ConsentChange(org, person, null, channel,
            random.nextBoolean() ? "withdrawn" : "given", "sms-keyword", null, "system", null))).await();
        default -> {
          List<ConsentChange> batch = new ArrayList<>();
          for (int k = 0; k < 3; k++) {
            batch.add(new ConsentChange(org, people.get(random.nextInt(people.size())), random.nextBoolean() ? single : dbl,
                random.nextBoolean() ? "email" : "sms", "given", "import", "replay batch", "system", null));
          }
          f.app.services().pool().withTransaction(c -> ConsentLedger.recordAll(c, batch)).await();
        }
      }
    }
    Map<String, String> replayed = replay(org);
    Map<String, String> table = new HashMap<>();
    try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl(f.app.databaseName()), "postgres", "postgres");
         ResultSet rs = c.createStatement().executeQuery("SELECT list_id, subscriber_id, channel, status FROM subscription WHERE organisation_id = " + org)) {
      while (rs.next()) {
        table.put(rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getString(3), rs.getString(4));
      }
    }
    assertFalse(table.isEmpty());
    assertTrue(table.containsValue("unconfirmed") && table.containsValue("unsubscribed") && table.containsValue("confirmed"), table.toString());
    assertEquals(replayed, table);
  }

  /** The derivation rule of {@link ConsentLedger}, written independently over the raw events. */
  private Map<String, String> replay(long org) throws Exception {
    Map<Long, String> optIn = new HashMap<>();
    Map<String, String> state = new HashMap<>();
    Map<String, String> stoppedFrom = new HashMap<>();
    try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl(f.app.databaseName()), "postgres", "postgres")) {
      try (ResultSet rs = c.createStatement().executeQuery("SELECT id, opt_in FROM mailing_list WHERE organisation_id = " + org)) {
        while (rs.next()) {
          optIn.put(rs.getLong(1), rs.getString(2));
        }
      }
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT subscriber_id, list_id, channel, action FROM consent_event WHERE organisation_id = " + org + " ORDER BY id")) {
        while (rs.next()) {
          long person = rs.getLong(1);
          Long list = rs.getObject(2) == null ? null : rs.getLong(2);
          String channel = rs.getString(3);
          String action = rs.getString(4);
          if (list == null) { // STOP remembers each subscription's state; START restores exactly that
            for (Map.Entry<String, String> e : state.entrySet()) {
              String[] k = e.getKey().split("/");
              if (Long.parseLong(k[1]) == person && k[2].equals(channel)) {
                if (action.equals("withdrawn")) {
                  if (!e.getValue().equals("unsubscribed")) {
                    stoppedFrom.put(e.getKey(), e.getValue());
                    e.setValue("unsubscribed");
                  }
                } else if (action.equals("confirmed")) {
                  e.setValue("confirmed");
                  stoppedFrom.remove(e.getKey());
                } else if (stoppedFrom.containsKey(e.getKey())) {
                  e.setValue(stoppedFrom.remove(e.getKey()));
                }
              }
            }
            continue;
          }
          String key = list + "/" + person + "/" + channel;
          String current = state.get(key);
          stoppedFrom.remove(key); // anything done to one list replaces what a STOP remembered
          switch (action) {
            case "given" -> {
              if (optIn.containsKey(list)) {
                state.put(key, "confirmed".equals(current) ? "confirmed" : "double".equals(optIn.get(list)) ? "unconfirmed" : "confirmed");
              }
            }
            case "withdrawn" -> {
              if (current != null) {
                state.put(key, "unsubscribed");
              }
            }
            default -> {
              if (current != null) {
                state.put(key, "confirmed");
              }
            }
          }
        }
      }
    }
    return state;
  }

  @Test
  void startRestoresOnlyWhatStopStopped() {
    long a = f.list(f.owner, f.haslingden, "Texts A", "single");
    long b = f.list(f.owner, f.haslingden, "Texts B", "single");
    long c = f.list(f.owner, f.haslingden, "Texts C", "double");
    long person = f.subscriber(f.owner, new JsonObject().put("name", "Stop Start").put("phone", "07911 123499"));
    for (long l : new long[] {a, b, c}) {
      assertEquals(201, f.app.as(f.owner).post("lists/" + l + "/subscriptions", new JsonObject().put("subscriberId", person)
          .put("channels", new JsonArray().add("sms")).put("source", "admin")).status());
    }
    assertEquals(200, f.app.as(f.owner).delete("lists/" + a + "/subscriptions/" + person + "?channel=sms").status());
    long org = orgId();
    var pool = f.app.services().pool();
    pool.withTransaction(tx -> ConsentLedger.record(tx, new ConsentChange(org, person, null, "sms", "withdrawn", "sms-keyword",
        "STOP", "system", null))).await();
    assertEquals(List.of("unsubscribed", "unsubscribed", "unsubscribed"), smsStatuses(person, a, b, c));
    pool.withTransaction(tx -> ConsentLedger.record(tx, new ConsentChange(org, person, null, "sms", "given", "sms-keyword",
        "START", "system", null))).await();
    assertEquals(List.of("unsubscribed", "confirmed", "unconfirmed"), smsStatuses(person, a, b, c),
        "A was left on its own; B comes back; C was never confirmed");
  }

  private List<String> smsStatuses(long person, long... lists) {
    List<String> out = new java.util.ArrayList<>();
    for (long l : lists) {
      out.add(f.app.as(f.owner).get("lists/" + l + "/subscriptions").items().stream().map(o -> (JsonObject) o)
          .filter(o -> o.getLong("subscriberId") == person && "sms".equals(o.getString("channel")))
          .map(o -> o.getString("status")).findFirst().orElse("none"));
    }
    return out;
  }

  private long orgId() {
    return f.app.as(f.owner).get("me").json().getLong("organisationId");
  }

  private static List<String> statuses(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("status")).toList();
  }
}
