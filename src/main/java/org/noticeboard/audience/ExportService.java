package org.noticeboard.audience;

import java.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.noticeboard.accounts.Tenant;

/**
 * Streams subscribers as CSV (the columns the import accepts, plus id and status) from a cursor
 * inside a transaction, pausing the cursor while the destination's write queue is full.
 */
public final class ExportService {
  private static final List<String> HEADER = List.of("id", "name", "email", "phone", "language", "centre", "tags",
      "child_birth_date", "notes", "status", "attributes");
  private static final String SELECT = "SELECT s.id, s.name, s.email, s.phone, s.language, cu.name AS centre, s.tags, s.attributes, s.status";
  private static final String FROM = " FROM subscriber s LEFT JOIN unit cu ON cu.organisation_id = s.organisation_id AND cu.id = s.unit_id";

  private final Pool pool;
  private final Clock clock;

  public ExportService(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /** Everyone with a subscription to the list, with its email and SMS status. */
  public Future<Void> exportList(Tenant tenant, long listId, WriteStream<Buffer> out) {
    return ListService.require(pool, tenant, listId).compose(l -> {
      SqlFragment visible = SegmentSql.visible(tenant, 2);
      String sql = SELECT + ", (SELECT x.status FROM subscription x WHERE x.list_id = $1 AND x.subscriber_id = s.id AND x.channel = 'email') AS email_status"
          + ", (SELECT x.status FROM subscription x WHERE x.list_id = $1 AND x.subscriber_id = s.id AND x.channel = 'sms') AS sms_status"
          + FROM + " WHERE EXISTS (SELECT 1 FROM subscription x WHERE x.list_id = $1 AND x.subscriber_id = s.id) AND " + visible.sql()
          + " ORDER BY s.id";
      List<String> header = new ArrayList<>(HEADER);
      header.add("email_status");
      header.add("sms_status");
      return stream(sql, visible.addTo(Tuple.of(listId)), header, true, out);
    });
  }

  /** Everyone the tenant can see who matches a saved segment. */
  public Future<Void> exportSegment(Tenant tenant, long segmentId, WriteStream<Buffer> out) {
    return SegmentService.require(pool, tenant, segmentId).compose(g -> {
      SqlFragment where = SegmentSql.where(tenant, g.definition(), 1, clock.instant());
      return stream(SELECT + FROM + " WHERE " + where.sql() + " ORDER BY s.id", where.addTo(Tuple.tuple()), HEADER, false, out);
    });
  }

  private Future<Void> stream(String sql, Tuple params, List<String> header, boolean statuses, WriteStream<Buffer> out) {
    return pool.withTransaction(conn -> conn.prepare(sql).compose(ps -> {
      Promise<Void> done = Promise.promise();
      out.write(Buffer.buffer("\uFEFF" + Csv.line(header))); // BOM: spreadsheets then read UTF-8 names correctly
      RowStream<Row> rows = ps.createStream(500, params);
      out.exceptionHandler(done::tryFail);
      rows.exceptionHandler(done::tryFail).endHandler(v -> done.tryComplete()).handler(r -> {
        out.write(Buffer.buffer(Csv.line(fields(r, statuses))));
        if (out.writeQueueFull()) {
          rows.pause();
          out.drainHandler(v -> rows.resume());
        }
      });
      return done.future().eventually(rows::close);
    }));
  }

  private static List<String> fields(Row r, boolean statuses) {
    JsonObject attrs = r.getValue("attributes") instanceof JsonObject j ? j.copy() : new JsonObject();
    Object birth = attrs.remove("childBirthDate");
    Object notes = attrs.remove("notes");
    String[] tags = r.getArrayOfStrings("tags");
    List<String> f = new ArrayList<>(Arrays.asList(String.valueOf(r.getLong("id")), r.getString("name"), r.getString("email"),
        r.getString("phone"), r.getString("language"), r.getString("centre"), tags == null ? "" : String.join("|", tags),
        birth == null ? "" : birth.toString(), notes == null ? "" : notes.toString(), r.getString("status"),
        attrs.isEmpty() ? "" : attrs.encode()));
    if (statuses) {
      f.add(r.getString("email_status"));
      f.add(r.getString("sms_status"));
    }
    return f;
  }
}
