import com.sun.management.GarbageCollectionNotificationInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.noticeboard.app.Noticeboard;
import org.noticeboard.config.ConfigLoader;
import org.noticeboard.config.NoticeboardConfig;

/**
 * Campaign fan-out benchmark: a personalised newsletter (shipped "newsletter" template, en/pl/ur)
 * to N subscribers of one list, sent by Noticeboard into Postfix smtp-sink on loopback. Baseline in
 * the same run, into the same sink: Postfix smtp-source pushing N messages of the same size
 * (20 sessions; once with a new connection per message, once reusing connections).
 *
 * <p>Steps: embedded PostgreSQL; subscribers and confirmed email subscriptions (plus their consent
 * events) loaded with SQL {@code INSERT … SELECT generate_series} (the import API is measured by
 * ImportBenchmark); a probe campaign of 200 into the development mail sink gives the size of one
 * rendered message; smtp-source baselines; Noticeboard restarted with SMTP → smtp-sink; 20,000-recipient
 * warm-up campaigns until the JIT compilers are busy for less than 10% of one (a running service is
 * warm; the JIT time during the measured run is printed too); then the measured campaign, timed from
 * {@code POST …/send} until smtp-sink has received all of it (its counter, as for smtp-source), after
 * which the progress API must show every message recorded as sent; Noticeboard stopped, smtp-source
 * again, and the faster of its two runs is the baseline. Heap is that of this JVM (Noticeboard runs inside it; the harness
 * itself holds next to nothing): peak used (sampled every 20 ms) and peak live (after GC).
 *
 *   bench/campaign-benchmark.sh [recipients] [max-seconds] [no-baseline]
 *   java -Xmx256m -cp target/noticeboard.jar bench/CampaignBenchmark.java [recipients] [max-seconds]
 *
 * max-seconds bounds the measured sending; when it runs out the figures cover what was sent by then.
 * no-baseline skips smtp-source (it would take ~10 minutes for a million messages on two cores).
 * Only loopback is ever addressed: the SMTP server is smtp-sink on 127.0.0.1, addresses are @bench.example.
 */
