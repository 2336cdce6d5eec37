package org.noticeboard.campaigns;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** A campaign as stored, with the lists it goes to and the lists it leaves out. */
public record Campaign(long id, long unitId, String name, Long templateId, Integer templateVersion, Long segmentId,
                       List<Long> listIds, List<Long> excludedListIds, String channelPolicy, String senderName,
                       String replyTo, OffsetDateTime sendAt, List<String> tags, List<Long> attachmentIds, JsonObject content, CampaignState state,
                       boolean fanoutDone, int planned, int unreachable, OffsetDateTime startedAt,
                       OffsetDateTime finishedAt, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  /** Selects a campaign with its lists; callers add {@code FROM campaign c JOIN unit u …}. */
  static final String COLUMNS = """
      c.id, c.unit_id, c.name, c.template_id, c.template_version, c.segment_id, c.channel_policy, c.sender_name,
      c.reply_to, c.send_at, c.tags, c.attachment_ids, c.content, c.state, c.fanout_done, c.planned, c.unreachable, c.started_at, c.finished_at,
      c.created_at, c.updated_at,
      ARRAY(SELECT list_id FROM campaign_list cl WHERE cl.campaign_id = c.id AND NOT cl.excluded ORDER BY list_id) AS list_ids,
      ARRAY(SELECT list_id FROM campaign_list cl WHERE cl.campaign_id = c.id AND cl.excluded ORDER BY list_id) AS excluded_ids
      """;

  static Campaign from(Row r) {
    return new Campaign(r.getLong("id"), r.getLong("unit_id"), r.getString("name"), r.getLong("template_id"),
        r.getInteger("template_version"), r.getLong("segment_id"), longs(r.getArrayOfLongs("list_ids")),
        longs(r.getArrayOfLongs("excluded_ids")), r.getString("channel_policy"), r.getString("sender_name"),
        r.getString("reply_to"), r.getOffsetDateTime("send_at"), List.of(r.getArrayOfStrings("tags")),
        longs(r.getArrayOfLongs("attachment_ids")), r.getJsonObject("content"),
        CampaignState.parse(r.getString("state")).orElseThrow(), r.getBoolean("fanout_done"),
        r.getInteger("planned"), r.getInteger("unreachable"), r.getOffsetDateTime("started_at"),
        r.getOffsetDateTime("finished_at"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
  }

  private static List<Long> longs(Long[] a) {
    return a == null ? List.of() : Arrays.asList(a);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("unitId", unitId).put("name", name).put("templateId", templateId)
        .put("templateVersion", templateVersion).put("segmentId", segmentId).put("listIds", new JsonArray(listIds))
        .put("excludedListIds", new JsonArray(excludedListIds)).put("channelPolicy", channelPolicy)
        .put("senderName", senderName).put("replyTo", replyTo).put("sendAt", text(sendAt))
        .put("tags", new JsonArray(tags)).put("attachmentIds", new JsonArray(attachmentIds)).put("content", content).put("state", state.code()).put("planned", planned)
        .put("unreachable", unreachable).put("startedAt", text(startedAt)).put("finishedAt", text(finishedAt))
        .put("createdAt", text(createdAt)).put("updatedAt", text(updatedAt));
  }

  private static String text(OffsetDateTime t) {
    return t == null ? null : t.toString();
  }
}
