package org.noticeboard.audience;

import org.noticeboard.contact.Addresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.noticeboard.accounts.Tenant;
import org.noticeboard.db.Db;
import org.noticeboard.errors.FieldError;

/**
 * One batch of an import. {@link #check} (worker thread) validates rows and folds rows about the
 * same person together; {@link #apply} (in the batch's transaction) matches people by email, then
 * phone, skips suppressed addresses, inserts and updates subscribers set-wise, and subscribes them
 * through the consent ledger.
 */
final class ImportBatch {
  record RowProblem(int row, String kind, String field, String message) {}

  /** Counters of a batch or of a whole job. */
  static final class Totals {
    int rowsRead;
    int created;
    int updated;
    int unchanged;
    int skipped;
    int errors;
    int subscribed;
    final List<RowProblem> problems = new ArrayList<>();

    void add(Totals t) {
      created += t.created;
      updated += t.updated;
      unchanged += t.unchanged;
      skipped += t.skipped;
      errors += t.errors;
      subscribed += t.subscribed;
      problems.addAll(t.problems);
    }
  }

  private record Existing(long id, String name, String email, String phone, String language, Long unitId,
                          List<String> tags, JsonObject attributes, boolean visible) {}

  private final ImportRun run;
  private final ImportService service;
  private final ImportRows columns;
  private final List<ImportRun.Rec> records;
  private final Totals counts = new Totals();
  private final List<ImportRows.Row> people = new ArrayList<>();
  private Map<String, String> hashes = Map.of();

  ImportBatch(ImportRun run, ImportService service, ImportRows columns, List<ImportRun.Rec> records) {
    this.run = run;
    this.service = service;
    this.columns = columns;
    this.records = records;
  }

  // Per-row work lives in small methods of its own: they are compiled early (they run once a row),
  // while the loops over a batch stay short and cheap to compile.
  Void check() {
    Map<String, ImportRows.Row> byEmail = new HashMap<>();
    Map<String, ImportRows.Row> byPhone = new HashMap<>();
    for (ImportRun.Rec rec : records) {
      checkRecord(rec, byEmail, byPhone);
    }
    List<String> emails = new ArrayList<>(people.size());
    List<String> phones = new ArrayList<>(people.size());
    for (ImportRows.Row p : people) {
      if (p.email != null) {
        emails.add(p.email);
      }
      if (p.phone != null) {
        phones.add(p.phone);
      }
    }
    hashes = service.suppressions().hashes(emails, phones);
    return null;
  }

  private void checkRecord(ImportRun.Rec rec, Map<String, ImportRows.Row> byEmail, Map<String, ImportRows.Row> byPhone) {
    ImportRows.Outcome o = columns.read(rec.row(), rec.fields());
    if (o.row() == null) {
      error(rec.row(), o.errors());
      return;
    }
    ImportRows.Row r = o.row();
    ImportRows.Row sameEmail = r.email == null ? null : byEmail.get(r.emailKey());
    ImportRows.Row samePhone = r.phone == null ? null : byPhone.get(r.phone);
    if (sameEmail != null && samePhone != null && sameEmail != samePhone) {
      error(rec.row(), List.of(new FieldError("phone", "the email matches row " + sameEmail.first()
          + " but the phone matches row " + samePhone.first())));
      return;
    }
    ImportRows.Row earlier = sameEmail != null ? sameEmail : samePhone;
    if (earlier != null) { // the same person again in this batch: fold into the earlier row
      earlier.absorb(r);
      r = earlier;
    } else {
      people.add(r);
    }
    if (r.email != null) {
      byEmail.putIfAbsent(r.emailKey(), r);
    }
    if (r.phone != null) {
      byPhone.putIfAbsent(r.phone, r);
    }
  }

  private void error(int row, List<FieldError> errors) {
    counts.errors++;
    for (FieldError e : errors) {
      counts.problems.add(new RowProblem(row, "error", e.field(), e.message()));
    }
  }

