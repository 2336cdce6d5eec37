package org.noticeboard.campaigns;

import java.time.Clock;
import java.time.ZoneOffset;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.noticeboard.accounts.Role;
import org.noticeboard.accounts.Tenant;
import org.noticeboard.accounts.UnitService;
import org.noticeboard.db.Db;
import org.noticeboard.delivery.Channel;
import org.noticeboard.delivery.NewMessage;
import org.noticeboard.delivery.Outbox;
import org.noticeboard.errors.FieldError;
import org.noticeboard.errors.Problem;

/**
 * Campaigns and their lifecycle. Every state change is one conditional UPDATE, so two requests
 * (or two instances) racing on the same campaign can never both succeed.
 */
public final class CampaignService {
  static final String FROM = "FROM campaign c JOIN unit u ON u.organisation_id = c.organisation_id AND u.id = c.unit_id ";
  /** Campaigns the tenant may see: its organisation's, of units inside its scope ($1, $2). */
  static final String WHERE_VISIBLE = "WHERE c.organisation_id = $1 AND u.path LIKE $2 || '%'";
  static final String VISIBLE = FROM + WHERE_VISIBLE;

  private final Pool pool;
  private final Clock clock;

  public CampaignService(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /** Right away, by the service's clock. */
  public SendAt now() {
    return SendAt.at(clock.instant());
  }

  public Future<Campaign> get(Tenant tenant, long id) {
    return find(pool, tenant, id).map(c -> c.orElseThrow(() -> Problem.notFound("campaign", id)));
  }

  static Future<Optional<Campaign>> find(SqlClient client, Tenant tenant, long id) {
    return client.preparedQuery("SELECT " + Campaign.COLUMNS + " " + VISIBLE + " AND c.id = $3")
        .execute(Tuple.of(tenant.organisationId(), tenant.scope(), id))
        .map(rows -> Db.first(rows, Campaign::from));
  }

  /** Newest first, {@code limit} at a time; {@code after} is the last id of the previous page. */
  public Future<List<Campaign>> list(Tenant tenant, Optional<CampaignState> state, Optional<Long> after, int limit) {
    return pool.preparedQuery("SELECT " + Campaign.COLUMNS + " " + VISIBLE
            + " AND ($3::text IS NULL OR c.state = $3) AND ($4::bigint IS NULL OR c.id < $4) ORDER BY c.id DESC LIMIT $5")
        .execute(Tuple.of(tenant.organisationId(), tenant.scope(), state.map(CampaignState::code).orElse(null),
            after.orElse(null), limit))
        .map(rows -> Db.list(rows, Campaign::from));
  }

  public Future<Campaign> create(Tenant tenant, CampaignInput in) {
    tenant.require(Role.COORDINATOR);
    long unitId = in.unitId().orElseThrow();
    return pool.withTransaction(conn -> UnitService.find(conn, tenant, unitId)
        .compose(unit -> unit.isPresent() ? Future.succeededFuture()
            : Future.failedFuture(Problem.invalid("unitId", "no unit " + unitId)))
        .compose(v -> checkReferences(conn, tenant, in))
        .compose(v -> sendAt(conn, tenant, in))
        .compose(sendAt -> conn.preparedQuery("""
                INSERT INTO campaign (organisation_id, unit_id, name, template_id, segment_id, channel_policy,
                                      sender_name, reply_to, send_at, tags, content)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id""")
            .execute(Tuple.of(tenant.organisationId(), unitId, in.name().orElseThrow(),
                    in.templateId().flatMap(t -> t).orElse(null), in.segmentId().flatMap(s -> s).orElse(null),
                    in.channelPolicy().orElse("email-first"))
                .addValue(in.senderName().orElse(null)).addValue(in.replyTo().orElse(null))
                .addValue(sendAt.flatMap(s -> s).orElse(null))
                .addValue(in.tags().orElse(List.of()).toArray(String[]::new))
                .addValue(in.content().orElse(new JsonObject()))))
        .map(rows -> rows.iterator().next().getLong("id"))
        .compose(id -> replaceLists(conn, tenant, id, in).map(id))
        .compose(id -> find(conn, tenant, id)).map(Optional::orElseThrow));
  }

  /** Changes a draft; anything further along is fixed (409). */
  public Future<Campaign> update(Tenant tenant, long id, CampaignInput in) {
    tenant.require(Role.COORDINATOR);
    return pool.withTransaction(conn -> lockVisible(conn, tenant, id)
        .compose(state -> state == CampaignState.DRAFT ? Future.succeededFuture()
            : Future.failedFuture(illegal("only a draft can be changed", state)))
        .compose(v -> in.unitId().isEmpty() ? Future.succeededFuture()
            : UnitService.find(conn, tenant, in.unitId().get()).compose(u -> u.isPresent() ? Future.succeededFuture()
                : Future.failedFuture(Problem.invalid("unitId", "no unit " + in.unitId().get()))))
        .compose(v -> checkReferences(conn, tenant, in))
        .compose(v -> sendAt(conn, tenant, in))
        .compose(sendAt -> conn.preparedQuery("""
                UPDATE campaign SET unit_id = coalesce($3, unit_id), name = coalesce($4, name),
                  template_id = CASE WHEN $5 THEN $6 ELSE template_id END,
                  segment_id = CASE WHEN $7 THEN $8 ELSE segment_id END,
                  channel_policy = coalesce($9, channel_policy), sender_name = coalesce($10, sender_name),
                  reply_to = coalesce($11, reply_to), send_at = CASE WHEN $12 THEN $13 ELSE send_at END,
                  tags = coalesce($14, tags), content = coalesce($15, content), updated_at = now()
                WHERE organisation_id = $1 AND id = $2""")
            .execute(Tuple.of(tenant.organisationId(), id, in.unitId().orElse(null), in.name().orElse(null),
                    in.templateId().isPresent(), in.templateId().flatMap(t -> t).orElse(null))
                .addValue(in.segmentId().isPresent()).addValue(in.segmentId().flatMap(s -> s).orElse(null))
                .addValue(in.channelPolicy().orElse(null)).addValue(in.senderName().orElse(null))
                .addValue(in.replyTo().orElse(null)).addValue(sendAt.isPresent())
                .addValue(sendAt.flatMap(s -> s).orElse(null))
                .addValue(in.tags().map(t -> t.toArray(String[]::new)).orElse(null))
                .addValue(in.content().orElse(null))))
        .compose(v -> replaceLists(conn, tenant, id, in))
        .compose(v -> find(conn, tenant, id)).map(Optional::orElseThrow));
  }

  public Future<Void> delete(Tenant tenant, long id) {
    tenant.require(Role.COORDINATOR);
    return pool.withTransaction(conn -> lockVisible(conn, tenant, id)
        .compose(state -> state == CampaignState.DRAFT || state == CampaignState.CANCELLED
            ? conn.preparedQuery("DELETE FROM campaign WHERE organisation_id = $1 AND id = $2")
                .execute(Tuple.of(tenant.organisationId(), id)).<Void>mapEmpty()
            : Future.failedFuture(illegal("only a draft or cancelled campaign can be deleted", state))));
  }

  /**
   * Schedules a draft for {@code sendAt} (or its stored send time, or now). It must have a
   * template and an audience; the scheduler starts it when it is due.
   */
  public Future<Campaign> schedule(Tenant tenant, long id, Optional<SendAt> when) {
    tenant.require(Role.COORDINATOR);
    return pool.withTransaction(conn -> find(conn, tenant, id)
        .map(c -> c.orElseThrow(() -> Problem.notFound("campaign", id)))
        .compose(c -> {
          List<FieldError> missing = new ArrayList<>();
          if (c.templateId() == null) {
            missing.add(new FieldError("templateId", "a campaign needs a template before it can be scheduled"));
          }
          if (c.listIds().isEmpty() && c.segmentId() == null) {
            missing.add(new FieldError("listIds", "a campaign needs at least one list or a segment"));
          }
          if (c.state() == CampaignState.DRAFT && !missing.isEmpty()) {
            return Future.failedFuture(Problem.invalid(missing));
          }
          return zone(conn, tenant).compose(zone -> transition(conn, tenant, id, Set.of(CampaignState.DRAFT),
              "state = 'scheduled', send_at = coalesce($5::timestamptz, send_at, $6::timestamptz), "
                  + "template_version = (SELECT t.current_version FROM template t "
                  + "WHERE t.organisation_id = c.organisation_id AND t.id = c.template_id)",
              when.map(w -> w.resolve(zone)).orElse(null), clock.instant().atOffset(ZoneOffset.UTC)));
        }));
  }

  /** Stops a scheduled or running campaign where it is; nothing more is sent until it resumes. */
  public Future<Campaign> pause(Tenant tenant, long id) {
    tenant.require(Role.COORDINATOR);
    return pool.withTransaction(conn -> transition(conn, tenant, id, Set.of(CampaignState.SCHEDULED, CampaignState.RUNNING),
        "paused_from = state, state = 'paused'")
        .compose(c -> CampaignMessages.hold(conn, tenant.organisationId(), id).map(c)));
  }

  /** Continues a paused campaign from where it stopped. */
  public Future<Campaign> resume(Tenant tenant, long id) {
    tenant.require(Role.COORDINATOR);
    return pool.withTransaction(conn -> transition(conn, tenant, id, Set.of(CampaignState.PAUSED),
        "state = paused_from, paused_from = NULL")
        .compose(c -> CampaignMessages.release(conn, tenant.organisationId(), id, clock.instant()).map(c)));
  }

  /** Cancels a campaign that has not finished; messages not yet sent are cancelled too. */
  public Future<Campaign> cancel(Tenant tenant, long id) {
    tenant.require(Role.COORDINATOR);
    return pool.withTransaction(conn -> transition(conn, tenant, id,
        Set.of(CampaignState.DRAFT, CampaignState.SCHEDULED, CampaignState.RUNNING, CampaignState.PAUSED),
        "state = 'cancelled', paused_from = NULL, finished_at = $5", clock.instant().atOffset(ZoneOffset.UTC))
        .compose(c -> CampaignMessages.cancel(conn, tenant.organisationId(), id).map(c)));
  }

  /**
   * Sends the campaign as it stands to a few given addresses, marked as a test, without touching
   * its state or audience. Rendered like the real thing, in {@code language} (or the organisation's).
   */
  public Future<Integer> testSend(Tenant tenant, long id, List<String> emails, List<String> phones, Optional<String> language) {
    tenant.require(Role.COORDINATOR);
    return pool.withTransaction(conn -> find(conn, tenant, id)
        .map(c -> c.orElseThrow(() -> Problem.notFound("campaign", id)))
        .compose(c -> {
          if (c.templateId() == null) {
            return Future.failedFuture(Problem.invalid("templateId", "a campaign needs a template before it can be tested"));
          }
          return conn.preparedQuery("""
                  SELECT coalesce($3::int, t.current_version) AS version, o.default_language
                  FROM template t JOIN organisation o ON o.id = t.organisation_id
                  WHERE t.organisation_id = $1 AND t.id = $2""")
              .execute(Tuple.of(tenant.organisationId(), c.templateId(), c.templateVersion()))
              .compose(rows -> {
                var row = rows.iterator().next();
                List<String> languages = new ArrayList<>();
                language.ifPresent(languages::add);
                languages.add(row.getString("default_language"));
                JsonObject model = Fanout.messageModel(Fanout.campaignModel(c.id(), c.name(),
                    c.tags().toArray(String[]::new), c.content()), c.senderName(), c.replyTo()).put("test", true);
                String batch = java.util.UUID.randomUUID().toString();
                List<NewMessage> messages = new ArrayList<>();
                for (int i = 0; i < emails.size(); i++) {
                  messages.add(NewMessage.templated(tenant.organisationId(), null, null, c.unitId(), Channel.EMAIL, emails.get(i),
                      "test", c.id(), c.templateId(), row.getInteger("version"), languages, model,
                      "test:" + batch + ":email:" + i).withAttachments(c.attachmentIds()));
                }
                for (int i = 0; i < phones.size(); i++) {
                  messages.add(NewMessage.templated(tenant.organisationId(), null, null, c.unitId(), Channel.SMS, phones.get(i),
                      "test", c.id(), c.templateId(), row.getInteger("version"), languages, model, "test:" + batch + ":sms:" + i));
                }
                return Outbox.enqueue(conn, messages, clock.instant());
              });
        }));
  }

  /** Attaches a file (a flier) to a draft; it is stored once and sent with every email of the campaign. */
  public Future<Campaign> attach(Tenant tenant, long id, String filename, String contentType, io.vertx.core.buffer.Buffer data) {
    tenant.require(Role.COORDINATOR);
    return pool.withTransaction(conn -> lockVisible(conn, tenant, id)
        .compose(state -> state == CampaignState.DRAFT ? Future.succeededFuture()
            : Future.failedFuture(illegal("attachments can only be added to a draft", state)))
        .compose(v -> conn.preparedQuery("""
                INSERT INTO attachment (organisation_id, filename, content_type, data) VALUES ($1, $2, $3, $4) RETURNING id""")
            .execute(Tuple.of(tenant.organisationId(), filename, contentType, data)))
        .compose(rows -> conn.preparedQuery("""
                UPDATE campaign SET attachment_ids = attachment_ids || $3::bigint, updated_at = now()
                WHERE organisation_id = $1 AND id = $2""")
            .execute(Tuple.of(tenant.organisationId(), id, rows.iterator().next().getLong("id"))))
        .compose(v -> find(conn, tenant, id)).map(Optional::orElseThrow));
  }

  /**
   * Moves a campaign from one of {@code from} with {@code set} (which may use $5, $6, … = {@code args}),
   * or fails with 404 (not visible) or 409 naming the current state.
   */
  private static Future<Campaign> transition(SqlConnection conn, Tenant tenant, long id, Set<CampaignState> from,
                                             String set, Object... args) {
    String[] allowed = from.stream().map(CampaignState::code).toArray(String[]::new);
    Tuple params = Tuple.of(tenant.organisationId(), id, allowed, tenant.scope());
    for (Object arg : args) {
      params.addValue(arg);
    }
    return conn.preparedQuery("UPDATE campaign c SET " + set + ", updated_at = now() "
            + "FROM unit u WHERE u.organisation_id = c.organisation_id AND u.id = c.unit_id "
            + "AND c.organisation_id = $1 AND c.id = $2 AND c.state = ANY($3) AND u.path LIKE $4 || '%' RETURNING c.id")
        .execute(params)
        .compose(rows -> find(conn, tenant, id).compose(c -> {
          if (c.isEmpty()) {
            return Future.failedFuture(Problem.notFound("campaign", id));
          }
          return rows.size() == 1 ? Future.succeededFuture(c.get())
              : Future.failedFuture(illegal("a " + c.get().state().code() + " campaign cannot do that", c.get().state()));
        }));
  }

  static Problem illegal(String detail, CampaignState current) {
    return Problem.conflict(detail, new JsonObject().put("currentState", current.code()));
  }

  private static Future<CampaignState> lockVisible(SqlConnection conn, Tenant tenant, long id) {
    return conn.preparedQuery("SELECT c.state " + VISIBLE + " AND c.id = $3 FOR UPDATE OF c")
        .execute(Tuple.of(tenant.organisationId(), tenant.scope(), id))
        .map(rows -> Db.first(rows, r -> CampaignState.parse(r.getString("state")).orElseThrow())
            .orElseThrow(() -> Problem.notFound("campaign", id)));
  }

  private static Future<ZoneId> zone(SqlClient conn, Tenant tenant) {
    return conn.preparedQuery("SELECT timezone FROM organisation WHERE id = $1").execute(Tuple.of(tenant.organisationId()))
        .map(rows -> ZoneId.of(rows.iterator().next().getString("timezone")));
  }

  private static Future<Optional<Optional<OffsetDateTime>>> sendAt(SqlClient conn, Tenant tenant, CampaignInput in) {
    if (in.sendAt().isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return zone(conn, tenant).map(z -> Optional.of(in.sendAt().get().map(s -> s.resolve(z))));
  }

  /** Lists must be visible to the tenant (their unit in scope); templates and segments of the organisation. */
  private static Future<Void> checkReferences(SqlClient conn, Tenant tenant, CampaignInput in) {
    return checkTemplateAndSegment(conn, tenant, in).compose(v -> checkLists(conn, tenant, in));
  }

  private static Future<Void> checkTemplateAndSegment(SqlClient conn, Tenant tenant, CampaignInput in) {
    Long templateId = in.templateId().flatMap(t -> t).orElse(null);
    Long segmentId = in.segmentId().flatMap(t -> t).orElse(null);
    if (templateId == null && segmentId == null) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("""
            SELECT (SELECT t.kind FROM template t LEFT JOIN unit u ON u.organisation_id = t.organisation_id AND u.id = t.unit_id
                    WHERE t.organisation_id = $1 AND t.id = $3 AND t.deleted_at IS NULL
                      AND (t.unit_id IS NULL OR u.path LIKE $2 || '%')) AS template_kind,
                   EXISTS (SELECT 1 FROM segment g WHERE g.organisation_id = $1 AND g.id = $4) AS segment_found""")
        .execute(Tuple.of(tenant.organisationId(), tenant.scope(), templateId, segmentId))
        .compose(rows -> {
          var r = rows.iterator().next();
          List<FieldError> errors = new ArrayList<>();
          String kind = r.getString("template_kind");
          if (templateId != null && kind == null) {
            errors.add(new FieldError("templateId", "no template " + templateId));
          } else if (templateId != null && !Set.of("newsletter", "flier", "reminder").contains(kind)) {
            errors.add(new FieldError("templateId", "a campaign is sent from a newsletter, flier or reminder template, not a " + kind));
          }
          if (segmentId != null && !r.getBoolean("segment_found")) {
            errors.add(new FieldError("segmentId", "no segment " + segmentId));
          }
          return errors.isEmpty() ? Future.succeededFuture() : Future.failedFuture(Problem.invalid(errors));
        });
  }

  private static Future<Void> checkLists(SqlClient conn, Tenant tenant, CampaignInput in) {
    List<Long> lists = new ArrayList<>(in.listIds().orElse(List.of()));
    lists.addAll(in.excludedListIds().orElse(List.of()));
    if (lists.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("""
            SELECT l.id FROM mailing_list l JOIN unit u ON u.organisation_id = l.organisation_id AND u.id = l.unit_id
            WHERE l.organisation_id = $1 AND u.path LIKE $2 || '%' AND l.id = ANY($3)""")
        .execute(Tuple.of(tenant.organisationId(), tenant.scope(), lists.toArray(Long[]::new)))
        .compose(rows -> {
          Set<Long> found = new java.util.HashSet<>(Db.list(rows, r -> r.getLong("id")));
          List<FieldError> errors = new ArrayList<>();
          in.listIds().orElse(List.of()).stream().filter(l -> !found.contains(l))
              .forEach(l -> errors.add(new FieldError("listIds", "no list " + l)));
          in.excludedListIds().orElse(List.of()).stream().filter(l -> !found.contains(l))
              .forEach(l -> errors.add(new FieldError("excludedListIds", "no list " + l)));
          return errors.isEmpty() ? Future.succeededFuture() : Future.failedFuture(Problem.invalid(errors));
        });
  }

  private static Future<Void> replaceLists(SqlClient conn, Tenant tenant, long id, CampaignInput in) {
    if (in.listIds().isEmpty() && in.excludedListIds().isEmpty()) {
      return Future.succeededFuture();
    }
    Future<Void> f = Future.succeededFuture();
    if (in.listIds().isPresent()) {
      f = f.compose(v -> replace(conn, tenant, id, false, in.listIds().get()));
    }
    if (in.excludedListIds().isPresent()) {
      f = f.compose(v -> replace(conn, tenant, id, true, in.excludedListIds().get()));
    }
    return f;
  }

  private static Future<Void> replace(SqlClient conn, Tenant tenant, long id, boolean excluded, List<Long> lists) {
    return conn.preparedQuery("DELETE FROM campaign_list WHERE organisation_id = $1 AND campaign_id = $2 AND excluded = $3")
        .execute(Tuple.of(tenant.organisationId(), id, excluded))
        .compose(v -> conn.preparedQuery("""
                INSERT INTO campaign_list (organisation_id, campaign_id, list_id, excluded)
                SELECT $1, $2, unnest($3::bigint[]), $4 ON CONFLICT (campaign_id, list_id) DO UPDATE SET excluded = excluded.excluded""")
            .execute(Tuple.of(tenant.organisationId(), id, lists.toArray(Long[]::new), excluded)))
        .mapEmpty();
  }
}
