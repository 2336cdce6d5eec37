package org.noticeboard.campaigns;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.noticeboard.accounts.Role;
import org.noticeboard.accounts.Tenant;
import org.noticeboard.audience.SegmentDefinition;
import org.noticeboard.audience.SegmentSql;
import org.noticeboard.audience.SqlFragment;
import org.noticeboard.delivery.Outbox;

/**
 * Materialises a running campaign's recipients into the outbox, one chunk of subscribers (in id
 * order) per transaction. Each chunk is a single {@code INSERT … SELECT … ON CONFLICT DO NOTHING}
 * and moves the campaign's cursor in the same transaction, so memory stays flat whatever the
 * audience size, and a crash or restart between chunks neither repeats nor skips anyone.
 *
 * <p>Recipients are resolved now, at send time: only confirmed subscriptions of active subscribers
 * count, so an unsubscribe between scheduling and sending is honoured. Suppressed addresses are
 * caught by the delivery engine, which records those messages as {@code suppressed}.
 */
final class Fanout {
  /** What one chunk did; {@code done} once the audience is exhausted. */
  record Chunk(int members, int queued, int unreachable, boolean done) {}

  private final Pool pool;
  private final Clock clock;
  private final int chunkSize;

  Fanout(Pool pool, Clock clock, int chunkSize) {
    this.pool = pool;
    this.clock = clock;
    this.chunkSize = chunkSize;
  }

  /** What templates see as {@code campaign}: its free content plus id, name and tags. */
  static JsonObject campaignModel(long id, String name, String[] tags, JsonObject content) {
    return content.copy().put("id", id).put("name", name).put("tags", new JsonArray(List.of(tags)));
  }

  /** The non-subscriber part of a campaign message's model: the campaign, and who it is from. */
  static JsonObject messageModel(JsonObject campaign, String senderName, String replyTo) {
    JsonObject sender = new JsonObject();
    if (senderName != null) {
      sender.put("name", senderName);
    }
    if (replyTo != null) {
      sender.put("replyTo", replyTo);
    }
    return new JsonObject().put("campaign", campaign).put("sender", sender);
  }

