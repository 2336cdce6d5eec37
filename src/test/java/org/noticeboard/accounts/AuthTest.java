package org.noticeboard.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.noticeboard.support.Response;
import org.noticeboard.support.TestApp;

class AuthTest {
  static TestApp app;
  static String owner;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    owner = app.bootstrap("Rawtenstall Family Hub");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String token(String role) {
    Response r = app.as(owner).post("tokens", new JsonObject().put("name", role + " token").put("role", role));
    assertEquals(201, r.status(), r.text());
    return r.json().getString("token");
  }

  @Test
  void missingOrUnknownTokensAre401() {
    Response none = app.anonymous().get("units");
    assertEquals(401, none.status());
    assertEquals("Bearer realm=\"noticeboard\"", none.header("WWW-Authenticate"));
    assertEquals(401, app.as("nb_" + "A".repeat(43)).get("units").status());
    assertEquals(401, app.as("garbage").get("units").status());
  }

  @Test
  void tokensAreStoredHashedAndShownOnce() {
    Response created = app.as(owner).post("tokens", new JsonObject().put("name", "laptop"));
    String secret = created.json().getString("token");
    assertTrue(secret.startsWith("nb_"));
    assertTrue(created.header("Location").startsWith("/api/v1/tokens/"));
    Response listed = app.as(owner).get("tokens/" + created.id());
    assertNull(listed.json().getString("token"));
    assertEquals(secret.substring(0, 11), listed.json().getString("prefix"));
    // the secret itself is nowhere in the table
    assertEquals(0, app.count("SELECT count(*) FROM api_token WHERE encode(token_hash, 'escape') LIKE '%" + secret.substring(3, 20) + "%'"));
  }

  @Test
  void revokedExpiredAndDisabledTokensAre401() {
    Response created = app.as(owner).post("tokens", new JsonObject().put("name", "short-lived"));
    String secret = created.json().getString("token");
    assertEquals(200, app.as(secret).get("me").status());
    Response revoked = app.as(owner).delete("tokens/" + created.id());
    assertEquals(200, revoked.status());
    assertNotNull(revoked.json().getString("revokedAt"));
    assertEquals(401, app.as(secret).get("me").status());

    Response expiring = app.as(owner).post("tokens", new JsonObject().put("name", "expiring")
        .put("expiresAt", app.clock().instant().plusSeconds(60).toString()));
    String expSecret = expiring.json().getString("token");
    assertEquals(200, app.as(expSecret).get("me").status());
    app.clock().advance(java.time.Duration.ofSeconds(61));
    assertEquals(401, app.as(expSecret).get("me").status(), "expired by the service's clock");

    Response account = app.as(owner).post("accounts", new JsonObject().put("email", "sam@example.org")
        .put("name", "Sam Coordinator").put("role", "coordinator"));
    assertEquals(201, account.status(), account.text());
    Response forAccount = app.as(owner).post("tokens", new JsonObject().put("name", "sam's token")
        .put("role", "coordinator").put("accountId", account.id()));
    assertEquals(201, forAccount.status(), forAccount.text());
    String samSecret = forAccount.json().getString("token");
    assertEquals("coordinator", app.as(samSecret).get("me").json().getString("role"));
    assertEquals(200, app.as(owner).patch("accounts/" + account.id(), new JsonObject().put("disabled", true)).status());
    assertEquals(401, app.as(samSecret).get("me").status());
  }

  @Test
  void rolesLimitWhatATokenMayDo() {
    String viewer = token("viewer");
    String coordinator = token("coordinator");
    assertEquals(200, app.as(viewer).get("units").status());
    Response viewerWrite = app.as(viewer).post("units", new JsonObject().put("kind", "centre").put("name", "Bacup"));
    assertEquals(403, viewerWrite.status());
    assertEquals("urn:noticeboard:problem:forbidden", viewerWrite.json().getString("type"));
    assertEquals(403, app.as(coordinator).post("tokens", new JsonObject().put("name", "x")).status());
    assertEquals(403, app.as(coordinator).get("accounts").status());
    assertEquals(403, app.as(viewer).patch("organisation", new JsonObject().put("name", "Hijacked")).status());
  }

  @Test
  void anAccountsTokenNeverExceedsTheAccount() {
    Response account = app.as(owner).post("accounts", new JsonObject().put("email", "viewer@example.org")
        .put("name", "Val Viewer").put("role", "viewer"));
    Response tooStrong = app.as(owner).post("tokens", new JsonObject().put("name", "x").put("role", "owner").put("accountId", account.id()));
    assertEquals(422, tooStrong.status());
    assertTrue(tooStrong.hasFieldError("role"));
  }

  @Test
  void organisationSettingsAreValidated() {
    Response bad = app.as(owner).patch("organisation", new JsonObject().put("defaultLanguage", "english!").put("timezone", "Mars/Olympus"));
    assertEquals(422, bad.status());
    assertTrue(bad.hasFieldError("defaultLanguage"));
    assertTrue(bad.hasFieldError("timezone"));
    Response ok = app.as(owner).patch("organisation", new JsonObject().put("defaultLanguage", "pl"));
    assertEquals("pl", ok.json().getString("defaultLanguage"));
    app.as(owner).patch("organisation", new JsonObject().put("defaultLanguage", "en"));
  }
}
