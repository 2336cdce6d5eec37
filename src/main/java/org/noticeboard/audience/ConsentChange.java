package org.noticeboard.audience;

/**
 * One entry for the consent ledger.
 *
 * @param listId  the list concerned, or null for every list of the subscriber on that channel
 *                (e.g. an SMS STOP)
 * @param action  {@code given}, {@code withdrawn} or {@code confirmed}
 * @param source  {@code form}, {@code import}, {@code api}, {@code sms-keyword}, {@code admin},
 *                {@code one-click-unsubscribe}, {@code preferences}
 * @param wording the consent wording shown, or the import batch id
 * @param actor   who did it: {@code token:12}, {@code subscriber}, {@code system}
 * @param ip      the person's IP address when they acted through a public page, else null
 */
public record ConsentChange(long organisationId, long subscriberId, Long listId, String channel, String action,
                            String source, String wording, String actor, String ip) {}
