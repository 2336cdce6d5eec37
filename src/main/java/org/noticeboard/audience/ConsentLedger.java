package org.noticeboard.audience;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The only way subscription state changes: append a consent event and bring the subscription rows
 * in line with it, in the caller's transaction. Other features (SMS STOP, one-click unsubscribe,
 * the preference centre, imports) all come through here.
 *
 * <p>Replaying the ledger gives the subscription table: for each (list, subscriber, channel), the
 * events in id order, where "given" creates the row (unconfirmed on a double opt-in list, else
 * confirmed; an already confirmed row stays confirmed), "confirmed" confirms an existing row,
 * "withdrawn" unsubscribes, and events with no list apply to every row of that subscriber and
 * channel ("given" with no list restores only unsubscribed rows).
 */
public final class ConsentLedger {
  private ConsentLedger() {}

  public static Future<Void> record(SqlClient tx, ConsentChange c) {
    return tx.preparedQuery("""
            INSERT INTO consent_event (organisation_id, subscriber_id, list_id, channel, action, source, wording, actor, ip)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::inet)""")
        .execute(Tuple.of(c.organisationId(), c.subscriberId(), c.listId(), c.channel(), c.action(), c.source())
            .addValue(c.wording()).addValue(c.actor()).addValue(c.ip()))
        .compose(v -> apply(tx, c));
  }

