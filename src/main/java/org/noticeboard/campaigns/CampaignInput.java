package org.noticeboard.campaigns;

import java.util.List;
import java.util.Optional;

/** Fields of a draft campaign; empty means "not given" (unchanged on update). */
public record CampaignInput(Optional<Long> unitId, Optional<String> name, Optional<Optional<Long>> templateId,
                            Optional<Optional<Long>> segmentId, Optional<List<Long>> listIds,
                            Optional<List<Long>> excludedListIds, Optional<String> channelPolicy,
                            Optional<String> senderName, Optional<String> replyTo,
                            Optional<Optional<SendAt>> sendAt, Optional<List<String>> tags,
                            Optional<io.vertx.core.json.JsonObject> content) {}
