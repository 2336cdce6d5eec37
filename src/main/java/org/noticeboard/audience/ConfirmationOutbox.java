package org.noticeboard.audience;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.List;

/**
 * Where double opt-in confirmations go to be sent. {@link SubscriptionService} calls {@link #enqueue}
 * inside the subscribing transaction, so the delivery outbox row commits (or not) with the
 * subscription itself. The delivery engine implements it ({@code delivery.ConfirmationMessages}).
 */
@FunctionalInterface
public interface ConfirmationOutbox {
  Future<Void> enqueue(SqlClient tx, List<PendingConfirmation> pending);
}
