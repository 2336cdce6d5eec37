package org.noticeboard.content;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.noticeboard.db.Db;

/**
 * Renders messages from pinned template versions: reads the variants and the organisation's
 * partials with the reactive client, then renders on a worker thread (FreeMarker is blocking).
 * One bad message fails alone; the rest of the batch renders.
 */
public final class TemplateRenderer implements MessageRenderer {
  /** One variant to render, and its result: a message or a failure naming the field. */
  record Job(Engine.Origin origin, Variant variant, JsonObject model) {}

  record Result(RenderedMessage message, Engine.Failure failure) {}

  private final Vertx vertx;
  private final Pool pool;
  private final Engine engine;
  private final Future<ShippedTemplates> shipped;

  TemplateRenderer(Vertx vertx, Pool pool, Engine engine, Future<ShippedTemplates> shipped) {
    this.vertx = vertx;
    this.pool = pool;
    this.engine = engine;
    this.shipped = shipped;
  }

  @Override
  public Future<List<RenderOutcome>> render(List<RenderRequest> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Set<Long> orgs = new LinkedHashSet<>();
    Set<Engine.Origin> pins = new LinkedHashSet<>();
    batch.forEach(r -> {
      orgs.add(r.organisationId());
      pins.add(new Engine.Origin(r.organisationId(), r.templateId(), r.version()));
    });
    Map<Engine.Origin, List<Variant>> variants = new HashMap<>();
    List<Future<?>> loads = new ArrayList<>();
    orgs.forEach(org -> loads.add(refreshPartials(org)));
    pins.forEach(pin -> loads.add(variants(pool, pin).onSuccess(v -> {
      synchronized (variants) {
        variants.put(pin, v);
      }
    })));
    return Future.all(loads).compose(v -> vertx.executeBlocking(() -> {
      List<RenderOutcome> out = new ArrayList<>(batch.size());
      ModelData.Shared shared = new ModelData.Shared();
      for (RenderRequest r : batch) {
        Engine.Origin pin = new Engine.Origin(r.organisationId(), r.templateId(), r.version());
        Optional<Variant> variant = choose(variants.getOrDefault(pin, List.of()), chain(r.languages()));
        if (variant.isEmpty()) {
          out.add(RenderOutcome.failed("template " + r.templateId() + " version " + r.version() + " has no variants"));
          continue;
        }
        Result res = renderBlocking(new Job(pin, variant.get(), r.model()), shared);
        out.add(res.message() != null ? RenderOutcome.ok(res.message()) : RenderOutcome.failed(res.failure().describe()));
      }
      return out;
    }, false));
  }

  /** Renders jobs of one organisation whose partials are fresh (see {@link #refreshPartials}). */
  Future<List<Result>> renderJobs(List<Job> jobs) {
    return vertx.executeBlocking(() -> {
      ModelData.Shared shared = new ModelData.Shared();
      return jobs.stream().map(job -> renderBlocking(job, shared)).toList();
    }, false);
  }

  private Result renderBlocking(Job job, ModelData.Shared shared) {
    try {
      return new Result(engine.render(job.origin(), job.variant(), job.model(), shared), null);
    } catch (Engine.Failure f) {
      return new Result(null, f);
    }
  }

  /** Loads the organisation's layouts and macros (over the shipped ones) for the next renders. */
  Future<Partials> refreshPartials(long organisationId) {
    return shipped.compose(s -> pool.preparedQuery("""
            SELECT t.id, t.name, t.kind, v.language, v.layout, v.subject, v.preheader, v.html, v.text, v.sms
            FROM template t
            JOIN template_variant v ON v.organisation_id = t.organisation_id AND v.template_id = t.id
              AND v.version = t.current_version
            WHERE t.organisation_id = $1 AND t.deleted_at IS NULL AND t.kind IN ('layout', 'macros')
            ORDER BY t.id, v.language""")
        .execute(Tuple.of(organisationId))
        .map(rows -> {
          Map<Long, List<Row>> byTemplate = new java.util.LinkedHashMap<>();
          rows.forEach(row -> byTemplate.computeIfAbsent(row.getLong("id"), k -> new ArrayList<>()).add(row));
          List<Partials.Partial> own = byTemplate.values().stream().map(list -> new Partials.Partial(
              list.get(0).getString("name"), TemplateKind.parse(list.get(0).getString("kind")).orElseThrow(),
              list.stream().map(Variant::from).toList())).toList();
          Partials p = Partials.of(s.partials(), own);
          engine.sandbox().org(organisationId).partials.set(p);
          return p;
        }));
  }

  /** The variants of one pinned version, only within its organisation. */
  static Future<List<Variant>> variants(SqlClient client, Engine.Origin pin) {
    return client.preparedQuery("SELECT " + Variant.COLUMNS + " FROM template_variant"
            + " WHERE organisation_id = $1 AND template_id = $2 AND version = $3 ORDER BY language")
        .execute(Tuple.of(pin.organisationId(), pin.templateId(), pin.version()))
        .map(rows -> Db.list(rows, Variant::from));
  }

  /**
   * The languages to try, in order: each given tag, then its base language ({@code pt-BR} →
   * {@code pt}), and {@code en} last.
   */
  static List<String> chain(List<String> languages) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String tag : languages == null ? List.<String>of() : languages) {
      if (tag == null || tag.isBlank()) {
        continue;
      }
      Locale l = Locale.forLanguageTag(tag.strip());
      if (!l.getLanguage().isEmpty()) {
        out.add(l.toLanguageTag().toLowerCase(Locale.ROOT));
        out.add(l.getLanguage());
      }
    }
    out.add("en");
    return List.copyOf(out);
  }

  /** The first variant along the chain; a template with none of those languages falls back to its first variant. */
  static Optional<Variant> choose(List<Variant> variants, List<String> chain) {
    for (String tag : chain) {
      for (Variant v : variants) {
        if (v.language().equalsIgnoreCase(tag)) {
          return Optional.of(v);
        }
      }
    }
    return variants.stream().findFirst();
  }
}
