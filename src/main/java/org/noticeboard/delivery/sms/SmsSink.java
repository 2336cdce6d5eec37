package org.noticeboard.delivery.sms;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import org.noticeboard.delivery.DevSink;
import org.noticeboard.delivery.SendResult;

/**
 * Development sink: with no SMS gateway configured, each SMS is written as the JSON a webhook gateway
 * would receive to {@code NB_DATA_DIR/sms-sink/<organisation>/<message>.json} (async file system).
 */
final class SmsSink implements SmsGateway {
  private final Vertx vertx;
  private final Path dataDir;

  SmsSink(Vertx vertx, Path dataDir) {
    this.vertx = vertx;
    this.dataDir = dataDir;
  }

  @Override
  public Future<SendResult> send(SmsRequest sms) {
    long organisationId = sms.metadata().getLong("organisationId");
    Path file = DevSink.Kind.SMS.file(dataDir, organisationId, sms.metadata().getLong("messageId"));
    return vertx.fileSystem().mkdirs(file.getParent().toString())
        .compose(v -> vertx.fileSystem().writeFile(file.toString(), Buffer.buffer(sms.toJson().encodePrettily())))
        .map(v -> SendResult.sent("sink-" + sms.id()))
        .recover(e -> Future.succeededFuture(SendResult.retry("cannot write the SMS sink: " + e.getMessage(), null)));
  }

  @Override
  public void close() {
  }
}
