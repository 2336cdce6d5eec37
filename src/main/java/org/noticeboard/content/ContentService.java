package org.noticeboard.content;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.noticeboard.accounts.Role;
import org.noticeboard.accounts.Tenant;
import org.noticeboard.accounts.UnitService;
import org.noticeboard.db.Db;
import org.noticeboard.db.SqlErrors;
import org.noticeboard.errors.FieldError;
import org.noticeboard.errors.Problem;

/**
 * Templates and their versioned language variants, limited to the tenant's organisation (and
 * unit: organisation-wide templates are visible to every token but changed only by tokens not
 * limited to a unit). Every change to the words makes a new version; old versions stay renderable.
 */
public final class ContentService {
  private static final String FROM = " FROM template t LEFT JOIN unit u ON u.organisation_id = t.organisation_id AND u.id = t.unit_id";
  private static final String VISIBLE = " WHERE t.organisation_id = $1 AND t.deleted_at IS NULL"
      + " AND (t.unit_id IS NULL OR u.path LIKE $2 || '%')";

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final Sandbox sandbox;
  private final Future<ShippedTemplates> shipped;
  private final TemplateRenderer renderer;
  private final String publicBaseUrl;

  private ContentService(Vertx vertx, Pool pool, String publicBaseUrl, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.pool = pool;
    this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
    this.sandbox = new Sandbox();
    this.shipped = vertx.executeBlocking(ShippedTemplates::load, false);
    this.renderer = new TemplateRenderer(vertx, pool, new Engine(sandbox, clock), shipped);
  }

  /** @param clock what templates see as the time of rendering, and what sample data is dated from */
  public static ContentService create(Vertx vertx, Pool pool, String publicBaseUrl, Clock clock) {
    return new ContentService(vertx, pool, publicBaseUrl, clock);
  }

  /** What the delivery engine calls to render messages. */
  public MessageRenderer renderer() {
    return renderer;
  }

  // ---- reading ----

  public Future<List<MessageTemplate>> list(Tenant tenant, Optional<TemplateKind> kind, long after, int limit) {
    return pool.preparedQuery("SELECT " + MessageTemplate.COLUMNS + FROM + VISIBLE
            + " AND ($3::text IS NULL OR t.kind = $3) AND t.id > $4 ORDER BY t.id LIMIT $5")
        .execute(Tuple.of(tenant.organisationId(), tenant.scope(), kind.map(TemplateKind::code).orElse(null), after, limit))
        .map(rows -> Db.list(rows, MessageTemplate::from));
  }

  public Future<TemplateDetail> get(Tenant tenant, long id, Optional<Integer> version) {
    return visible(pool, tenant, id, false).compose(t -> {
      int v = version.orElse(t.currentVersion());
      return versionVariants(t, v).map(vs -> new TemplateDetail(t, v, vs));
    });
  }

  public Future<Variant> variant(Tenant tenant, long id, String language, Optional<Integer> version) {
    String lang = pathLanguage(language);
    return get(tenant, id, version).map(d -> d.variants().stream().filter(v -> v.language().equalsIgnoreCase(lang))
        .findFirst().orElseThrow(() -> Problem.notFound("variant", lang + " of template " + id + " version " + d.version())));
  }

  public Future<List<TemplateVersion>> versions(Tenant tenant, long id, int before, int limit) {
    return visible(pool, tenant, id, false).compose(t -> pool.preparedQuery("""
            SELECT tv.version, tv.created_at, tv.created_by,
              coalesce(array_agg(v.language ORDER BY v.language) FILTER (WHERE v.language IS NOT NULL), '{}') AS languages
            FROM template_version tv
            LEFT JOIN template_variant v ON v.organisation_id = tv.organisation_id AND v.template_id = tv.template_id
              AND v.version = tv.version
            WHERE tv.organisation_id = $1 AND tv.template_id = $2 AND tv.version < $3
            GROUP BY tv.version, tv.created_at, tv.created_by ORDER BY tv.version DESC LIMIT $4""")
        .execute(Tuple.of(tenant.organisationId(), id, before, limit))
        .map(rows -> Db.list(rows, r -> new TemplateVersion(r.getInteger("version"), r.getOffsetDateTime("created_at"),
            r.getLong("created_by"), Arrays.asList(r.getArrayOfStrings("languages"))))));
  }