public class CampaignBenchmark {
  static final int PROBE = 200;
  static final int WARM_UP = 20_000;
  /** Warm-up campaigns run until the JIT compiles for less than this share of one (at most MAX_WARM_UP_ROUNDS). */
  static final double JIT_QUIET = 0.10;
  static final int MAX_WARM_UP_ROUNDS = 6;
  static final Pattern SINK_COUNT = Pattern.compile("mesg=(\\d+)");

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    long maxSeconds = args.length > 1 ? Long.parseLong(args[1]) : 3_600;
    boolean baseline = !(args.length > 2 && args[2].equals("no-baseline")); // e.g. for the 1M heap run
    String sinkBin = System.getProperty("smtp.sink", "/usr/sbin/smtp-sink");
    String sourceBin = System.getProperty("smtp.source", "/usr/sbin/smtp-source");
    Path work = Files.createTempDirectory("nb-campaign-bench");
    int sinkPort = freePort();
    Path sinkLog = work.resolve("smtp-sink.log");
    boolean root = "root".equals(System.getProperty("user.name"));
    Process sink = new ProcessBuilder(root
        ? List.of(sinkBin, "-c", "-u", "nobody", "-m", "512", "127.0.0.1:" + sinkPort, "1024")
        : List.of(sinkBin, "-c", "-m", "512", "127.0.0.1:" + sinkPort, "1024"))
        .redirectErrorStream(true).redirectOutput(sinkLog.toFile()).start();
    EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).setCleanDataDirectory(true).start();
    Noticeboard app = null;
    try {
      try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"))) {
        c.createStatement().execute("CREATE DATABASE bench");
      }
      String jdbc = pg.getJdbcUrl("postgres", "postgres").replace("/postgres?", "/bench?");
      String dbUrl = "postgresql://postgres:postgres@localhost:" + pg.getPort() + "/bench";
      JsonObject common = new JsonObject().put("DATABASE_URL", dbUrl).put("NB_HTTP_PORT", 0).put("NB_MANAGEMENT_PORT", -1).put("NB_HTTP_HOST", "127.0.0.1")
          .put("NB_SECRET_KEY", "benchmark-secret-key-benchmark-secret-key-0123")
          .put("NB_MAIL_FROM", "news@bench.example").put("NB_PUBLIC_BASE_URL", "https://nb.bench.example");
      defaultUnlessEnv(common, "NB_EMAIL_PER_SECOND", 100_000); // the per-organisation bucket must not set the pace
      defaultUnlessEnv(common, "NB_DELIVERY_POLL_MS", 200);
      defaultUnlessEnv(common, "NB_CAMPAIGN_TICK_MS", 200);

      // 1. Development mail sink: schema, organisation, lists, template; one rendered message's size
      app = start(common.copy().put("NB_DATA_DIR", work.resolve("data-probe").toString()));
      HttpClient http = HttpClient.newHttpClient();
      String token = app.services().organisations().bootstrap("Bench Children's Centres").await().ownerToken().secret();
      Api api = new Api(http, "http://127.0.0.1:" + app.port() + "/api/v1/", token);
      long unit = api.post("units", new JsonObject().put("kind", "centre").put("name", "Bench Family Hub")
          .put("phone", "01706 000000").put("email", "hub@bench.example")).getLong("id");
      long template = api.post("templates", new JsonObject().put("shipped", "newsletter").put("name", "Bench newsletter")).getLong("id");
      long probeList = list(api, unit, "Probe");
      long warmList = list(api, unit, "Warm-up");
      long list = list(api, unit, "Everyone");
      long org;
      try (Connection c = DriverManager.getConnection(jdbc)) {
        org = one(c, "SELECT organisation_id FROM unit WHERE id = " + unit);
        long t0 = System.nanoTime();
        load(c, org, unit, probeList, 1, PROBE);
        load(c, org, unit, warmList, 100_001, WARM_UP);
        for (int done = 0; done < n; done += 100_000) { // 100k per statement
          load(c, org, unit, list, 10_000_001 + done, Math.min(100_000, n - done));
        }
        c.createStatement().execute("ANALYZE");
        System.out.printf("loaded %,d subscribers with SQL in %.1f s%n", PROBE + WARM_UP + n, (System.nanoTime() - t0) / 1e9);
      }
      long probe = campaign(api, unit, template, probeList, "Probe");
      api.post("campaigns/" + probe + "/send", null);
      waitSent(api, probe, PROBE, 120);
      long size;
      try (Stream<Path> files = Files.walk(work.resolve("data-probe"))) {
        List<Path> eml = files.filter(p -> p.toString().endsWith(".eml")).toList();
        long total = 0;
        for (Path p : eml) {
          total += Files.size(p);
        }
        size = total / Math.max(1, eml.size());
        System.out.printf("rendered message: %,d bytes on average (%d messages, MIME as encoded for SMTP)%n", size, eml.size());
      }
      app.stop().await();
      app = null;

      // 2. Baselines into the same sink (again after the measurement; the faster of the two counts)
      Thread.sleep(2_000);
      double sourceNew = baseline ? smtpSource(sourceBin, sinkPort, sinkLog, n, size, false) : Double.NaN;
      double sourceReuse = baseline ? smtpSource(sourceBin, sinkPort, sinkLog, n, size, true) : Double.NaN;

      // 3. Noticeboard with SMTP into the sink: warm-up, then the measured campaign
      app = start(common.copy().put("NB_DATA_DIR", work.resolve("data").toString())
          .put("NB_SMTP_HOST", "127.0.0.1").put("NB_SMTP_PORT", sinkPort).put("NB_SMTP_TLS", "none"));
      api = new Api(http, "http://127.0.0.1:" + app.port() + "/api/v1/", token);
      // a running service is warm: warm-up campaigns until the JIT compilers are mostly quiet (each new
      // campaign on the same list is a new set of messages)
      CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
      for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
        long jit0 = jit.getTotalCompilationTime();
        long t0 = System.nanoTime();
        long warm = campaign(api, unit, template, warmList, "Warm-up " + round);
        api.post("campaigns/" + warm + "/send", null);
        waitSent(api, warm, WARM_UP, 300);
        double ms = (System.nanoTime() - t0) / 1e6;
        double share = (jit.getTotalCompilationTime() - jit0) / ms;
        System.out.printf("warm-up %d: %,d messages in %.1f s, JIT compiling %.0f%% of that time%n", round, WARM_UP, ms / 1000, share * 100);
        if (share < JIT_QUIET) {
          break;
        }
      }

      long measured = campaign(api, unit, template, list, "Measured");
      System.gc();
      Heap heap = Heap.watch();
      long sinkBefore = sinkCount(sinkLog);
      long jitBefore = jit.getTotalCompilationTime();
      long start = System.nanoTime();
      api.post("campaigns/" + measured + "/send", null);
      // timed until smtp-sink has received all N (as for smtp-source), watching its counter rather than
      // polling the progress API, whose counting would add to the load being measured
      long deadline = start + maxSeconds * 1_000_000_000L;
      while (sinkCount(sinkLog) - sinkBefore < n && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double jitSeconds = (jit.getTotalCompilationTime() - jitBefore) / 1e3;
      heap.stop();
      long received = sinkCount(sinkLog) - sinkBefore;
      JsonObject last = waitSent(api, measured, (int) Math.min(n, received), 120);
      long sinkDelta = sinkCount(sinkLog) - sinkBefore;
      long sent = last.getJsonObject("messages").getLong("sent");
      double rate = received / seconds;
      String settings = settings(app.config());
      app.stop().await();
      app = null;
      if (baseline) { // with Noticeboard stopped and the JVM idle, so nothing of ours competes with smtp-source
        Thread.sleep(2_000);
        sourceNew = Math.max(sourceNew, smtpSource(sourceBin, sinkPort, sinkLog, n, size, false));
        sourceReuse = Math.max(sourceReuse, smtpSource(sourceBin, sinkPort, sinkLog, n, size, true));
      }

      System.out.println();
      System.out.printf("recipients: %,d   message size: %,d bytes   Noticeboard: %s%n", n, size, settings);
      System.out.printf("Noticeboard campaign:              %,d received by smtp-sink in %.2f s  %,.0f msg/s  (recorded sent: %,d; sink total %,d)%s%n",
          received, seconds, rate, sent, sinkDelta, received < n ? "  STOPPED after " + maxSeconds + " s" : "");
      System.out.printf("JIT compiling during the measured campaign: %.2f s (compiler threads, summed)%n", jitSeconds);
      if (baseline) {
        System.out.printf("smtp-source, 20 sessions, new conn: %,.0f msg/s   ratio %.2f×  (faster of the runs before and after)%n", sourceNew, rate / sourceNew);
        System.out.printf("smtp-source, 20 sessions, reused:   %,.0f msg/s   ratio %.2f×%n", sourceReuse, rate / sourceReuse);
      } else {
        System.out.println("smtp-source baseline skipped (no-baseline)");
      }
      System.out.println("campaign at the end: " + last.encode());
      System.out.printf("heap (-Xmx %d MB): peak used %.0f MB, peak live after GC %.0f MB%n",
          Runtime.getRuntime().maxMemory() >> 20, heap.peakUsed.get() / 1048576.0, heap.peakAfterGc.get() / 1048576.0);
    } finally {
      if (app != null) {
        app.stop().await();
      }
      pg.close();
      sink.destroy();
      try (Stream<Path> files = Files.walk(work)) { // the database of a 1M run takes gigabytes
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static void defaultUnlessEnv(JsonObject cfg, String key, Object value) {
    if (System.getenv(key) == null) {
      cfg.put(key, value);
    }
  }

  static String settings(NoticeboardConfig c) {
    return "workers " + c.delivery().emailWorkers() + ", batch " + c.delivery().batchSize() + ", SMTP pool "
        + c.smtp().maxConnections() + ", fan-out chunk " + c.campaigns().chunkSize();
  }

  static Noticeboard start(JsonObject cfg) throws Exception {
    Noticeboard app = Noticeboard.create();
    NoticeboardConfig config = ConfigLoader.load(app.vertx(), Optional.empty(), cfg).await();
    app.start(config).await();
    return app;
  }

  static long list(Api api, long unit, String name) throws Exception {
    return api.post("lists", new JsonObject().put("unitId", unit).put("name", name).put("kind", "newsletter")).getLong("id");
  }

  static long campaign(Api api, long unit, long template, long list, String name) throws Exception {
    JsonObject content = new JsonObject().put("title", "Spring at the Family Hub")
        .put("summary", "Stay and play, baby massage and a new dads' group")
        .put("intro", "Here is what is on at the centre over the next few weeks. Everything is free and you can just drop in.")
        .put("items", new JsonArray()
            .add(item("Stay and play", "Every Monday and Thursday, 9:30 to 11:30. Toys, songs and a cup of tea for you.", "https://hub.bench.example/stay-and-play"))
            .add(item("Baby massage", "A five-week course for babies under one, starting on the first Tuesday of the month. Please book.", "https://hub.bench.example/baby-massage"))
            .add(item("Dads' group", "Saturday mornings in the garden room: football, crafts and bacon butties.", "https://hub.bench.example/dads"))
            .add(item("Healthy start vitamins", "Ask at reception if you are pregnant or have a child under four.", null)));
    return api.post("campaigns", new JsonObject().put("unitId", unit).put("name", name).put("templateId", template)
        .put("listIds", new JsonArray().add(list)).put("content", content)).getLong("id");
  }

  static JsonObject item(String title, String body, String link) {
    JsonObject o = new JsonObject().put("title", title).put("body", body);
    return link == null ? o : o.put("link", link).put("linkText", "Find out more");
  }

  /** Subscribers with a confirmed email subscription to the list and the consent event that gave it. */
  static void load(Connection c, long org, long unit, long list, long from, int count) throws Exception {
    try (PreparedStatement s = c.prepareStatement("""
        WITH people AS (
          INSERT INTO subscriber (organisation_id, name, email, language, unit_id, tags)
          SELECT ?, 'Parent ' || g, 'parent' || g || '@bench.example', (ARRAY['en', 'pl', 'ur'])[1 + g % 3], ?, '{new-parent}'
          FROM generate_series(?::bigint, ?::bigint) g
          RETURNING id, organisation_id
        ), subscribed AS (
          INSERT INTO subscription (organisation_id, list_id, subscriber_id, channel, status)
          SELECT organisation_id, ?, id, 'email', 'confirmed' FROM people
        )
        INSERT INTO consent_event (organisation_id, subscriber_id, list_id, channel, action, source, wording, actor)
        SELECT organisation_id, id, ?, 'email', 'given', 'import', 'Benchmark sign-up', 'system' FROM people""")) {
      s.setLong(1, org);
      s.setLong(2, unit);
      s.setLong(3, from);
      s.setLong(4, from + count - 1);
      s.setLong(5, list);
      s.setLong(6, list);
      s.executeUpdate();
    }
  }

  static long one(Connection c, String sql) throws Exception {
    try (var rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Polls progress until {@code expected} messages are sent (or nothing more is waiting), at most maxSeconds. */
  static JsonObject waitSent(Api api, long campaign, int expected, long maxSeconds) throws Exception {
    long end = System.nanoTime() + maxSeconds * 1_000_000_000L;
    while (true) {
      JsonObject p = api.get("campaigns/" + campaign + "/progress");
      JsonObject m = p.getJsonObject("messages");
      if (m.getLong("sent") >= expected || "finished".equals(p.getString("state"))) {
        if (m.getLong("sent") < expected) {
          System.out.println("campaign " + campaign + " finished with fewer sent than expected: " + p.encode());
        }
        return p;
      }
      if (System.nanoTime() > end) {
        System.out.println("time limit reached: " + p.encode());
        return p;
      }
      Thread.sleep(100);
    }
  }

  /** smtp-source: 20 sessions, n messages of {@code size} bytes; messages/second. */
  static double smtpSource(String bin, int port, Path sinkLog, int n, long size, boolean reuse) throws Exception {
    long before = sinkCount(sinkLog);
    List<String> cmd = new java.util.ArrayList<>(List.of(bin, "-s", "20", "-l", Long.toString(size), "-m", Integer.toString(n),
        "-f", "news@bench.example", "-t", "parent@bench.example", "-M", "localhost"));
    if (reuse) {
      cmd.add("-d");
    }
    cmd.add("127.0.0.1:" + port);
    long start = System.nanoTime();
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (!p.waitFor(600, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroy();
      throw new IllegalStateException("smtp-source took longer than 10 minutes");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Thread.sleep(300);
    long counted = sinkCount(sinkLog) - before;
    System.out.printf("smtp-source %s: %,d messages in %.2f s (smtp-sink counted %,d), exit %d%n",
        reuse ? "-d (reused connections)" : "(new connection per message)", n, seconds, counted, p.exitValue());
    return n / seconds;
  }

  /** Messages received so far: the last "mesg=" counter smtp-sink -c wrote. */
  static long sinkCount(Path log) throws Exception {
    String text;
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(log.toFile(), "r")) {
      long from = Math.max(0, f.length() - 400);
      byte[] tail = new byte[(int) (f.length() - from)];
      f.seek(from);
      f.readFully(tail);
      text = new String(tail, StandardCharsets.ISO_8859_1);
    }
    Matcher m = SINK_COUNT.matcher(text);
    long last = 0;
    while (m.find()) {
      last = Long.parseLong(m.group(1));
    }
    return last;
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  record Api(HttpClient http, String base, String token) {
    JsonObject post(String path, JsonObject body) throws Exception {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : body.encode())).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 300) {
        throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
      }
      return new JsonObject(r.body());
    }

    JsonObject get(String path) throws Exception {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
      }
      return new JsonObject(r.body());
    }
  }

  /** Peak heap used (sampled) and peak live heap (what remains after each collection). */
  static final class Heap {
    final AtomicLong peakUsed = new AtomicLong();
    final AtomicLong peakAfterGc = new AtomicLong();
    volatile boolean running = true;
    final Thread sampler;

    private Heap() {
      sampler = new Thread(() -> {
        while (running) {
          peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-sampler");
      sampler.setDaemon(true);
    }

    static Heap watch() {
      Heap h = new Heap();
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
          if (!h.running || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
          }
          var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
          long before = 0;
          long after = 0;
          for (var e : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
            if (isHeap(e.getKey())) {
              before += e.getValue().getUsed();
            }
          }
          for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (isHeap(e.getKey())) {
              after += e.getValue().getUsed();
            }
          }
          h.peakUsed.accumulateAndGet(before, Math::max);
          h.peakAfterGc.accumulateAndGet(after, Math::max);
        }, null, null);
      }
      h.sampler.start();
      return h;
    }

    static boolean isHeap(String pool) {
      return !(pool.contains("Metaspace") || pool.contains("Code") || pool.contains("Class Space") || pool.contains("CodeHeap"));
    }

    void stop() {
      running = false;
    }
  }
}
