package org.noticeboard.accounts;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import org.noticeboard.web.Auth;
import org.noticeboard.web.JsonInput;
import org.noticeboard.web.Responses;

/** {@code /api/v1/me}, {@code /organisation}, {@code /units}, {@code /accounts} and {@code /tokens}. */
public final class AccountsRoutes {
  private final OrganisationService organisations;
  private final UnitService units;
  private final AccountService accounts;
  private final TokenService tokens;

  public AccountsRoutes(OrganisationService organisations, UnitService units, AccountService accounts, TokenService tokens) {
    this.organisations = organisations;
    this.units = units;
    this.accounts = accounts;
    this.tokens = tokens;
  }

  public void mount(Router api) {
    api.get("/me").handler(this::me);
    api.get("/organisation").handler(ctx -> Responses.reply(ctx, organisations.get(Auth.tenant(ctx)), Organisation::toJson));
    api.patch("/organisation").handler(this::updateOrganisation);

    api.get("/units").handler(ctx -> Responses.items(ctx, units.list(Auth.tenant(ctx)), Unit::toJson));
    api.post("/units").handler(ctx -> Responses.created(ctx,
        units.create(Auth.tenant(ctx), unitInput(ctx, true)), Unit::toJson, u -> "/api/v1/units/" + u.id()));
    api.get("/units/:id").handler(ctx -> Responses.reply(ctx, units.get(Auth.tenant(ctx), Responses.id(ctx, "id")), Unit::toJson));
    api.patch("/units/:id").handler(ctx -> Responses.reply(ctx,
        units.update(Auth.tenant(ctx), Responses.id(ctx, "id"), unitInput(ctx, false)), Unit::toJson));
    api.delete("/units/:id").handler(ctx -> Responses.noContent(ctx, units.delete(Auth.tenant(ctx), Responses.id(ctx, "id"))));

    api.get("/accounts").handler(ctx -> Responses.items(ctx, accounts.list(Auth.tenant(ctx)), Account::toJson));
    api.post("/accounts").handler(ctx -> Responses.created(ctx,
        accounts.create(Auth.tenant(ctx), accountInput(ctx, true)), Account::toJson, a -> "/api/v1/accounts/" + a.id()));
    api.get("/accounts/:id").handler(ctx -> Responses.reply(ctx, accounts.get(Auth.tenant(ctx), Responses.id(ctx, "id")), Account::toJson));
    api.patch("/accounts/:id").handler(ctx -> Responses.reply(ctx,
        accounts.update(Auth.tenant(ctx), Responses.id(ctx, "id"), accountInput(ctx, false)), Account::toJson));

    api.get("/tokens").handler(ctx -> Responses.items(ctx, tokens.list(Auth.tenant(ctx)), ApiToken::toJson));
    api.post("/tokens").handler(ctx -> Responses.created(ctx,
        tokens.create(Auth.tenant(ctx), tokenInput(ctx)), IssuedToken::toJson, t -> "/api/v1/tokens/" + t.token().id()));
    api.get("/tokens/:id").handler(ctx -> Responses.reply(ctx, tokens.get(Auth.tenant(ctx), Responses.id(ctx, "id")), ApiToken::toJson));
    api.delete("/tokens/:id").handler(ctx -> Responses.reply(ctx, tokens.revoke(Auth.tenant(ctx), Responses.id(ctx, "id")), ApiToken::toJson));
  }

  private void me(RoutingContext ctx) {
    Tenant t = Auth.tenant(ctx);
    Responses.json(ctx, 200, new JsonObject().put("organisationId", t.organisationId()).put("role", t.role().code())
        .put("unitId", t.unitId()).put("tokenId", t.tokenId()).put("accountId", t.accountId()));
  }

  private void updateOrganisation(RoutingContext ctx) {
    Tenant tenant = Auth.tenant(ctx);
    JsonInput in = JsonInput.of(ctx);
    Optional<String> name = nonEmpty(in, "name", 200);
    Optional<String> language = in.string("defaultLanguage", 35);
    language.filter(l -> !Languages.valid(l)).ifPresent(l -> in.error("defaultLanguage", "must be a BCP 47 language tag such as en, pl or ur"));
    Optional<String> timezone = in.string("timezone", 64);
    timezone.filter(z -> !Languages.validZone(z)).ifPresent(z -> in.error("timezone", "must be an IANA time zone such as Europe/London"));
    OrganisationChanges changes = new OrganisationChanges(name, language, timezone, Settings.quietHours(in, "smsQuietHours"),
        Settings.senderId(in, "smsSenderId"), in.nullableInt("emailPerSecond", 1, 10_000), in.nullableInt("smsPerSecond", 1, 1_000),
        Settings.email(in, "contactEmail"), Settings.phone(in, "contactPhone"), in.bool("signupDoubleOptIn"));
    in.done();
    Responses.reply(ctx, organisations.update(tenant, changes), Organisation::toJson);
  }

  private static UnitInput unitInput(RoutingContext ctx, boolean creating) {
    JsonInput in = JsonInput.of(ctx);
    UnitInput unit = new UnitInput(
        in.nullableLong("parentId"),
        creating ? Optional.ofNullable(in.requiredChoice("kind", UnitKind::parse, UnitKind.codes()))
            : in.choice("kind", UnitKind::parse, UnitKind.codes()),
        creating ? Optional.ofNullable(in.requiredString("name", 200)) : nonEmpty(in, "name", 200),
        in.nullableString("address", 500), Settings.phone(in, "phone"), Settings.email(in, "email"),
        Settings.logoUrl(in, "logoUrl"), Settings.senderId(in, "smsSenderId"));
    in.done();
    return unit;
  }

  private static AccountInput accountInput(RoutingContext ctx, boolean creating) {
    JsonInput in = JsonInput.of(ctx);
    Optional<String> email = in.email("email");
    // absent, null or blank is "required"; a value that is not an address already has its own error
    boolean notAnAddress = in.value("email") instanceof String given && !given.isBlank() && email.isEmpty();
    if (creating && email.filter(e -> !e.isEmpty()).isEmpty() && !notAnAddress) {
      in.error("email", "is required");
    }
    AccountInput account = new AccountInput(email.filter(e -> !e.isEmpty()),
        creating ? Optional.ofNullable(in.requiredString("name", 200)) : nonEmpty(in, "name", 200),
        creating ? Optional.ofNullable(in.requiredChoice("role", Role::parse, roleCodes()))
            : in.choice("role", Role::parse, roleCodes()),
        in.nullableLong("unitId"), creating ? Optional.empty() : in.bool("disabled"));
    in.done();
    return account;
  }

  private static TokenInput tokenInput(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx);
    TokenInput token = new TokenInput(in.requiredString("name", 200), in.choice("role", Role::parse, roleCodes()),
        in.nullableLong("unitId"), in.longValue("accountId"), in.dateTime("expiresAt"));
    in.done();
    return token;
  }

  private static Optional<String> nonEmpty(JsonInput in, String field, int max) {
    Optional<String> s = in.string(field, max);
    if (s.isPresent() && s.get().isEmpty()) {
      in.error(field, "must not be empty");
    }
    return s.filter(v -> !v.isEmpty());
  }

  private static java.util.List<String> roleCodes() {
    return java.util.Arrays.stream(Role.values()).map(Role::code).toList();
  }
}