  /** The shipped templates an organisation can start from. */
  public Future<List<JsonObject>> shippedCatalogue() {
    return shipped.map(s -> s.all().stream().map(ShippedTemplates.Shipped::toJson).toList());
  }

  // ---- changing ----

  public Future<TemplateDetail> create(Tenant tenant, TemplateInput in) {
    tenant.require(Role.COORDINATOR);
    return shipped.compose(s -> {
      Optional<ShippedTemplates.Shipped> base = Optional.empty();
      if (in.shipped().isPresent()) {
        base = s.get(in.shipped().get());
        if (base.isEmpty()) {
          return Future.failedFuture(Problem.invalid("shipped", "there is no shipped template named \"" + in.shipped().get() + "\""));
        }
      }
      Optional<ShippedTemplates.Shipped> from = base;
      TemplateKind kind = in.kind().or(() -> from.map(ShippedTemplates.Shipped::kind)).orElse(null);
      String name = in.name().or(() -> from.map(ShippedTemplates.Shipped::name)).orElse(null);
      Map<String, Variant> variants = in.variants().orElseGet(() -> from.map(b -> byLanguage(b.variants())).orElse(Map.of()));
      List<FieldError> errors = new ArrayList<>();
      if (kind == null) {
        errors.add(new FieldError("kind", "is required"));
      }
      if (name == null || name.isBlank()) {
        errors.add(new FieldError("name", "is required"));
      } else if (kind != null && kind.partial() && !VariantChecks.PARTIAL_NAME.matcher(name).matches()) {
        errors.add(new FieldError("name", "a " + kind.code() + " is imported by name: use lower-case letters, digits and dashes"));
      }
      if (!errors.isEmpty()) {
        return Future.failedFuture(Problem.invalid(errors));
      }
      return unitFor(tenant, in.unitId())
          .compose(unitId -> checked(tenant.organisationId(), kind, variants)
              .compose(ok -> pool.withTransaction(conn -> insert(conn, tenant.organisationId(), unitId, name, kind,
                  in.description().orElse(from.map(ShippedTemplates.Shipped::description).orElse("")), variants,
                  tenant.tokenId()))))
          .recover(e -> Future.failedFuture(duplicateName(e, name)))
          .compose(id -> get(tenant, id, Optional.empty()));
    });
  }

  public Future<TemplateDetail> update(Tenant tenant, long id, TemplateInput in) {
    tenant.require(Role.COORDINATOR);
    return pool.withTransaction(conn -> visible(conn, tenant, id, true).compose(t -> {
      writable(tenant, t);
      if (in.name().isPresent() && t.kind().partial() && !VariantChecks.PARTIAL_NAME.matcher(in.name().get()).matches()) {
        return Future.failedFuture(Problem.invalid("name", "a " + t.kind().code()
            + " is imported by name: use lower-case letters, digits and dashes"));
      }
      Future<Optional<Long>> unit = in.unitId().isPresent() ? unitFor(tenant, in.unitId()) : Future.succeededFuture(Optional.ofNullable(t.unitId()));
      return unit.compose(unitId -> conn.preparedQuery("""
              UPDATE template SET name = coalesce($3, name), description = coalesce($4, description), unit_id = $5,
                updated_at = now() WHERE organisation_id = $1 AND id = $2""")
          .execute(Tuple.of(tenant.organisationId(), id, in.name().orElse(null), in.description().orElse(null), unitId.orElse(null))));
    })).recover(e -> Future.failedFuture(duplicateName(e, in.name().orElse(""))))
        .compose(v -> get(tenant, id, Optional.empty()));
  }

  /** Hides the template; its versions stay renderable for whatever was scheduled with them. */
  public Future<Void> delete(Tenant tenant, long id) {
    tenant.require(Role.COORDINATOR);
    return pool.withTransaction(conn -> visible(conn, tenant, id, true).compose(t -> {
      writable(tenant, t);
      return conn.preparedQuery("UPDATE template SET deleted_at = now(), updated_at = now() WHERE organisation_id = $1 AND id = $2")
          .execute(Tuple.of(tenant.organisationId(), id));
    })).mapEmpty();
  }

