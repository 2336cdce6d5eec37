package org.noticeboard.delivery;

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

/**
 * The development sinks: with no SMTP server or SMS gateway configured, each message is written to
 * {@code NB_DATA_DIR/<kind>-sink/<organisation>/<message>.<ext>}, so a newcomer sees real output.
 * This reads them back for one organisation: a list of files and each one.
 */
public final class DevSink {
  /** What a sink holds: its folder, file extension and content type. */
  public enum Kind {
    MAIL("mail", "eml", "message/rfc822"), SMS("sms", "json", "application/json");

    final String folder;
    final String extension;
    public final String contentType;

    Kind(String folder, String extension, String contentType) {
      this.folder = folder;
      this.extension = extension;
      this.contentType = contentType;
    }

    public Path root(Path dataDir) {
      return dataDir.resolve(folder + "-sink");
    }

    /** Where one message of one organisation is written. */
    public Path file(Path dataDir, long organisationId, long messageId) {
      return root(dataDir).resolve(Long.toString(organisationId)).resolve(messageId + "." + extension);
    }
  }

  private final Vertx vertx;
  private final Kind kind;
  private final Path root;
  private final Pattern names;

  public DevSink(Vertx vertx, Path dataDir, Kind kind) {
    this.vertx = vertx;
    this.kind = kind;
    this.root = kind.root(dataDir);
    this.names = Pattern.compile("[0-9]{1,19}\\." + kind.extension);
  }

  /** The API path of this sink's listing: {@code /dev/mail} or {@code /dev/sms}. */
  public String path() {
    return "/dev/" + kind.folder;
  }

  public Kind kind() {
    return kind;
  }

  public record Entry(String name, long messageId, long size, Instant modified, String href) {
    public JsonObject toJson() {
      return new JsonObject().put("name", name).put("messageId", messageId).put("size", size)
          .put("modified", modified.toString()).put("href", href);
    }
  }

  /** Newest first. */
  public Future<List<Entry>> list(long organisationId) {
    String dir = root.resolve(Long.toString(organisationId)).toString();
    return vertx.fileSystem().exists(dir).compose(exists -> {
      if (!exists) {
        return Future.succeededFuture(List.<Entry>of());
      }
      return vertx.fileSystem().readDir(dir, "[0-9]+\\." + kind.extension).compose(paths -> {
        List<Future<Entry>> entries = new ArrayList<>();
        for (String p : paths) {
          String name = Path.of(p).getFileName().toString();
          entries.add(vertx.fileSystem().props(p).map(props -> new Entry(name,
              Long.parseLong(name.substring(0, name.indexOf('.'))), props.size(), Instant.ofEpochMilli(props.lastModifiedTime()),
              "/api/v1" + path() + "/" + name)));
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
    if (name == null || !names.matcher(name).matches()) {
      return Future.succeededFuture(Optional.empty());
    }
    String file = root.resolve(Long.toString(organisationId)).resolve(name).toString();
    return vertx.fileSystem().exists(file).compose(exists -> exists
        ? vertx.fileSystem().readFile(file).map(Optional::of)
        : Future.succeededFuture(Optional.empty()));
  }
}
