package org.noticeboard.accounts;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.noticeboard.db.Db;
import org.noticeboard.errors.Problem;

/** Creating an organisation with its first owner token, and reading or changing its settings. */
public final class OrganisationService {
  private final Pool pool;
  private final QuietHoursHolds holds;
  private final Clock clock;

  public OrganisationService(Pool pool, QuietHoursHolds holds, Clock clock) {
    this.pool = pool;
    this.holds = holds;
    this.clock = clock;
  }

  /** What bootstrap made: the token's secret is shown once and never again. */
  public record Bootstrapped(Organisation organisation, IssuedToken ownerToken) {}

  public Future<Bootstrapped> bootstrap(String name) {
    return pool.withTransaction(conn -> conn.preparedQuery(
            "INSERT INTO organisation (name) VALUES ($1) RETURNING " + Organisation.COLUMNS)
        .execute(Tuple.of(name))
        .map(rows -> Organisation.from(rows.iterator().next()))
        .compose(org -> TokenService.insert(conn, org.id(), "bootstrap owner token", Role.OWNER, null, null, null, null)
            .map(token -> new Bootstrapped(org, token))));
  }

  public Future<Organisation> get(Tenant tenant) {
    return pool.preparedQuery("SELECT " + Organisation.COLUMNS + " FROM organisation WHERE id = $1")
        .execute(Tuple.of(tenant.organisationId()))
        .map(rows -> Db.first(rows, Organisation::from).orElseThrow(() -> Problem.notFound("organisation", tenant.organisationId())));
  }

  /**
   * Organisation-wide settings: only an owner of the whole organisation may change them. A change of
   * quiet hours takes effect at the next claim, also for texts already held by the old hours.
   */
  public Future<Organisation> update(Tenant tenant, OrganisationChanges c) {
    tenant.require(Role.OWNER);
    if (tenant.scoped()) {
      return Future.failedFuture(Problem.forbidden("a token limited to a unit cannot change organisation settings"));
    }
    List<String> set = new ArrayList<>();
    Tuple params = Tuple.of(tenant.organisationId());
    c.name().ifPresent(v -> set.add(Db.assign(params, "name", v)));
    c.defaultLanguage().ifPresent(v -> set.add(Db.assign(params, "default_language", v)));
    c.timezone().ifPresent(v -> set.add(Db.assign(params, "timezone", v)));
    c.smsQuietHours().ifPresent(w -> {
      set.add(Db.assign(params, "quiet_hours_start", w.map(Organisation.QuietWindow::start).orElse(Organisation.QuietWindow.NONE)));
      set.add(Db.assign(params, "quiet_hours_end", w.map(Organisation.QuietWindow::end).orElse(Organisation.QuietWindow.NONE)));
    });
    c.smsSenderId().ifPresent(v -> set.add(Db.assign(params, "sms_sender", v.orElse(null))));
    c.emailPerSecond().ifPresent(v -> set.add(Db.assign(params, "email_per_second", v.orElse(null))));
    c.smsPerSecond().ifPresent(v -> set.add(Db.assign(params, "sms_per_second", v.orElse(null))));
    c.contactEmail().ifPresent(v -> set.add(Db.assign(params, "contact_email", v.orElse(null))));
    c.contactPhone().ifPresent(v -> set.add(Db.assign(params, "contact_phone", v.orElse(null))));
    c.signupDoubleOptIn().ifPresent(v -> set.add(Db.assign(params, "signup_double_opt_in", v)));
    if (set.isEmpty()) {
      return get(tenant);
    }
    boolean quietChanged = c.smsQuietHours().isPresent() || c.timezone().isPresent();
    return pool.withTransaction(tx -> tx.preparedQuery("UPDATE organisation SET " + String.join(", ", set)
            + ", updated_at = now() WHERE id = $1 RETURNING " + Organisation.COLUMNS)
        .execute(params)
        .map(rows -> Organisation.from(rows.iterator().next()))
        .compose(org -> !quietChanged ? Future.succeededFuture(org)
            : holds.release(tx, org.id(), clock.instant()).map(org)))
        .recover(e -> Future.failedFuture(Settings.senderTaken(e)));
  }
}
