package org.noticeboard.delivery.email;

import java.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.noticeboard.config.NoticeboardConfig;
import org.noticeboard.content.RenderedMessage;
import org.noticeboard.delivery.ClaimedMessage;
import org.noticeboard.delivery.Dispatcher;
import org.noticeboard.delivery.MessageIds;
import org.noticeboard.delivery.MessageModel;
import org.noticeboard.delivery.SendResult;

/** Email: compose MIME and hand it to SMTP (or the dev sink); in flight at most twice the SMTP pool. */
public final class EmailDispatcher implements Dispatcher {
  private final Pool pool;
  private final EmailComposer composer;
  private final EmailTransport transport;
  private final int inFlight;
  private Map<Long, Attachment> attachments = Map.of();

  public EmailDispatcher(Vertx vertx, Pool pool, NoticeboardConfig config, MessageIds ids, Clock clock) {
    this.pool = pool;
    this.composer = new EmailComposer(config, ids);
    this.transport = EmailTransport.create(vertx, config, clock);
    this.inFlight = Math.max(2, 2 * config.smtp().maxConnections());
  }

  @Override
  public Future<Void> prepare(List<ClaimedMessage> batch) {
    Set<Long> ids = new LinkedHashSet<>();
    batch.forEach(m -> ids.addAll(m.attachmentIds()));
    if (ids.isEmpty()) {
      attachments = Map.of();
      return Future.succeededFuture();
    }
    return pool.preparedQuery("SELECT id, organisation_id, filename, content_type, data FROM attachment WHERE id = ANY($1)")
        .execute(Tuple.of(ids.toArray(Long[]::new)))
        .map(rows -> {
          Map<Long, Attachment> found = new HashMap<>();
          rows.forEach(r -> found.put(r.getLong("id"), new Attachment(r.getLong("id"), r.getLong("organisation_id"),
              r.getString("filename"), r.getString("content_type"), r.getBuffer("data"))));
          attachments = found;
          return null;
        });
  }

  @Override
  public Future<SendResult> send(ClaimedMessage m, RenderedMessage parts, MessageModel.Links links) {
    List<Attachment> files = new ArrayList<>();
    for (Long id : m.attachmentIds()) {
      Attachment a = attachments.get(id);
      if (a == null || a.organisationId() != m.organisationId()) {
        return Future.succeededFuture(SendResult.permanent("attachment " + id + " does not exist"));
      }
      files.add(a);
    }
    if (parts.subject() == null || parts.subject().isBlank()) {
      return Future.succeededFuture(SendResult.permanent("the message has no subject"));
    }
    Email mail;
    try {
      mail = composer.compose(m, new EmailComposer.Parts(parts.subject(), parts.preheader(), parts.html(), parts.text()),
          links, files);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(SendResult.permanent(e.getMessage()));
    }
    return transport.send(m.organisationId(), m.id(), composer.messageId(m), mail);
  }

  @Override
  public int inFlight() {
    return inFlight;
  }

  @Override
  public void close() {
    transport.close();
  }
}
