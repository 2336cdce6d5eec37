package org.noticeboard.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;

/**
 * One embedded PostgreSQL per test JVM. The schema is migrated once into a template database;
 * each test class then gets its own copy ({@code CREATE DATABASE … TEMPLATE}), which takes
 * milliseconds and keeps classes independent.
 */
public final class TestDatabase {
  private static final String TEMPLATE = "nb_template";
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestDatabase() {}

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        // Tests trade durability for speed (a throw-away cluster); the service's own embedded database is durable.
        server = EmbeddedPostgres.builder()
            .setDataDirectory(Files.createTempDirectory("nb-test-pg"))
            .setCleanDataDirectory(true)
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off")
            .setServerConfig("max_connections", "300")
            .start();
        execute("CREATE DATABASE " + TEMPLATE);
        Flyway.configure().dataSource(jdbcUrl(TEMPLATE), "postgres", "postgres")
            .locations("classpath:db/migration").load().migrate();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }

  /** A new database with the current schema; returns its {@code DATABASE_URL}. */
  public static String freshMigrated() {
    return create(" TEMPLATE " + TEMPLATE);
  }

  /** A new database with no schema at all, to test migrations from scratch. */
  public static String freshEmpty() {
    return create("");
  }

  private static String create(String template) {
    server();
    String name = "nb_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    execute("CREATE DATABASE " + name + template);
    return url(name);
  }

  public static String url(String database) {
    return "postgresql://postgres:postgres@localhost:" + server().getPort() + "/" + database;
  }

  public static String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + server.getPort() + "/" + database;
  }

  public static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "postgres");
         Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
