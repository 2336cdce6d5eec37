package org.noticeboard.signup;

/**
 * What a public subscribe form needs to know about its list. {@code sender} is the list's unit, or the
 * organisation when the unit has no name: the consent wording names it.
 */
public record SignupForm(long organisationId, long listId, String listName, String description, String sender,
                         String language, boolean doubleOptIn) {}