  Future<Totals> apply(SqlConnection conn) {
    if (people.isEmpty()) {
      return Future.succeededFuture(counts);
    }
    Tenant tenant = run.tenant;
    List<String> emailKeys = people.stream().map(ImportRows.Row::emailKey).filter(Objects::nonNull).toList();
    List<String> phones = people.stream().map(p -> p.phone).filter(Objects::nonNull).toList();
    return conn.preparedQuery("""
            SELECT s.id, s.name, s.email, s.phone, s.language, s.unit_id, s.tags, s.attributes,
                   ($4 = '/' OR EXISTS (SELECT 1 FROM unit u WHERE u.organisation_id = s.organisation_id AND u.id = s.unit_id
                                        AND u.path LIKE $4 || '%')) AS visible
            FROM subscriber s
            WHERE s.organisation_id = $1 AND s.id IN (
              SELECT e.id FROM subscriber e WHERE e.organisation_id = $1 AND e.email IS NOT NULL AND lower(e.email) = ANY($2)
              UNION ALL
              SELECT p.id FROM subscriber p WHERE p.organisation_id = $1 AND p.phone IS NOT NULL AND p.phone = ANY($3))
            ORDER BY s.id FOR UPDATE OF s""") // two index lookups: an OR of the two would scan the table
        .execute(Tuple.of(tenant.organisationId(), emailKeys.toArray(new String[0]), phones.toArray(new String[0]),
            Db.likeLiteral(tenant.scope())))
        .compose(rows -> service.suppressions().reasons(conn, tenant.organisationId(), hashes).map(reasons -> {
          Map<String, Existing> byEmail = new HashMap<>();
          Map<String, Existing> byPhone = new HashMap<>();
          for (Row r : rows) {
            String[] tags = r.getArrayOfStrings("tags");
            Existing e = new Existing(r.getLong("id"), r.getString("name"), r.getString("email"), r.getString("phone"),
                r.getString("language"), r.getLong("unit_id"), tags == null ? List.of() : Arrays.asList(tags),
                (JsonObject) r.getValue("attributes"), r.getBoolean("visible"));
            if (e.email() != null) {
              byEmail.put(Addresses.key("email", e.email()), e);
            }
            if (e.phone() != null) {
              byPhone.put(e.phone(), e);
            }
          }
          return decide(byEmail, byPhone, reasons);
        }))
        .compose(plan -> write(conn, plan))
        .map(counts);
  }

  /** What to do with each person of the batch. */
  private record Plan(List<ImportRows.Row> inserts, List<ImportRows.Row> updates, List<ImportRows.Row> subscribeTo) {}

  private Plan decide(Map<String, Existing> byEmail, Map<String, Existing> byPhone, Map<String, String> reasons) {
    List<ImportRows.Row> inserts = new ArrayList<>();
    List<ImportRows.Row> updates = new ArrayList<>();
    List<ImportRows.Row> keep = new ArrayList<>();
    Map<Long, ImportRows.Row> byTarget = new HashMap<>();
    Map<ImportRows.Row, Existing> targets = new HashMap<>();
    for (ImportRows.Row p : people) {
      Existing target = match(p, byEmail, byPhone, reasons);
      if (target == NEW) {
        inserts.add(p);
      } else if (target != null) {
        ImportRows.Row earlier = byTarget.get(target.id());
        if (earlier != null) { // two rows of the batch reached the same person through different addresses
          earlier.absorb(p);
          continue;
        }
        byTarget.put(target.id(), p);
        targets.put(p, target);
        keep.add(p);
      }
    }
    for (ImportRows.Row p : keep) {
      if (merge(p, targets.get(p))) {
        updates.add(p);
      }
    }
    for (ImportRows.Row p : inserts) {
      prepareNew(p);
    }
    List<ImportRows.Row> all = new ArrayList<>(keep);
    all.addAll(inserts);
    return new Plan(inserts, updates, all);
  }

  /** Marks a person the batch will create (no existing record matched). */
  private static final Existing NEW = new Existing(0, null, null, null, null, null, List.of(), null, true);

  /** The existing record a person matches, {@link #NEW}, or null when the row is skipped or refused (counted here). */
  private Existing match(ImportRows.Row p, Map<String, Existing> byEmail, Map<String, Existing> byPhone, Map<String, String> reasons) {
    String suppressed = p.email != null ? reasons.get("email:" + p.emailKey()) : null;
    String field = "email";
    if (suppressed == null && p.phone != null) {
      suppressed = reasons.get("sms:" + p.phone);
      field = "phone";
    }
    if (suppressed != null) {
      counts.skipped += p.rows.size();
      counts.problems.add(new RowProblem(p.first(), "skipped", field, "not imported: this " + ("email".equals(field) ? "address " : "number ")
          + Suppressions.describe(suppressed)));
      return null;
    }
    Existing e = p.email == null ? null : byEmail.get(p.emailKey());
    Existing ph = p.phone == null ? null : byPhone.get(p.phone);
    if (e != null && ph != null && e.id() != ph.id()) {
      rowError(p, "phone", "the email belongs to one subscriber and the phone number to another");
      return null;
    }
    Existing target = e != null ? e : ph;
    if (target != null && !target.visible()) {
      rowError(p, e != null ? "email" : "phone", "matches a subscriber outside the units this token may change");
      return null;
    }
    return target == null ? NEW : target;
  }

