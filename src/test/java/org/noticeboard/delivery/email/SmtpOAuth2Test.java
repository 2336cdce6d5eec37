package org.noticeboard.delivery.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.noticeboard.config.SmtpConfig;
import org.noticeboard.delivery.SendResult;
import org.noticeboard.support.TestClock;

/**
 * {@code AUTH XOAUTH2} as Microsoft 365 and Google Workspace do it, against a scripted SMTP server that
 * checks the exchange (including the 334 error challenge) and a local OAuth2 token endpoint over HTTP.
 */
class SmtpOAuth2Test extends SmtpTestBase {
  static final String MAILBOX = "news@centres.example.org";
  final TestClock clock = TestClock.startingAt(Instant.parse("2026-12-02T09:00:00Z"));
  final List<MultiMap> tokenRequests = new CopyOnWriteArrayList<>();
  final AtomicInteger issued = new AtomicInteger();
  boolean endpointRefuses;
  HttpServer tokenEndpoint;

  @AfterEach
  void closeEndpoint() {
    if (tokenEndpoint != null) {
      tokenEndpoint.close().await();
    }
  }

  /** Issues tok-1, tok-2, … for an hour each; the refresh grant also rotates the refresh token. */
  String startTokenEndpoint() {
    tokenEndpoint = vertx.createHttpServer().requestHandler(req -> req.setExpectMultipart(true).endHandler(v -> {
      MultiMap form = MultiMap.caseInsensitiveMultiMap().addAll(req.formAttributes());
      String basic = req.getHeader("Authorization");
      if (basic != null && basic.startsWith("Basic ")) {
        String[] idSecret = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
        form.add("client_id", idSecret[0]).add("client_secret", idSecret[1]);
      }
      tokenRequests.add(form);
      req.response().putHeader("Content-Type", "application/json");
      if (endpointRefuses) {
        req.response().setStatusCode(400).end(new JsonObject().put("error", "invalid_client")
            .put("error_description", "the client secret has expired").encode());
        return;
      }
      int n = issued.incrementAndGet();
      JsonObject body = new JsonObject().put("access_token", "tok-" + n).put("token_type", "Bearer").put("expires_in", 3600);
      if ("refresh_token".equals(form.get("grant_type"))) {
        body.put("refresh_token", "rt-" + n);
      }
      req.response().end(body.encode());
    })).listen(0, "127.0.0.1").await();
    return "http://127.0.0.1:" + tokenEndpoint.actualPort() + "/oauth2/v2.0/token";
  }

  void oauthServer(java.util.function.Predicate<String> validTokens) {
    server(s -> {
      s.offerStartTls = true;
      s.user = MAILBOX;
      s.authMechanisms = "LOGIN PLAIN XOAUTH2";
      s.validTokens = validTokens;
    });
  }

  void oauthTransport(Optional<String> refreshToken) {
    SmtpConfig.OAuth2 config = new SmtpConfig.OAuth2(startTokenEndpoint(), "noticeboard-app",
        refreshToken.isPresent() ? Optional.empty() : Optional.of("app-secret"), refreshToken,
        Optional.of("https://outlook.office365.com/.default"));
    // one message per session, so every message opens a session and authenticates
    SmtpSettings settings = settings(SmtpConfig.Tls.STARTTLS, MAILBOX, null, 1, 1);
    transport = on(() -> Future.succeededFuture(new SmtpTransport(vertx, settings, trusting(), clock,
        Optional.of(new OAuth2AccessTokens(vertx, config, clock)))));
  }

