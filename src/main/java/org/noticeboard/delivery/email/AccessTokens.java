package org.noticeboard.delivery.email;

import io.vertx.core.Future;

/** Where an SMTP session gets the bearer token for {@code AUTH XOAUTH2}. Used on one event loop. */
interface AccessTokens {
  /** A token that is valid now and for a while yet; fetched or renewed when needed. */
  Future<String> current();

  /** The server refused {@code token}: it is not used again (revoked, or expired early). */
  void rejected(String token);
}
