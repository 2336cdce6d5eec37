package org.noticeboard.delivery.email;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.noticeboard.config.NoticeboardConfig;
import org.noticeboard.delivery.ClaimedMessage;
import org.noticeboard.delivery.MessageIds;
import org.noticeboard.delivery.MessageModel;

/**
 * Builds the MIME message: multipart/alternative text + HTML in UTF-8 (mixed when there are
 * attachments), RFC 2047 encoded subject and display names, deterministic Message-ID, List-Id and, for
 * list mail, List-Unsubscribe (https + mailto) with List-Unsubscribe-Post (RFC 8058 one-click).
 * Sensitive lists get the neutral sender name, subject and preheader from configuration and an opaque
 * List-Id without the list's name.
 */
public final class EmailComposer {
  private static final Set<String> NO_UNSUBSCRIBE = Set.of("confirmation", "test", "transactional", "sms-reply");
  /** The mark of a hidden preview block (the style mail apps for Windows need to hide it). */
  private static final String HIDDEN = "mso-hide:all";

  private final NoticeboardConfig config;
  private final MessageModel.Neutral neutral;
  private final MessageIds ids;
  private final String host;

  public EmailComposer(NoticeboardConfig config, MessageIds ids) {
    this.config = config;
    this.neutral = MessageModel.Neutral.of(config.delivery());
    this.ids = ids;
    this.host = config.smtp().ownHostname();
  }

  public record Parts(String subject, String preheader, String html, String text) {}

  public String messageId(ClaimedMessage m) {
    return ids.messageId(m.idempotencyKey(), host);
  }

  /** @throws IllegalArgumentException when the destination is not one plain address */
  public Email compose(ClaimedMessage m, Parts parts, MessageModel.Links links, List<Attachment> attachments) {
    if (!MimeHeaders.validAddress(m.destination())) {
      throw new IllegalArgumentException("the destination is not a valid email address");
    }
    // a producer may name the sender (e.g. a campaign's senderName and replyTo); discreet mail never does
    JsonObject sender = m.model().getValue("sender") instanceof JsonObject s ? s : new JsonObject();
    String fromName = m.discreet() ? config.delivery().discreetSenderName()
        : sender.getValue("name") instanceof String n && !n.isBlank() ? n
        : m.unitName() != null ? m.unitName() : m.organisationName();
    String subject = m.discreet() ? neutral.subject() : parts.subject();
    String preheader = m.discreet() ? neutral.preheader() : parts.preheader();
    String mailFrom = config.delivery().mailFrom();

    List<Email.Header> headers = new ArrayList<>();
    // each value is one line, encoded where needed
    headers.add(new Email.Header("From", MimeHeaders.mailbox(fromName, mailFrom)));
    headers.add(new Email.Header("Subject", subjectHeader(subject)));
    headers.add(new Email.Header("Message-ID", messageId(m)));
    if (!m.discreet() && sender.getValue("replyTo") instanceof String replyTo && MimeHeaders.validAddress(replyTo)) {
      headers.add(new Email.Header("Reply-To", replyTo));
    }
    if (m.listId() != null) {
      String label = "list-" + (m.discreet() ? ids.opaque("list:" + m.listId(), 16) : m.listId())
          + ".o" + m.organisationId() + "." + host;
      String name = m.discreet() || m.listName() == null ? "" : MimeHeaders.phrase(m.listName()) + " ";
      headers.add(new Email.Header("List-Id", name + "<" + label + ">"));
      if (!NO_UNSUBSCRIBE.contains(m.sourceKind())) {
        headers.add(new Email.Header("List-Unsubscribe", "<" + links.unsubscribe() + ">, <mailto:"
            + config.delivery().unsubscribeMailto() + "?subject=unsubscribe-" + links.unsubscribeToken() + ">"));
        headers.add(new Email.Header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
      }
    }
    String html = parts.html() != null && !parts.html().isBlank() ? withPreheader(parts.html(), preheader) : null;
    return new Email(mailFrom, m.destination(), List.copyOf(headers), parts.text() == null ? "" : parts.text(), html,
        List.copyOf(attachments));
  }

  private static String subjectHeader(String subject) {
    String s = MimeHeaders.oneLine(subject);
    if (s.length() > 250) {
      s = s.substring(0, 250);
    }
    return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && s.length() <= 78 ? s : MimeHeaders.encodedWord(s);
  }

  /**
   * A hidden preheader at the top of the body: the line mail apps show after the subject. A layout whose
   * body starts with a hidden block holding exactly this preheader (the shipped one does) is left as it
   * is, so the line is not there twice; anywhere else, the block is added first, as the inbox preview
   * reads the body from its start (for a sensitive list, that line is the neutral one).
   */
  static String withPreheader(String html, String preheader) {
    if (preheader == null || preheader.isBlank()) {
      return html;
    }
    String escaped = escape(preheader);
    int at = afterBodyTag(html);
    if (startsWithHiddenBlock(html, at, escaped)) {
      return html;
    }
    String div = "<div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all\">" + escaped + "</div>";
    return new StringBuilder(html.length() + div.length()).append(html, 0, at).append(div).append(html, at, html.length())
        .toString();
  }

  /** Whether, after white space from {@code at}, the body starts with {@code <div …mso-hide:all…>text</div>}. */
  private static boolean startsWithHiddenBlock(String html, int at, String text) {
    int i = at;
    while (i < html.length() && Character.isWhitespace(html.charAt(i))) {
      i++;
    }
    if (!html.regionMatches(true, i, "<div", 0, 4)) {
      return false;
    }
    int gt = html.indexOf('>', i);
    return gt > 0 && html.substring(i, gt).contains(HIDDEN) && html.startsWith(text + "</div>", gt + 1);
  }

  /** Where the content of {@code <body …>} starts; 0 when there is no body tag. */
  static int afterBodyTag(String html) {
    for (int lt = html.indexOf('<'); lt >= 0; lt = html.indexOf('<', lt + 1)) {
      if (html.regionMatches(true, lt + 1, "body", 0, 4) && lt + 5 < html.length()
          && (html.charAt(lt + 5) == '>' || Character.isWhitespace(html.charAt(lt + 5)))) {
        int gt = html.indexOf('>', lt);
        return gt < 0 ? 0 : gt + 1;
      }
    }
    return 0;
  }

  private static String escape(String s) {
    // as FreeMarker's HTML output format escapes, so a layout's own preheader is recognised
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }
}
