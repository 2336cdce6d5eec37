package org.noticeboard.content;

import io.vertx.core.Future;
import java.util.List;

/**
 * What the delivery engine needs from the content layer: render a batch of messages, each from
 * its pinned template version, off the event loop. One bad message fails alone, never the batch.
 */
public interface MessageRenderer {
  Future<List<RenderOutcome>> render(List<RenderRequest> batch);
}
