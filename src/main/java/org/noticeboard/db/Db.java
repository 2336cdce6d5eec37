package org.noticeboard.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** The reactive pool every runtime query goes through, and small helpers for row sets. */
public final class Db {
  private Db() {}

  public static Pool pool(Vertx vertx, DatabaseServer server, int maxSize) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(maxSize).setShared(true).setName("noticeboard-" + UUID.randomUUID()))
        .connectingTo(server.connectOptions().setCachePreparedStatements(true))
        .using(vertx)
        .build();
  }

  public static <T> List<T> list(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      out.add(mapper.apply(row));
    }
    return out;
  }

  public static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> mapper) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(mapper.apply(it.next())) : Optional.empty();
  }

  /**
   * {@code column = $n} for a SET clause built from the fields a change names, with the value added to
   * {@code params} as parameter n. {@code column} must be the caller's own constant, never input.
   */
  public static String assign(io.vertx.sqlclient.Tuple params, String column, Object value) {
    params.addValue(value);
    return column + " = $" + params.size();
  }

  /** Escapes LIKE wildcards so user text matches literally ({@code ESCAPE '\'} is PostgreSQL's default). */
  public static String likeLiteral(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
