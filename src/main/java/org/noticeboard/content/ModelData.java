package org.noticeboard.content;

import freemarker.core.Environment;
import freemarker.template.SimpleDate;
import freemarker.template.TemplateDateModel;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a request's JSON model into the only things templates may see (maps, lists, strings,
 * numbers, booleans) and adds {@code now}, {@code language}, {@code dir} and the date helpers
 * {@code formatDate(value[, style])} and {@code formatTime(value[, style])}.
 */
final class ModelData {
  static final String DEFAULT_ZONE = "Europe/London";
  private static final Set<String> RTL = Set.of("ar", "fa", "he", "ur", "ps", "sd", "yi", "ckb", "dv", "ug");

  private ModelData() {}

  /**
   * The template forms of the values several models of one batch share (a campaign's content is the same
   * object in all its messages), each converted once. Scoped to one batch, whose models are no longer
   * changed; what it holds is only read by templates.
   */
  static final class Shared {
    private final IdentityHashMap<Object, Object> converted = new IdentityHashMap<>();

    private Object convert(Object v) {
      if (!(v instanceof JsonObject) && !(v instanceof JsonArray)) {
        return plainValue(v, null);
      }
      // by the map or list inside: reading a JsonObject wraps its nested maps in a new JsonObject each time
      Object key = v instanceof JsonObject o ? o.getMap() : ((JsonArray) v).getList();
      Object done = converted.get(key);
      if (done == null) {
        done = plainValue(v, this);
        converted.put(key, done);
      }
      return done;
    }
  }

  static Map<String, Object> build(JsonObject model, String language, Instant now) {
    return build(model, language, now, null);
  }

  /** @param shared conversions shared within a batch, or null */
  static Map<String, Object> build(JsonObject model, String language, Instant now, Shared shared) {
    // the top level is always a new map (the renderer adds to it); only the values below it are shared
    Map<String, Object> data = plain(model == null ? new JsonObject() : model, shared);
    data.put("now", new SimpleDate(Date.from(now), TemplateDateModel.DATETIME));
    data.put("language", language);
    data.put("dir", direction(language));
    data.put("formatDate", new Formatter(false));
    data.put("formatTime", new Formatter(true));
    return data;
  }

  static String direction(String language) {
    return RTL.contains(Locale.forLanguageTag(language).getLanguage()) ? "rtl" : "ltr";
  }

  static ZoneId zone(JsonObject model) {
    String z = model == null ? null : model.getString("timeZone");
    try {
      return z == null ? ZoneId.of(DEFAULT_ZONE) : ZoneId.of(z);
    } catch (DateTimeException | ClassCastException e) {
      return ZoneId.of(DEFAULT_ZONE);
    }
  }

  static Map<String, Object> plain(JsonObject json) {
    return plain(json, null);
  }

  private static Map<String, Object> plain(JsonObject json, Shared shared) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : json) {
      Object v = convert(e.getValue(), shared);
      if (v != null) {
        m.put(e.getKey(), v);
      }
    }
    return m;
  }

  /** A value in template form: converted once per batch when shared conversions are given. */
  private static Object convert(Object v, Shared shared) {
    return shared == null ? plainValue(v, null) : shared.convert(v);
  }

  private static Object plainValue(Object v, Shared shared) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Number) {
      return v;
    }
    if (v instanceof JsonObject o) {
      return plain(o, shared);
    }
    if (v instanceof Map<?, ?> map) {
      return plain(new JsonObject(castMap(map)), null);
    }
    if (v instanceof JsonArray a) {
      List<Object> out = new ArrayList<>(a.size());
      a.forEach(x -> out.add(convert(x, shared)));
      return out;
    }
    if (v instanceof List<?> l) {
      return plainValue(new JsonArray(new ArrayList<>(l)), null);
    }
    return v.toString(); // Instant, byte[] etc.: text, never a live Java object
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  /**
   * {@code formatDate(value[, style])}: value is an ISO date ({@code 2026-03-01}), date-time
   * ({@code 2026-03-01T09:30:00Z}, or without offset = local time) or a date; style is
   * {@code short|medium|long|full} or a pattern such as {@code EEEE d MMMM}. Uses the message's
   * language and the time zone (Europe/London unless the model says otherwise).
   */
  private static final class Formatter implements TemplateMethodModelEx {
    private final boolean time;

    Formatter(boolean time) {
      this.time = time;
    }

    @Override
    public Object exec(@SuppressWarnings("rawtypes") List args) throws TemplateModelException {
      if (args.isEmpty() || args.size() > 2) {
        throw new TemplateModelException((time ? "formatTime" : "formatDate") + " takes a value and an optional style");
      }
      Environment env = Environment.getCurrentEnvironment();
      ZoneId zone = env.getTimeZone().toZoneId();
      Locale locale = env.getLocale();
      TemporalAccessor value = temporal((TemplateModel) args.get(0), zone);
      String style = args.size() == 2 ? scalar((TemplateModel) args.get(1)) : (time ? "short" : "long");
      boolean dateOnly = value instanceof LocalDate;
      if (time && dateOnly) {
        throw new TemplateModelException("formatTime needs a date and time, not only a date");
      }
      DateTimeFormatter f = switch (style) {
        case "short", "medium", "long", "full" -> {
          FormatStyle fs = FormatStyle.valueOf(style.toUpperCase(Locale.ROOT));
          // LONG/FULL times need a zone name; MEDIUM keeps times readable
          FormatStyle ts = fs == FormatStyle.SHORT ? FormatStyle.SHORT : FormatStyle.MEDIUM;
          yield time ? DateTimeFormatter.ofLocalizedTime(ts) : DateTimeFormatter.ofLocalizedDate(fs);
        }
        default -> {
          try {
            yield DateTimeFormatter.ofPattern(style);
          } catch (IllegalArgumentException e) {
            throw new TemplateModelException("\"" + style + "\" is not a date pattern: " + e.getMessage());
          }
        }
      };
      try {
        return f.withLocale(locale).format(value);
      } catch (DateTimeException e) {
        throw new TemplateModelException("cannot format " + value + " with \"" + style + "\": " + e.getMessage());
      }
    }

    private static TemporalAccessor temporal(TemplateModel m, ZoneId zone) throws TemplateModelException {
      if (m instanceof TemplateDateModel d) {
        Date date = d.getAsDate();
        return d.getDateType() == TemplateDateModel.DATE
            ? LocalDate.ofInstant(date.toInstant(), zone) : ZonedDateTime.ofInstant(date.toInstant(), zone);
      }
      String s = scalar(m);
      try {
        if (s.length() == 10) {
          return LocalDate.parse(s);
        }
        if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:?\\d\\d$")) {
          return OffsetDateTime.parse(s).atZoneSameInstant(zone);
        }
        return LocalDateTime.parse(s).atZone(zone);
      } catch (DateTimeException e) {
        throw new TemplateModelException("\"" + s + "\" is not an ISO date or date-time");
      }
    }

    private static String scalar(TemplateModel m) throws TemplateModelException {
      if (m instanceof TemplateScalarModel s) {
        return s.getAsString();
      }
      throw new TemplateModelException("expected a text value");
    }
  }
}
