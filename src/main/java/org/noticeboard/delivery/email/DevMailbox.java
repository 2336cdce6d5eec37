package org.noticeboard.delivery.email;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the development mail sink of one organisation: a list of files and each raw message. */
public final class DevMailbox {
  private static final Pattern NAME = Pattern.compile("[0-9]{1,19}\\.eml");
  private final Vertx vertx;
  private final Path root;

  public DevMailbox(Vertx vertx, Path dataDir) {
    this.vertx = vertx;
    this.root = root(dataDir);
  }

  static Path root(Path dataDir) {
    return dataDir.resolve("mail-sink");
  }

  public record Entry(String name, long messageId, long size, Instant modified) {
    public JsonObject toJson() {
      return new JsonObject().put("name", name).put("messageId", messageId).put("size", size)
          .put("modified", modified.toString()).put("href", "/api/v1/dev/mail/" + name);
    }
  }

  /** Newest first. */
  public Future<List<Entry>> list(long organisationId) {
    String dir = root.resolve(Long.toString(organisationId)).toString();
    return vertx.fileSystem().exists(dir).compose(exists -> {
      if (!exists) {
        return Future.succeededFuture(List.<Entry>of());
      }
      return vertx.fileSystem().readDir(dir, "[0-9]+\\.eml").compose(paths -> {
        List<Future<Entry>> entries = new ArrayList<>();
        for (String p : paths) {
          String name = Path.of(p).getFileName().toString();
          entries.add(vertx.fileSystem().props(p).map(props -> new Entry(name,
              Long.parseLong(name.substring(0, name.length() - 4)), props.size(), Instant.ofEpochMilli(props.lastModifiedTime()))));
        }
        return Future.all(entries).map(all -> {
          List<Entry> out = new ArrayList<>(all.<Entry>list());
          out.sort(Comparator.comparingLong(Entry::messageId).reversed());
          return out;
        });
      });
    });
  }

  /** The raw message, or empty when there is no such file for this organisation. */
  public Future<Optional<Buffer>> read(long organisationId, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return Future.succeededFuture(Optional.empty());
    }
    String file = root.resolve(Long.toString(organisationId)).resolve(name).toString();
    return vertx.fileSystem().exists(file).compose(exists -> exists
        ? vertx.fileSystem().readFile(file).map(Optional::of)
        : Future.succeededFuture(Optional.empty()));
  }
}
