package org.noticeboard.content;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One message to render: a pinned template version, the languages to try in order (subscriber's,
 * list's default, organisation's default; {@code en} is always tried last), and the data model.
 *
 * @param model the template's data model as plain JSON: {@code subscriber}, {@code unit}, {@code list},
 *              {@code campaign} or {@code session}, {@code links}; {@code now} is added by the renderer
 */
public record RenderRequest(long organisationId, long templateId, int version, List<String> languages,
                            JsonObject model) {}
