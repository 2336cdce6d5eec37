package org.noticeboard.signup;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.noticeboard.web.Auth;
import org.noticeboard.web.Responses;

/** {@code GET /api/v1/lists/{id}/form}: the public sign-up form URL of a list, for posters and websites. */
public final class SignupRoutes {
  private final SignupService signups;

  public SignupRoutes(SignupService signups) {
    this.signups = signups;
  }

  public void mount(Router api) {
    api.get("/lists/:id/form").handler(ctx -> Responses.reply(ctx,
        signups.formUrl(Auth.tenant(ctx), Responses.id(ctx, "id")), url -> new JsonObject().put("url", url)));
  }
}
