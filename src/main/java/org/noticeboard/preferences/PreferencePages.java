package org.noticeboard.preferences;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.noticeboard.accounts.Languages;
import org.noticeboard.security.LinkToken;
import org.noticeboard.security.SignedTokens;
import org.noticeboard.web.Pages;

/**
 * {@code /p/unsubscribe/{token}} (GET: a confirmation page; POST: RFC 8058 one-click, no cookies or
 * CSRF token needed, since the signed link itself is the authority) and {@code /p/preferences/{token}}.
 * Pages are in the person's language; a sensitive list is never named on them.
 */
public final class PreferencePages {

  private final PreferenceService preferences;
  private final SignedTokens tokens;
  private final Pages pages;
  private final Clock clock;

  public PreferencePages(PreferenceService preferences, SignedTokens tokens, Pages pages, Clock clock) {
    this.clock = clock;
    this.preferences = preferences;
    this.tokens = tokens;
    this.pages = pages;
  }

  public void mount(Router root) {
    BodyHandler forms = BodyHandler.create(false).setBodyLimit(16 * 1024);
    root.get("/p/unsubscribe/:token").handler(this::unsubscribePage);
    root.post("/p/unsubscribe/:token").handler(forms).handler(this::unsubscribe);
    root.get("/p/preferences/:token").handler(ctx -> preferencesPage(ctx, false));
    root.post("/p/preferences/:token").handler(forms).handler(this::savePreferences);
  }

  private void unsubscribePage(RoutingContext ctx) {
    withLink(ctx, "unsubscribe", (link, person) -> preferences.listName(link).onSuccess(list ->
        pages.respond(ctx, 200, "unsubscribe", person.language(), Map.of("done", false, "list", list.orElse(""),
            "preferencesUrl", preferencesUrl(ctx, link)))).onFailure(ctx::fail));
  }

  private void unsubscribe(RoutingContext ctx) {
    withLink(ctx, "unsubscribe", (link, person) -> preferences.unsubscribe(link, ctx.request().remoteAddress().hostAddress())
        .compose(v -> preferences.listName(link))
        .onSuccess(list -> pages.respond(ctx, 200, "unsubscribe", person.language(), Map.of("done", true,
            "list", list.orElse(""), "preferencesUrl", preferencesUrl(ctx, link))))
        .onFailure(ctx::fail));
  }

  private void preferencesPage(RoutingContext ctx, boolean saved) {
    withLink(ctx, "preferences", (link, person) -> preferences.memberships(person).onSuccess(lists -> {
      Map<String, String> languages = new LinkedHashMap<>(Pages.OFFERED_LANGUAGES);
      languages.putIfAbsent(person.language(), person.language());
      Map<String, Object> model = new HashMap<>();
      model.put("lists", lists.stream().filter(m -> !m.sensitive()).map(m -> Map.of("id", m.listId(), "name", m.name(),
          "channels", m.channels())).toList());
      model.put("hasEmail", person.email() != null);
      model.put("hasPhone", person.phone() != null);
      model.put("languages", languages);
      model.put("current", person.language());
      model.put("saved", saved);
      model.put("unit", person.unitName());
      pages.respond(ctx, 200, "preferences", person.language(), model);
    }).onFailure(ctx::fail));
  }

  private void savePreferences(RoutingContext ctx) {
    withLink(ctx, "preferences", (link, person) -> {
      Set<String> wanted = new HashSet<>(ctx.request().formAttributes().getAll("want"));
      Optional<String> language = Optional.ofNullable(ctx.request().getFormAttribute("language")).filter(Languages::valid);
      preferences.save(person, wanted, language, "preference page", ctx.request().remoteAddress().hostAddress())
          .onSuccess(v -> preferencesPage(ctx, true)).onFailure(ctx::fail);
    });
  }

  private String preferencesUrl(RoutingContext ctx, LinkToken link) {
    return "/p/preferences/" + link.sign(tokens, "preferences", clock.instant().plus(java.time.Duration.ofDays(30)));
  }

  /** Verifies the link and finds its person, or answers with a "this link does not work" page. */
  private void withLink(RoutingContext ctx, String purpose, java.util.function.BiConsumer<LinkToken, PreferenceService.Person> then) {
    Optional<LinkToken> link = LinkToken.verify(tokens, purpose, ctx.pathParam("token"), clock.instant());
    Future<Optional<PreferenceService.Person>> person = link.isEmpty() ? Future.succeededFuture(Optional.empty())
        : preferences.person(link.get());
    person.onSuccess(p -> {
      if (p.isEmpty()) {
        pages.invalidLink(ctx);
      } else {
        then.accept(link.get(), p.get());
      }
    }).onFailure(ctx::fail);
  }

  static List<String> channels() {
    return List.of("email", "sms");
  }
}
