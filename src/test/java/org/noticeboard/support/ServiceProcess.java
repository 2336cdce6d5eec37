package org.noticeboard.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.noticeboard.app.Main;

/**
 * The service as users run it: its own JVM ({@code Main serve}) on the embedded database under a data
 * directory, on the real clock, driven over HTTP. For drills that kill it with SIGKILL and start it again.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Path dataDir;
  private final int port;
  private final Map<String, String> env = new HashMap<>();
  private final List<Process> started = new ArrayList<>();

  public ServiceProcess(Path dataDir, Map<String, String> settings) throws IOException {
    this.dataDir = dataDir;
    this.port = freePort();
    env.put("NB_DATA_DIR", dataDir.toString());
    env.put("NB_HTTP_PORT", Integer.toString(port));
    env.put("NB_HTTP_HOST", "127.0.0.1");
    env.put("NB_HTTP_INSTANCES", "1");
    env.put("NB_MANAGEMENT_PORT", "-1");
    env.put("NB_SECRET_KEY", TestApp.SECRET);
    env.putAll(settings);
  }

  /** Starts {@code serve} and waits until it is ready. */
  public Process serve() throws Exception {
    Path log = dataDir.resolveSibling(dataDir.getFileName() + "-serve-" + started.size() + ".log");
    Process p = java("serve").redirectOutput(log.toFile()).redirectErrorStream(true).start();
    started.add(p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("the service exited while starting:\n" + Files.readString(log));
      }
      try {
        if (get("/health/ready", null).statusCode() == 200) {
          return p;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the service did not become ready within 90 s; see " + log);
  }

  /** {@code bootstrap --organisation NAME} beside the running service; returns the owner token. */
  public String bootstrap(String organisation) throws Exception {
    Process p = java("bootstrap", "--organisation", organisation).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("bootstrap did not finish");
    }
    Matcher m = Pattern.compile("nb_[A-Za-z0-9_\\-]+").matcher(out);
    if (!m.find()) {
      throw new AssertionError("no token in: " + out);
    }
    return m.group();
  }

  public HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET(), token);
  }

  public HttpResponse<String> post(String path, String contentType, String body, String token)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)), token);
  }

  private HttpResponse<String> send(HttpRequest.Builder r, String token) throws IOException, InterruptedException {
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(r.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** The PostgreSQL named by the data directory's pid file, if it is alive. */
  public Optional<ProcessHandle> postmaster() throws IOException {
    Path pid = dataDir.resolve("postgres").resolve("postmaster.pid");
    if (!Files.isRegularFile(pid)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pid);
    return lines.isEmpty() ? Optional.empty()
        : ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
  }

  private ProcessBuilder java(String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(command);
    b.environment().putAll(env);
    return b;
  }

  /** Stops every process it started (SIGTERM, so each stops its PostgreSQL) and any PostgreSQL left behind. */
  @Override
  public void close() throws Exception {
    for (Process p : started) {
      if (p.isAlive()) {
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
    Optional<ProcessHandle> pg = postmaster();
    if (pg.isPresent()) {
      pg.get().destroy();
      pg.get().onExit().orTimeout(30, TimeUnit.SECONDS).join();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