  /** Adds or replaces one language; the result is a new version. */
  public Future<TemplateDetail> putVariant(Tenant tenant, long id, String language, Variant input) {
    tenant.require(Role.COORDINATOR);
    String lang = pathLanguage(language);
    Variant v = input.withLanguage(lang);
    return visible(pool, tenant, id, false)
        .compose(t -> {
          writable(tenant, t);
          return checked(tenant.organisationId(), t.kind(), Map.of(lang, v));
        })
        .compose(ok -> pool.withTransaction(conn -> visible(conn, tenant, id, true)
            .compose(t -> {
              writable(tenant, t);
              return newVersion(conn, tenant, t, lang, v);
            })))
        .compose(version -> get(tenant, id, Optional.of(version)));
  }

  /** Removes one language; the result is a new version without it. */
  public Future<TemplateDetail> deleteVariant(Tenant tenant, long id, String language) {
    tenant.require(Role.COORDINATOR);
    String lang = pathLanguage(language);
    return pool.withTransaction(conn -> visible(conn, tenant, id, true).compose(t -> {
      writable(tenant, t);
      return versionVariants(t, t.currentVersion()).compose(vs -> {
        if (vs.stream().noneMatch(x -> x.language().equalsIgnoreCase(lang))) {
          return Future.failedFuture(Problem.notFound("variant", lang + " of template " + id));
        }
        return newVersion(conn, tenant, t, lang, null);
      });
    })).compose(version -> get(tenant, id, Optional.of(version)));
  }

  /** Checks variants without saving anything: syntax, sandbox rules, required parts, layout names. */
  public Future<Void> validate(Tenant tenant, TemplateKind kind, Map<String, Variant> variants) {
    return checked(tenant.organisationId(), kind, variants).mapEmpty();
  }

  // ---- preview ----

  /**
   * Renders a saved version for one subscriber (or sample data) in a language; {@code model}
   * overrides parts of the data (e.g. a real session or campaign).
   */
  public Future<Preview> preview(Tenant tenant, long id, Optional<Long> subscriberId, Optional<String> language,
                                 Optional<Integer> version, JsonObject model) {
    Optional<String> lang = language.map(ContentService::pathLanguage);
    return visible(pool, tenant, id, false).compose(t -> {
      int v = version.orElse(t.currentVersion());
      Future<JsonObject> base = subscriberId.isPresent() ? subscriberModel(tenant, subscriberId.get()) : Future.succeededFuture(sampleModel());
      return Future.all(base, versionVariants(t, v), organisationLanguage(tenant), renderer.refreshPartials(tenant.organisationId()))
          .compose(all -> {
            JsonObject data = ((JsonObject) all.resultAt(0)).copy().mergeIn(model == null ? new JsonObject() : model, true);
            List<Variant> variants = all.resultAt(1);
            if (variants.isEmpty()) {
              return Future.failedFuture(Problem.conflict("template " + id + " version " + v + " has no language variants to preview"));
            }
            List<String> wanted = new ArrayList<>();
            lang.ifPresent(wanted::add);
            Optional.ofNullable(data.getJsonObject("subscriber")).map(s -> s.getString("language")).ifPresent(wanted::add);
            wanted.add(all.resultAt(2));
            Variant main = TemplateRenderer.choose(variants, TemplateRenderer.chain(wanted)).orElseThrow();
            Engine.Origin origin = new Engine.Origin(tenant.organisationId(), id, v);
            List<TemplateRenderer.Job> jobs = new ArrayList<>();
            jobs.add(new TemplateRenderer.Job(origin, main, data));
            variants.forEach(x -> jobs.add(new TemplateRenderer.Job(origin, x, data)));
            return renderer.renderJobs(jobs).compose(results -> {
              TemplateRenderer.Result first = results.get(0);
              if (first.failure() != null) {
                return Future.failedFuture(Problem.invalid(first.failure().field, first.failure().getMessage()));
              }
              Map<String, Object> sms = new LinkedHashMap<>();
              for (int i = 1; i < results.size(); i++) {
                TemplateRenderer.Result r = results.get(i);
                String l = variants.get(i - 1).language();
                sms.put(l, r.failure() != null ? r.failure().describe()
                    : r.message().sms() == null ? null : SmsSegments.count(r.message().sms()));
              }
              return Future.succeededFuture(new Preview(id, v, first.message(), sms));
            });
          });
    });
  }

