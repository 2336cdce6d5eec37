package org.noticeboard.accounts;

import java.util.Optional;

/**
 * A change to an organisation's settings. An empty Optional leaves a setting as it is; for the
 * nullable ones, {@code Optional.of(Optional.empty())} clears it (no quiet hours, the service's default
 * sender id or rate, no contact).
 */
public record OrganisationChanges(Optional<String> name, Optional<String> defaultLanguage, Optional<String> timezone,
                                  Optional<Optional<Organisation.QuietWindow>> smsQuietHours,
                                  Optional<Optional<String>> smsSenderId, Optional<Optional<Integer>> emailPerSecond,
                                  Optional<Optional<Integer>> smsPerSecond, Optional<Optional<String>> contactEmail,
                                  Optional<Optional<String>> contactPhone, Optional<Boolean> signupDoubleOptIn) {}
