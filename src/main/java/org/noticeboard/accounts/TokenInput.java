package org.noticeboard.accounts;

import java.time.OffsetDateTime;
import java.util.Optional;

/** A request for a new token. Empty role means the creator's own role; empty unit, the creator's unit. */
public record TokenInput(String name, Optional<Role> role, Optional<Optional<Long>> unitId,
                         Optional<Long> accountId, Optional<OffsetDateTime> expiresAt) {}
