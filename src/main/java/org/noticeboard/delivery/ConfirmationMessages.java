package org.noticeboard.delivery;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.noticeboard.audience.ConfirmationOutbox;
import org.noticeboard.audience.PendingConfirmation;
import org.noticeboard.content.ContentService;

/**
 * Sends double opt-in confirmations through the outbox, in the subscribing transaction, using the
 * organisation's "subscription-confirmation" template (the shipped one unless they made their own).
 * The confirm link reaches the template as {@code links.confirm}.
 */
public final class ConfirmationMessages implements ConfirmationOutbox {
  static final String TEMPLATE = "subscription-confirmation";
  private final ContentService content;
  private final Clock clock;

  public ConfirmationMessages(ContentService content, Clock clock) {
    this.content = content;
    this.clock = clock;
  }

  @Override
  public Future<Void> enqueue(SqlClient tx, List<PendingConfirmation> pending) {
    if (pending.isEmpty()) {
      return Future.succeededFuture();
    }
    return content.shippedTemplate(pending.get(0).organisationId(), TEMPLATE).compose(template -> {
      List<NewMessage> messages = new ArrayList<>();
      for (PendingConfirmation p : pending) {
        LinkedHashSet<String> languages = new LinkedHashSet<>();
        if (p.subscriberLanguage() != null) {
          languages.add(p.subscriberLanguage());
        }
        if (p.language() != null) {
          languages.add(p.language());
        }
        JsonObject model = new JsonObject().put("links", new JsonObject().put("confirm", p.confirmUrl()));
        messages.add(NewMessage.templated(p.organisationId(), p.subscriberId(), p.listId(), null,
            Channel.parse(p.channel()).orElseThrow(), p.address(), "confirmation", p.listId(), template.templateId(),
            template.version(), new ArrayList<>(languages), model,
            "confirm:" + p.listId() + ":" + p.subscriberId() + ":" + p.channel() + ":" + UUID.randomUUID()));
      }
      return Outbox.enqueue(tx, messages, clock.instant()).mapEmpty();
    });
  }
}
