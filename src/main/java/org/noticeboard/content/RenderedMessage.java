package org.noticeboard.content;

/**
 * The parts of one rendered message. {@code language} is the variant actually used after fallback.
 * Parts a variant does not have are null ({@code sms} when the template has no SMS text).
 */
public record RenderedMessage(String language, String subject, String preheader, String html, String text,
                              String sms) {}
