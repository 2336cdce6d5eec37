package org.noticeboard.content;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import org.jsoup.nodes.Entities;

/**
 * Derives the plain-text part of an email from its HTML: block elements become lines, links keep
 * their address as {@code text (url)}, list items get a dash, hidden elements (the preheader), the
 * head, styles and scripts are left out.
 *
 * <p>A single pass over the tags, not a document tree: this runs for every message of a campaign and
 * building a full HTML5 tree cost more than rendering the template. Only the text is derived here;
 * nothing of it is ever shown as HTML, so a lenient reading of odd markup is harmless. Named entities
 * are looked up in jsoup's table.
 */
final class HtmlToText {
  private static final Set<String> BLOCKS = Set.of("p", "div", "table", "tr", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
      "h6", "blockquote", "section", "article", "header", "footer", "hr", "li", "address", "center", "dl", "dt", "dd", "pre");
  private static final Set<String> PARAGRAPHS = Set.of("p", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6");
  private static final Set<String> SKIPPED = Set.of("head", "style", "script", "title", "template", "noscript");
  /** Their content is text up to their end tag, never markup. */
  private static final Set<String> RAW = Set.of("style", "script", "title", "textarea", "xmp");
  private static final Set<String> VOID = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input", "link",
      "meta", "source", "track", "wbr");

  private final String html;
  private final StringBuilder out;
  private final Deque<Link> links = new ArrayDeque<>();
  private int pos;
  private boolean paragraphOpen;

  private record Link(int start, String href) {}

  private record Tag(String name, boolean end, boolean selfClosing, String href, String alt, boolean hidden) {}

  private HtmlToText(String html) {
    this.html = html;
    this.out = new StringBuilder(html.length());
  }

  static String convert(String html) {
    HtmlToText c = new HtmlToText(html);
    c.run();
    return tidy(c.out);
  }

  private void run() {
    while (pos < html.length()) {
      int lt = nextTagStart(pos);
      if (lt > pos) {
        text(pos, lt);
      }
      if (lt >= html.length()) {
        return;
      }
      pos = lt;
      Tag tag = readTag();
      if (tag == null) {
        continue;
      }
      if (tag.end()) {
        end(tag.name());
      } else {
        start(tag);
      }
    }
  }

  /** The next '<' that starts a tag, comment or declaration; the end of the input if none. */
  private int nextTagStart(int from) {
    int i = from;
    while ((i = html.indexOf('<', i)) >= 0) {
      if (i + 1 < html.length()) {
        char c = html.charAt(i + 1);
        if (Character.isLetter(c) || c == '/' || c == '!' || c == '?') {
          return i;
        }
      }
      i++;
    }
    return html.length();
  }

  /** Reads the tag at {@code pos} and moves past it; comments and declarations are skipped (null). */
  private Tag readTag() {
    if (html.startsWith("<!--", pos)) {
      int close = html.indexOf("-->", pos + 4);
      pos = close < 0 ? html.length() : close + 3;
      return null;
    }
    char kind = html.charAt(pos + 1);
    if (kind == '!' || kind == '?') {
      int close = html.indexOf('>', pos);
      pos = close < 0 ? html.length() : close + 1;
      return null;
    }
    boolean end = kind == '/';
    int i = pos + (end ? 2 : 1);
    int nameStart = i;
    while (i < html.length() && !isSpace(html.charAt(i)) && html.charAt(i) != '>' && html.charAt(i) != '/') {
      i++;
    }
    String name = html.substring(nameStart, i).toLowerCase(Locale.ROOT);
    String href = null;
    String alt = null;
    boolean hidden = false;
    boolean selfClosing = false;
    while (i < html.length() && html.charAt(i) != '>') {
      char c = html.charAt(i);
      if (isSpace(c)) {
        i++;
        continue;
      }
      if (c == '/') {
        selfClosing = true;
        i++;
        continue;
      }
      selfClosing = false;
      int attrStart = i;
      while (i < html.length() && !isSpace(html.charAt(i)) && html.charAt(i) != '=' && html.charAt(i) != '>'
          && !(html.charAt(i) == '/' && i + 1 < html.length() && html.charAt(i + 1) == '>')) {
        i++;
      }
      int attrEnd = i;
      while (i < html.length() && isSpace(html.charAt(i))) {
        i++;
      }
      int valueStart = i;
      int valueEnd = i;
      if (i < html.length() && html.charAt(i) == '=') {
        i++;
        while (i < html.length() && isSpace(html.charAt(i))) {
          i++;
        }
        if (i < html.length() && (html.charAt(i) == '"' || html.charAt(i) == '\'')) {
          char quote = html.charAt(i);
          int close = html.indexOf(quote, i + 1);
          valueStart = i + 1;
          valueEnd = close < 0 ? html.length() : close;
          i = close < 0 ? html.length() : close + 1;
        } else {
          valueStart = i;
          while (i < html.length() && !isSpace(html.charAt(i)) && html.charAt(i) != '>') {
            i++;
          }
          valueEnd = i;
        }
      }
      // only these attributes matter for the text; the others are never copied out
      if (isAttribute(attrStart, attrEnd, "href")) {
        href = unescape(html.substring(valueStart, valueEnd));
      } else if (isAttribute(attrStart, attrEnd, "alt")) {
        alt = unescape(html.substring(valueStart, valueEnd));
      } else if (isAttribute(attrStart, attrEnd, "style")) {
        hidden |= displayNone(valueStart, valueEnd);
      } else if (isAttribute(attrStart, attrEnd, "hidden")) {
        hidden = true;
      }
    }
    pos = Math.min(html.length(), i + 1);
    return new Tag(name, end, selfClosing, href, alt, hidden);
  }

