package org.noticeboard.delivery;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which channels a list's message goes out on for one subscriber (mailing_list.channel_policy):
 * <ul>
 *   <li>{@code email-first}: email to those with a usable email; SMS only to those without one (saves money);</li>
 *   <li>{@code sms-only}: SMS only;</li>
 *   <li>{@code both}: every usable channel;</li>
 *   <li>{@code urgent}: every usable channel, and SMS ignores quiet hours ({@link #ignoresQuietHours()}).</li>
 * </ul>
 * "Usable" is the caller's judgement: an address present, subscribed on that channel and not suppressed.
 * On a sensitive list the subscriber attribute {@code attributes.discreetChannel} narrows it further:
 * {@code "sms-only"} (never email) or {@code "none"} (nothing at all). The SQL equivalent for a bulk
 * fan-out of email-first is: email rows {@code WHERE email usable}, SMS rows {@code WHERE phone usable AND
 * NOT email usable}.
 */
public enum ChannelPolicy {
  EMAIL_FIRST, SMS_ONLY, BOTH, URGENT;

  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<ChannelPolicy> parse(String s) {
    for (ChannelPolicy p : values()) {
      if (p.code().equals(s)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  public boolean ignoresQuietHours() {
    return this == URGENT;
  }

  /**
   * @param sensitiveList   the list is flagged sensitive
   * @param discreetChannel the subscriber's {@code attributes.discreetChannel}, or null
   */
  public Set<Channel> channels(boolean usableEmail, boolean usablePhone, boolean sensitiveList, String discreetChannel) {
    Set<Channel> out = EnumSet.noneOf(Channel.class);
    switch (this) {
      case EMAIL_FIRST -> {
        if (usableEmail) {
          out.add(Channel.EMAIL);
        } else if (usablePhone) {
          out.add(Channel.SMS);
        }
      }
      case SMS_ONLY -> {
        if (usablePhone) {
          out.add(Channel.SMS);
        }
      }
      case BOTH, URGENT -> {
        if (usableEmail) {
          out.add(Channel.EMAIL);
        }
        if (usablePhone) {
          out.add(Channel.SMS);
        }
      }
    }
    if (sensitiveList && "none".equals(discreetChannel)) {
      out.clear();
    } else if (sensitiveList && "sms-only".equals(discreetChannel)) {
      boolean hadEmail = out.remove(Channel.EMAIL);
      if (hadEmail && usablePhone) {
        out.add(Channel.SMS);
      }
    }
    return out;
  }
}
