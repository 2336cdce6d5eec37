package org.noticeboard.delivery.email;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.noticeboard.config.SmtpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access tokens from an OAuth2 token endpoint (vertx-auth-oauth2 makes the requests): client credentials,
 * or a refresh token. A token is renewed before it expires — a fifth of its life or five minutes early,
 * whichever is sooner — so a session never starts with a token about to lapse, and only one request is
 * in flight however many sessions open at once. A rotated refresh token (Microsoft returns a new one) is
 * used from then on.
 */
final class OAuth2AccessTokens implements AccessTokens {
  private static final Logger LOG = LoggerFactory.getLogger(OAuth2AccessTokens.class);
  private static final Duration MAX_MARGIN = Duration.ofMinutes(5);

  private final OAuth2Auth oauth2;
  private final SmtpConfig.OAuth2 config;
  private final Clock clock;
  private String refreshToken;
  private String token;
  private Instant renewAt = Instant.MIN;
  private Future<String> inFlight;

  OAuth2AccessTokens(Vertx vertx, SmtpConfig.OAuth2 config, Clock clock) {
    OAuth2Options options = new OAuth2Options().setClientId(config.clientId()).setTokenPath(config.tokenUrl());
    config.clientSecret().ifPresent(options::setClientSecret);
    this.oauth2 = OAuth2Auth.create(vertx, options);
    this.config = config;
    this.clock = clock;
    this.refreshToken = config.refreshToken().orElse(null);
  }

  @Override
  public Future<String> current() {
    if (token != null && clock.instant().isBefore(renewAt)) {
      return Future.succeededFuture(token);
    }
    if (inFlight == null) {
      Instant asked = clock.instant();
      inFlight = request().map(user -> accept(user, asked))
          .onComplete(ar -> inFlight = null)
          .onFailure(e -> LOG.warn("SMTP OAuth2: no access token from {}: {}", config.tokenUrl(), e.getMessage()));
    }
    return inFlight;
  }

  @Override
  public void rejected(String refused) {
    if (refused.equals(token)) {
      token = null;
    }
  }

  private Future<User> request() {
    if (refreshToken != null) {
      return oauth2.refresh(User.create(new JsonObject().put("refresh_token", refreshToken)));
    }
    Oauth2Credentials credentials = new Oauth2Credentials().setFlow(OAuth2FlowType.CLIENT);
    config.scope().ifPresent(s -> credentials.setScopes(List.of(s.split(" "))));
    return oauth2.authenticate(credentials);
  }

  private String accept(User user, Instant asked) {
    JsonObject principal = user.principal();
    String access = principal.getString("access_token");
    if (access == null || access.isEmpty()) {
      throw new IllegalStateException("the token endpoint answered without an access_token");
    }
    long seconds = lifetime(principal);
    Duration margin = Duration.ofSeconds(seconds / 5).compareTo(MAX_MARGIN) < 0 ? Duration.ofSeconds(seconds / 5) : MAX_MARGIN;
    renewAt = asked.plusSeconds(seconds).minus(margin); // from when we asked: the answer may have been slow
    String rotated = principal.getString("refresh_token");
    if (refreshToken != null && rotated != null && !rotated.isEmpty()) {
      refreshToken = rotated;
    }
    token = access;
    return access;
  }

  /** {@code expires_in}, which some endpoints send as a string; an hour when absent (the usual lifetime). */
  private static long lifetime(JsonObject principal) {
    Object v = principal.getValue("expires_in");
    try {
      return v == null ? 3600 : Math.max(1, Long.parseLong(v.toString()));
    } catch (NumberFormatException e) {
      return 3600;
    }
  }
}