  private void start(Tag tag) {
    String name = tag.name();
    boolean empty = tag.selfClosing() || VOID.contains(name);
    if (SKIPPED.contains(name) || tag.hidden()) {
      if (!empty) {
        skipElement(name);
      }
      return;
    }
    if (RAW.contains(name)) { // e.g. textarea: its text, as text
      int close = indexOfIgnoreCase("</" + name, pos);
      text(pos, close);
      pos = close;
      return;
    }
    switch (name) {
      case "br" -> out.append('\n');
      case "img" -> {
        if (tag.alt() != null && !tag.alt().isBlank()) {
          out.append(tag.alt());
        }
      }
      case "a" -> {
        if (!empty) {
          links.push(new Link(out.length(), tag.href() == null ? "" : tag.href().strip()));
        }
      }
      default -> {
        if (BLOCKS.contains(name)) {
          if (paragraphOpen && !name.equals("li")) { // a block closes an open <p> (HTML's implied end tag)
            end("p");
          }
          paragraphOpen = name.equals("p") && !empty;
          out.append('\n');
          if (name.equals("li")) {
            out.append("- ");
          }
          if (name.equals("hr")) {
            out.append("----------");
          }
          if (empty) {
            end(name);
          }
        }
      }
    }
  }

  private void end(String name) {
    switch (name) {
      case "a" -> {
        if (links.isEmpty()) {
          return;
        }
        Link link = links.pop();
        String text = out.substring(Math.min(link.start(), out.length())).strip();
        out.setLength(Math.min(link.start(), out.length()));
        String href = link.href();
        if (href.isEmpty() || href.startsWith("#") || href.equals(text) || href.equals("mailto:" + text)) {
          out.append(text);
        } else if (text.isEmpty()) {
          out.append(href);
        } else {
          out.append(text).append(" (").append(href).append(')');
        }
      }
      case "td", "th" -> out.append(' ');
      default -> {
        if (name.equals("p")) {
          paragraphOpen = false;
        }
        if (BLOCKS.contains(name) && !name.equals("li")) {
          out.append(PARAGRAPHS.contains(name) ? "\n\n" : "\n");
        }
      }
    }
  }

  /** Skips an element's content up to its matching end tag (or the end of the input). */
  private void skipElement(String name) {
    if (RAW.contains(name)) {
      int close = indexOfIgnoreCase("</" + name, pos);
      pos = close;
      if (pos < html.length()) {
        readTag();
      }
      return;
    }
    int depth = 1;
    while (pos < html.length()) {
      int lt = nextTagStart(pos);
      if (lt >= html.length()) {
        pos = html.length();
        return;
      }
      pos = lt;
      Tag tag = readTag();
      if (tag == null || !tag.name().equals(name)) {
        if (tag != null && !tag.end() && RAW.contains(tag.name()) && !tag.selfClosing()) {
          int close = indexOfIgnoreCase("</" + tag.name(), pos);
          pos = close;
        }
        continue;
      }
      if (tag.end()) {
        if (--depth == 0) {
          return;
        }
      } else if (!tag.selfClosing() && !VOID.contains(name)) {
        depth++;
      }
    }
  }

  /** Text between tags, [from, to) of the input: entities decoded, each run of white space one space (as HTML shows it). */
  private void text(int from, int to) {
    int amp = from;
    while (amp < to && html.charAt(amp) != '&') { // only within the text: indexOf would search the rest of the input
      amp++;
    }
    if (amp < to) {
      String decoded = unescape(html.substring(from, to));
      appendCollapsed(decoded, 0, decoded.length());
    } else {
      appendCollapsed(html, from, to);
    }
  }

