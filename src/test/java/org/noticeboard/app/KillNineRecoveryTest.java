package org.noticeboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.noticeboard.support.TestApp;

/**
 * The service as users run it — its own JVM on the embedded database under a data directory — killed
 * with SIGKILL (as an OOM kill or a container stop does). Its PostgreSQL outlives it; the next start
 * must stop that orphan cleanly and come up on the same data, with nothing lost.
 */
@Tag("separate-process")
class KillNineRecoveryTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Process> started = new ArrayList<>();
  @TempDir Path dataDir;
  int port;

  @AfterEach
  void stopEverything() throws Exception {
    for (Process p : started) {
      if (p.isAlive()) {
        p.destroy(); // SIGTERM: the service stops its PostgreSQL
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
    postmaster().ifPresent(pg -> { // never leave a server behind, whatever failed
      pg.destroy();
      pg.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    });
  }

  @Test
  void afterKillNineTheNextStartStopsTheOrphanAndKeepsTheData() throws Exception {
    port = freePort();
    Process first = serve();
    awaitReady(first);
    String token = bootstrap("Rawtenstall Children's Centre");
    assertEquals(200, get("/api/v1/organisation", token).statusCode());

    long orphanPid = postmaster().orElseThrow().pid();
    first.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    Thread.sleep(500);
    assertTrue(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false),
        "the embedded PostgreSQL outlived the killed service (the situation this test is about)");

    Process second = serve();
    awaitReady(second);
    HttpResponse<String> org = get("/api/v1/organisation", token);
    assertEquals(200, org.statusCode(), org.body());
    assertTrue(org.body().contains("Rawtenstall Children's Centre"), org.body());
    assertFalse(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false), "the orphan was stopped");
    assertNotEquals(orphanPid, postmaster().orElseThrow().pid(), "one server on the directory: the new one");

    second.destroy();
    assertTrue(second.waitFor(60, TimeUnit.SECONDS));
    assertTrue(postmaster().isEmpty(), "a clean stop stops PostgreSQL too");
  }

  private Process serve() throws IOException {
    Process p = java("serve").redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + "-serve-" + started.size() + ".log").toFile())
        .redirectErrorStream(true).start();
    started.add(p);
    return p;
  }

  private String bootstrap(String organisation) throws Exception {
    Process p = java("bootstrap", "--organisation", organisation).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    Matcher m = Pattern.compile("nb_[A-Za-z0-9_\\-]+").matcher(out);
    assertTrue(m.find(), out);
    return m.group();
  }

  private ProcessBuilder java(String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(command);
    b.environment().put("NB_DATA_DIR", dataDir.toString());
    b.environment().put("NB_HTTP_PORT", Integer.toString(port));
    b.environment().put("NB_HTTP_HOST", "127.0.0.1");
    b.environment().put("NB_HTTP_INSTANCES", "1");
    b.environment().put("NB_DELIVERY_WORKERS", "1");
    b.environment().put("NB_MANAGEMENT_PORT", "-1");
    b.environment().put("NB_SECRET_KEY", TestApp.SECRET);
    return b;
  }

  private void awaitReady(Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      assertTrue(p.isAlive(), "the service exited while starting; see its log beside " + dataDir);
      try {
        if (get("/health/ready", null).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the service did not become ready within 90 s");
  }

  private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5));
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The server named by the data directory's pid file, if it is alive. */
  private java.util.Optional<ProcessHandle> postmaster() throws IOException {
    Path pid = dataDir.resolve("postgres").resolve("postmaster.pid");
    if (!Files.isRegularFile(pid)) {
      return java.util.Optional.empty();
    }
    List<String> lines = Files.readAllLines(pid);
    if (lines.isEmpty()) {
      return java.util.Optional.empty();
    }
    return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
