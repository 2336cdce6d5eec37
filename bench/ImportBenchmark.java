import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedWriter;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Optional;
import org.noticeboard.app.Noticeboard;
import org.noticeboard.config.ConfigLoader;
import org.noticeboard.config.NoticeboardConfig;
import org.postgresql.PGConnection;

/**
 * CSV import benchmark: starts PostgreSQL and Noticeboard on this machine, generates a CSV in the
 * shape of families.csv, and posts it to /api/v1/imports (into a list, so every row also gets a
 * subscription and a consent event). Baseline in the same run and database: PostgreSQL COPY of the
 * same file into a plain table of text columns.
 *
 *   mvn -B -q package -DskipTests && java -cp target/noticeboard.jar bench/ImportBenchmark.java [rows] [profiles-only]
 */
public class ImportBenchmark {
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    boolean intoList = !(args.length > 1 && args[1].equals("profiles-only")); // profiles-only: no subscriptions or consent events
    Path work = Files.createTempDirectory("nb-bench");
    EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).setCleanDataDirectory(true).start();
    Noticeboard app = Noticeboard.create();
    try {
      try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"))) {
        c.createStatement().execute("CREATE DATABASE bench");
      }
      String dbUrl = "postgresql://postgres:postgres@localhost:" + pg.getPort() + "/bench";
      JsonObject cfg = new JsonObject().put("DATABASE_URL", dbUrl).put("NB_HTTP_PORT", 0).put("NB_MANAGEMENT_PORT", -1).put("NB_HTTP_HOST", "127.0.0.1")
          .put("NB_DATA_DIR", work.resolve("data").toString()).put("NB_SECRET_KEY", "benchmark-secret-key-benchmark-secret-key-0123");
      NoticeboardConfig config = ConfigLoader.load(app.vertx(), Optional.empty(), cfg).await();
      app.start(config).await();
      String base = "http://127.0.0.1:" + app.port() + "/api/v1/";

      Path csv = work.resolve("families-" + rows + ".csv");
      generate(csv, rows, 0);
      Path warm = work.resolve("warm.csv");
      generate(warm, 100_000, 5_000_000);

      HttpClient http = HttpClient.newHttpClient();
      String warmToken = app.services().organisations().bootstrap("Warm-up").await().ownerToken().secret();
      long warmList = setUp(http, base, warmToken);
      post(http, base, warmToken, warmList, warm); // JIT warm-up, not measured

      String token = app.services().organisations().bootstrap("Bench").await().ownerToken().secret();
      long list = setUp(http, base, token);

      long copyStart = System.nanoTime();
      try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres").replace("/postgres?", "/bench?"));
           Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
        c.createStatement().execute("CREATE TABLE bench_copy (name text, email text, phone text, language text, centre text, "
            + "tags text, child_birth_date text, notes text)");
        c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)", in);
      }
      double copySeconds = (System.nanoTime() - copyStart) / 1e9;

      long start = System.nanoTime();
      String job = post(http, base, token, intoList ? list : null, csv);
      double seconds = (System.nanoTime() - start) / 1e9;
      JsonObject j = new JsonObject(job);
      System.out.printf("rows: %d (created %d, errors %d, subscribed %d, state %s)%n", rows, j.getInteger("created"),
          j.getInteger("errors"), j.getInteger("subscribed"), j.getString("state"));
      System.out.printf("import:             %.2f s  %,.0f rows/s%n", seconds, rows / seconds);
      System.out.printf("baseline COPY:      %.2f s  %,.0f rows/s%n", copySeconds, rows / copySeconds);
      System.out.printf("import / COPY time: %.1f×%n", seconds / copySeconds);
    } finally {
      app.stop().await();
      pg.close();
    }
  }

  static long setUp(HttpClient http, String base, String token) throws Exception {
    long unit = new JsonObject(send(http, base + "units", token, "{\"kind\":\"centre\",\"name\":\"Bench Centre\"}")).getLong("id");
    return new JsonObject(send(http, base + "lists", token,
        "{\"unitId\":" + unit + ",\"name\":\"Everyone\",\"kind\":\"newsletter\"}")).getLong("id");
  }

  static String send(HttpClient http, String url, String token, String json) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  static String post(HttpClient http, String base, String token, Long list, Path csv) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "imports?wording=Bench&batchSize=" + Integer.getInteger("batchSize", 1000) + (list == null ? "" : "&listId=" + list)))
        .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
        .POST(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("import: " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  /** Rows like families.csv: UK mobile numbers in national format, tags, a birth date, some notes. */
  static void generate(Path file, int rows, int offset) throws Exception {
    String[] languages = {"en", "pl", "ur", "bn", "so", "ar", "ro"};
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("name,email,phone,language,centre,tags,child_birth_date,notes\n");
      for (int i = 0; i < rows; i++) {
        int n = offset + i;
        String phone = String.format("07911 %06d", n % 1_000_000);
        w.write("Parent " + n + ",parent" + n + "@bench.example," + (i % 3 == 0 ? "" : phone) + "," + languages[i % languages.length]
            + ",Bench Centre,new-parent" + (i % 5 == 0 ? "|dad" : "") + ",2024-0" + (1 + i % 9) + "-1" + (i % 10) + ","
            + (i % 7 == 0 ? "\"Prefers texts, not calls\"" : "") + "\n");
      }
    }
  }
}
