package org.noticeboard.db;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After {@code kill -9} of the service (an OOM kill, a container stop) its embedded PostgreSQL goes on
 * running without a parent and holds the data directory: a new start would fail. Before starting, this
 * looks for such an orphan and stops it cleanly (a fast shutdown: it checkpoints and exits), so there is
 * never a second server on one directory and nobody has to kill it by hand.
 *
 * <p>A server is an orphan only when no live process holds the directory's lock file ({@code epg-lock},
 * held by the process that started the server for as long as it runs); a server whose owner is alive —
 * the service, while {@code bootstrap} runs beside it — is left alone.
 */
final class OrphanedPostgres {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostgres.class);
  static final String OWNER_LOCK = "epg-lock";
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(60);

  private OrphanedPostgres() {}

  /** Stops an orphaned server of {@code directory}, or removes a pid file that names no server; blocking. */
  static void clear(Path directory) throws IOException {
    Path pidFile = directory.resolve("postmaster.pid");
    if (!Files.isRegularFile(directory.resolve(OWNER_LOCK)) || !Files.isRegularFile(pidFile)) {
      return;
    }
    try (RandomAccessFile lockFile = new RandomAccessFile(directory.resolve(OWNER_LOCK).toFile(), "rw")) {
      FileLock lock;
      try {
        lock = lockFile.getChannel().tryLock();
      } catch (OverlappingFileLockException e) {
        return; // this process runs it
      }
      if (lock == null) {
        return; // a live process runs it: joining it is the caller's business
      }
      try {
        stopOrphan(directory, pidFile);
      } finally {
        lock.release();
      }
    }
  }

  private static void stopOrphan(Path directory, Path pidFile) throws IOException {
    List<String> lines = Files.readAllLines(pidFile);
    Optional<ProcessHandle> server = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0)).flatMap(ProcessHandle::of);
    if (server.isEmpty() || !server.get().isAlive()) {
      return; // a stale pid file: PostgreSQL recovers from it by itself
    }
    ProcessHandle p = server.get();
    if (!isPostgres(p)) {
      // the pid was reused by another program: PostgreSQL would refuse to start while that one lives
      LOG.warn("Removing a stale {} (pid {} is no longer PostgreSQL)", pidFile, p.pid());
      Files.delete(pidFile);
      return;
    }
    LOG.warn("The embedded PostgreSQL of {} (pid {}) outlived the process that started it; stopping it cleanly",
        directory, p.pid());
    fastShutdown(p);
    try {
      p.onExit().get(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IOException("the orphaned PostgreSQL (pid " + p.pid() + ") did not stop within "
          + SHUTDOWN_WAIT.toSeconds() + " s; stop it and start again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the orphaned PostgreSQL", e);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    }
    LOG.info("The orphaned PostgreSQL stopped; starting afresh");
  }

  /** SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for every client to leave). */
  private static void fastShutdown(ProcessHandle p) throws IOException {
    try {
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).redirectErrorStream(true).start();
      if (kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0) {
        return;
      }
    } catch (IOException e) {
      LOG.debug("no kill command: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    p.destroy(); // SIGTERM: a smart shutdown, still clean
  }

  private static boolean isPostgres(ProcessHandle p) {
    return p.info().command().map(c -> Path.of(c).getFileName().toString().startsWith("postgres")).orElse(true);
  }

  private static Optional<Long> parsePid(String line) {
    try {
      return Optional.of(Long.parseLong(line.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