  @Test
  void clientCredentialsTokenIsFetchedOnceAndRenewedBeforeItExpires() {
    oauthServer(t -> t.startsWith("tok-"));
    oauthTransport(Optional.empty());
    for (int i = 0; i < 3; i++) {
      SendResult r = send(email("parent" + i + "@example.org", "hello"));
      assertEquals(SendResult.Kind.SENT, r.kind(), r.toString());
    }
    assertEquals(1, tokenRequests.size(), "one token for every session while it is fresh");
    MultiMap asked = tokenRequests.get(0);
    assertEquals("client_credentials", asked.get("grant_type"));
    assertEquals("noticeboard-app", asked.get("client_id"));
    assertEquals("app-secret", asked.get("client_secret"));
    assertEquals("https://outlook.office365.com/.default", asked.get("scope"));
    assertEquals(List.of("tok-1", "tok-1", "tok-1"), server.tokensSeen);
    assertTrue(server.received.stream().allMatch(ScriptedSmtpServer.Received::overTls), "a token never goes in the clear");

    clock.advance(Duration.ofMinutes(50)); // still well inside its hour
    assertEquals(SendResult.Kind.SENT, send(email("parent3@example.org", "hello")).kind());
    assertEquals(1, tokenRequests.size());

    clock.advance(Duration.ofMinutes(6)); // within five minutes of expiry: renewed before it lapses
    assertEquals(SendResult.Kind.SENT, send(email("parent4@example.org", "hello")).kind());
    assertEquals(2, tokenRequests.size());
    assertEquals("tok-2", server.tokensSeen.get(server.tokensSeen.size() - 1));
  }

  @Test
  void refreshTokenGrantUsesTheRotatedRefreshToken() {
    oauthServer(t -> t.startsWith("tok-"));
    oauthTransport(Optional.of("rt-0"));
    assertEquals(SendResult.Kind.SENT, send(email("parent@example.org", "hello")).kind());
    clock.advance(Duration.ofMinutes(61));
    assertEquals(SendResult.Kind.SENT, send(email("parent@example.org", "again")).kind());
    assertEquals(2, tokenRequests.size());
    assertEquals("refresh_token", tokenRequests.get(0).get("grant_type"));
    assertEquals("rt-0", tokenRequests.get(0).get("refresh_token"));
    assertEquals("rt-1", tokenRequests.get(1).get("refresh_token"), "the endpoint rotated it; the new one is used");
    assertEquals(List.of("tok-1", "tok-2"), server.tokensSeen);
  }

  @Test
  void aRefusedTokenIsDroppedAndTheNextSessionGetsANewOne() {
    oauthServer(t -> !t.equals("tok-1")); // tok-1 was revoked at the provider
    oauthTransport(Optional.empty());
    SendResult first = send(email("parent@example.org", "hello"));
    assertEquals(SendResult.Kind.RETRY, first.kind(), "the session's fault, not the message's");
    assertTrue(first.error().contains("535"), "the 334 challenge was answered and the final reply read: " + first.error());
    assertFalse(server.verbs().contains("MAIL"));
    SendResult second = send(email("parent@example.org", "hello"));
    assertEquals(SendResult.Kind.SENT, second.kind(), second.toString());
    assertEquals(List.of("tok-1", "tok-2"), server.tokensSeen);
  }

  @Test
  void noTokenFromTheEndpointMeansNothingIsSent() {
    oauthServer(t -> true);
    endpointRefuses = true;
    oauthTransport(Optional.empty());
    SendResult r = send(email("parent@example.org", "hello"));
    assertEquals(SendResult.Kind.RETRY, r.kind());
    assertTrue(r.error().contains("no OAuth2 access token") && r.error().contains("client secret has expired"), r.error());
    assertTrue(server.tokensSeen.isEmpty());
    assertEquals(0, server.received.size());
  }

  @Test
  void aServerWithoutXoauth2IsAClearSessionError() {
    server(s -> {
      s.offerStartTls = true;
      s.user = MAILBOX;
      s.authMechanisms = "LOGIN PLAIN";
    });
    oauthTransport(Optional.empty());
    SendResult r = send(email("parent@example.org", "hello"));
    assertEquals(SendResult.Kind.RETRY, r.kind());
    assertTrue(r.error().contains("does not offer AUTH XOAUTH2"), r.error());
    assertTrue(tokenRequests.isEmpty(), "no token asked for a server that cannot take it");
  }
}
