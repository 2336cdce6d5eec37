package org.noticeboard.accounts;

import java.util.Optional;

/** Fields for creating or changing an account; empty means "not given" (unchanged on update). */
public record AccountInput(Optional<String> email, Optional<String> name, Optional<Role> role,
                           Optional<Optional<Long>> unitId, Optional<Boolean> disabled) {}
