package org.noticeboard.web;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.TemplateExceptionHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * Server-rendered public pages (unsubscribe, preferences, subscribe, confirm, view in browser) in
 * the person's language. Templates are ours ({@code src/main/resources/pages}, auto-escaped HTML);
 * words come from {@code pages/messages_<lang>.properties}, falling back to English. Rendering
 * runs on a worker thread because FreeMarker reads templates with blocking I/O on first use.
 */
public final class Pages {
  private static final Set<String> RIGHT_TO_LEFT = Set.of("ar", "ur", "fa", "he", "ps");
  private final Vertx vertx;
  private final Configuration freemarker;

  public Pages(Vertx vertx) {
    this.vertx = vertx;
    Configuration c = new Configuration(Configuration.VERSION_2_3_34);
    c.setTemplateLoader(new ClassTemplateLoader(Pages.class, "/pages"));
    c.setDefaultEncoding("UTF-8");
    c.setOutputEncoding("UTF-8");
    c.setOutputFormat(HTMLOutputFormat.INSTANCE);
    c.setRecognizeStandardFileExtensions(true);
    c.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    c.setAPIBuiltinEnabled(false);
    c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    c.setLogTemplateExceptions(false);
    c.setFallbackOnNullLoopVariable(false);
    this.freemarker = c;
  }

  /** Languages the pages have words in. */
  /** Languages a person can choose on the public pages (sign-up, preferences), each in its own name. */
  public static final Map<String, String> OFFERED_LANGUAGES = new LinkedHashMap<>();

  static {
    OFFERED_LANGUAGES.put("en", "English");
    OFFERED_LANGUAGES.put("pl", "Polski");
    OFFERED_LANGUAGES.put("ur", "اردو");
    OFFERED_LANGUAGES.put("bn", "বাংলা");
    OFFERED_LANGUAGES.put("pa", "ਪੰਜਾਬੀ");
    OFFERED_LANGUAGES.put("ar", "العربية");
    OFFERED_LANGUAGES.put("so", "Soomaali");
    OFFERED_LANGUAGES.put("ro", "Română");
    OFFERED_LANGUAGES.put("lt", "Lietuvių");
    OFFERED_LANGUAGES.put("pt", "Português");
    OFFERED_LANGUAGES.put("es", "Español");
    OFFERED_LANGUAGES.put("tr", "Türkçe");
  }

  public static final Set<String> LANGUAGES = Set.of("en", "pl", "ur");

  /** {@code language} when the pages have its words (also by base language: {@code pl-PL} gives {@code pl}), else English. */
  public static String supported(String language) {
    if (language == null || language.isBlank()) {
      return "en";
    }
    String base = Locale.forLanguageTag(language).getLanguage();
    return LANGUAGES.contains(base) ? base : "en";
  }

  private static final Map<String, Map<String, String>> WORDS = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Reads the words of every shipped language (classpath I/O). Called once at start-up off the event
   * loop, so page handlers only ever look words up in memory.
   */
  public static void preload() {
    LANGUAGES.forEach(Pages::words);
  }

  /** The words of a page in {@code language} (or its base language), English where a word is missing. */
  public static Map<String, String> words(String language) {
    return WORDS.computeIfAbsent(supported(language), Pages::load);
  }

  private static Map<String, String> load(String language) {
    ResourceBundle.Control plain = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    Map<String, String> words = new HashMap<>();
    ResourceBundle english = ResourceBundle.getBundle("pages.messages", Locale.ROOT, plain);
    english.keySet().forEach(k -> words.put(k, english.getString(k)));
    if (!"en".equals(language)) {
      ResourceBundle chosen = ResourceBundle.getBundle("pages.messages", Locale.forLanguageTag(language), plain);
      chosen.keySet().forEach(k -> words.put(k, chosen.getString(k)));
    }
    return Map.copyOf(words);
  }

  public Future<String> render(String page, String language, Map<String, Object> model) {
    return vertx.executeBlocking(() -> {
      Map<String, Object> data = new HashMap<>(model);
      String lang = supported(language);
      data.put("t", words(lang));
      data.put("lang", lang);
      data.put("dir", RIGHT_TO_LEFT.contains(Locale.forLanguageTag(lang).getLanguage()) ? "rtl" : "ltr");
      StringWriter out = new StringWriter();
      freemarker.getTemplate(page + ".ftlh").process(data, out);
      return out.toString();
    }, false);
  }

  /** A short page of one heading and one sentence, both words of {@code language} named by key. */
  public void notice(RoutingContext ctx, int status, String language, String headingKey, String bodyKey) {
    Map<String, String> t = words(language);
    respond(ctx, status, "notice", language, Map.of("heading", t.get(headingKey), "body", t.get(bodyKey)));
  }

  /** The page for a link that is bad, expired, tampered with or no longer leads anywhere. */
  public void invalidLink(RoutingContext ctx) {
    notice(ctx, 404, "en", "invalid_link_title", "invalid_link_body");
  }

  /** Renders a page as the response; pages are never cached and never framed. */
  public void respond(RoutingContext ctx, int status, String page, String language, Map<String, Object> model) {
    render(page, language, model).onSuccess(html -> ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; form-action 'self'")
        .end(html)).onFailure(ctx::fail);
  }
}
