package org.noticeboard.content;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The templates Noticeboard ships (top-level {@code templates/}, packed into the jar). The index
 * {@code templates/templates.json} names each template, its kind, layout and languages; each
 * language lives in {@code templates/NAME/LANG.ftl}, split into parts by lines such as
 * {@code [[subject]]}, {@code [[html]]}, {@code [[text]]}, {@code [[sms]]}.
 */
final class ShippedTemplates {
  /** One shipped template with all its language variants. */
  record Shipped(String name, TemplateKind kind, String description, List<Variant> variants) {
    Partials.Partial asPartial() {
      return new Partials.Partial(name, kind, variants);
    }

    JsonObject toJson() {
      return new JsonObject().put("name", name).put("kind", kind.code()).put("description", description)
          .put("languages", new io.vertx.core.json.JsonArray(variants.stream().map(Variant::language).toList()));
    }
  }

  private static final Pattern MARKER = Pattern.compile("^\\[\\[(subject|preheader|html|text|sms)\\]\\]$", Pattern.MULTILINE);

  private final Map<String, Shipped> byName;

  private ShippedTemplates(Map<String, Shipped> byName) {
    this.byName = byName;
  }

  /** Reads the index and every file. Blocking: run it on a worker. */
  static ShippedTemplates load() {
    JsonObject index = new JsonObject(read("templates/templates.json"));
    Map<String, Shipped> out = new LinkedHashMap<>();
    for (Object o : index.getJsonArray("templates")) {
      JsonObject t = (JsonObject) o;
      String name = t.getString("name");
      List<Variant> variants = new ArrayList<>();
      for (Object lang : t.getJsonArray("languages")) {
        variants.add(parse((String) lang, t.getString("layout"), read("templates/" + name + "/" + lang + ".ftl")));
      }
      out.put(name, new Shipped(name, TemplateKind.parse(t.getString("kind")).orElseThrow(),
          t.getString("description", ""), List.copyOf(variants)));
    }
    return new ShippedTemplates(out);
  }

  Optional<Shipped> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  List<Shipped> all() {
    return List.copyOf(byName.values());
  }

  List<Partials.Partial> partials() {
    return byName.values().stream().filter(s -> s.kind().partial()).map(Shipped::asPartial).toList();
  }

  static Variant parse(String language, String layout, String file) {
    Map<String, String> parts = new LinkedHashMap<>();
    Matcher m = MARKER.matcher(file);
    String current = null;
    int start = 0;
    while (m.find()) {
      if (current != null) {
        parts.put(current, file.substring(start, m.start()).strip());
      }
      current = m.group(1);
      start = m.end();
    }
    if (current != null) {
      parts.put(current, file.substring(start).strip());
    }
    return new Variant(language, layout, parts.get("subject"), parts.get("preheader"), parts.get("html"),
        parts.get("text"), parts.get("sms"));
  }

  private static String read(String resource) {
    try (InputStream in = ShippedTemplates.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("shipped template file missing: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
