package org.noticeboard.config;

import java.util.Optional;

/**
 * Delivery engine settings: sender identity, discreet-delivery wording, rate limits, worker batch
 * and lease, retry schedule, and the Twilio-compatible gateway credentials.
 *
 * @param mailFrom              envelope and From address of every email
 * @param unsubscribeMailto     mailbox named in {@code List-Unsubscribe: <mailto:…>}
 * @param discreetSenderName    From display name used for sensitive lists
 * @param discreetSubject       subject used for sensitive lists (replaces the template's)
 * @param discreetPreheader     preheader used for sensitive lists
 * @param smsFrom               SMS sender id when neither the unit nor the organisation sets one
 * @param emailPerSecond        per organisation and worker instance (token bucket)
 * @param smsPerSecond          per organisation and worker instance (token bucket)
 * @param smtpPerSecond         all email of one worker instance; 0 = unlimited
 * @param smtpPerConnection     messages before an SMTP connection is replaced; 0 = unlimited
 * @param emailWorkers          email worker verticle instances (each with its own SMTP sessions)
 * @param batchSize             messages claimed per batch
 * @param leaseSeconds          how long a claim lasts without a heartbeat (renewed every third of it while a
 *                              batch is in progress): a dead worker's messages are taken over after this
 * @param pollMillis            fallback poll interval when no NOTIFY arrives
 * @param retryBaseMillis       first retry delay; doubles each attempt, with jitter
 * @param retryMaxMillis        cap of one retry delay
 * @param maxAttempts           attempts before a message fails for good
 * @param retryHorizonHours     no retry is scheduled later than this after the message was queued
 * @param smsTimeoutMillis      HTTP timeout towards the SMS gateway
 * @param workersEnabled        false: this instance serves the API only and sends nothing
 * @param sendDeadlineMillis    one message's send may take this long, then it is retried later
 * @param renderDeadlineMillis  one batch's rendering may take this long, then its messages are retried later
 */
public record DeliveryConfig(
    String mailFrom,
    String unsubscribeMailto,
    String discreetSenderName,
    String discreetSubject,
    String discreetPreheader,
    String smsFrom,
    int emailPerSecond,
    int smsPerSecond,
    int smtpPerSecond,
    int smtpPerConnection,
    int emailWorkers,
    int batchSize,
    int leaseSeconds,
    int pollMillis,
    int retryBaseMillis,
    int retryMaxMillis,
    int maxAttempts,
    int retryHorizonHours,
    int smsTimeoutMillis,
    Optional<String> twilioAccountSid,
    Optional<String> twilioAuthToken,
    String twilioBaseUrl,
    boolean workersEnabled,
    int sendDeadlineMillis,
    int renderDeadlineMillis) {

  @Override
  public String toString() { // the Twilio auth token stays out of logs
    return "DeliveryConfig[mailFrom=" + mailFrom + ", smsFrom=" + smsFrom + ", emailWorkers=" + emailWorkers
        + ", batch=" + batchSize + ", lease=" + leaseSeconds + "s, emailPerSecond=" + emailPerSecond
        + ", smsPerSecond=" + smsPerSecond + ", twilioAccount=" + twilioAccountSid.orElse("(none)") + "]";
  }
}
