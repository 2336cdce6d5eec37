package org.noticeboard.delivery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.noticeboard.content.MessageRenderer;
import org.noticeboard.content.RenderOutcome;
import org.noticeboard.content.RenderRequest;
import org.noticeboard.content.RenderedMessage;
import org.noticeboard.security.SignedTokens;

/**
 * Turns a batch of messages into their parts: one call to the renderer for the templated ones (template-
 * less messages carry their own parts), with their signed links. The call has a deadline: a render that
 * never returns fails this batch's templated messages for a later retry and the worker goes on.
 */
final class BatchRenderer {
  /** What a message will be sent as, or why it cannot be. {@code retry}: the failure was not the template's. */
  record Prepared(RenderedMessage parts, String error, boolean retry, MessageModel.Links links) {}

  private final Vertx vertx;
  private final MessageRenderer renderer;
  private final SignedTokens tokens;
  private final String publicBaseUrl;
  private final MessageModel.Neutral neutral;
  private final Clock clock;
  private final long deadlineMillis;

  BatchRenderer(Vertx vertx, MessageRenderer renderer, SignedTokens tokens, String publicBaseUrl,
                MessageModel.Neutral neutral, Clock clock, long deadlineMillis) {
    this.vertx = vertx;
    this.renderer = renderer;
    this.tokens = tokens;
    this.publicBaseUrl = publicBaseUrl;
    this.neutral = neutral;
    this.clock = clock;
    this.deadlineMillis = deadlineMillis;
  }

  Future<Map<Long, Prepared>> render(List<ClaimedMessage> batch) {
    Instant now = clock.instant();
    Map<Long, Prepared> out = new HashMap<>();
    List<ClaimedMessage> templated = new ArrayList<>();
    List<RenderRequest> requests = new ArrayList<>();
    for (ClaimedMessage m : batch) {
      MessageModel.Links links = MessageModel.links(m, tokens, publicBaseUrl, now);
      if (m.templated()) {
        templated.add(m);
        requests.add(new RenderRequest(m.organisationId(), m.templateId(),
            m.templateVersion() == null ? 0 : m.templateVersion(), MessageModel.languages(m), MessageModel.build(m, links, neutral)));
        out.put(m.id(), new Prepared(null, null, false, links));
      } else {
        out.put(m.id(), new Prepared(markTest(m, new RenderedMessage(null, m.subject(), null, m.html(), m.text(), m.sms())),
            null, false, links));
      }
    }
    if (requests.isEmpty()) {
      return Future.succeededFuture(out);
    }
    if (renderer == null) {
      templated.forEach(m -> out.put(m.id(), new Prepared(null, "no renderer is available", false, out.get(m.id()).links())));
      return Future.succeededFuture(out);
    }
    return Deadlines.within(vertx, renderer.render(requests), deadlineMillis)
        .map(results -> {
          for (int i = 0; i < templated.size(); i++) {
            ClaimedMessage m = templated.get(i);
            RenderOutcome r = i < results.size() ? results.get(i) : RenderOutcome.failed("no result from the renderer");
            MessageModel.Links links = out.get(m.id()).links();
            out.put(m.id(), r.succeeded() ? new Prepared(markTest(m, r.message()), null, false, links)
                : new Prepared(null, r.error() == null ? "rendering failed" : r.error(), false, links));
          }
          return out;
        })
        .recover(e -> {
          // the renderer as a whole failed or ran out of time (not one message's template): temporary
          templated.forEach(m -> out.put(m.id(), new Prepared(null, "rendering unavailable: " + e.getMessage(), true,
              out.get(m.id()).links())));
          return Future.succeededFuture(out);
        });
  }

  /** A test send says so in its subject and SMS text, so nobody mistakes it for the real thing. */
  static RenderedMessage markTest(ClaimedMessage m, RenderedMessage r) {
    if (!"test".equals(m.sourceKind())) {
      return r;
    }
    return new RenderedMessage(r.language(), r.subject() == null ? null : "[Test] " + r.subject(), r.preheader(),
        r.html(), r.text(), r.sms() == null ? null : "[Test] " + r.sms());
  }
}
