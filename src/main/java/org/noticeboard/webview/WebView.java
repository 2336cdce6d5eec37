package org.noticeboard.webview;

/**
 * What "view in browser" shows for one message: its HTML, its text (no HTML part), or that it is no
 * longer available (a sensitive list's message, or nothing left to show), in {@code language}.
 */
public sealed interface WebView {
  record Html(String html) implements WebView {}

  record Text(String subject, String text, String language) implements WebView {}

  record Unavailable(String language) implements WebView {}
}
