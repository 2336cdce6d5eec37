package org.noticeboard.delivery.email;

/**
 * The SMTP server refused something. {@code duringSetup} is true when it refused the session itself
 * (greeting, EHLO, STARTTLS, AUTH): then the message is not at fault and is tried again later.
 */
final class SmtpReplyException extends RuntimeException {
  private final transient SmtpReply reply;
  private final boolean duringSetup;

  SmtpReplyException(SmtpReply reply, boolean duringSetup) {
    super(reply.toString(), null, false, false);
    this.reply = reply;
    this.duringSetup = duringSetup;
  }

  SmtpReply reply() {
    return reply;
  }

  boolean duringSetup() {
    return duringSetup;
  }
}
