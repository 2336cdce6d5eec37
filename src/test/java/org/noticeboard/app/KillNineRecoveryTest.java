package org.noticeboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.noticeboard.support.ServiceProcess;

/**
 * The service in its own JVM on the embedded database, killed with SIGKILL (as an OOM kill or a
 * container stop does). Its PostgreSQL outlives it; the next start must stop that orphan cleanly and
 * come up on the same data, with nothing lost.
 */
@Tag("separate-process")
class KillNineRecoveryTest {
  @TempDir Path dataDir;

  @Test
  void afterKillNineTheNextStartStopsTheOrphanAndKeepsTheData() throws Exception {
    try (ServiceProcess service = new ServiceProcess(dataDir, Map.of("NB_DELIVERY_WORKERS", "1"))) {
      Process first = service.serve();
      String token = service.bootstrap("Rawtenstall Children's Centre");
      assertEquals(200, service.get("/api/v1/organisation", token).statusCode());

      long orphanPid = service.postmaster().orElseThrow().pid();
      first.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertTrue(first.waitFor(30, TimeUnit.SECONDS));
      assertTrue(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false),
          "the embedded PostgreSQL outlived the killed service (the situation this test is about)");

      Process second = service.serve();
      HttpResponse<String> org = service.get("/api/v1/organisation", token);
      assertEquals(200, org.statusCode(), org.body());
      assertTrue(org.body().contains("Rawtenstall Children's Centre"), org.body());
      assertFalse(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false), "the orphan was stopped");
      assertNotEquals(orphanPid, service.postmaster().orElseThrow().pid(), "one server on the directory: the new one");

      second.destroy();
      assertTrue(second.waitFor(60, TimeUnit.SECONDS));
      assertTrue(service.postmaster().isEmpty(), "a clean stop stops PostgreSQL too");
    }
  }
}
