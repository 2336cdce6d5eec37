package org.noticeboard.delivery.email;

import java.util.List;

/**
 * One email ready to encode: envelope sender and recipient, our header fields in order (values already
 * one line and encoded where needed), the text and optional HTML bodies, and attachments.
 */
public record Email(String envelopeFrom, String to, List<Header> headers, String text, String html,
                    List<Attachment> attachments) {

  public record Header(String name, String value) {}
}
