package org.noticeboard.security;

import java.time.Instant;
import java.util.Optional;

/**
 * The data signed into the links of a message ({@code unsubscribe}, {@code preferences}, {@code view}):
 * {@code <organisationId>:<subscriberId>:<listId>:<channel>:<messageId>}, subscriber or list empty when
 * the message had none. Delivery signs it into every message; the public pages verify it.
 */
public record LinkToken(long organisationId, Long subscriberId, Long listId, String channel, long messageId) {

  /** The signed form: {@code <organisationId>:<subscriberId>:<listId>:<channel>:<messageId>}. */
  public String data() {
    return organisationId + ":" + (subscriberId == null ? "" : subscriberId) + ":" + (listId == null ? "" : listId)
        + ":" + channel + ":" + messageId;
  }

  public String sign(SignedTokens tokens, String purpose, Instant expires) {
    return tokens.sign(purpose, data(), expires);
  }

  public static Optional<LinkToken> verify(SignedTokens tokens, String purpose, String token, Instant now) {
    return tokens.verify(purpose, token, now).flatMap(LinkToken::parse);
  }

  static Optional<LinkToken> parse(String data) {
    String[] p = data.split(":", -1);
    if (p.length != 5) {
      return Optional.empty();
    }
    try {
      return Optional.of(new LinkToken(Long.parseLong(p[0]), p[1].isEmpty() ? null : Long.parseLong(p[1]),
          p[2].isEmpty() ? null : Long.parseLong(p[2]), p[3], Long.parseLong(p[4])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