  /** Fills in what the row leaves blank from the existing record; true when anything changed. */
  private boolean merge(ImportRows.Row p, Existing t) {
    p.subscriberId = t.id();
    LinkedHashSet<String> tags = new LinkedHashSet<>(t.tags());
    tags.addAll(p.tags);
    JsonObject attrs = t.attributes().copy().mergeIn(p.attributes);
    p.name = p.name != null ? p.name : t.name();
    p.email = p.email != null ? p.email : t.email();
    p.phone = p.phone != null ? p.phone : t.phone();
    p.language = p.language != null ? p.language : t.language();
    p.unitId = p.unitId != null ? p.unitId : t.unitId();
    boolean changed = !p.name.equals(t.name()) || !Objects.equals(p.email, t.email()) || !Objects.equals(p.phone, t.phone())
        || !p.language.equals(t.language()) || !Objects.equals(p.unitId, t.unitId()) || !tags.equals(new LinkedHashSet<>(t.tags()))
        || !attrs.equals(t.attributes());
    p.tags.clear();
    p.tags.addAll(tags);
    p.attributes.clear();
    p.attributes.mergeIn(attrs);
    if (changed) {
      counts.updated++;
      counts.unchanged += p.rows.size() - 1;
    } else {
      counts.unchanged += p.rows.size();
    }
    return changed;
  }

  /** Defaults for a person the batch creates. */
  private void prepareNew(ImportRows.Row p) {
    p.isNew = true;
    p.name = p.name == null ? "" : p.name;
    p.language = p.language == null ? run.defaultLanguage : p.language;
    p.unitId = p.unitId == null ? run.tenant.unitId() : p.unitId;
    counts.created++;
    counts.unchanged += p.rows.size() - 1;
  }

  private void rowError(ImportRows.Row p, String field, String message) {
    counts.errors += p.rows.size();
    for (int row : p.rows) {
      counts.problems.add(new RowProblem(row, "error", field, message));
    }
  }

  private Future<Void> write(SqlConnection conn, Plan plan) {
    long org = run.tenant.organisationId();
    return insert(conn, org, plan.inserts())
        .compose(v -> update(conn, org, plan.updates()))
        .compose(v -> run.req.listId() == null ? Future.succeededFuture() : subscribe(conn, org, plan.subscribeTo()));
  }

  private Future<Void> insert(SqlConnection conn, long org, List<ImportRows.Row> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    Columns c = new Columns(rows);
    return conn.preparedQuery("""
            INSERT INTO subscriber (organisation_id, name, email, phone, language, unit_id, tags, attributes)
            SELECT $1, n, e, p, l, u, coalesce(string_to_array(nullif(t, ''), '|'), '{}'), a::jsonb
            FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[]) AS v(n, e, p, l, u, t, a)
            RETURNING id, lower(email) AS email_key, phone""")
        .execute(Tuple.of(org, c.names, c.emails, c.phones, c.languages, c.units).addValue(c.tags).addValue(c.attributes))
        .map(result -> {
          assignIds(rows, result);
          return null;
        });
  }

  /** Gives each created person the id the database chose, matched by email (else phone). */
  private static void assignIds(List<ImportRows.Row> rows, io.vertx.sqlclient.RowSet<Row> result) {
    Map<String, Long> ids = new HashMap<>(result.size() * 2);
    for (Row r : result) {
      String emailKey = r.getString(1);
      ids.put(emailKey != null ? emailKey : r.getString(2), r.getLong(0)); // emails have an @, E.164 numbers never
    }
    for (ImportRows.Row p : rows) {
      p.subscriberId = ids.get(p.email != null ? p.emailKey() : p.phone);
    }
  }

  private Future<Void> update(SqlConnection conn, long org, List<ImportRows.Row> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    Columns c = new Columns(rows);
    return conn.preparedQuery("""
            UPDATE subscriber s SET name = v.n, email = v.e, phone = v.p, language = v.l, unit_id = v.u,
              tags = coalesce(string_to_array(nullif(v.t, ''), '|'), '{}'), attributes = v.a::jsonb, updated_at = now()
            FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[])
              AS v(id, n, e, p, l, u, t, a)
            WHERE s.organisation_id = $1 AND s.id = v.id""")
        .execute(Tuple.of(org, c.ids, c.names, c.emails, c.phones, c.languages).addValue(c.units).addValue(c.tags).addValue(c.attributes))
        .mapEmpty();
  }

