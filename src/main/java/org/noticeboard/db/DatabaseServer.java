package org.noticeboard.db;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.noticeboard.config.NoticeboardConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the database is: an external PostgreSQL named by {@code DATABASE_URL}, or an embedded
 * one whose files live under {@code <dataDir>/postgres} and so survive restarts.
 * Starting and stopping are blocking: call them off the event loop.
 */
public final class DatabaseServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseServer.class);
  static final String EMBEDDED_DATABASE = "noticeboard";

  private final PgConnectOptions connectOptions;
  private final EmbeddedPostgres embedded;

  private DatabaseServer(PgConnectOptions connectOptions, EmbeddedPostgres embedded) {
    this.connectOptions = connectOptions;
    this.embedded = embedded;
  }

  public static DatabaseServer start(NoticeboardConfig config) {
    if (config.databaseUrl().isPresent()) {
      PgConnectOptions options = PgConnectOptions.fromUri(config.databaseUrl().get());
      LOG.info("Using external PostgreSQL at {}:{}/{}", options.getHost(), options.getPort(), options.getDatabase());
      return new DatabaseServer(options, null);
    }
    return startEmbedded(config.dataDir().resolve("postgres"));
  }

  private static DatabaseServer startEmbedded(Path directory) {
    try {
      Files.createDirectories(directory);
      LOG.info("Starting embedded PostgreSQL in {}", directory.toAbsolutePath());
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(directory)
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(false) // Noticeboard stops it itself, after the HTTP server
          .start();
      try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"));
           PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        q.setString(1, EMBEDDED_DATABASE);
        try (ResultSet rs = q.executeQuery(); Statement s = c.createStatement()) {
          if (!rs.next()) {
            s.execute("CREATE DATABASE " + EMBEDDED_DATABASE + " ENCODING 'UTF8'");
          }
        }
      }
      PgConnectOptions options = new PgConnectOptions().setHost("localhost").setPort(pg.getPort())
          .setDatabase(EMBEDDED_DATABASE).setUser("postgres").setPassword("postgres");
      return new DatabaseServer(options, pg);
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("cannot start embedded PostgreSQL in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Options for the reactive client; a copy, so callers may tune it. */
  public PgConnectOptions connectOptions() {
    return new PgConnectOptions(connectOptions);
  }

  public String jdbcUrl() {
    StringBuilder url = new StringBuilder("jdbc:postgresql://").append(connectOptions.getHost()).append(':')
        .append(connectOptions.getPort()).append('/').append(connectOptions.getDatabase());
    SslMode ssl = connectOptions.getSslMode();
    if (ssl != null) {
      url.append("?sslmode=").append(ssl.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    return url.toString();
  }

  public String user() {
    return connectOptions.getUser();
  }

  public String password() {
    return connectOptions.getPassword();
  }

  public boolean embedded() {
    return embedded != null;
  }

  @Override
  public void close() {
    if (embedded != null) {
      try {
        LOG.info("Stopping embedded PostgreSQL");
        embedded.close();
      } catch (IOException e) {
        LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
      }
    }
  }
}
