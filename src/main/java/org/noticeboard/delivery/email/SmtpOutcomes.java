package org.noticeboard.delivery.email;

import java.util.regex.Pattern;
import org.noticeboard.delivery.SendResult;

/**
 * SMTP replies: 4xx is temporary (retry with backoff); 5xx is permanent; a 5.1.x "bad mailbox" reply
 * (5.1.1 user unknown, 5.1.2 bad domain, 5.1.3 bad syntax, 5.1.10 null MX) is a hard bounce and the
 * address is suppressed. A refused session (greeting, STARTTLS, AUTH) is not the message's fault and
 * anything that is not an SMTP reply (refused connection, timeout, dropped connection, TLS failure)
 * is temporary too.
 */
public final class SmtpOutcomes {
  private static final Pattern HARD_BOUNCE = Pattern.compile("(^|\\s)5\\.1\\.(1|2|3|10)(\\s|$)");

  private SmtpOutcomes() {}

  public static SendResult classify(Throwable e) {
    if (e instanceof SmtpReplyException refused) {
      SmtpReply r = refused.reply();
      String reply = MimeHeaders.oneLine(r.toString());
      if (refused.duringSetup()) {
        return SendResult.retry("SMTP session refused: " + reply, null);
      }
      if (r.code() >= 500 && r.code() < 600) {
        return HARD_BOUNCE.matcher(r.text()).find() || r.code() == 550 && reply.toLowerCase().contains("user unknown")
            ? SendResult.hardBounce(reply) : SendResult.permanent(reply);
      }
      return SendResult.retry(reply, null);
    }
    String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return SendResult.retry("SMTP server unreachable or connection lost (" + MimeHeaders.oneLine(what) + ")", null);
  }
}
