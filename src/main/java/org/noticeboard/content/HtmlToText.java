package org.noticeboard.content;

import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Derives the plain-text part of an email from its HTML: block elements become lines, links keep
 * their address as {@code text (url)}, list items get a dash, hidden elements (the preheader) and
 * styles are left out.
 */
final class HtmlToText {
  private static final Set<String> BLOCKS = Set.of("p", "div", "table", "tr", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
      "h6", "blockquote", "section", "article", "header", "footer", "hr", "li", "address", "center", "dl", "dt", "dd", "pre");
  private static final Set<String> SKIPPED = Set.of("head", "style", "script", "title", "template", "noscript");

  private HtmlToText() {}

  static String convert(String html) {
    Document doc = Jsoup.parse(html);
    StringBuilder out = new StringBuilder();
    walk(doc.body(), out);
    return tidy(out.toString());
  }

  private static void walk(Node node, StringBuilder out) {
    for (Node child : node.childNodes()) {
      if (child instanceof TextNode t) {
        out.append(t.text().replace('\u00a0', ' '));
      } else if (child instanceof Element e) {
        element(e, out);
      }
    }
  }

  private static void element(Element e, StringBuilder out) {
    String tag = e.normalName();
    if (SKIPPED.contains(tag) || hidden(e)) {
      return;
    }
    switch (tag) {
      case "br" -> out.append('\n');
      case "img" -> {
        if (!e.attr("alt").isBlank()) {
          out.append(e.attr("alt"));
        }
      }
      case "a" -> link(e, out);
      case "td", "th" -> {
        walk(e, out);
        out.append(' ');
      }
      default -> {
        boolean block = BLOCKS.contains(tag);
        if (block) {
          out.append('\n');
        }
        if (tag.equals("li")) {
          out.append("- ");
        }
        if (tag.equals("hr")) {
          out.append("----------");
        }
        walk(e, out);
        if (block && !tag.equals("li")) {
          boolean paragraph = tag.startsWith("h") || tag.equals("p") || tag.equals("ul") || tag.equals("ol");
          out.append(paragraph ? "\n\n" : "\n");
        }
      }
    }
  }

  private static void link(Element a, StringBuilder out) {
    StringBuilder inner = new StringBuilder();
    walk(a, inner);
    String text = inner.toString().strip();
    String href = a.attr("href").strip();
    if (href.isEmpty() || href.startsWith("#") || href.equals(text) || href.equals("mailto:" + text)) {
      out.append(text);
    } else if (text.isEmpty()) {
      out.append(href);
    } else {
      out.append(text).append(" (").append(href).append(')');
    }
  }

  private static boolean hidden(Element e) {
    String style = e.attr("style").toLowerCase(Locale.ROOT).replace(" ", "");
    return style.contains("display:none") || e.hasAttr("hidden");
  }

  /** Runs of spaces, tabs and other blanks become one space; the ends are trimmed. */
  private static String collapseSpaces(String line) {
    StringBuilder b = new StringBuilder(line.length());
    boolean space = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r') {
        space = b.length() > 0;
      } else {
        if (space) {
          b.append(' ');
          space = false;
        }
        b.append(c);
      }
    }
    return b.toString().strip();
  }

  /** Collapses runs of spaces, trims every line, and keeps at most one blank line in a row. */
  private static String tidy(String s) {
    StringBuilder out = new StringBuilder();
    int blank = 0;
    for (String line : s.split("\n", -1)) {
      String l = collapseSpaces(line);
      if (l.isEmpty()) {
        blank++;
        continue;
      }
      if (out.length() > 0) {
        out.append(blank > 0 ? "\n\n" : "\n");
      }
      blank = 0;
      out.append(l);
    }
    return out.toString();
  }
}