  /** Adds everyone to the list on each channel they have an address for, unless they left it before. */
  private Future<Void> subscribe(SqlConnection conn, long org, List<ImportRows.Row> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    long listId = run.req.listId();
    // only people who existed before this batch can have subscriptions already
    Long[] ids = rows.stream().filter(p -> !p.isNew).map(p -> p.subscriberId).toArray(Long[]::new);
    Future<io.vertx.sqlclient.RowSet<Row>> known = ids.length == 0 ? Future.succeededFuture(null) : conn.preparedQuery("""
            SELECT x.subscriber_id, x.channel, x.status FROM subscription x
            WHERE x.list_id = $2 AND x.subscriber_id = ANY($3) AND x.organisation_id = $1""") // the primary key, whatever the statistics
        .execute(Tuple.of(org, listId, ids));
    return known
        .compose(existing -> {
          Map<String, String> status = new HashMap<>();
          if (existing != null) {
            existing.forEach(r -> status.put(r.getLong("subscriber_id") + ":" + r.getString("channel"), r.getString("status")));
          }
          List<Long> subscriberIds = new ArrayList<>(rows.size() * 2);
          List<String> channels = new ArrayList<>(rows.size() * 2);
          for (ImportRows.Row p : rows) {
            give(p, "email", p.email, status, subscriberIds, channels);
            give(p, "sms", p.phone, status, subscriberIds, channels);
          }
          counts.subscribed += subscriberIds.size();
          String wording = run.req.wording() != null ? run.req.wording() : "import " + run.jobId;
          return ConsentLedger.giveAll(conn, org, listId, run.req.consentSource(), wording, SubscriptionService.actor(run.tenant),
                  subscriberIds.toArray(new Long[0]), channels.toArray(new String[0]), ids.length == 0)
              .compose(v -> !run.doubleOptIn ? Future.succeededFuture(List.<PendingConfirmation>of())
                  : service.subscriptions().confirmationsToSend(conn, org, listId, subscriberIds.stream().distinct().toList()))
              .compose(pending -> pending.isEmpty() ? Future.succeededFuture() : service.outbox().enqueue(conn, pending));
        });
  }

  /** One channel of one person: subscribe when they have that address and no subscription on it yet. */
  private void give(ImportRows.Row p, String channel, String address, Map<String, String> status, List<Long> subscriberIds,
                    List<String> channels) {
    if (address == null) {
      return;
    }
    String current = p.isNew ? null : status.get(p.subscriberId + ":" + channel);
    if (current == null) {
      subscriberIds.add(p.subscriberId);
      channels.add(channel);
    } else if ("unsubscribed".equals(current)) {
      counts.problems.add(new RowProblem(p.first(), "notice", channel,
          "left this list (" + channel + ") earlier, so was not subscribed again"));
    }
  }

  /** Column arrays for unnest. */
  private static final class Columns {
    final Long[] ids;
    final String[] names;
    final String[] emails;
    final String[] phones;
    final String[] languages;
    final Long[] units;
    final String[] tags;
    final String[] attributes;

    Columns(List<ImportRows.Row> rows) {
      int n = rows.size();
      ids = new Long[n];
      names = new String[n];
      emails = new String[n];
      phones = new String[n];
      languages = new String[n];
      units = new Long[n];
      tags = new String[n];
      attributes = new String[n];
      for (int i = 0; i < n; i++) {
        ImportRows.Row p = rows.get(i);
        ids[i] = p.subscriberId;
        names[i] = p.name;
        emails[i] = p.email;
        phones[i] = p.phone;
        languages[i] = p.language;
        units[i] = p.unitId;
        tags[i] = String.join("|", p.tags);
        attributes[i] = json(p.attributes);
      }
    }

    /**
     * The attributes as JSON text. An import's attributes are text only, written here directly:
     * the general encoder costs more per row than the insert it feeds.
     */
    static String json(JsonObject attributes) {
      StringBuilder sb = new StringBuilder(64).append('{');
      for (Map.Entry<String, Object> e : attributes) {
        if (!(e.getValue() instanceof String value)) {
          return attributes.encode(); // kept from an existing record: numbers, lists, ...
        }
        if (sb.length() > 1) {
          sb.append(',');
        }
        quote(sb, e.getKey()).append(':');
        quote(sb, value);
      }
      return sb.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder sb, String s) {
      sb.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') {
          sb.append('\\').append(c);
        } else if (c < 0x20) {
          sb.append(String.format("\\u%04x", (int) c));
        } else {
          sb.append(c);
        }
      }
      return sb.append('"');
    }
  }
}
