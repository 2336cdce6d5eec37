package org.noticeboard.accounts;

import io.vertx.core.json.JsonObject;

/** A token just created: the only moment its secret is known. */
public record IssuedToken(ApiToken token, String secret) {
  public JsonObject toJson() {
    return token.toJson().put("token", secret);
  }
}
