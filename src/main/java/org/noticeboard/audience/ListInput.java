package org.noticeboard.audience;

import java.util.Optional;

/** A validated create or partial update of a list; empty means "leave as is" (or the default on create). */
public record ListInput(Optional<Long> unitId, Optional<String> name, Optional<String> description, Optional<String> kind,
                        Optional<String> optIn, Optional<String> defaultLanguage, Optional<Boolean> sensitive,
                        Optional<String> purpose, Optional<String> channelPolicy) {}
