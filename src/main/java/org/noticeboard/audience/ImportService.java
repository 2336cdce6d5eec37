package org.noticeboard.audience;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.noticeboard.accounts.Role;
import org.noticeboard.accounts.Tenant;
import org.noticeboard.db.Db;
import org.noticeboard.errors.Problem;

/**
 * CSV imports: the body is parsed as it arrives and applied in batches, one transaction each
 * (a dry run uses one transaction for the whole file and rolls it back). Progress is kept in
 * {@code import_job}; row problems in {@code import_problem}.
 */
public final class ImportService {
  static final int MAX_PROBLEMS_KEPT = 1000;
  static final String VISIBLE = " FROM import_job j WHERE j.organisation_id = $1 AND ($2 = '/' OR EXISTS (SELECT 1 FROM unit u"
      + " WHERE u.organisation_id = j.organisation_id AND u.id = j.unit_id AND u.path LIKE $2 || '%'))";

  private final Vertx vertx;
  private final Pool pool;
  private final Suppressions suppressions;
  private final SubscriptionService subscriptions;
  private final ConfirmationOutbox outbox;

  public ImportService(Vertx vertx, Pool pool, Suppressions suppressions, SubscriptionService subscriptions, ConfirmationOutbox outbox) {
    this.vertx = vertx;
    this.pool = pool;
    this.suppressions = suppressions;
    this.subscriptions = subscriptions;
    this.outbox = outbox;
  }

  public Future<ImportJob> get(Tenant tenant, long id) {
    String scope = Db.likeLiteral(tenant.scope());
    return pool.preparedQuery("SELECT " + ImportJob.COLUMNS + VISIBLE + " AND j.id = $3")
        .execute(Tuple.of(tenant.organisationId(), scope, id))
        .map(rows -> Db.first(rows, ImportJob::from).orElseThrow(() -> Problem.notFound("import", id)))
        .compose(job -> pool.preparedQuery("SELECT row_number, kind, field, message FROM import_problem"
                + " WHERE organisation_id = $1 AND job_id = $2 ORDER BY row_number LIMIT " + MAX_PROBLEMS_KEPT)
            .execute(Tuple.of(tenant.organisationId(), id))
            .map(rows -> {
              JsonArray problems = new JsonArray();
              for (Row r : rows) {
                problems.add(new JsonObject().put("row", r.getInteger("row_number")).put("kind", r.getString("kind"))
                    .put("field", r.getString("field")).put("message", r.getString("message")));
              }
              return job.withProblems(problems);
            }));
  }

  public Future<Page<ImportJob>> list(Tenant tenant, long after, int limit) {
    return pool.preparedQuery("SELECT " + ImportJob.COLUMNS + VISIBLE + " AND j.id > $3 ORDER BY j.id LIMIT $4")
        .execute(Tuple.of(tenant.organisationId(), Db.likeLiteral(tenant.scope()), after, limit))
        .map(rows -> {
          List<ImportJob> items = Db.list(rows, ImportJob::from);
          return new Page<>(items, items.size() == limit ? String.valueOf(items.get(items.size() - 1).id()) : null);
        });
  }

  /**
   * Imports a CSV read from {@code body}, which must be paused; it is resumed here and paused
   * again while each batch is written (back-pressure). Completes with the finished job.
   */
  public Future<ImportJob> run(Tenant tenant, ImportRequest req, ReadStream<Buffer> body) {
    try {
      tenant.require(Role.COORDINATOR);
    } catch (Problem p) {
      body.resume();
      return Future.failedFuture(p);
    }
    // new people get the list's language (or the organisation's) when their row gives none
    Future<MailingList> list = req.listId() == null ? Future.succeededFuture(null)
        : ListService.find(pool, tenant, req.listId()).map(l -> l.orElseThrow(() -> Problem.invalid("listId", "no list " + req.listId())));
    Future<String> defaultLanguage = list.compose(l -> l != null ? Future.succeededFuture(l.defaultLanguage())
        : pool.preparedQuery("SELECT default_language FROM organisation WHERE id = $1").execute(Tuple.of(tenant.organisationId()))
            .map(rows -> rows.iterator().next().getString(0)));
    return defaultLanguage
        .compose(lang -> units(tenant).compose(units -> pool.preparedQuery("""
                INSERT INTO import_job (organisation_id, unit_id, list_id, consent_source, wording, dry_run, actor)
                VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id""")
            .execute(Tuple.of(tenant.organisationId(), tenant.unitId(), req.listId(), req.consentSource(), req.wording(), req.dryRun(),
                SubscriptionService.actor(tenant)))
            .map(rows -> new ImportRun(this, tenant, req, rows.iterator().next().getLong(0), lang,
                list.result() != null && list.result().doubleOptIn(), units, body))))
        .onFailure(e -> body.resume()) // let the rest of the upload drain so the error can be answered
        .compose(ImportRun::start)
        .compose(id -> get(tenant, id));
  }

  /** Units the tenant can see, by lower-case name, for the centre column. */
  private Future<Map<String, List<Long>>> units(Tenant tenant) {
    return pool.preparedQuery("SELECT id, name FROM unit WHERE organisation_id = $1 AND path LIKE $2 || '%'")
        .execute(Tuple.of(tenant.organisationId(), Db.likeLiteral(tenant.scope())))
        .map(rows -> {
          Map<String, List<Long>> byName = new HashMap<>();
          for (Row r : rows) {
            byName.computeIfAbsent(r.getString("name").toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(r.getLong("id"));
          }
          return byName;
        });
  }

  Vertx vertx() {
    return vertx;
  }

  Pool pool() {
    return pool;
  }

  Suppressions suppressions() {
    return suppressions;
  }

  SubscriptionService subscriptions() {
    return subscriptions;
  }

  ConfirmationOutbox outbox() {
    return outbox;
  }
}
