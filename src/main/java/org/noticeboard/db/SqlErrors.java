package org.noticeboard.db;

import io.vertx.pgclient.PgException;

/** Recognises the PostgreSQL errors that services turn into client-facing problems. */
public final class SqlErrors {
  private SqlErrors() {}

  public static boolean isUniqueViolation(Throwable e, String constraint) {
    return e instanceof PgException pe && "23505".equals(pe.getSqlState())
        && (constraint == null || constraint.equals(pe.getConstraint()));
  }

  public static boolean isForeignKeyViolation(Throwable e) {
    return e instanceof PgException pe && "23503".equals(pe.getSqlState());
  }
}
