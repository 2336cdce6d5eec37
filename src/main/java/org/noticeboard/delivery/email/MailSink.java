package org.noticeboard.delivery.email;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.time.Clock;
import org.noticeboard.delivery.SendResult;

/**
 * Development sink: with no SMTP server configured, each email is written, fully MIME-encoded, to
 * {@code NB_DATA_DIR/mail-sink/<organisation>/<message>.eml} with the Vert.x async file system.
 * Not for production: the files keep message bodies (also of sensitive lists).
 */
final class MailSink implements EmailTransport {
  private final Vertx vertx;
  private final Path root;
  private final Clock clock;

  MailSink(Vertx vertx, Path dataDir, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.root = org.noticeboard.delivery.DevSink.Kind.MAIL.root(dataDir);
  }

  @Override
  public Future<SendResult> send(long organisationId, long messageRowId, String messageId, Email email) {
    byte[] eml = MimeWriter.write(email, clock.instant());
    String dir = root.resolve(Long.toString(organisationId)).toString();
    String file = root.resolve(Long.toString(organisationId)).resolve(messageRowId + ".eml").toString();
    return vertx.fileSystem().mkdirs(dir)
        .compose(v -> vertx.fileSystem().writeFile(file, Buffer.buffer(eml)))
        .map(v -> SendResult.sent(messageId))
        .recover(e -> Future.succeededFuture(SendResult.retry("cannot write the mail sink: " + e.getMessage(), null)));
  }

  @Override
  public void close() {
    // nothing held open
  }
}
