package org.noticeboard.delivery;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.noticeboard.db.Db;

/**
 * The durable outbox. Producers call {@link #enqueue} inside their own transaction; workers
 * {@link #claim} due messages in batches with a lease and {@link #record} a batch's outcomes in one statement.
 *
 * <p>A bulk fan-out may instead write rows itself with one {@code INSERT … SELECT} per chunk of
 * recipients, followed by {@code NOTIFY noticeboard_outbox} in the same transaction. It must fill:
 * <ul>
 *   <li>{@code organisation_id}, {@code channel} ('email'|'sms'), {@code destination} (email as given /
 *       E.164 phone), {@code source_kind} ('campaign', 'reminder', ...), {@code idempotency_key} (unique,
 *       e.g. {@code 'campaign:' || c.id || ':subscriber:' || s.id || ':' || channel}) and
 *       {@code ON CONFLICT (idempotency_key) DO NOTHING};</li>
 *   <li>normally {@code subscriber_id}, {@code list_id} (makes a sensitive list discreet), {@code unit_id},
 *       {@code source_id};</li>
 *   <li>for template messages {@code template_id}, {@code template_version}, {@code languages}
 *       (text[]: subscriber's, list's default, organisation's default) and {@code model} (jsonb, e.g.
 *       {@code {"campaign": {...}}}) or, for many messages with the same model, {@code model_id} of one
 *       {@code message_model} row they share; otherwise {@code subject}, {@code html}, {@code text_body} or
 *       {@code sms_body};</li>
 *   <li>optionally {@code attachment_ids} (bigint[]), {@code urgent}, {@code next_attempt_at} (scheduled
 *       send; default: the time given to {@link #enqueue}), {@code sms_from} (the sender an SMS must go
 *       out from, as a reply does; default: the unit's, the organisation's, {@code NB_SMS_FROM}).</li>
 * </ul>
 * Everything else (status 'queued', attempts, lease, timestamps) has a default.
 */
public final class Outbox {
  /** The NOTIFY channel workers LISTEN on (lower case: PgSubscriber quotes names as given). */
  public static final String NOTIFY_CHANNEL = "noticeboard_outbox";

  /** The next attempt of a message held until someone releases it (a paused campaign's): never, by itself. */
  public static final Instant HELD = Instant.parse("9999-12-31T00:00:00Z");

  private Outbox() {}

  /**
   * SET clauses (for {@code UPDATE message}) that drop a message's stored content when it is for a
   * sensitive list, for changes that end it without sending (cancellations): nothing readable about
   * such a programme is kept, as after sending.
   */
  public static final String CLEAR_IF_SENSITIVE = clearContentWhen("EXISTS (SELECT 1 FROM mailing_list l"
      + " WHERE l.organisation_id = message.organisation_id AND l.id = message.list_id AND l.sensitive)");

  /** SET clauses that drop a message's stored content (subject, bodies, model) where {@code condition} holds. */
  private static String clearContentWhen(String condition) {
    return String.join(", ",
        "subject = CASE WHEN " + condition + " THEN NULL ELSE subject END",
        "html = CASE WHEN " + condition + " THEN NULL ELSE html END",
        "text_body = CASE WHEN " + condition + " THEN NULL ELSE text_body END",
        "sms_body = CASE WHEN " + condition + " THEN NULL ELSE sms_body END",
        "model = CASE WHEN " + condition + " THEN '{}'::jsonb ELSE model END",
        "model_id = CASE WHEN " + condition + " THEN NULL ELSE model_id END");
  }

