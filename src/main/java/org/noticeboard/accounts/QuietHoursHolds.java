package org.noticeboard.accounts;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;

/**
 * What happens to texts already held for quiet hours when an organisation changes or turns off its
 * quiet hours: {@link OrganisationService} calls {@link #release} in the same transaction, so they
 * are checked again against the new hours at once instead of waiting for the old window to end.
 * The delivery engine implements it ({@code delivery.HeldTexts}).
 */
@FunctionalInterface
public interface QuietHoursHolds {
  Future<Void> release(SqlClient tx, long organisationId, Instant now);
}
