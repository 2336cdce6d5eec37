package org.noticeboard.audience;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.noticeboard.accounts.Tenant;
import org.noticeboard.db.SqlErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One import in progress: feeds the upload to the CSV parser, queues records, and applies them a
 * batch at a time with the upload paused meanwhile. All of its state is touched only on the
 * request's event loop.
 */
final class ImportRun {
  private static final Logger LOG = LoggerFactory.getLogger(ImportRun.class);

  record Rec(int row, List<String> fields) {}

  private final ImportService service;
  final Tenant tenant;
  final ImportRequest req;
  final long jobId;
  final String defaultLanguage;
  final boolean doubleOptIn;
  private final Map<String, java.util.List<Long>> units;
  private final ReadStream<Buffer> body;
  private final CsvParser parser;
  private final ArrayDeque<Rec> queue = new ArrayDeque<>();
  private final Promise<Long> done = Promise.promise();
  final ImportBatch.Totals totals = new ImportBatch.Totals();
  private ImportRows columns;
  private static final int MAX_IN_FLIGHT = 2;
  private int inFlight;
  private boolean ended;
  private boolean finished;
  private String failure;
  private int problemsKept;
  private SqlConnection dryConnection;
  private Transaction dryTransaction;

  ImportRun(ImportService service, Tenant tenant, ImportRequest req, long jobId, String defaultLanguage, boolean doubleOptIn,
            Map<String, List<Long>> units, ReadStream<Buffer> body) {
    this.doubleOptIn = doubleOptIn;
    this.service = service;
    this.tenant = tenant;
    this.req = req;
    this.jobId = jobId;
    this.defaultLanguage = defaultLanguage;
    this.units = units;
    this.body = body;
    this.parser = new CsvParser(this::record);
  }

  Future<Long> start() {
    Future<Void> ready = Future.succeededFuture();
    if (req.dryRun()) { // one transaction for the whole file, rolled back at the end
      ready = service.pool().getConnection().compose(c -> {
        dryConnection = c;
        return c.begin().map(tx -> {
          dryTransaction = tx;
          return null;
        });
      });
    }
    ready.onComplete(ar -> {
      if (ar.failed()) {
        failure = "the database is not available";
      }
      body.handler(chunk -> {
        if (failure == null) {
          parser.feed(chunk.getBytes());
          pump();
        }
      });
      body.exceptionHandler(e -> {
        if (failure == null) {
          failure = "the upload was interrupted before the end of the file";
        }
        ended = true;
        pump();
      });
      body.endHandler(v -> {
        if (failure == null) {
          parser.end();
        }
        ended = true;
        pump();
      });
      body.resume();
    });
    return done.future();
  }

  private void record(int row, List<String> fields) {
    if (columns == null) {
      columns = new ImportRows(fields, units);
      if (!columns.hasAddressColumn()) {
        failure = "the header row needs an email or a phone column (accepted: name, email, phone, language, centre, tags, child_birth_date, notes)";
      }
      for (String ignored : columns.ignoredColumns) {
        totals.problems.add(new ImportBatch.RowProblem(row, "notice", null, "column \"" + ignored + "\" was ignored"));
      }
      return;
    }
    if (fields.stream().allMatch(String::isBlank)) { // ";;;;" lines are blank rows in spreadsheet exports
      return;
    }
    totals.rowsRead++;
    queue.add(new Rec(row, fields));
  }

  /**
   * Starts batches while one is full (or the file has ended) and a slot is free, pauses the upload
   * while a full batch waits, and finishes when all is done. Two batches may be in the database at
   * once (each in its own transaction) so PostgreSQL can use two cores; a dry run uses one.
   */
  private void pump() {
    if (finished) {
      return;
    }
    int slots = req.dryRun() ? 1 : MAX_IN_FLIGHT;
    while (failure == null && inFlight < slots && (queue.size() >= req.batchSize() || (ended && !queue.isEmpty()))) {
      List<Rec> batch = new ArrayList<>(Math.min(queue.size(), req.batchSize()));
      while (batch.size() < req.batchSize() && !queue.isEmpty()) {
        batch.add(queue.poll());
      }
      inFlight++;
      applyBatch(batch, 1).compose(v -> saveProgress()).onComplete(ar -> {
        inFlight--;
        if (ar.failed() && failure == null) {
          failure = describe(ar.cause(), batch);
          LOG.warn("import {} batch from row {} failed: {}", jobId, batch.get(0).row(),
              ar.cause() instanceof PgException pe ? pe.getSqlState() : ar.cause().getClass().getSimpleName());
          queue.clear();
        }
        pump();
      });
    }
    if (!ended) {
      if (queue.size() >= req.batchSize() && failure == null) {
        body.pause(); // back-pressure: a full batch is waiting for a free slot
      } else {
        body.resume();
      }
    } else if (inFlight == 0) {
      finish();
    }
  }

