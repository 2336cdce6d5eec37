package org.noticeboard.audience;

/**
 * Options of one CSV import.
 *
 * @param listId        the list every imported person is added to, or null for profiles only
 * @param consentSource the consent ledger source for those subscriptions ({@code import} by default)
 * @param wording       the consent wording people agreed to; the job id is recorded when none is given
 * @param dryRun        report what would change, change nothing
 * @param batchSize     rows per transaction
 */
public record ImportRequest(Long listId, String consentSource, String wording, boolean dryRun, int batchSize) {
  public static final int DEFAULT_BATCH = 1000;
  public static final int MAX_BATCH = 5000;
}
