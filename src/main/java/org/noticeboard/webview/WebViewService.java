package org.noticeboard.webview;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.noticeboard.content.MessageRenderer;
import org.noticeboard.content.RenderOutcome;
import org.noticeboard.content.RenderRequest;
import org.noticeboard.content.RenderedMessage;
import org.noticeboard.delivery.ClaimedMessage;
import org.noticeboard.delivery.MessageModel;
import org.noticeboard.delivery.Outbox;
import org.noticeboard.security.LinkToken;
import org.noticeboard.security.SignedTokens;

/**
 * "View in browser": a message re-rendered for its recipient from its row (pinned template version,
 * language chain, model built as the delivery worker builds it), whatever its status. Messages of
 * sensitive lists are never shown: their content is removed once sent, and a web page would leave
 * a trace in the browser's history.
 */
public final class WebViewService {
  private final Pool pool;
  private final MessageRenderer renderer;
  private final SignedTokens tokens;
  private final String publicBaseUrl;
  private final Clock clock;

  public WebViewService(Pool pool, MessageRenderer renderer, SignedTokens tokens, String publicBaseUrl, Clock clock) {
    this.clock = clock;
    this.pool = pool;
    this.renderer = renderer;
    this.tokens = tokens;
    this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
  }

  /** The view of the message a link names; empty when the message (or its recipient) is gone or the link does not match it. */
  public Future<Optional<WebView>> view(LinkToken link) {
    return Outbox.find(pool, link.organisationId(), link.messageId()).compose(found -> {
      if (found.isEmpty() || !matches(found.get(), link)) {
        return Future.succeededFuture(Optional.empty());
      }
      ClaimedMessage m = found.get();
      String language = m.subscriberLanguage() == null ? m.organisationLanguage() : m.subscriberLanguage();
      if (m.discreet()) {
        return Future.succeededFuture(Optional.of(new WebView.Unavailable(language)));
      }
      if (!m.templated()) {
        return Future.succeededFuture(Optional.of(of(new RenderedMessage(null, m.subject(), null, m.html(), m.text(), m.sms()),
            language)));
      }
      MessageModel.Links links = MessageModel.links(m, tokens, publicBaseUrl, clock.instant());
      RenderRequest request = new RenderRequest(m.organisationId(), m.templateId(),
          m.templateVersion() == null ? 0 : m.templateVersion(), MessageModel.languages(m),
          MessageModel.build(m, links, MessageModel.Neutral.NONE)); // a sensitive list's message never gets here
      return renderer.render(List.of(request)).map(results -> {
        RenderOutcome r = results.isEmpty() ? RenderOutcome.failed("no result") : results.get(0);
        return Optional.of(r.succeeded() ? of(r.message(), language) : new WebView.Unavailable(language));
      });
    });
  }

  private static boolean matches(ClaimedMessage m, LinkToken link) {
    return Objects.equals(m.subscriberId(), link.subscriberId()) && Objects.equals(m.listId(), link.listId())
        && m.channel().code().equals(link.channel());
  }

  private static WebView of(RenderedMessage parts, String language) {
    String lang = parts.language() == null ? language : parts.language();
    if (parts.html() != null && !parts.html().isBlank()) {
      return new WebView.Html(parts.html());
    }
    String text = parts.text() != null && !parts.text().isBlank() ? parts.text() : parts.sms();
    if (text == null || text.isBlank()) {
      return new WebView.Unavailable(lang);
    }
    return new WebView.Text(parts.subject() == null ? "" : parts.subject(), text, lang);
  }
}