  /**
   * Adds messages (ignoring any whose idempotency key exists) and wakes the workers at commit; returns how many
   * were new. {@code now} (the service clock's) is when a message without a {@code notBefore} becomes due.
   */
  public static Future<Integer> enqueue(SqlClient tx, List<NewMessage> messages, Instant now) {
    if (messages.isEmpty()) {
      return Future.succeededFuture(0);
    }
    List<Tuple> rows = new ArrayList<>(messages.size());
    for (NewMessage m : messages) {
      rows.add(Tuple.tuple().addLong(m.organisationId()).addValue(m.subscriberId()).addValue(m.listId())
          .addValue(m.unitId()).addString(m.channel().code()).addString(m.destination()).addString(m.sourceKind())
          .addValue(m.sourceId()).addValue(m.templateId()).addValue(m.templateVersion())
          .addArrayOfString(m.languages() == null ? new String[0] : m.languages().toArray(String[]::new))
          .addValue(m.model() == null ? new JsonObject() : m.model())
          .addString(m.subject()).addString(m.html()).addString(m.text()).addString(m.sms())
          .addArrayOfLong(m.attachmentIds() == null ? new Long[0] : m.attachmentIds().toArray(Long[]::new))
          .addBoolean(m.urgent()).addValue(utc(m.notBefore() == null ? now : m.notBefore()))
          .addString(m.idempotencyKey()).addValue(utc(now)).addString(m.smsFrom()));
    }
    return tx.preparedQuery("""
            INSERT INTO message (organisation_id, subscriber_id, list_id, unit_id, channel, destination, source_kind,
              source_id, template_id, template_version, languages, model, subject, html, text_body, sms_body,
              attachment_ids, urgent, next_attempt_at, idempotency_key, created_at, sms_from)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                    $19, $20, $21, $22)
            ON CONFLICT (idempotency_key) DO NOTHING""")
        .executeBatch(rows)
        .map(rs -> {
          int n = 0;
          for (SqlResult<?> r = rs; r != null; r = r.next()) {
            n += r.rowCount();
          }
          return n;
        })
        .compose(n -> n == 0 ? Future.succeededFuture(0)
            : tx.query("NOTIFY " + NOTIFY_CHANNEL).execute().map(n));
  }

  /** Claims up to {@code limit} due messages of one channel for {@code owner} until {@code leaseUntil}. */
  static Future<List<ClaimedMessage>> claim(SqlClient client, Channel channel, String owner, Instant now,
                                            Instant leaseUntil, int limit) {
    return dueOrganisations(client, channel)
        .compose(orgs -> claim(client, channel, owner, now, leaseUntil, limit, orgs, Integer.MAX_VALUE));
  }

  /**
   * Organisations with queued messages on {@code channel}, by a loose index scan: one index probe per
   * organisation, however many messages each has queued.
   */
  static Future<List<Long>> dueOrganisations(SqlClient client, Channel channel) {
    return client.preparedQuery("""
            WITH RECURSIVE orgs(org) AS (
              SELECT min(organisation_id) FROM message WHERE status = 'queued' AND channel = $1
              UNION ALL
              SELECT (SELECT min(organisation_id) FROM message
                      WHERE status = 'queued' AND channel = $1 AND organisation_id > orgs.org)
              FROM orgs WHERE orgs.org IS NOT NULL)
            SELECT org FROM orgs WHERE org IS NOT NULL""")
        .execute(Tuple.of(channel.code()))
        .map(rows -> Db.list(rows, r -> r.getLong(0)));
  }

