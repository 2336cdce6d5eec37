package org.noticeboard.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The text part derived from HTML, for the markup templates produce and some they should not. */
class HtmlToTextTest {
  @Test
  void blocksListsAndImpliedParagraphEnds() {
    assertEquals("a\n\nb\n\n- x\n- y\n\nyes\nz & <tag>",
        HtmlToText.convert("<p>a<p>b</p><ul><li>x<li>y</ul><div hidden>no<div>no</div>no</div>yes<br>z &amp; &nbsp; &lt;tag&gt;"));
  }

  @Test
  void linksImagesTablesRulesAndHeadings() {
    assertEquals("Go (https://x.org/a?b=1&c=2) a@b.orgtopLogo\n\n1 2\n\n----------\n\nT\n\nafter",
        HtmlToText.convert("<a href='https://x.org/a?b=1&amp;c=2'>Go</a> <a href=\"mailto:a@b.org\">a@b.org</a>"
            + "<a href='#top'>top</a><img alt='Logo'><table><tr><td>1</td><td>2</td></tr></table><hr><h2>T</h2>after"));
    assertEquals("https://example.org/only", HtmlToText.convert("<a href=\"https://example.org/only\"><img src=x.png></a>"));
  }

  @Test
  void headStylesScriptsCommentsAndHiddenElementsAreLeftOut() {
    assertEquals("Body text ok",
        HtmlToText.convert("<!DOCTYPE html><html><head><title>Subject</title><style>p{color:red}</style></head>"
            + "<body><!-- note --><script>if (a<b) { x('</div>') }</script><div style='DISPLAY: none; max-height:0'>"
            + "preheader <b>bold</b></div>Body  \n text <span hidden>secret</span>ok</body></html>"));
  }

  @Test
  void characterReferences() {
    assertEquals("Children's centre – “dads” & co © é &unknown; & alone &#xZZ;",
        HtmlToText.unescape("Children&#39;s centre &#x2013; &ldquo;dads&rdquo; &amp; co &copy; &eacute; &unknown; & alone &#xZZ;"));
    assertEquals("Tom & Jerry (https://x.org/?a=1&b=2)", HtmlToText.convert("<a href=\"https://x.org/?a=1&amp;b=2\">Tom &amp; Jerry</a>"));
  }

  @Test
  void oddMarkupNeverLosesTheRest() {
    assertEquals("a < b and c\nd", HtmlToText.convert("a < b and <i>c<div>d"));
    assertEquals("x", HtmlToText.convert("<p>x<b"));
    assertEquals("", HtmlToText.convert(""));
  }

  @Test
  void hiddenMeansWhatBrowsersHide() {
    assertEquals("shown", HtmlToText.convert("<p style=\"DISPLAY :\tNone\">gone</p><p hidden>gone</p>"
        + "<p style=\"color:red\">shown</p>"));
    // CSS keywords compare in ASCII only: a dotless ı or a long ſ does not make "display", so browsers show these
    assertEquals("one\n\ntwo", HtmlToText.convert("<p style=\"d\u0131splay:none\">one</p><p style=\"di\u017Fplay:none\">two</p>"));
  }

  @Test
  void entitiesAreDecodedInEveryRunOfText() {
    assertEquals("a\n\nb & c\n\nd < e", HtmlToText.convert("<p>a</p><p>b &amp; c</p><p>d &lt; e</p>"));
    String tooLong = "&" + "x".repeat(40) + ";";
    assertEquals(tooLong + " & &amp", HtmlToText.convert("<p>" + tooLong + " &amp; &amp</p>"), "no reference is that long");
  }
}
