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
    Path portFile = directory.resolveSibling("postgres.port");
    EmbeddedPostgres pg;
    try {
      Files.createDirectories(directory);
      OrphanedPostgres.clear(directory);
      LOG.info("Starting embedded PostgreSQL in {}", directory.toAbsolutePath());
      pg = EmbeddedPostgres.builder()
          .setDataDirectory(directory)
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(false) // Noticeboard stops it itself, after the HTTP server
          // The library starts PostgreSQL with fsync off and synchronous_commit off (fine for tests): a
          // power cut could then lose imported families and the record of what was sent. These come
          // after its own options on the command line, so they win.
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("full_page_writes", "on")
          .start();
    } catch (IOException | RuntimeException e) {
      // Another Noticeboard process (e.g. the server, while `bootstrap` runs) holds the data directory:
      // use its PostgreSQL rather than fail.
      if (lockedByAnother(e) && Files.isRegularFile(portFile)) {
        return running(portFile);
      }
      throw new IllegalStateException("cannot start embedded PostgreSQL in " + directory + ": " + e.getMessage(), e);
    }
    try {
      try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"));
           PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        q.setString(1, EMBEDDED_DATABASE);
        try (ResultSet rs = q.executeQuery(); Statement s = c.createStatement()) {
          if (!rs.next()) {
            s.execute("CREATE DATABASE " + EMBEDDED_DATABASE + " ENCODING 'UTF8'");
          }
        }
      }
      Files.writeString(portFile, Integer.toString(pg.getPort()));
      return new DatabaseServer(embeddedOptions(pg.getPort()), pg);
    } catch (IOException | SQLException e) {
      try {
        pg.close();
      } catch (IOException ignored) {
        // already failing
      }
      throw new IllegalStateException("cannot prepare embedded PostgreSQL in " + directory + ": " + e.getMessage(), e);
    }
  }

  private static boolean lockedByAnother(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.nio.channels.OverlappingFileLockException || String.valueOf(t.getMessage()).contains("could not lock")) {
        return true;
      }
    }
    return false;
  }

  /** The embedded PostgreSQL another process of this data directory is running; it is not ours to stop. */
  private static DatabaseServer running(Path portFile) {
    try {
      int port = Integer.parseInt(Files.readString(portFile).trim());
      LOG.info("The embedded PostgreSQL of this data directory is already running (port {}); using it", port);
      return new DatabaseServer(embeddedOptions(port), null);
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("the embedded PostgreSQL is in use by another process and " + portFile
          + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static PgConnectOptions embeddedOptions(int port) {
    return new PgConnectOptions().setHost("localhost").setPort(port)
        .setDatabase(EMBEDDED_DATABASE).setUser("postgres").setPassword("postgres");
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
