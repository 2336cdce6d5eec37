package org.noticeboard.content;

import freemarker.core.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.noticeboard.accounts.Languages;
import org.noticeboard.errors.FieldError;

/**
 * What makes a set of variants savable: known languages, the parts a kind needs, sizes, a layout
 * that exists, and every part compiling in the sandbox. Errors name fields as
 * {@code variants.pl.html} with the line and column in the message. Blocking (parses): run on a worker.
 */
final class VariantChecks {
  static final Pattern PARTIAL_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  private VariantChecks() {}

  /** The canonical form of a language tag ({@code pt-br} → {@code pt-BR}), or null when it is not one. */
  static String canonicalLanguage(String tag) {
    if (tag == null || !Languages.valid(tag)) {
      return null;
    }
    return Locale.forLanguageTag(tag).toLanguageTag();
  }

  static List<FieldError> check(Sandbox.Org org, Partials partials, TemplateKind kind, Map<String, Variant> variants) {
    List<FieldError> errors = new ArrayList<>();
    variants.forEach((language, v) -> {
      String prefix = "variants." + language;
      if (canonicalLanguage(language) == null) {
        errors.add(new FieldError(prefix, "\"" + language + "\" is not a BCP 47 language tag such as en, pl or ur"));
        return;
      }
      boolean body = v.html() != null || v.text() != null;
      if (kind.partial()) {
        if (!body) {
          errors.add(new FieldError(prefix + ".html", "a " + kind.code() + " needs an html or a text part"));
        }
        if (v.layout() != null) {
          errors.add(new FieldError(prefix + ".layout", "a " + kind.code() + " cannot itself use a layout"));
        }
      } else {
        if (!body && v.sms() == null) {
          errors.add(new FieldError(prefix + ".html", "a variant needs at least an html, text or sms part"));
        }
        if (body && (v.subject() == null || v.subject().isBlank())) {
          errors.add(new FieldError(prefix + ".subject", "an email needs a subject"));
        }
      }
      if (v.layout() != null && !kind.partial()) {
        boolean known = partials.find(v.layout()).filter(p -> p.kind() == TemplateKind.LAYOUT).isPresent();
        if (!known) {
          errors.add(new FieldError(prefix + ".layout", "there is no layout named \"" + v.layout() + "\""));
        }
      }
      for (Part part : Part.values()) {
        String source = v.part(part);
        if (source == null) {
          continue;
        }
        String field = prefix + "." + part.code();
        if (source.length() > part.maxSource) {
          errors.add(new FieldError(field, "must be at most " + part.maxSource + " characters"));
          continue;
        }
        try {
          Sandbox.compile(org, part, field, source);
        } catch (ParseException | Sandbox.Forbidden e) {
          errors.add(new FieldError(field, Engine.describe(e)));
        } catch (Exception e) {
          errors.add(new FieldError(field, Engine.describe(e)));
        }
      }
    });
    return errors;
  }
}
