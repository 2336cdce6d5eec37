package org.noticeboard.content;

import freemarker.core.Environment;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.ParseException;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateModelException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Renders one language variant into a message. Blocking: call it on a worker thread, never on an
 * event loop. Every part is bounded in size, and a watchdog interrupts a render that runs past the
 * time limit, checking every 100 ms (FreeMarker checks the interrupt flag in loops and before each
 * instruction).
 */
final class Engine {
  static final int MAX_PART_CHARS = 512 * 1024;
  static final long TIME_LIMIT_MS = 2000;

  /** Why a variant could not be rendered, pointing at the field to fix (e.g. {@code variants.pl.html}). */
  static final class Failure extends Exception {
    final String field;

    Failure(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }

    String describe() {
      return field + ": " + getMessage();
    }
  }

  /** Where a variant comes from: a stored version (compiled once and cached) or unsaved text (preview of a draft). */
  record Origin(long organisationId, long templateId, int version) {
    boolean stored() {
      return templateId > 0;
    }
  }

  /** Renders in progress, by thread; checked by {@link #WATCHDOG}. */
  private static final ConcurrentHashMap<Thread, Running> RUNNING = new ConcurrentHashMap<>();
  private static final long WATCHDOG_PERIOD_MS = 100;
  /**
   * One periodic check interrupts renders past their time limit, rather than an alarm scheduled and
   * cancelled for every message (thousands a second during a campaign).
   */
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "nb-render-watchdog");
    t.setDaemon(true);
    return t;
  });

  static {
    WATCHDOG.scheduleAtFixedRate(() -> {
      try {
        long now = System.nanoTime();
        RUNNING.forEach((thread, running) -> running.interruptIfLate(thread, now));
      } catch (RuntimeException e) {
        // a periodic task that throws is never run again: the watchdog must outlive anything odd
      }
    }, WATCHDOG_PERIOD_MS, WATCHDOG_PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  /** One render's deadline; once done, the watchdog leaves its thread alone (it may be rendering the next one). */
  private static final class Running {
    private final long deadline;
    private boolean done;

    Running(long deadline) {
      this.deadline = deadline;
    }

    synchronized void interruptIfLate(Thread thread, long now) {
      if (!done && now - deadline > 0) {
        thread.interrupt();
      }
    }

    synchronized void finish() {
      done = true;
    }
  }

  private final Sandbox sandbox;
  private final Clock clock;

  Engine(Sandbox sandbox, Clock clock) {
    this.sandbox = sandbox;
    this.clock = clock;
  }

  Sandbox sandbox() {
    return sandbox;
  }

  RenderedMessage render(Origin origin, Variant v, JsonObject model) throws Failure {
    return render(origin, v, model, null);
  }

  /** @param shared conversions of model values shared by one batch's messages, or null */
  RenderedMessage render(Origin origin, Variant v, JsonObject model, ModelData.Shared shared) throws Failure {
    Thread thread = Thread.currentThread();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIME_LIMIT_MS);
    Running running = new Running(deadline);
    RUNNING.put(thread, running);
    try {
      return renderParts(origin, v, model, shared, deadline);
    } finally {
      running.finish();
      RUNNING.remove(thread, running);
      Thread.interrupted(); // never leave a pooled worker thread interrupted
    }
  }

  private RenderedMessage renderParts(Origin origin, Variant v, JsonObject model, ModelData.Shared shared, long deadline)
      throws Failure {
    Sandbox.Org org = sandbox.org(origin.organisationId());
    Locale locale = formattingLocale(v.language());
    ZoneId zone = ModelData.zone(model);
    Map<String, Object> data = ModelData.build(model, v.language(), clock.instant(), shared);

    String subject;
    String preheader;
    if (model != null && model.getValue("discreet") instanceof JsonObject neutral) {
      // a sensitive list's message: the layout's <title> and hidden preview line must not carry the
      // template's own subject and preheader (inbox previews show that line), so those are not rendered
      subject = neutral.getString("subject", "");
      preheader = neutral.getString("preheader", "");
    } else {
      subject = oneLine(part(origin, org, v, Part.SUBJECT, data, locale, zone, deadline));
      preheader = oneLine(part(origin, org, v, Part.PREHEADER, data, locale, zone, deadline));
    }
    data.put("subject", subject == null ? "" : subject);
    data.put("preheader", preheader == null ? "" : preheader);

    String content = part(origin, org, v, Part.HTML, data, locale, zone, deadline);
    String html = content;
    if (html != null && v.layout() != null) {
      Map<String, Object> layoutData = new HashMap<>(data);
      layoutData.put("content", markup(html));
      html = layout(org, v, Part.HTML, layoutData, locale, zone, deadline);
    }
    String text = part(origin, org, v, Part.TEXT, data, locale, zone, deadline);
    boolean textLayout = v.layout() != null && layoutHasText(org, v.layout());
    if (text == null && content != null && textLayout) {
      // no text part of its own: the content's HTML as text, inside the layout's own text (its footer and
      // links written for text), which also spares converting the whole layout's HTML for every message
      text = HtmlToText.convert(content);
    }
    if (text != null && textLayout) {
      Map<String, Object> layoutData = new HashMap<>(data);
      layoutData.put("content", text);
      text = layout(org, v, Part.TEXT, layoutData, locale, zone, deadline);
    }
    if (text == null && html != null) {
      text = HtmlToText.convert(html);
    }
    String sms = part(origin, org, v, Part.SMS, data, locale, zone, deadline);
    return new RenderedMessage(v.language(), subject, preheader, html, text == null ? null : text.strip(),
        sms == null ? null : sms.strip());
  }

  private String part(Origin origin, Sandbox.Org org, Variant v, Part part, Map<String, Object> data, Locale locale,
                      ZoneId zone, long deadline) throws Failure {
    String source = v.part(part);
    if (source == null) {
      return null;
    }
    String field = field(v, part);
    try {
      Template t = origin.stored()
          ? sandbox.compiled(new Sandbox.Key(origin.organisationId(), origin.templateId(), origin.version(), v.language(), part), field, source)
          : Sandbox.compile(org, part, field, source);
      return process(t, data, locale, zone, deadline);
    } catch (Throwable e) {
      throw new Failure(field, describe(e));
    }
  }

  private String layout(Sandbox.Org org, Variant v, Part part, Map<String, Object> data, Locale locale, ZoneId zone,
                        long deadline) throws Failure {
    try {
      Template t = org.forPart(part).getTemplate(v.layout(), locale);
      return process(t, data, locale, zone, deadline);
    } catch (Throwable e) {
      throw new Failure(field(v, part), "in layout \"" + v.layout() + "\": " + describe(e));
    }
  }

  private static boolean layoutHasText(Sandbox.Org org, String layout) {
    return org.partials.get().find(layout).map(p -> p.variants().stream().anyMatch(x -> x.text() != null)).orElse(false);
  }

  private static String process(Template t, Map<String, Object> data, Locale locale, ZoneId zone, long deadline)
      throws IOException, TemplateException {
    BoundedWriter out = new BoundedWriter(MAX_PART_CHARS, deadline);
    Environment env = t.createProcessingEnvironment(data, out);
    env.setLocale(locale);
    env.setTimeZone(TimeZone.getTimeZone(zone));
    env.process();
    return out.toString();
  }

  private static Object markup(String html) {
    try {
      return HTMLOutputFormat.INSTANCE.fromMarkup(html);
    } catch (TemplateModelException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Dates and times follow the message's language; plain English is British English here. */
  static Locale formattingLocale(String language) {
    Locale l = Locale.forLanguageTag(language);
    return l.getLanguage().equals("en") && l.getCountry().isEmpty() ? Locale.UK : l;
  }

  static String field(Variant v, Part part) {
    return "variants." + v.language() + "." + part.code();
  }

  private static String oneLine(String s) {
    return s == null ? null : s.replaceAll("\\s+", " ").strip();
  }

  /** A short, stack-free account of what went wrong, with the line and column where known. */
  static String describe(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof BoundedWriter.Exceeded) {
        return c.getMessage();
      }
      if (c.getClass().getName().endsWith("TemplateProcessingThreadInterruptedException") || c instanceof InterruptedException) {
        return "rendering took longer than " + TIME_LIMIT_MS / 1000 + " seconds and was stopped";
      }
      if (c instanceof StackOverflowError) {
        return "macros or includes call each other too deeply";
      }
      if (c instanceof OutOfMemoryError) {
        return "the template builds values too large to render";
      }
      if (c instanceof Sandbox.Forbidden f) {
        return at(f.line, f.column, f.getMessage());
      }
    }
    if (e instanceof ParseException p) {
      return at(p.getLineNumber(), p.getColumnNumber(), clean(p.getEditorMessage()));
    }
    if (e instanceof TemplateException t) {
      String msg = clean(t.getMessageWithoutStackTop());
      return t.getLineNumber() == null ? msg : at(t.getLineNumber(), t.getColumnNumber(), msg);
    }
    return clean(String.valueOf(e.getMessage()));
  }

  private static String at(Integer line, Integer column, String message) {
    return "line " + line + ", column " + column + ": " + message;
  }

  /** FreeMarker's messages carry tips after a "----" rule and Java details we do not show. */
  private static String clean(String message) {
    if (message == null) {
      return "invalid template";
    }
    int tips = message.indexOf("\n----");
    String m = (tips >= 0 ? message.substring(0, tips) : message).replaceAll("\\s+", " ").strip();
    return m.length() > 600 ? m.substring(0, 600) + "…" : m;
  }
}
