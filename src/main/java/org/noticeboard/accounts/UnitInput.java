package org.noticeboard.accounts;

import java.util.Optional;

/**
 * Fields for creating or changing a unit. For a change, an empty Optional leaves the field as it
 * is; {@code parentId} holds {@code Optional.of(Optional.empty())} to move a unit to the top.
 */
public record UnitInput(Optional<Optional<Long>> parentId, Optional<UnitKind> kind, Optional<String> name,
                        Optional<String> address, Optional<String> phone, Optional<String> email) {}
