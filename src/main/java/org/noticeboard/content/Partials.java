package org.noticeboard.content;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The layouts and macros one organisation's templates may import, by name: the shipped ones,
 * overridden by the organisation's own of the same name. An immutable snapshot; the renderer
 * takes a fresh one before each batch.
 */
final class Partials {
  /** One importable template: its kind and its current variants. */
  record Partial(String name, TemplateKind kind, List<Variant> variants) {
    /** The variant for a language tag, or with no tag the English one (else the first). */
    Optional<Variant> variant(String language) {
      if (language == null) {
        return variants.stream().filter(v -> v.language().equalsIgnoreCase("en")).findFirst()
            .or(() -> variants.stream().min(Comparator.comparing(Variant::language)));
      }
      return variants.stream().filter(v -> v.language().equalsIgnoreCase(language)).findFirst();
    }
  }

  static final Partials EMPTY = new Partials(Map.of());

  private final Map<String, Partial> byName;

  private Partials(Map<String, Partial> byName) {
    this.byName = byName;
  }

  /** The shipped partials with the organisation's own laid over them. */
  static Partials of(List<Partial> shipped, List<Partial> organisation) {
    Map<String, Partial> m = new HashMap<>();
    shipped.forEach(p -> m.put(key(p.name()), p));
    organisation.forEach(p -> m.put(key(p.name()), p));
    return new Partials(Map.copyOf(m));
  }

  Optional<Partial> find(String name) {
    return Optional.ofNullable(byName.get(key(name)));
  }

  /**
   * The source FreeMarker asks for under a localized name such as {@code base-email_pt_BR}: html
   * templates get the html part; text templates get the text part, or for macros the html part
   * when there is no text one (a layout without text never wraps text).
   */
  Optional<String> source(String localizedName, boolean htmlPurpose) {
    int us = localizedName.indexOf('_');
    String name = us < 0 ? localizedName : localizedName.substring(0, us);
    String language = us < 0 ? null : localizedName.substring(us + 1).replace('_', '-');
    return find(name).flatMap(p -> p.variant(language).map(v -> {
      if (htmlPurpose) {
        return v.html();
      }
      return v.text() != null || p.kind() == TemplateKind.LAYOUT ? v.text() : v.html();
    }));
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
