package org.noticeboard.delivery;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * One message for {@link Outbox#enqueue}. Either {@code templateId}+{@code templateVersion} (rendered
 * at send time in the {@code languages} chain, with {@code model} as the non-subscriber part of the
 * data model), or the parts themselves ({@code subject}/{@code html}/{@code text} for email,
 * {@code sms} for SMS) for test sends and SMS replies.
 *
 * @param subscriberId  null only for a send to a bare address (test sends)
 * @param listId        the list it is sent for, or null; a sensitive list makes it discreet
 * @param unitId        the sending unit (sender id, contact details, which staff see it), or null
 * @param sourceKind    campaign, reminder, confirmation, transactional, test or sms-reply
 * @param sourceId      campaign id, session reminder id, ... or null
 * @param attachmentIds rows of the attachment table (same organisation) to attach to an email
 * @param urgent        SMS is sent even in quiet hours
 * @param notBefore     earliest send time, or null for now
 * @param idempotencyKey unique over all messages, e.g. {@code campaign:42:subscriber:7:email};
 *                      a second enqueue with the same key is ignored
 * @param smsFrom       the number an SMS must go out from (a reply answers from the number it came to), or
 *                      null for the unit's, organisation's or default sender
 */
public record NewMessage(long organisationId, Long subscriberId, Long listId, Long unitId, Channel channel,
                         String destination, String sourceKind, Long sourceId,
                         Long templateId, Integer templateVersion, List<String> languages, JsonObject model,
                         String subject, String html, String text, String sms,
                         List<Long> attachmentIds, boolean urgent, Instant notBefore, String idempotencyKey,
                         String smsFrom) {

  /** A message rendered at send time from a pinned template version. */
  public static NewMessage templated(long organisationId, Long subscriberId, Long listId, Long unitId, Channel channel,
                                     String destination, String sourceKind, Long sourceId, long templateId, int version,
                                     List<String> languages, JsonObject model, String idempotencyKey) {
    return new NewMessage(organisationId, subscriberId, listId, unitId, channel, destination, sourceKind, sourceId,
        templateId, version, languages, model, null, null, null, null, List.of(), false, null, idempotencyKey, null);
  }

  /** An email whose parts are given directly (no template). */
  public static NewMessage email(long organisationId, Long subscriberId, Long listId, Long unitId, String destination,
                                 String sourceKind, Long sourceId, String subject, String html, String text,
                                 String idempotencyKey) {
    return new NewMessage(organisationId, subscriberId, listId, unitId, Channel.EMAIL, destination, sourceKind, sourceId,
        null, null, List.of(), new JsonObject(), subject, html, text, null, List.of(), false, null, idempotencyKey, null);
  }

  /** An SMS whose text is given directly (no template). */
  public static NewMessage sms(long organisationId, Long subscriberId, Long listId, Long unitId, String destination,
                               String sourceKind, Long sourceId, String body, boolean urgent, String idempotencyKey) {
    return new NewMessage(organisationId, subscriberId, listId, unitId, Channel.SMS, destination, sourceKind, sourceId,
        null, null, List.of(), new JsonObject(), null, null, null, body, List.of(), urgent, null, idempotencyKey, null);
  }

  public NewMessage withAttachments(List<Long> ids) {
    return new NewMessage(organisationId, subscriberId, listId, unitId, channel, destination, sourceKind, sourceId,
        templateId, templateVersion, languages, model, subject, html, text, sms, ids, urgent, notBefore, idempotencyKey, smsFrom);
  }

  public NewMessage withUrgent(boolean u) {
    return new NewMessage(organisationId, subscriberId, listId, unitId, channel, destination, sourceKind, sourceId,
        templateId, templateVersion, languages, model, subject, html, text, sms, attachmentIds, u, notBefore, idempotencyKey, smsFrom);
  }

  public NewMessage withNotBefore(Instant at) {
    return new NewMessage(organisationId, subscriberId, listId, unitId, channel, destination, sourceKind, sourceId,
        templateId, templateVersion, languages, model, subject, html, text, sms, attachmentIds, urgent, at, idempotencyKey, smsFrom);
  }

  public NewMessage withSmsFrom(String number) {
    return new NewMessage(organisationId, subscriberId, listId, unitId, channel, destination, sourceKind, sourceId,
        templateId, templateVersion, languages, model, subject, html, text, sms, attachmentIds, urgent, notBefore,
        idempotencyKey, number);
  }
}
