package org.noticeboard.signup;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.noticeboard.errors.FieldError;
import org.noticeboard.web.Pages;

/**
 * {@code GET /p/subscribe/{token}}: a list's public sign-up form in the list's language, and
 * {@code POST} to sign up. Works without JavaScript, cookies or sessions: the form carries a signed,
 * short-lived form token (cross-site forgery), a honeypot field catches simple bots, and each client
 * address gets a few submissions per window. The answer to a valid submission is always the same.
 */
public final class SignupPages {
  /** The honeypot: people never see it (off screen, hidden from screen readers, not focusable). */
  static final String HONEYPOT = "website";

  private final SignupService signups;
  private final SubmissionLimiter limiter;
  private final Pages pages;
  private final Clock clock;

  public SignupPages(SignupService signups, SubmissionLimiter limiter, Pages pages, Clock clock) {
    this.clock = clock;
    this.signups = signups;
    this.limiter = limiter;
    this.pages = pages;
  }

  public void mount(Router root) {
    root.get("/p/subscribe/:token").handler(this::page);
    root.post("/p/subscribe/:token").handler(BodyHandler.create(false).setBodyLimit(16 * 1024)).handler(this::submit);
  }

  private void page(RoutingContext ctx) {
    String link = ctx.pathParam("token");
    signups.form(link).onSuccess(form -> {
      if (form.isEmpty()) {
        invalidLink(ctx);
      } else {
        showForm(ctx, 200, form.get(), new Signup("", "", "", "", false), List.of(), false);
      }
    }).onFailure(ctx::fail);
  }

  private void submit(RoutingContext ctx) {
    String ip = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    if (!limiter.allow(ip, clock.millis())) {
      ctx.response().putHeader("Retry-After", "600");
      pages.notice(ctx, 429, "en", "too_many_title", "too_many_body");
      return;
    }
    String link = ctx.pathParam("token");
    signups.form(link).onSuccess(found -> {
      if (found.isEmpty()) {
        invalidLink(ctx);
        return;
      }
      SignupForm form = found.get();
      MultiMap f = ctx.request().formAttributes();
      Signup in = new Signup(value(f, "name"), value(f, "email"), value(f, "phone"), value(f, "language"),
          "yes".equals(f.get("consent")));
      if (!signups.validFormToken(f.get("formToken"), link, clock.instant())) {
        showForm(ctx, 400, form, in, List.of(), true);
        return;
      }
      if (!value(f, HONEYPOT).isEmpty()) {
        thanks(ctx, form); // a bot: it learns nothing, and nothing is stored
        return;
      }
      List<FieldError> errors = in.check();
      if (!errors.isEmpty()) {
        showForm(ctx, 400, form, in, errors, false);
        return;
      }
      signups.signUp(form, in, consentWording(form), ip).onSuccess(v -> thanks(ctx, form)).onFailure(ctx::fail);
    }).onFailure(ctx::fail);
  }

  private void showForm(RoutingContext ctx, int status, SignupForm form, Signup in, List<FieldError> errors, boolean expired) {
    String lang = Pages.supported(form.language());
    Map<String, String> t = Pages.words(lang);
    Map<String, Object> model = new HashMap<>();
    model.put("list", form.listName());
    model.put("description", form.description() == null ? "" : form.description());
    model.put("consentText", consentWording(form));
    model.put("formToken", signups.formToken(ctx.pathParam("token"), clock.instant()));
    model.put("honeypot", HONEYPOT);
    model.put("values", Map.of("name", in.name(), "email", in.email(), "phone", in.phone(), "language", in.language(),
        "consent", in.consent()));
    Map<String, String> messages = new LinkedHashMap<>();
    errors.forEach(e -> messages.putIfAbsent(e.field(), t.get(e.message())));
    model.put("errors", messages);
    model.put("expired", expired);
    model.put("languages", Pages.OFFERED_LANGUAGES);
    pages.respond(ctx, status, "subscribe", lang, model);
  }

  private void thanks(RoutingContext ctx, SignupForm form) {
    String lang = Pages.supported(form.language());
    pages.notice(ctx, 200, lang, "subscribe_done_title", "subscribe_done_body");
  }

  private void invalidLink(RoutingContext ctx) {
    pages.invalidLink(ctx);
  }

  /** The consent sentence exactly as the form shows it; it is stored in the consent ledger as shown. */
  static String consentWording(SignupForm form) {
    return Pages.words(Pages.supported(form.language())).get("subscribe_consent").replace("{0}", form.sender());
  }

  private static String value(MultiMap form, String name) {
    String v = form.get(name);
    return v == null ? "" : v.strip();
  }
}
