package org.noticeboard.audience;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.List;

/**
 * Where double opt-in confirmations go to be sent. {@link SubscriptionService} calls {@link #enqueue}
 * inside the subscribing transaction, so the delivery outbox row commits (or not) with the
 * subscription itself. The delivery engine implements this and passes it to
 * {@link AudienceServices#create}; until then {@link #NONE} leaves confirmations unsent (the
 * subscriptions stay unconfirmed and can be listed with {@link SubscriptionService#confirmationsToSend}).
 */
@FunctionalInterface
public interface ConfirmationOutbox {
  ConfirmationOutbox NONE = (tx, pending) -> Future.succeededFuture();

  Future<Void> enqueue(SqlClient tx, List<PendingConfirmation> pending);
}
