package org.noticeboard.content;

import freemarker.cache.MruCacheStorage;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.core.TemplateElement;
import freemarker.core._CoreAPI;
import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.Version;
import freemarker.ext.beans.BeansWrapper;
import java.io.IOException;
import java.io.StringReader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FreeMarker locked down for templates written by users. Each organisation gets its own pair of
 * configurations (HTML with auto-escaping; plain text) whose loader sees only that organisation's
 * partials. Nothing can instantiate classes ({@code ?new}), reach Java APIs ({@code ?api}), call
 * methods on Java objects (the wrapper accepts only maps, lists, strings, numbers, booleans and
 * dates) or evaluate strings as templates ({@code ?eval}, {@code ?interpret} are refused at parse).
 * Every template gets thread-interruption checks so the render watchdog can stop runaway loops.
 */
final class Sandbox {
  static final Version VERSION = Configuration.VERSION_2_3_34;
  private static final Pattern FORBIDDEN = Pattern.compile("\\?\\s*(eval|interpret|new|api|has_api|hasApi)\\b");
  private static final int COMPILED_CACHE_SIZE = 2000;

  /** The two configurations and the partials snapshot of one organisation. */
  static final class Org {
    final AtomicReference<Partials> partials = new AtomicReference<>(Partials.EMPTY);
    final Configuration html = configuration(new PartialLoader(partials, true), true);
    final Configuration text = configuration(new PartialLoader(partials, false), false);

    Configuration forPart(Part part) {
      return part.html() ? html : text;
    }
  }

  /** A compiled part of a stored version; versions never change, so the key never goes stale. */
  record Key(long organisationId, long templateId, int version, String language, Part part) {}

  private final Map<Long, Org> orgs = new ConcurrentHashMap<>();
  private final Map<Key, Template> compiled = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Template> eldest) {
      return size() > COMPILED_CACHE_SIZE;
    }
  });

  Org org(long organisationId) {
    return orgs.computeIfAbsent(organisationId, id -> new Org());
  }

  /** A stored part, compiled once. */
  Template compiled(Key key, String field, String source) throws IOException {
    Template t = compiled.get(key);
    if (t == null) {
      t = compile(org(key.organisationId()), key.part(), field, source);
      compiled.put(key, t);
    }
    return t;
  }

  /**
   * Parses one part (named by its field, e.g. {@code variants.pl.html}, so errors point at it),
   * refuses forbidden built-ins and adds the interruption checks.
   */
  static Template compile(Org org, Part part, String field, String source) throws IOException {
    Template t = new Template(field, new StringReader(source), org.forPart(part));
    checkAllowed(t);
    _CoreAPI.addThreadInterruptedChecks(t);
    return t;
  }

  /** The first forbidden built-in used outside plain text, as a parse-style error. */
  static void checkAllowed(Template t) throws Forbidden {
    Optional<Forbidden> f = findForbidden(t.getRootTreeNode(), t.getName());
    if (f.isPresent()) {
      throw f.get();
    }
  }

  private static Optional<Forbidden> findForbidden(TemplateElement e, String name) {
    if (!"TextBlock".equals(e.getNodeName())) {
      Matcher m = FORBIDDEN.matcher(e.getDescription());
      if (m.find()) {
        return Optional.of(new Forbidden(name, e.getBeginLine(), e.getBeginColumn(), "?" + m.group(1)));
      }
    }
    for (int i = 0; i < e.getChildCount(); i++) {
      Optional<Forbidden> f = findForbidden((TemplateElement) e.getChildAt(i), name);
      if (f.isPresent()) {
        return f;
      }
    }
    return Optional.empty();
  }

  /** A template used a built-in the sandbox does not allow. */
  static final class Forbidden extends IOException {
    final int line;
    final int column;

    Forbidden(String template, int line, int column, String builtIn) {
      super(builtIn + " is not allowed in templates (in " + template + ")", null);
      this.line = line;
      this.column = column;
    }
  }

  private static Configuration configuration(PartialLoader loader, boolean html) {
    Configuration c = new SandboxedConfiguration();
    c.setDefaultEncoding("UTF-8");
    c.setOutputEncoding("UTF-8");
    c.setOutputFormat(html ? HTMLOutputFormat.INSTANCE : PlainTextOutputFormat.INSTANCE);
    c.setRecognizeStandardFileExtensions(false);
    c.setTemplateLoader(loader);
    c.setLocalizedLookup(true);
    c.setTemplateUpdateDelayMilliseconds(0); // partials are in memory; a changed one must show at once
    c.setCacheStorage(new MruCacheStorage(50, 500));
    c.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    c.setAPIBuiltinEnabled(false);
    c.setObjectWrapper(wrapper());
    c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    c.setAttemptExceptionReporter((te, env) -> { });
    c.setLogTemplateExceptions(false);
    c.setWrapUncheckedExceptions(true);
    c.setFallbackOnNullLoopVariable(false);
    c.setLocale(Locale.UK);
    c.setTimeZone(java.util.TimeZone.getTimeZone(ModelData.DEFAULT_ZONE));
    c.setNumberFormat("computer");
    c.setBooleanFormat("c");
    c.setURLEscapingCharset("UTF-8");
    return c;
  }

  /** Wraps only plain data; any other Java object is refused rather than exposed. */
  private static SimpleObjectWrapper wrapper() {
    SimpleObjectWrapper w = new SimpleObjectWrapper(VERSION);
    w.setExposureLevel(BeansWrapper.EXPOSE_NOTHING);
    w.setExposeFields(false);
    w.setDOMNodeSupport(false);
    w.setJythonSupport(false);
    w.writeProtect();
    return w;
  }

  /** Applies the same checks to every partial FreeMarker loads for an include or import. */
  private static final class SandboxedConfiguration extends Configuration {
    private final Set<Template> checked = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    SandboxedConfiguration() {
      super(VERSION);
    }

    @Override
    public Template getTemplate(String name, Locale locale, Object customLookupCondition, String encoding,
                                boolean parseAsFTL, boolean ignoreMissing) throws IOException {
      Template t = super.getTemplate(name, locale, customLookupCondition, encoding, parseAsFTL, ignoreMissing);
      if (t != null && !checked.contains(t)) {
        synchronized (t) {
          if (!checked.contains(t)) {
            checkAllowed(t);
            _CoreAPI.addThreadInterruptedChecks(t);
            checked.add(t);
          }
        }
      }
      return t;
    }
  }
}