  /** Runs one chunk if the campaign is still running under this owner's lease; empty result otherwise. */
  Future<Chunk> next(long campaignId, String owner) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
            SELECT c.organisation_id, c.unit_id, c.name, c.template_id, c.template_version, c.segment_id,
                   c.channel_policy, c.fanout_cursor, c.tags, c.attachment_ids, c.content, c.sender_name, c.reply_to,
                   u.path, s.definition,
                   ARRAY(SELECT list_id FROM campaign_list cl WHERE cl.campaign_id = c.id AND NOT cl.excluded) AS list_ids,
                   ARRAY(SELECT list_id FROM campaign_list cl WHERE cl.campaign_id = c.id AND cl.excluded) AS excluded_ids
            FROM campaign c JOIN unit u ON u.organisation_id = c.organisation_id AND u.id = c.unit_id
            LEFT JOIN segment s ON s.organisation_id = c.organisation_id AND s.id = c.segment_id
            WHERE c.id = $1 AND c.state = 'running' AND NOT c.fanout_done AND c.lease_owner = $2
            FOR UPDATE OF c""")
        .execute(Tuple.of(campaignId, owner))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(new Chunk(0, 0, 0, true))
            : chunk(conn, campaignId, rows.iterator().next())));
  }

  private Future<Chunk> chunk(SqlConnection conn, long campaignId, Row c) {
    long org = c.getLong("organisation_id");
    long cursor = c.getLong("fanout_cursor");
    Instant now = clock.instant();
    Long[] lists = c.getArrayOfLongs("list_ids");
    // A segment speaks for the campaign's unit: it reaches subscribers whose home unit lies inside it.
    Tenant unitScope = new Tenant(org, Role.VIEWER, c.getLong("unit_id"), c.getString("path"), 0, null);
    JsonObject definition = c.getJsonObject("definition");
    SqlFragment segment = definition == null ? null
        : SegmentSql.where(unitScope, SegmentDefinition.parse(definition, "definition", new java.util.ArrayList<>()), 14, now);
    String policy = c.getString("channel_policy");
    JsonObject model = messageModel(campaignModel(campaignId, c.getString("name"), c.getArrayOfStrings("tags"),
        c.getJsonObject("content")), c.getString("sender_name"), c.getString("reply_to"));
    Tuple params = Tuple.of(org, campaignId, cursor, chunkSize, lists, c.getArrayOfLongs("excluded_ids"))
        .addValue(policy).addValue(c.getLong("template_id")).addValue(c.getInteger("template_version"))
        .addValue(model).addValue(c.getArrayOfLongs("attachment_ids")).addValue(c.getLong("unit_id"))
        .addValue(now.atOffset(ZoneOffset.UTC));
    if (segment != null) {
      segment.params().forEach(params::addValue);
    }
    String sql = """
        WITH audience AS (
          -- one row per subscriber: per channel, the list the message is for (a sensitive one first, so
          -- it is delivered discreetly) and whether that list is sensitive
          SELECT s.id, s.email, s.phone, coalesce(s.attributes ->> 'discreetChannel', '') AS discreet,
                 (array_agg(sub.list_id ORDER BY l.sensitive DESC, sub.list_id) FILTER (WHERE sub.channel = 'email'))[1] AS email_list,
                 (array_agg(sub.list_id ORDER BY l.sensitive DESC, sub.list_id) FILTER (WHERE sub.channel = 'sms'))[1] AS sms_list,
                 coalesce(bool_or(l.sensitive) FILTER (WHERE sub.channel = 'email'), false) AS email_sensitive,
                 coalesce(bool_or(l.sensitive) FILTER (WHERE sub.channel = 'sms'), false) AS sms_sensitive
          FROM subscriber s
          JOIN subscription sub ON sub.organisation_id = s.organisation_id AND sub.subscriber_id = s.id
                               AND sub.status = 'confirmed'
          JOIN mailing_list l ON l.organisation_id = sub.organisation_id AND l.id = sub.list_id
          WHERE s.organisation_id = $1 AND s.id > $3 AND s.status = 'active'
            -- the campaign's lists; a segment-only campaign counts consent on any list but a sensitive one
            AND (sub.list_id = ANY($5::bigint[]) OR (cardinality($5::bigint[]) = 0 AND NOT l.sensitive))
            AND NOT EXISTS (SELECT 1 FROM subscription x WHERE x.organisation_id = s.organisation_id
                            AND x.subscriber_id = s.id AND x.list_id = ANY($6::bigint[]) AND x.status <> 'unsubscribed')
            AND (SEGMENT)
          GROUP BY s.id ORDER BY s.id LIMIT $4
        ), usable AS (
          SELECT a.*, a.email_list IS NOT NULL AND a.email IS NOT NULL
                        AND NOT (a.email_sensitive AND a.discreet IN ('sms-only', 'none')) AS email_ok,
                      a.sms_list IS NOT NULL AND a.phone IS NOT NULL
                        AND NOT (a.sms_sensitive AND a.discreet = 'none') AS sms_ok
          FROM audience a
        ), chosen AS (
          SELECT u.id, CASE ch.channel WHEN 'email' THEN u.email_list ELSE u.sms_list END AS list_id, ch.channel,
                 CASE ch.channel WHEN 'email' THEN u.email ELSE u.phone END AS destination,
                 CASE ch.channel WHEN 'email' THEN u.email_sensitive ELSE u.sms_sensitive END AS sensitive
          FROM usable u CROSS JOIN (VALUES ('email'), ('sms')) AS ch (channel)
          WHERE (ch.channel = 'email' AND u.email_ok AND $7::text <> 'sms-only')
             OR (ch.channel = 'sms' AND u.sms_ok
                 AND ($7::text IN ('sms-only', 'both', 'urgent') OR NOT u.email_ok))
        ), model AS (
          -- the chunk's messages share one copy of the model; those for a sensitive list keep their own,
          -- which is cleared once they are sent, so nothing of such a programme is left behind
          INSERT INTO message_model (organisation_id, model)
          SELECT $1, $10::jsonb WHERE EXISTS (SELECT 1 FROM chosen WHERE NOT sensitive)
          RETURNING id
        ), inserted AS (
          INSERT INTO message (organisation_id, subscriber_id, list_id, unit_id, channel, destination, source_kind,
                               source_id, template_id, template_version, model_id, model, attachment_ids, urgent,
                               next_attempt_at, created_at, idempotency_key)
          SELECT $1, ch.id, ch.list_id, $12::bigint, ch.channel, ch.destination, 'campaign', $2::bigint, $8::bigint,
                 $9::int, CASE WHEN ch.sensitive THEN NULL ELSE (SELECT id FROM model) END,
                 CASE WHEN ch.sensitive THEN $10::jsonb ELSE '{}'::jsonb END, $11::bigint[], $7::text = 'urgent', $13::timestamptz, $13::timestamptz,
                 'campaign:' || $2::bigint || ':subscriber:' || ch.id || ':' || ch.channel
          FROM chosen ch
          ON CONFLICT (idempotency_key) DO NOTHING
          RETURNING model_id
        )
        SELECT (SELECT count(*) FROM audience) AS members, (SELECT max(id) FROM audience) AS last_id,
               (SELECT count(*) FROM inserted) AS queued, (SELECT id FROM model) AS model_id,
               (SELECT count(*) FROM inserted WHERE model_id IS NOT NULL) AS sharing,
               (SELECT count(*) FROM audience a WHERE NOT EXISTS (SELECT 1 FROM chosen ch WHERE ch.id = a.id)) AS unreachable
        """.replace("(SEGMENT)", segment == null ? "true" : segment.sql());
    return conn.preparedQuery(sql).execute(params).compose(rows -> {
      Row r = rows.iterator().next();
      int members = r.getInteger("members");
      boolean done = members < chunkSize;
      Chunk chunk = new Chunk(members, r.getInteger("queued"), r.getInteger("unreachable"), done);
      Long lastId = r.getLong("last_id");
      Long modelId = r.getLong("model_id");
      // a chunk run again (after a crash) may queue nothing new that shares the model: its copy would serve no message
      Future<?> unused = modelId == null || r.getInteger("sharing") > 0 ? Future.succeededFuture()
          : conn.preparedQuery("DELETE FROM message_model WHERE organisation_id = $1 AND id = $2").execute(Tuple.of(org, modelId));
      return unused.compose(x -> conn.preparedQuery("""
              UPDATE campaign SET fanout_cursor = $2, planned = planned + $3, unreachable = unreachable + $4,
                fanout_done = $5, lease_until = $6::timestamptz + interval '30 seconds', updated_at = now()
              WHERE id = $1""")
          .execute(Tuple.of(campaignId, lastId == null ? cursor : lastId, chunk.queued(), chunk.unreachable(), done,
              now.atOffset(ZoneOffset.UTC)))
          .compose(v -> chunk.queued() == 0 ? Future.succeededFuture()
              : conn.query("NOTIFY " + Outbox.NOTIFY_CHANNEL).execute())
          .map(chunk));
    });
  }
}
