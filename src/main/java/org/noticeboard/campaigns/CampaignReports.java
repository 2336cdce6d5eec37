package org.noticeboard.campaigns;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.noticeboard.accounts.Tenant;
import org.noticeboard.errors.Problem;

/** Live progress and the final report of a campaign, counted from its messages in the outbox. */
public final class CampaignReports {
  private static final String[] STATUSES = {"queued", "sending", "sent", "delivered", "failed", "suppressed", "cancelled"};
  private final Pool pool;

  public CampaignReports(Pool pool) {
    this.pool = pool;
  }

  /**
   * Counts by state: planned (messages made), unreachable (audience members no channel could reach),
   * and each message status, plus the sending rate over the last minute.
   */
  public Future<JsonObject> progress(Tenant tenant, long id) {
    return pool.preparedQuery("""
            SELECT c.id, c.state, c.planned, c.unreachable, c.fanout_done, m.status, count(m.id) AS n,
                   count(m.id) FILTER (WHERE m.sent_at > now() - interval '1 minute') AS last_minute
            """ + CampaignService.FROM
            + "LEFT JOIN message m ON m.organisation_id = c.organisation_id AND m.source_kind = 'campaign' AND m.source_id = c.id "
            + CampaignService.WHERE_VISIBLE + " AND c.id = $3 GROUP BY c.id, m.status")
        .execute(Tuple.of(tenant.organisationId(), tenant.scope(), id))
        .map(rows -> {
          if (rows.size() == 0) {
            throw Problem.notFound("campaign", id);
          }
          JsonObject counts = new JsonObject();
          for (String s : STATUSES) {
            counts.put(s, 0);
          }
          JsonObject out = new JsonObject();
          long lastMinute = 0;
          for (Row r : rows) {
            out.put("campaignId", r.getLong("id")).put("state", r.getString("state")).put("planned", r.getInteger("planned"))
                .put("unreachable", r.getInteger("unreachable")).put("fanoutDone", r.getBoolean("fanout_done"));
            if (r.getString("status") != null) {
              counts.put(r.getString("status"), r.getLong("n"));
            }
            lastMinute += r.getLong("last_minute");
          }
          return out.put("messages", counts).put("sentLastMinute", lastMinute);
        });
  }

  /** Who was reached, broken down by channel, language, the subscriber's unit and audience tag. */
  public Future<JsonObject> report(Tenant tenant, long id) {
    return progress(tenant, id).compose(progress -> pool.preparedQuery("""
            SELECT 'channel' AS dimension, m.channel AS value, m.status, count(*) AS n
            FROM message m WHERE m.organisation_id = $1 AND m.source_kind = 'campaign' AND m.source_id = $2
            GROUP BY m.channel, m.status
            UNION ALL
            SELECT 'language', coalesce(m.language, s.language, '?'), m.status, count(*)
            FROM message m LEFT JOIN subscriber s ON s.organisation_id = m.organisation_id AND s.id = m.subscriber_id
            WHERE m.organisation_id = $1 AND m.source_kind = 'campaign' AND m.source_id = $2
            GROUP BY 2, m.status
            UNION ALL
            SELECT 'unit', coalesce(u.name, '(none)'), m.status, count(*)
            FROM message m LEFT JOIN subscriber s ON s.organisation_id = m.organisation_id AND s.id = m.subscriber_id
            LEFT JOIN unit u ON u.organisation_id = s.organisation_id AND u.id = s.unit_id
            WHERE m.organisation_id = $1 AND m.source_kind = 'campaign' AND m.source_id = $2
            GROUP BY 2, m.status
            UNION ALL
            SELECT 'tag', t.tag, m.status, count(*)
            FROM message m JOIN subscriber s ON s.organisation_id = m.organisation_id AND s.id = m.subscriber_id
            CROSS JOIN LATERAL unnest(s.tags) AS t (tag)
            WHERE m.organisation_id = $1 AND m.source_kind = 'campaign' AND m.source_id = $2
            GROUP BY 2, m.status
            ORDER BY 1, 2, 3""")
        .execute(Tuple.of(tenant.organisationId(), id))
        .map(rows -> {
          JsonObject by = new JsonObject();
          for (Row r : rows) {
            JsonObject dimension = by.getJsonObject(r.getString("dimension"));
            if (dimension == null) {
              dimension = new JsonObject();
              by.put(r.getString("dimension"), dimension);
            }
            JsonObject value = dimension.getJsonObject(r.getString("value"));
            if (value == null) {
              value = new JsonObject();
              dimension.put(r.getString("value"), value);
            }
            value.put(r.getString("status"), r.getLong("n"));
          }
          return progress.put("by", by);
        }));
  }

  static boolean over(JsonObject progress) {
    String state = progress.getString("state");
    return "finished".equals(state) || "cancelled".equals(state);
  }

  static JsonArray statuses() {
    return new JsonArray(java.util.List.of(STATUSES));
  }
}
