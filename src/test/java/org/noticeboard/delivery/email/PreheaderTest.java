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
    String html = "<body><div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all;\">A new dads&#39; group</div><p>Hi</p></body>";
    assertSame(html, EmailComposer.withPreheader(html, "A new dads' group"));
  }

  @Test
  void aHiddenBlockWithOtherWordsStillGetsThePreheader() {
    String html = "<body><div style=\"display:none;mso-hide:all\">Template preview</div><p>Hi</p></body>";
    assertEquals("<body>" + DIV + "Neutral line</div><div style=\"display:none;mso-hide:all\">Template preview</div><p>Hi</p></body>",
        EmailComposer.withPreheader(html, "Neutral line"));
  }

  @Test
  void noPreheaderNoChange() {
    String html = "<body><p>Hi</p></body>";
    assertSame(html, EmailComposer.withPreheader(html, null));
    assertSame(html, EmailComposer.withPreheader(html, "  "));
  }
}
