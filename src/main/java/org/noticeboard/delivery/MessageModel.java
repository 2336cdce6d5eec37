package org.noticeboard.delivery;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import org.noticeboard.security.LinkToken;
import org.noticeboard.security.SignedTokens;

/**
 * The data model a message is rendered with: the row's own {@code model} (campaign, session, ...) plus
 * {@code subscriber} (firstName, name, language), {@code unit} (name, address, phone, email),
 * {@code list} (name; left out for sensitive lists) and {@code links}; for sensitive lists also
 * {@code discreet} (the neutral subject and preheader).
 *
 * <p>Links are {@code NB_PUBLIC_BASE_URL + /p/unsubscribe/{token}}, {@code /p/preferences/{token}} and
 * {@code /p/view/{token}}, with {@link SignedTokens} of purposes {@code unsubscribe}, {@code preferences}
 * and {@code view}. The signed data of all three is a {@link LinkToken}.
 */
public final class MessageModel {
  static final Duration LINK_LIFETIME = Duration.ofDays(400);

  private MessageModel() {}

  /** The neutral subject and preheader of messages about sensitive lists (configuration). */
  public record Neutral(String subject, String preheader) {
    public static final Neutral NONE = new Neutral("", "");
    /**
     * Invisible characters after the neutral preheader fill the inbox preview, which would otherwise go on
     * with the start of the message itself (its greeting and first lines) next to the neutral subject.
     */
    static final String PREVIEW_PADDING = "\u200C\u00A0".repeat(100);

    public static Neutral of(org.noticeboard.config.DeliveryConfig config) {
      return new Neutral(config.discreetSubject(), config.discreetPreheader() + PREVIEW_PADDING);
    }
  }

  public record Links(String unsubscribe, String preferences, String viewInBrowser, String unsubscribeToken) {
    JsonObject toJson() {
      return new JsonObject().put("unsubscribe", unsubscribe).put("preferences", preferences)
          .put("viewInBrowser", viewInBrowser);
    }
  }

  public static LinkToken link(ClaimedMessage m) {
    return new LinkToken(m.organisationId(), m.subscriberId(), m.listId(), m.channel().code(), m.id());
  }

  public static Links links(ClaimedMessage m, SignedTokens tokens, String publicBaseUrl, Instant now) {
    LinkToken link = link(m);
    Instant expires = now.plus(LINK_LIFETIME);
    String unsubscribe = link.sign(tokens, "unsubscribe", expires);
    return new Links(publicBaseUrl + "/p/unsubscribe/" + unsubscribe,
        publicBaseUrl + "/p/preferences/" + link.sign(tokens, "preferences", expires),
        publicBaseUrl + "/p/view/" + link.sign(tokens, "view", expires), unsubscribe);
  }

  /**
   * @param neutral for a sensitive list's message, the wording shown instead of the template's own
   *                subject and preheader (as {@code discreet} in the model; the renderer puts it into the
   *                layout's title and hidden preview line, which mail apps show in the inbox)
   */
  public static JsonObject build(ClaimedMessage m, Links links, Neutral neutral) {
    // a shallow copy: the producer's values (e.g. the campaign) are shared by a batch's messages and only read
    JsonObject model = new JsonObject(new LinkedHashMap<>(m.model().getMap()));
    if (m.discreet()) {
      model.put("discreet", new JsonObject().put("subject", neutral.subject()).put("preheader", neutral.preheader()));
    }
    String name = m.subscriberName() == null ? "" : m.subscriberName().strip();
    String first = name.isEmpty() ? "" : name.split("\\s+", 2)[0];
    model.put("subscriber", new JsonObject().put("firstName", first).put("name", name)
        .put("language", m.subscriberLanguage() == null ? m.organisationLanguage() : m.subscriberLanguage()));
    model.put("unit", new JsonObject().put("name", m.unitName() == null ? m.organisationName() : m.unitName())
        .put("address", m.unitAddress()).put("phone", m.unitPhone()).put("email", m.unitEmail())
        .put("logoUrl", m.unitLogoUrl()));
    JsonObject list = new JsonObject();
    if (m.listId() != null && !m.sensitive()) {
      list.put("name", m.listName());
    }
    model.put("list", list);
    // a producer's own links (e.g. links.confirm of a confirmation) stay; the message's signed links are added
    JsonObject allLinks = model.getValue("links") instanceof JsonObject own ? own.copy() : new JsonObject();
    model.put("links", allLinks.mergeIn(links.toJson()));
    return model;
  }

  /** The language chain: the row's pinned chain, else subscriber's, list default, organisation default, en. */
  public static List<String> languages(ClaimedMessage m) {
    if (!m.languages().isEmpty()) {
      return m.languages();
    }
    LinkedHashSet<String> chain = new LinkedHashSet<>();
    for (String l : new String[] {m.subscriberLanguage(), m.listLanguage(), m.organisationLanguage(), "en"}) {
      if (l != null && !l.isBlank()) {
        chain.add(l);
      }
    }
    return new ArrayList<>(chain);
  }
}
