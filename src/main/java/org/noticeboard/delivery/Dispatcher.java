package org.noticeboard.delivery;

import io.vertx.core.Future;
import java.util.List;
import org.noticeboard.content.RenderedMessage;

/** The channel-specific part of a worker: turn a rendered message into a send attempt. */
public interface Dispatcher {
  /** Loads what the batch needs beyond the claimed rows (e.g. attachments), once per batch. */
  Future<Void> prepare(List<ClaimedMessage> batch);

  /** One attempt; never fails the Future: every problem is a {@link SendResult}. */
  Future<SendResult> send(ClaimedMessage m, RenderedMessage parts, MessageModel.Links links);

  /** Messages in flight at once. */
  int inFlight();

  void close();
}
