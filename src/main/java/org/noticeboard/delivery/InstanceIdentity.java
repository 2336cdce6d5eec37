package org.noticeboard.delivery;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who this instance is across restarts: an id kept in the data directory, so that after kill -9 the next
 * start of the same instance can take back its own claims at once instead of waiting out their leases.
 * The id is this instance's only while it holds {@code instance.lock}; a second process on the same data
 * directory (or one whose data directory is not kept, as in a throw-away container) gets a fresh id
 * and recovers nothing, so it can never take back claims a live process still holds.
 */
final class InstanceIdentity implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceIdentity.class);

  private final String id;
  private final boolean durable;
  private final FileChannel channel;
  private final FileLock lock;

  private InstanceIdentity(String id, boolean durable, FileChannel channel, FileLock lock) {
    this.id = id;
    this.durable = durable;
    this.channel = channel;
    this.lock = lock;
  }

  /** Blocking (file system): call it off the event loop. */
  static InstanceIdentity claim(Path dataDir) {
    FileChannel channel = null;
    try {
      Files.createDirectories(dataDir);
      channel = FileChannel.open(dataDir.resolve("instance.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this very process (another engine on the same directory)
      }
      if (lock != null) {
        Path file = dataDir.resolve("instance.id");
        String id = Files.isRegularFile(file) ? Files.readString(file).trim() : "";
        if (!id.matches("[a-f0-9]{12}")) {
          id = fresh();
          Files.writeString(file, id);
        }
        return new InstanceIdentity(id, true, channel, lock);
      }
      channel.close();
    } catch (IOException e) {
      LOG.warn("No lasting instance id in {} ({}); claims left by a crash wait out their lease", dataDir, e.getMessage());
      closeQuietly(channel);
    }
    return new InstanceIdentity(fresh(), false, null, null);
  }

  private static String fresh() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  String id() {
    return id;
  }

  /** True when the id outlives this process, so claims found under it belong to a run that is over. */
  boolean durable() {
    return durable;
  }

  @Override
  public void close() {
    try {
      if (lock != null) {
        lock.release();
      }
    } catch (IOException ignored) {
      // the channel closes below anyway
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }
}