  /**
   * The same as {@link #record} for each change in order, in a few statements: imports record
   * thousands of "given" events per batch, which would otherwise cost two round trips each.
   */
  public static Future<Void> recordAll(SqlClient tx, List<ConsentChange> changes) {
    if (changes.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = changes.size();
    Long[] org = new Long[n];
    Long[] sub = new Long[n];
    Long[] list = new Long[n];
    String[] channel = new String[n];
    String[] action = new String[n];
    String[] source = new String[n];
    String[] wording = new String[n];
    String[] actor = new String[n];
    String[] ip = new String[n];
    for (int i = 0; i < n; i++) {
      ConsentChange c = changes.get(i);
      org[i] = c.organisationId();
      sub[i] = c.subscriberId();
      list[i] = c.listId();
      channel[i] = c.channel();
      action[i] = c.action();
      source[i] = c.source();
      wording[i] = c.wording();
      actor[i] = c.actor();
      ip[i] = c.ip();
    }
    Future<Void> inserted = tx.preparedQuery("""
            INSERT INTO consent_event (organisation_id, subscriber_id, list_id, channel, action, source, wording, actor, ip)
            SELECT o, s, l, c, a, src, w, act, i::inet
            FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
              WITH ORDINALITY AS e(o, s, l, c, a, src, w, act, i, n) ORDER BY n""")
        .execute(Tuple.of(org, sub, list, channel, action, source).addValue(wording).addValue(actor).addValue(ip))
        .mapEmpty();
    // Apply in order, runs of list-specific "given" events in one statement each.
    Future<Void> chain = inserted;
    int i = 0;
    while (i < n) {
      int start = i;
      if (isListGiven(changes.get(i))) {
        while (i < n && isListGiven(changes.get(i))) {
          i++;
        }
        List<ConsentChange> run = changes.subList(start, i);
        chain = chain.compose(v -> giveAll(tx, run));
      } else {
        ConsentChange c = changes.get(i++);
        chain = chain.compose(v -> apply(tx, c));
      }
    }
    return chain;
  }

  /** The batch's consent events ($1 organisation, $2 list, $3 subscribers, $4 channels, $5 source, $6 wording, $7 actor). */
  private static final String GIVE_EVENTS = """
      WITH events AS (
        INSERT INTO consent_event (organisation_id, subscriber_id, list_id, channel, action, source, wording, actor)
        SELECT $1, g.s, $2, g.c, 'given', $5, $6, $7 FROM unnest($3::bigint[], $4::text[]) WITH ORDINALITY AS g(s, c, n)
        ORDER BY g.n)
      """;

  /**
   * The same as {@link #recordAll} with a "given" change to one list for each (subscriber, channel)
   * pair, in order, all with the same source, wording and actor and no IP: what an import records.
   * One statement appends the events and brings the subscriptions in line, so the ledger and the
   * state cannot part; the shared values travel once instead of once per event.
   *
   * @param newSubscribers every subscriber named was created in this transaction, each pair occurs
   *                       once: no subscription can exist yet, so rows are inserted without the
   *                       conflict handling (which costs about as much as an index insert per row)
   */
  public static Future<Void> giveAll(SqlClient tx, long organisationId, long listId, String source, String wording, String actor,
                                     Long[] subscriberIds, String[] channels, boolean newSubscribers) {
    if (subscriberIds.length == 0) {
      return Future.succeededFuture();
    }
    if (newSubscribers) {
      return tx.preparedQuery(GIVE_EVENTS + """
              INSERT INTO subscription (organisation_id, list_id, subscriber_id, channel, status)
              SELECT $1, l.id, g.s, g.c, CASE WHEN l.opt_in = 'double' THEN 'unconfirmed' ELSE 'confirmed' END
              FROM unnest($3::bigint[], $4::text[]) AS g(s, c)
              JOIN mailing_list l ON l.organisation_id = $1 AND l.id = $2""")
          .execute(Tuple.of(organisationId, listId, subscriberIds, channels, source, wording).addValue(actor))
          .mapEmpty();
    }
    // DISTINCT: a repeated pair is one subscription (ON CONFLICT may not touch a row twice), two events
    return tx.preparedQuery(GIVE_EVENTS + """
            INSERT INTO subscription (organisation_id, list_id, subscriber_id, channel, status)
            SELECT DISTINCT $1::bigint, l.id, g.s, g.c, CASE WHEN l.opt_in = 'double' THEN 'unconfirmed' ELSE 'confirmed' END
            FROM unnest($3::bigint[], $4::text[]) AS g(s, c)
            JOIN mailing_list l ON l.organisation_id = $1 AND l.id = $2
            ON CONFLICT (list_id, subscriber_id, channel) DO UPDATE
              SET status = CASE WHEN subscription.status = 'confirmed' THEN 'confirmed' ELSE excluded.status END,
                  stopped_from = NULL, updated_at = now()""")
        .execute(Tuple.of(organisationId, listId, subscriberIds, channels, source, wording).addValue(actor))
        .mapEmpty();
  }

  private static boolean isListGiven(ConsentChange c) {
    return "given".equals(c.action()) && c.listId() != null;
  }

  /** Set-based form of the list-specific "given" case below; repeated keys collapse (same outcome). */
  private static Future<Void> giveAll(SqlClient tx, List<ConsentChange> run) {
    Map<String, ConsentChange> unique = new LinkedHashMap<>();
    for (ConsentChange c : run) {
      unique.putIfAbsent(c.organisationId() + ":" + c.listId() + ":" + c.subscriberId() + ":" + c.channel(), c);
    }
    List<Long> org = new ArrayList<>();
    List<Long> list = new ArrayList<>();
    List<Long> sub = new ArrayList<>();
    List<String> channel = new ArrayList<>();
    for (ConsentChange c : unique.values()) {
      org.add(c.organisationId());
      list.add(c.listId());
      sub.add(c.subscriberId());
      channel.add(c.channel());
    }
    return tx.preparedQuery("""
            INSERT INTO subscription (organisation_id, list_id, subscriber_id, channel, status)
            SELECT g.o, l.id, g.s, g.c, CASE WHEN l.opt_in = 'double' THEN 'unconfirmed' ELSE 'confirmed' END
            FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[]) AS g(o, l, s, c)
            JOIN mailing_list l ON l.organisation_id = g.o AND l.id = g.l
            ON CONFLICT (list_id, subscriber_id, channel) DO UPDATE
              SET status = CASE WHEN subscription.status = 'confirmed' THEN 'confirmed' ELSE excluded.status END,
                  stopped_from = NULL, updated_at = now()""")
        .execute(Tuple.of(org.toArray(new Long[0]), list.toArray(new Long[0]), sub.toArray(new Long[0]), channel.toArray(new String[0])))
        .mapEmpty();
  }

  private static Future<Void> apply(SqlClient tx, ConsentChange c) {
    switch (c.action()) {
      case "withdrawn":
        if (c.listId() == null) { // e.g. SMS STOP: remember each subscription's state for a later START
          return tx.preparedQuery("""
                  UPDATE subscription SET stopped_from = status, status = 'unsubscribed', updated_at = now()
                  WHERE organisation_id = $1 AND subscriber_id = $2 AND channel = $3 AND status <> 'unsubscribed'""")
              .execute(Tuple.of(c.organisationId(), c.subscriberId(), c.channel())).mapEmpty();
        }
        return tx.preparedQuery("""
                UPDATE subscription SET status = 'unsubscribed', stopped_from = NULL, updated_at = now()
                WHERE organisation_id = $1 AND subscriber_id = $2 AND channel = $3 AND list_id = $4
                  AND (status <> 'unsubscribed' OR stopped_from IS NOT NULL)""")
            .execute(Tuple.of(c.organisationId(), c.subscriberId(), c.channel(), c.listId())).mapEmpty();
      case "confirmed":
        return tx.preparedQuery("""
                UPDATE subscription SET status = 'confirmed', stopped_from = NULL, updated_at = now()
                WHERE organisation_id = $1 AND subscriber_id = $2 AND channel = $3
                  AND ($4::bigint IS NULL OR list_id = $4)""")
            .execute(Tuple.of(c.organisationId(), c.subscriberId(), c.channel(), c.listId())).mapEmpty();
      case "given":
        if (c.listId() == null) { // e.g. SMS START: restore exactly what a channel-wide withdrawal stopped
          return tx.preparedQuery("""
                  UPDATE subscription SET status = stopped_from, stopped_from = NULL, updated_at = now()
                  WHERE organisation_id = $1 AND subscriber_id = $2 AND channel = $3 AND stopped_from IS NOT NULL""")
              .execute(Tuple.of(c.organisationId(), c.subscriberId(), c.channel())).mapEmpty();
        }
        // Single opt-in lists confirm at once; double opt-in waits for the confirmation link.
        return tx.preparedQuery("""
                INSERT INTO subscription (organisation_id, list_id, subscriber_id, channel, status)
                SELECT $1, l.id, $2, $3, CASE WHEN l.opt_in = 'double' THEN 'unconfirmed' ELSE 'confirmed' END
                FROM mailing_list l WHERE l.organisation_id = $1 AND l.id = $4
                ON CONFLICT (list_id, subscriber_id, channel) DO UPDATE
                  SET status = CASE WHEN subscription.status = 'confirmed' THEN 'confirmed' ELSE excluded.status END,
                      stopped_from = NULL, updated_at = now()""")
            .execute(Tuple.of(c.organisationId(), c.subscriberId(), c.channel(), c.listId())).mapEmpty();
      default:
        return Future.failedFuture(new IllegalArgumentException("unknown consent action " + c.action()));
    }
  }
}
