package org.noticeboard.accounts;

import java.util.Optional;

/**
 * Fields for creating or changing a unit. For a change, an empty Optional leaves the field as it
 * is; {@code Optional.of(Optional.empty())} clears it ({@code parentId}: moves the unit to the top).
 * Phone numbers arrive validated, in the form people read; the logo is an https:// image address.
 */
public record UnitInput(Optional<Optional<Long>> parentId, Optional<UnitKind> kind, Optional<String> name,
                        Optional<Optional<String>> address, Optional<Optional<String>> phone,
                        Optional<Optional<String>> email, Optional<Optional<String>> logoUrl,
                        Optional<Optional<String>> smsSenderId) {

  /** Moving a unit or changing its kind reshapes the tree: an owner's change, not a centre's. */
  boolean structural() {
    return parentId.isPresent() || kind.isPresent();
  }
}
