package org.noticeboard.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.noticeboard.app.Noticeboard;
import org.noticeboard.app.Services;
import org.noticeboard.config.ConfigLoader;
import org.noticeboard.config.NoticeboardConfig;

/**
 * A real Noticeboard on a free port, against its own fresh database, for one test class.
 * Calls block the JUnit thread (never an event loop) so tests read top to bottom.
 */
public final class TestApp implements AutoCloseable {
  public static final String SECRET = "test-secret-key-test-secret-key-0123456789";

  private final Noticeboard app;
  private final WebClient web;
  private final Path dataDir;
  private final TestClock clock;

  private TestApp(Noticeboard app, Path dataDir, TestClock clock) {
    this.app = app;
    this.dataDir = dataDir;
    this.clock = clock;
    this.web = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("localhost").setDefaultPort(app.port()));
  }

  public static TestApp start() {
    return start(new JsonObject());
  }

  /** Starts against a fresh migrated database; {@code overrides} wins over every other setting. */
  public static TestApp start(JsonObject overrides) {
    return start(overrides, TestClock.suiteDefault());
  }

  /** Starts at the time {@code clock} says (tests that need a particular hour or date). */
  public static TestApp start(JsonObject overrides, TestClock clock) {
    Path dataDir;
    try {
      dataDir = Files.createTempDirectory("nb-test-data");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonObject config = new JsonObject()
        .put("DATABASE_URL", TestDatabase.freshMigrated())
        .put("NB_HTTP_PORT", 0)
        .put("NB_HTTP_HOST", "127.0.0.1")
        .put("NB_HTTP_INSTANCES", 1)
        .put("NB_DATA_DIR", dataDir.toString())
        .put("NB_SECRET_KEY", SECRET)
        .put("NB_SHUTDOWN_TIMEOUT_SECONDS", 2)
        .put("NB_MANAGEMENT_PORT", 0)
        .mergeIn(overrides);
    Noticeboard app = Noticeboard.create(clock);
    try {
      NoticeboardConfig cfg = ConfigLoader.load(app.vertx(), Optional.empty(), config).await();
      app.start(cfg).await();
    } catch (RuntimeException e) {
      app.stop().await();
      throw e;
    }
    return new TestApp(app, dataDir, clock);
  }

  /** The service's clock: read it for "now", set or move it to make a point about time. */
  public TestClock clock() {
    return clock;
  }

  public Noticeboard app() {
    return app;
  }

  public Services services() {
    return app.services();
  }

  public NoticeboardConfig config() {
    return app.config();
  }

  /** This app's own database name, for direct SQL checks. */
  public String databaseName() {
    return config().databaseUrl().orElseThrow().replaceAll(".*/", "");
  }

  /** Runs SQL directly against this app's database (JDBC on the test thread). */
  public void exec(String sql) {
    try (var c = java.sql.DriverManager.getConnection(TestDatabase.jdbcUrl(databaseName()), "postgres", "postgres")) {
      c.createStatement().execute(sql);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The first column of the first row of a query, as a long. */
  public long count(String sql) {
    try (var c = java.sql.DriverManager.getConnection(TestDatabase.jdbcUrl(databaseName()), "postgres", "postgres");
         var rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The first column of the first row of a query, as text. */
  public String string(String sql) {
    try (var c = java.sql.DriverManager.getConnection(TestDatabase.jdbcUrl(databaseName()), "postgres", "postgres");
         var rs = c.createStatement().executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  public Path dataDir() {
    return dataDir;
  }

  public int port() {
    return app.port();
  }

  /** Creates an organisation and returns its owner token. */
  public String bootstrap(String organisation) {
    return services().organisations().bootstrap(organisation).await().ownerToken().secret();
  }

  public Api as(String token) {
    return new Api(token);
  }

  public Api anonymous() {
    return new Api(null);
  }

  /** A plain request, for pages, hooks and anything that is not the bearer-token JSON API. */
  public HttpResponse<Buffer> send(HttpMethod method, String path, String contentType, Buffer body) {
    return send(method, path, contentType, body, null);
  }

  /** A GET on the management port (metrics, health), with a bearer token or none. */
  public HttpResponse<Buffer> management(String path, String token) {
    HttpRequest<Buffer> r = web.request(HttpMethod.GET, app.managementPort(), "127.0.0.1", path);
    if (token != null) {
      r.putHeader("Authorization", "Bearer " + token);
    }
    return r.send().await();
  }

  /** A raw request with a bearer token, e.g. a CSV import or a file upload. */
  public HttpResponse<Buffer> send(HttpMethod method, String path, String contentType, Buffer body, String token) {
    HttpRequest<Buffer> r = web.request(method, path);
    if (token != null) {
      r.putHeader("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      r.putHeader("Content-Type", contentType);
    }
    return (body == null ? r.send() : r.sendBuffer(body)).await();
  }

  /** JSON API calls as one token. */
  public final class Api {
    private final String token;

    private Api(String token) {
      this.token = token;
    }

    public Response get(String path) {
      return call(HttpMethod.GET, path, null);
    }

    public Response post(String path, JsonObject body) {
      return call(HttpMethod.POST, path, body == null ? null : Buffer.buffer(body.encode()));
    }

    public Response patch(String path, JsonObject body) {
      return call(HttpMethod.PATCH, path, Buffer.buffer(body.encode()));
    }

    public Response put(String path, JsonObject body) {
      return call(HttpMethod.PUT, path, Buffer.buffer(body.encode()));
    }

    public Response delete(String path) {
      return call(HttpMethod.DELETE, path, null);
    }

    public Response call(HttpMethod method, String path, Buffer body) {
      HttpRequest<Buffer> r = web.request(method, path.startsWith("/") ? path : "/api/v1/" + path);
      if (token != null) {
        r.putHeader("Authorization", "Bearer " + token);
      }
      if (body != null) {
        r.putHeader("Content-Type", "application/json");
      }
      HttpResponse<Buffer> res = (body == null ? r.send() : r.sendBuffer(body)).await();
      return new Response(res);
    }
  }

  @Override
  public void close() {
    web.close();
    app.stop().await();
  }
}