  /**
   * Claims due messages of {@code organisations} fairly: lanes first (transactional, then reminders, then
   * bulk), and within a lane the organisations in turn, starting with the first of the list (callers
   * rotate it). Each organisation's share of a batch is {@code limit / organisations}, and no more of its
   * reminders or bulk than its per-second rate (the rest would only be held), so a large campaign takes
   * its turn like any other.
   *
   * @param defaultPerSecond the rate of organisations that set none
   */
  static Future<List<ClaimedMessage>> claim(SqlClient client, Channel channel, String owner, Instant now,
                                            Instant leaseUntil, int limit, List<Long> organisations,
                                            int defaultPerSecond) {
    if (organisations.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    int share = share(limit, organisations.size());
    String rateColumn = channel == Channel.EMAIL ? "og.email_per_second" : "og.sms_per_second";
    return client.preparedQuery("""
            WITH share AS (
              SELECT o.org, o.turn, p.lane,
                     CASE WHEN p.lane = 0 THEN $5 ELSE LEAST($6, coalesce(""" + rateColumn + """
            , $7)) END AS k
              FROM unnest($4::bigint[]) WITH ORDINALITY AS o(org, turn)
              JOIN organisation og ON og.id = o.org
              CROSS JOIN (VALUES (0), (1), (2)) AS p(lane)),
            lanes AS (
              SELECT c.id, c.next_attempt_at, s.lane, s.turn FROM share s CROSS JOIN LATERAL (
                SELECT m.id, m.next_attempt_at FROM message m
                WHERE m.status = 'queued' AND m.channel = $1 AND m.organisation_id = s.org AND m.priority = s.lane
                  AND m.next_attempt_at <= $2
                ORDER BY m.next_attempt_at, m.id LIMIT s.k FOR UPDATE OF m SKIP LOCKED) c),
            chosen AS (
              SELECT id FROM (
                SELECT id, lane, turn, row_number() OVER (PARTITION BY lane, turn ORDER BY next_attempt_at, id) AS n
                FROM lanes) r
              ORDER BY lane, n, turn LIMIT $5),
            claimed AS (
              UPDATE message m SET status = 'sending', lease_owner = $3, lease_expires_at = $8,
                attempts = m.attempts + 1, updated_at = now()
              WHERE m.id IN (SELECT id FROM chosen)
              RETURNING m.*)
            """ + ClaimedMessage.SELECT)
        .execute(Tuple.of(channel.code(), utc(now), owner, organisations.toArray(Long[]::new), limit, share,
            defaultPerSecond, utc(leaseUntil)))
        .map(rows -> {
          Map<String, JsonObject> models = new HashMap<>();
          return Db.list(rows, r -> ClaimedMessage.from(r, models));
        });
  }

  /** Each organisation's part of a batch of {@code limit} when {@code organisations} have messages due. */
  static int share(int limit, int organisations) {
    return Math.max(1, (limit + organisations - 1) / Math.max(1, organisations));
  }

  /** Extends the lease of every message {@code owner} still holds: the heartbeat of a batch in progress. */
  static Future<Integer> renewLeases(SqlClient client, String owner, Instant leaseUntil) {
    return client.preparedQuery("""
            UPDATE message SET lease_expires_at = $2 WHERE status = 'sending' AND lease_owner = $1""")
        .execute(Tuple.of(owner, utc(leaseUntil)))
        .map(SqlResult::rowCount);
  }

  /**
   * Puts back in the queue what an earlier run of this same instance held when it stopped without
   * recording (kill -9): no need to wait for those leases to run out. Called before its workers start.
   */
  static Future<Integer> recoverOwn(SqlClient client, String instanceId) {
    return client.preparedQuery("""
            WITH mine AS (
              UPDATE message m SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
              WHERE m.status = 'sending' AND m.lease_owner LIKE $1
              RETURNING m.id, m.organisation_id)
            INSERT INTO delivery_event (organisation_id, message_id, event, detail)
            SELECT organisation_id, id, 'lease-expired', 'requeued at restart of the instance that held it' FROM mine""")
        .execute(Tuple.of("%/" + Db.likeLiteral(instanceId) + "/%"))
        .map(SqlResult::rowCount);
  }

  /**
   * One message of an organisation with everything a worker would load with it (for "view in browser",
   * which re-renders it with {@link MessageModel} exactly as it was sent); nothing is claimed.
   */
  public static Future<java.util.Optional<ClaimedMessage>> find(SqlClient client, long organisationId, long id) {
    return client.preparedQuery("WITH claimed AS (SELECT * FROM message WHERE organisation_id = $1 AND id = $2)\n"
            + ClaimedMessage.SELECT)
        .execute(Tuple.of(organisationId, id))
        .map(rows -> Db.first(rows, ClaimedMessage::from));
  }

  /** Puts messages whose worker's lease ran out (the worker died mid-send) back in the queue. */
  static Future<Integer> takeOverExpired(SqlClient client, Instant now) {
    return client.preparedQuery("""
            WITH expired AS (
              UPDATE message m SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
              WHERE m.id IN (SELECT id FROM message WHERE status = 'sending' AND lease_expires_at < $1
                             LIMIT 1000 FOR UPDATE SKIP LOCKED)
              RETURNING m.id, m.organisation_id)
            INSERT INTO delivery_event (organisation_id, message_id, event, detail)
            SELECT organisation_id, id, 'lease-expired', 'requeued after the worker holding it stopped' FROM expired""")
        .execute(Tuple.of(utc(now)))
        .map(SqlResult::rowCount);
  }

  /** Hands claims back to the queue when a batch could not be processed (the attempt still counts). */
  static Future<Void> release(SqlClient client, String owner, List<Long> ids) {
    return client.preparedQuery("""
            UPDATE message SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
            WHERE id = ANY($1) AND status = 'sending' AND lease_owner = $2""")
        .execute(Tuple.of(ids.toArray(Long[]::new), owner))
        .mapEmpty();
  }

  /** Records a batch's outcomes and their history rows in one statement; only rows this owner still holds change. */
  static Future<Integer> record(SqlClient client, String owner, List<Outcome> outcomes, Instant now) {
    if (outcomes.isEmpty()) {
      return Future.succeededFuture(0);
    }
    int n = outcomes.size();
    Long[] ids = new Long[n];
    String[] statuses = new String[n];
    String[] events = new String[n];
    String[] details = new String[n];
    OffsetDateTime[] next = new OffsetDateTime[n];
    String[] providers = new String[n];
    Boolean[] refunds = new Boolean[n];
    Boolean[] clears = new Boolean[n];
    String[] languages = new String[n];
    String[] senders = new String[n];
    for (int i = 0; i < n; i++) {
      Outcome o = outcomes.get(i);
      ids[i] = o.id();
      statuses[i] = o.status();
      events[i] = o.event();
      details[i] = o.detail() == null ? null : truncate(o.detail(), 1000);
      next[i] = o.nextAttemptAt() == null ? null : utc(o.nextAttemptAt());
      providers[i] = o.providerId();
      refunds[i] = o.refund();
      clears[i] = o.clearParts();
      languages[i] = o.language();
      senders[i] = o.smsSender();
    }
    return client.preparedQuery("""
            WITH u AS (
              SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[],
                                   $7::boolean[], $8::boolean[], $10::text[], $12::text[])
                AS u(id, status, event, detail, next_at, provider_id, refund, clear, language, sms_from)),
            done AS (
              -- a gateway's delivery report may arrive before the send is recorded: it is kept, never undone
              UPDATE message m SET status = CASE WHEN m.status = 'sending' THEN u.status ELSE m.status END,
                last_error = CASE WHEN m.status = 'sending' THEN u.detail ELSE m.last_error END,
                -- a campaign paused while this message was claimed: back in the queue it waits with the rest
                next_attempt_at = CASE WHEN u.status = 'queued' AND m.source_kind = 'campaign' AND EXISTS (
                    SELECT 1 FROM campaign c WHERE c.organisation_id = m.organisation_id AND c.id = m.source_id
                      AND c.state = 'paused') THEN $13
                  ELSE coalesce(u.next_at, m.next_attempt_at) END,
                provider_message_id = coalesce(u.provider_id, m.provider_message_id),
                attempts = m.attempts - CASE WHEN u.refund THEN 1 ELSE 0 END,
                sent_at = CASE WHEN u.status = 'sent' THEN $11 ELSE m.sent_at END,
                language = coalesce(u.language, m.language),
                sms_from = coalesce(u.sms_from, m.sms_from),
                lease_owner = NULL, lease_expires_at = NULL, updated_at = now(),
                """ + clearContentWhen("u.clear") + """
              FROM u WHERE m.id = u.id AND m.lease_owner = $9
                AND (m.status = 'sending' OR m.status IN ('delivered', 'failed') AND u.status = 'sent')
              RETURNING m.id, m.organisation_id, u.event, u.detail)
            INSERT INTO delivery_event (organisation_id, message_id, event, detail)
            SELECT organisation_id, id, event, detail FROM done""")
        .execute(Tuple.of(ids, statuses, events, details, next, providers, refunds, clears).addString(owner)
            .addArrayOfString(languages).addValue(utc(now)).addArrayOfString(senders).addValue(utc(HELD)))
        .map(SqlResult::rowCount);
  }

  static OffsetDateTime utc(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }

  /** Bounded, and without NUL characters (PostgreSQL text refuses them; a gateway's error text may carry one). */
  static String truncate(String s, int max) {
    String clean = s.replace("\u0000", "");
    return clean.length() <= max ? clean : clean.substring(0, max);
  }
}
