package org.noticeboard.content;

import java.util.Map;
import java.util.Optional;

/**
 * A template as a client sends it. On create, {@code shipped} names a shipped template to start
 * from (its kind, name and variants are used where the request gives none).
 *
 * @param unitId empty = not given; of(empty) = the whole organisation; of(of(id)) = that unit
 */
public record TemplateInput(Optional<String> name, Optional<TemplateKind> kind, Optional<Optional<Long>> unitId,
                            Optional<String> description, Optional<Map<String, Variant>> variants,
                            Optional<String> shipped) {}
