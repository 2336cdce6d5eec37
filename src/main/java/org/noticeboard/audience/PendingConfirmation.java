package org.noticeboard.audience;

/**
 * A double opt-in subscription waiting for its confirmation message.
 *
 * @param address  the email address or E.164 phone the message goes to (by {@code channel})
 * @param language the list's default language, which the confirmation page uses too
 * @param confirmUrl the public link that confirms it ({@code <NB_PUBLIC_BASE_URL>/p/confirm/<token>})
 * @param sensitive true for a discreet list: the message must not name the list
 */
public record PendingConfirmation(long organisationId, long listId, long subscriberId, String channel, String address,
                                  String subscriberName, String subscriberLanguage, String listName, String language,
                                  boolean sensitive, String confirmUrl) {}