  // ---- for other features ----

  /**
   * A shipped template (e.g. {@code subscription-confirmation}) as a renderable template of the
   * organisation: the organisation's own template of that name if it has one (so it can reword
   * it), else the shipped one installed on first use.
   */
  public Future<TemplateRef> shippedTemplate(long organisationId, String name) {
    return shipped.compose(s -> {
      ShippedTemplates.Shipped st = s.get(name).orElse(null);
      if (st == null) {
        return Future.failedFuture(new IllegalArgumentException("no shipped template named " + name));
      }
      return byName(organisationId, name).compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
          : pool.withTransaction(conn -> insert(conn, organisationId, Optional.empty(), st.name(), st.kind(),
                  st.description(), byLanguage(st.variants()), null))
              .map(templateId -> new TemplateRef(templateId, 1))
              .recover(e -> SqlErrors.isUniqueViolation(e, "template_name")
                  ? byName(organisationId, name).map(Optional::orElseThrow) : Future.failedFuture(e)));
    });
  }

  // ---- helpers ----

  private Future<Optional<TemplateRef>> byName(long organisationId, String name) {
    return pool.preparedQuery("SELECT id, current_version FROM template"
            + " WHERE organisation_id = $1 AND lower(name) = lower($2) AND deleted_at IS NULL")
        .execute(Tuple.of(organisationId, name))
        .map(rows -> Db.first(rows, r -> new TemplateRef(r.getLong("id"), r.getInteger("current_version"))));
  }

  /** Validates on a worker (parsing is CPU work) against the organisation's current partials. */
  private Future<Void> checked(long organisationId, TemplateKind kind, Map<String, Variant> variants) {
    return renderer.refreshPartials(organisationId).compose(partials -> vertx.<List<FieldError>>executeBlocking(
            () -> VariantChecks.check(sandbox.org(organisationId), partials, kind, variants), false))
        .compose(errors -> errors.isEmpty() ? Future.<Void>succeededFuture() : Future.failedFuture(Problem.invalid(errors)));
  }

  private static Future<Long> insert(SqlConnection conn, long organisationId, Optional<Long> unitId, String name,
                                     TemplateKind kind, String description, Map<String, Variant> variants, Long tokenId) {
    return conn.preparedQuery("INSERT INTO template (organisation_id, unit_id, name, kind, description)"
            + " VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .execute(Tuple.of(organisationId, unitId.orElse(null), name, kind.code(), description))
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(id -> conn.preparedQuery("INSERT INTO template_version (organisation_id, template_id, version, created_by)"
                + " VALUES ($1, $2, 1, $3)")
            .execute(Tuple.of(organisationId, id, tokenId))
            .compose(r -> insertVariants(conn, organisationId, id, 1, variants.values()))
            .map(id));
  }

  private static Future<Void> insertVariants(SqlConnection conn, long organisationId, long templateId, int version,
                                             java.util.Collection<Variant> variants) {
    if (variants.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = variants.stream().map(v -> Tuple.of(organisationId, templateId, version,
        VariantChecks.canonicalLanguage(v.language()), v.layout(), v.subject())
        .addValue(v.preheader()).addValue(v.html()).addValue(v.text()).addValue(v.sms())).toList();
    return conn.preparedQuery("INSERT INTO template_variant (organisation_id, template_id, version, language, layout,"
            + " subject, preheader, html, text, sms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .executeBatch(batch).mapEmpty();
  }

  /** Copies the current version's variants except {@code language}, adds {@code replacement}, and moves the pointer. */
  private static Future<Integer> newVersion(SqlConnection conn, Tenant tenant, MessageTemplate t, String language,
                                            Variant replacement) {
    int next = t.currentVersion() + 1;
    long org = tenant.organisationId();
    return conn.preparedQuery("INSERT INTO template_version (organisation_id, template_id, version, created_by) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(org, t.id(), next, tenant.tokenId()))
        .compose(r -> conn.preparedQuery("""
                INSERT INTO template_variant (organisation_id, template_id, version, language, layout, subject, preheader, html, text, sms)
                SELECT organisation_id, template_id, $3, language, layout, subject, preheader, html, text, sms
                FROM template_variant WHERE organisation_id = $1 AND template_id = $2 AND version = $4
                  AND lower(language) <> lower($5)""")
            .execute(Tuple.of(org, t.id(), next, t.currentVersion(), language)))
        .compose(r -> replacement == null ? Future.succeededFuture() : insertVariants(conn, org, t.id(), next, List.of(replacement)))
        .compose(r -> conn.preparedQuery("UPDATE template SET current_version = $3, updated_at = now() WHERE organisation_id = $1 AND id = $2")
            .execute(Tuple.of(org, t.id(), next)))
        .map(next);
  }

  private Future<List<Variant>> versionVariants(MessageTemplate t, int version) {
    if (version < 1 || version > t.currentVersion()) {
      return Future.failedFuture(Problem.notFound("version", version + " of template " + t.id()));
    }
    return TemplateRenderer.variants(pool, new Engine.Origin(t.organisationId(), t.id(), version));
  }

  private static Future<MessageTemplate> visible(SqlClient client, Tenant tenant, long id, boolean lock) {
    return client.preparedQuery("SELECT " + MessageTemplate.COLUMNS + FROM + VISIBLE + " AND t.id = $3"
            + (lock ? " FOR UPDATE OF t" : ""))
        .execute(Tuple.of(tenant.organisationId(), tenant.scope(), id))
        .map(rows -> Db.first(rows, MessageTemplate::from).orElseThrow(() -> Problem.notFound("template", id)));
  }

  /** Organisation-wide templates are read-only for tokens limited to a unit. */
  private static void writable(Tenant tenant, MessageTemplate t) {
    if (tenant.scoped() && (t.unitId() == null || !tenant.covers(t.unitPath()))) {
      throw Problem.forbidden("a token limited to a unit can only change templates of that unit");
    }
  }

  private Future<Optional<Long>> unitFor(Tenant tenant, Optional<Optional<Long>> requested) {
    Optional<Long> unitId = requested.isPresent() ? requested.get() : Optional.ofNullable(tenant.unitId());
    if (unitId.isEmpty()) {
      return tenant.scoped()
          ? Future.failedFuture(Problem.invalid("unitId", "a token limited to a unit can only keep templates inside that unit"))
          : Future.succeededFuture(Optional.empty());
    }
    return UnitService.find(pool, tenant, unitId.get())
        .map(u -> Optional.of(u.orElseThrow(() -> Problem.invalid("unitId", "no unit " + unitId.get())).id()));
  }

  private static Throwable duplicateName(Throwable e, String name) {
    return SqlErrors.isUniqueViolation(e, "template_name") ? Problem.conflict("a template named \"" + name + "\" already exists") : e;
  }

  static String pathLanguage(String language) {
    String lang = VariantChecks.canonicalLanguage(language);
    if (lang == null) {
      throw Problem.invalid("language", "\"" + language + "\" is not a BCP 47 language tag such as en, pl or ur");
    }
    return lang;
  }

  private static Map<String, Variant> byLanguage(List<Variant> variants) {
    Map<String, Variant> m = new LinkedHashMap<>();
    variants.forEach(v -> m.put(v.language(), v));
    return m;
  }

  private Future<String> organisationLanguage(Tenant tenant) {
    return pool.preparedQuery("SELECT default_language FROM organisation WHERE id = $1").execute(Tuple.of(tenant.organisationId()))
        .map(rows -> Db.first(rows, r -> r.getString(0)).orElse("en"));
  }

  /** The subscriber table's row as template data: never anyone else's, and only inside the tenant's scope. */
  private Future<JsonObject> subscriberModel(Tenant tenant, long subscriberId) {
    return pool.preparedQuery("""
            SELECT s.id, s.name, s.email, s.phone, s.language, s.tags, s.attributes,
              u.name AS unit_name, u.address AS unit_address, u.phone AS unit_phone, u.email AS unit_email, u.logo_url AS unit_logo_url,
              u.path AS unit_path
            FROM subscriber s LEFT JOIN unit u ON u.organisation_id = s.organisation_id AND u.id = s.unit_id
            WHERE s.organisation_id = $1 AND s.id = $2""")
        .execute(Tuple.of(tenant.organisationId(), subscriberId))
        .map(rows -> {
          Row r = Db.first(rows, x -> x).filter(x -> !tenant.scoped() || tenant.covers(x.getString("unit_path")))
              .orElseThrow(() -> Problem.invalid("subscriberId", "no subscriber " + subscriberId));
          JsonObject model = sampleModel();
          String name = r.getString("name");
          model.put("subscriber", new JsonObject().put("id", r.getLong("id")).put("name", name)
              .put("firstName", name.isBlank() ? null : name.strip().split("\\s+")[0])
              .put("email", r.getString("email")).put("phone", r.getString("phone")).put("language", r.getString("language"))
              .put("tags", new JsonArray(Arrays.asList(r.getArrayOfStrings("tags"))))
              .put("attributes", r.getJsonObject("attributes")));
          if (r.getString("unit_name") != null) {
            model.put("unit", new JsonObject().put("name", r.getString("unit_name")).put("address", r.getString("unit_address"))
                .put("phone", r.getString("unit_phone")).put("email", r.getString("unit_email"))
                .put("logoUrl", r.getString("unit_logo_url")));
          }
          return model;
        });
  }

  /** Realistic sample data so every shipped template previews fully. */
  JsonObject sampleModel() {
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneId.of(ModelData.DEFAULT_ZONE)).plusDays(7);
    String start = day + "T10:00:00";
    String p = publicBaseUrl + "/p/";
    return new JsonObject()
        .put("subscriber", new JsonObject().put("firstName", "Sam").put("name", "Sam Taylor").put("language", "en")
            .put("email", "sam.taylor@example.org").put("tags", new JsonArray().add("new-parent")))
        .put("unit", new JsonObject().put("name", "Bacup Family Hub").put("address", "Rochdale Road, Bacup OL13 9NR")
            .put("phone", "01706 000 000").put("email", "bacup.hub@example.org"))
        .put("list", new JsonObject().put("name", "Family news").put("description", "What's on at the hub"))
        .put("campaign", new JsonObject().put("title", "Spring at Bacup Family Hub").put("summary", "New groups, a dads' breakfast and free swimming")
            .put("intro", "Spring is here and so are our new groups.")
            .put("items", new JsonArray()
                .add(new JsonObject().put("title", "Baby massage").put("body", "Six calm weeks for you and your baby, starting Tuesday.")
                    .put("link", p + "sample/baby-massage"))
                .add(new JsonObject().put("title", "Free swimming").put("body", "Under-fives swim free at Haslingden pool on Saturdays.")))
            .put("training", new JsonArray().add(new JsonObject().put("title", "Paediatric first aid").put("startsAt", day + "T18:30:00").put("venue", "Bacup Family Hub")))
            .put("sessions", new JsonArray().add(new JsonObject().put("title", "Dads' breakfast club").put("startsAt", day + "T09:30:00").put("venue", "Bacup Family Hub")))
            .put("contactName", "Dave"))
        .put("session", new JsonObject().put("title", "Stay and Play").put("startsAt", start).put("endsAt", day + "T11:30:00")
            .put("venue", new JsonObject().put("name", "Bacup Family Hub").put("address", "Rochdale Road, Bacup OL13 9NR"))
            .put("whatToBring", new JsonArray().add("A change of clothes").add("A drink for your child")))
        .put("links", new JsonObject().put("unsubscribe", p + "unsubscribe/sample").put("preferences", p + "preferences/sample")
            .put("viewInBrowser", p + "view/sample").put("confirm", p + "confirm/sample")
            .put("rsvp", p + "rsvp/sample").put("rsvpYes", p + "rsvp/sample?answer=yes").put("rsvpNo", p + "rsvp/sample?answer=no"));
  }
}
