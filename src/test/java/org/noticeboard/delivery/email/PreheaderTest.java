package org.noticeboard.delivery.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The hidden preview line: added once, right after the body tag, unless the layout already shows it. */
class PreheaderTest {
  static final String DIV = "<div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all\">";

  @Test
  void goesRightAfterTheBodyTag() {
    assertEquals("<html><BODY class=\"x\">" + DIV + "Stay &amp; play</div><p>Hi</p></BODY></html>",
        EmailComposer.withPreheader("<html><BODY class=\"x\"><p>Hi</p></BODY></html>", "Stay & play"));
  }

  @Test
  void withoutABodyTagItGoesFirst() {
    assertEquals(DIV + "News</div><p>Hi</p>", EmailComposer.withPreheader("<p>Hi</p>", "News"));
    assertEquals(DIV + "News</div><bodyguard>", EmailComposer.withPreheader("<bodyguard>", "News"));
  }

  @Test
  void aLayoutThatAlreadyShowsThePreheaderKeepsItsOwn() {
    // as the shipped layout renders it: FreeMarker escapes the apostrophe as &#39;
    String html = "<body style=\"margin:0;\">\n<div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all;\">A new dads&#39; group</div><p>Hi</p></body>";
    assertSame(html, EmailComposer.withPreheader(html, "A new dads' group"));
  }

  @Test
  void aHiddenBlockWithOtherWordsStillGetsThePreheader() {
    String html = "<body><div style=\"display:none;mso-hide:all\">Template preview</div><p>Hi</p></body>";
    assertEquals("<body>" + DIV + "Neutral line</div><div style=\"display:none;mso-hide:all\">Template preview</div><p>Hi</p></body>",
        EmailComposer.withPreheader(html, "Neutral line"));
  }

  @Test
  void onlyAHiddenBlockRightAtTheStartOfTheBodyCounts() {
    // the preheader's words elsewhere, or a hidden block further down, leave the preview to the body's first text
    String later = "<body><h1>Support group</h1><div style=\"display:none;mso-hide:all\">Update</div></body>";
    assertEquals("<body>" + DIV + "Update</div><h1>Support group</h1><div style=\"display:none;mso-hide:all\">Update</div></body>",
        EmailComposer.withPreheader(later, "Update"));
    String prefix = "<body><div style=\"display:none;mso-hide:all\">Updated times for the group</div><p>Hi</p></body>";
    assertEquals("<body>" + DIV + "Update</div>" + prefix.substring(6), EmailComposer.withPreheader(prefix, "Update"));
  }

  @Test
  void noPreheaderNoChange() {
    String html = "<body><p>Hi</p></body>";
    assertSame(html, EmailComposer.withPreheader(html, null));
    assertSame(html, EmailComposer.withPreheader(html, "  "));
  }
}