  private void appendCollapsed(String s, int from, int to) {
    boolean space = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (isSpace(c)) {
        space = true;
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.append(c == '\u00a0' ? ' ' : c);
    }
    if (space) {
      out.append(' ');
    }
  }

  /** Character references: {@code &amp;}, {@code &#39;}, {@code &#x2013;}; an unknown one stays as written. */
  static String unescape(String s) {
    int amp = s.indexOf('&');
    if (amp < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    int from = 0;
    while (amp >= 0) {
      b.append(s, from, amp);
      int semi = amp + 1;
      int limit = Math.min(s.length(), amp + 34); // no reference is longer: never search the rest of the text
      while (semi < limit && s.charAt(semi) != ';') {
        semi++;
      }
      String decoded = semi < limit && semi > amp + 1 ? reference(s.substring(amp + 1, semi)) : null;
      if (decoded == null) {
        b.append('&');
        from = amp + 1;
      } else {
        b.append(decoded);
        from = semi + 1;
      }
      amp = s.indexOf('&', from);
    }
    return b.append(s, from, s.length()).toString();
  }

  private static String reference(String name) {
    switch (name) { // the ones templates and FreeMarker's escaping write all the time
      case "amp":
        return "&";
      case "lt":
        return "<";
      case "gt":
        return ">";
      case "quot":
        return "\"";
      case "#39":
        return "'";
      case "nbsp":
        return "\u00a0";
      default:
        break;
    }
    if (name.charAt(0) != '#') {
      String named = Entities.getByName(name);
      return named.isEmpty() ? null : named;
    }
    try {
      boolean hex = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X');
      int cp = Integer.parseInt(name.substring(hex ? 2 : 1), hex ? 16 : 10);
      return Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : "\uFFFD";
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Whether the style attribute's value at [start, end) says {@code display: none} (read in place: every tag has one). */
  private boolean displayNone(int start, int end) {
    for (int i = start; i + 7 <= end; i++) {
      if (isWord(i, "display")) {
        int j = i + 7;
        while (j < end && isSpace(html.charAt(j))) {
          j++;
        }
        if (j < end && html.charAt(j) == ':') {
          j++;
          while (j < end && isSpace(html.charAt(j))) {
            j++;
          }
          if (j + 4 <= end && isWord(j, "none")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Whether the attribute name at [start, end) is {@code name} (lower-case letters), in any case. */
  private boolean isAttribute(int start, int end, String name) {
    return end - start == name.length() && isWord(start, name);
  }

  /**
   * Whether {@code word} (lower-case ASCII letters) is at {@code at} in any ASCII case, as browsers compare
   * HTML names and CSS keywords (Unicode case folding would also take e.g. a dotless ı for an i).
   */
  private boolean isWord(int at, String word) {
    if (at + word.length() > html.length()) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if ((html.charAt(at + k) | 0x20) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private int indexOfIgnoreCase(String needle, int from) {
    for (int i = from; i + needle.length() <= html.length(); i++) {
      if (html.regionMatches(true, i, needle, 0, needle.length())) {
        return i;
      }
    }
    return html.length();
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  /**
   * Line by line: runs of spaces, tabs and other blanks become one space, each line is trimmed, and at most
   * one blank line is kept in a row (none at the start or end). One pass, written straight to the result.
   */
  private static String tidy(CharSequence s) {
    int n = s.length();
    StringBuilder out = new StringBuilder(n);
    int blank = 0;
    for (int i = 0; i <= n; i++) {
      int mark = out.length();
      if (mark > 0) {
        out.append(blank > 0 ? "\n\n" : "\n");
      }
      int start = out.length();
      boolean space = false;
      for (; i < n && s.charAt(i) != '\n'; i++) {
        char c = s.charAt(i);
        if (c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r') {
          space = out.length() > start;
        } else {
          if (space) {
            out.append(' ');
            space = false;
          }
          out.append(c);
        }
      }
      // trimmed as String.strip does: any white space at either end
      int first = start;
      while (first < out.length() && Character.isWhitespace(out.charAt(first))) {
        first++;
      }
      if (first > start) {
        out.delete(start, first);
      }
      int end = out.length();
      while (end > start && Character.isWhitespace(out.charAt(end - 1))) {
        end--;
      }
      out.setLength(end);
      if (end == start) {
        out.setLength(mark);
        blank++;
      } else {
        blank = 0;
      }
    }
    return out.toString();
  }
}
