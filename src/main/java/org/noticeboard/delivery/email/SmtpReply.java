package org.noticeboard.delivery.email;

/**
 * One (possibly multi-line) SMTP reply: its three-digit code and its text lines joined by newlines.
 * Code 0 stands for a refusal this client decided on its own (e.g. no STARTTLS offered).
 */
record SmtpReply(int code, String text) {
  boolean positive() {
    return code >= 200 && code < 400;
  }

  /** How it reads in logs and in the message's last error, e.g. {@code 550 5.1.1 user unknown}. */
  @Override
  public String toString() {
    return code == 0 ? text : text.isEmpty() ? Integer.toString(code) : code + " " + text;
  }
}