  private Future<Void> applyBatch(List<Rec> batch, int attempt) {
    ImportBatch b = new ImportBatch(this, service, columns, batch);
    return service.vertx().executeBlocking(b::check, false) // libphonenumber and hashing are CPU work: keep them off the event loop
        .compose(v -> req.dryRun() ? b.apply(dryConnection) : service.pool().withTransaction(b::apply))
        .map(counts -> {
          totals.add(counts);
          return (Void) null;
        })
        .recover(e -> attempt < 4 && !req.dryRun() && (SqlErrors.isUniqueViolation(e, null)
                || e instanceof PgException pe && ("40P01".equals(pe.getSqlState()) || "40001".equals(pe.getSqlState())))
            ? applyBatch(batch, attempt + 1) // another batch or request added the same person meanwhile: look again
            : Future.failedFuture(e));
  }

  private Future<Void> saveProgress() {
    List<ImportBatch.RowProblem> fresh = new ArrayList<>(totals.problems);
    totals.problems.clear();
    List<Tuple> rows = new ArrayList<>();
    for (ImportBatch.RowProblem p : fresh) {
      if (problemsKept++ < ImportService.MAX_PROBLEMS_KEPT) {
        rows.add(Tuple.of(tenant.organisationId(), jobId, p.row(), p.kind(), p.field(), p.message()));
      }
    }
    Future<Void> saved = rows.isEmpty() ? Future.succeededFuture() : service.pool()
        .preparedQuery("INSERT INTO import_problem (organisation_id, job_id, row_number, kind, field, message) VALUES ($1, $2, $3, $4, $5, $6)")
        .executeBatch(rows).mapEmpty();
    return saved.compose(v -> updateJob(null));
  }

  private Future<Void> updateJob(String state) {
    return service.pool().preparedQuery("""
            UPDATE import_job SET rows_read = $3, created = $4, updated = $5, unchanged = $6, skipped = $7, errors = $8,
              subscribed = $9, state = coalesce($10, state), failure = $11,
              finished_at = CASE WHEN $10::text IS NULL THEN NULL ELSE now() END
            WHERE organisation_id = $1 AND id = $2""")
        .execute(Tuple.of(tenant.organisationId(), jobId, totals.rowsRead, totals.created, totals.updated, totals.unchanged)
            .addValue(totals.skipped).addValue(totals.errors).addValue(totals.subscribed).addValue(state).addValue(failure))
        .mapEmpty();
  }

  private void finish() {
    finished = true;
    Future<Void> closed = Future.succeededFuture();
    if (dryConnection != null) {
      closed = (dryTransaction == null ? Future.<Void>succeededFuture() : dryTransaction.rollback())
          .eventually(() -> dryConnection.close());
    }
    closed.transform(ar -> saveProgress())
        .transform(ar -> updateJob(failure == null ? "completed" : "failed"))
        .onComplete(ar -> {
          if (ar.failed()) {
            done.fail(ar.cause());
          } else {
            done.complete(jobId);
          }
        });
  }

  private static String describe(Throwable e, List<Rec> batch) {
    String rows = "rows " + batch.get(0).row() + " to " + batch.get(batch.size() - 1).row();
    if (e instanceof PgException pe) {
      return rows + " were not applied: the database refused them (" + pe.getSqlState() + "); other batches were applied as counted";
    }
    return rows + " were not applied: " + e.getClass().getSimpleName() + "; other batches were applied as counted";
  }
}
