package org.noticeboard.audience;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * A validated create or partial update of a subscriber. For update, an empty Optional means "leave
 * as is"; for the clearable fields (email, phone, unitId) {@code Optional.of(Optional.empty())} clears.
 * Email and phone are already in their normal form (phone in E.164).
 */
public record SubscriberInput(Optional<String> name, Optional<Optional<String>> email, Optional<Optional<String>> phone,
                              Optional<String> language, Optional<Optional<Long>> unitId, Optional<List<String>> tags,
                              Optional<JsonObject> attributes, Optional<String> status) {}
