package org.noticeboard.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SmsSegmentsTest {

  @Test
  void plainGsmTextFitsOneSegmentUpTo160Characters() {
    assertEquals(new SmsSegments("GSM-7", 1, 5, 5), SmsSegments.count("Hello"));
    assertEquals(new SmsSegments("GSM-7", 1, 160, 160), SmsSegments.count("a".repeat(160)));
    assertEquals(new SmsSegments("GSM-7", 2, 161, 161), SmsSegments.count("a".repeat(161)));
    assertEquals(2, SmsSegments.count("a".repeat(306)).segments());
    assertEquals(3, SmsSegments.count("a".repeat(307)).segments());
    assertEquals(new SmsSegments("GSM-7", 0, 0, 0), SmsSegments.count(""));
  }

  @Test
  void gsmAccentsAndSymbolsOfTheBasicAlphabetStayGsm() {
    SmsSegments s = SmsSegments.count("Café @ 10:00, £2 — no");
    assertEquals("UCS-2", s.encoding(), "an em dash is not GSM-7");
    assertEquals("GSM-7", SmsSegments.count("Café @ 10:00, £2 - Ñandù ¿ok? § ü").encoding());
  }

  @Test
  void extensionCharactersCountTwiceAndAreNeverSplit() {
    SmsSegments s = SmsSegments.count("€[]{}");
    assertEquals(new SmsSegments("GSM-7", 1, 5, 10), s);
    assertEquals(new SmsSegments("GSM-7", 1, 80, 160), SmsSegments.count("€".repeat(80)));
    // 81 × 2 = 162 septets: 76 pairs (152) fit per 153-septet segment, so 2 segments
    assertEquals(new SmsSegments("GSM-7", 2, 81, 162), SmsSegments.count("€".repeat(81)));
    // 152 plain + one escape pair: the pair does not fit in the first 153, so it moves on
    assertEquals(2, SmsSegments.count("a".repeat(152) + "€" + "b".repeat(10)).segments());
    assertEquals(1, SmsSegments.count("a".repeat(152) + "€").segments(), "154 septets still fit one message");
    // a naive ceil(306 / 153) says 2; the pair that does not fit the first segment pushes one more
    assertEquals(3, SmsSegments.count("a".repeat(152) + "€" + "b".repeat(152)).segments());
  }

  @Test
  void emojiAndUrduNeedUcs2CountingUtf16Units() {
    assertEquals(new SmsSegments("UCS-2", 1, 7, 8), SmsSegments.count("Hello 😀"));
    assertEquals(new SmsSegments("UCS-2", 1, 35, 70), SmsSegments.count("😀".repeat(35)));
    // 36 emoji = 72 units; 33 whole pairs (66 units) fit per 67-unit segment
    assertEquals(new SmsSegments("UCS-2", 2, 36, 72), SmsSegments.count("😀".repeat(36)));
    String urdu = "یاد دہانی: اسٹے اینڈ پلے، ہفتہ 10:00";
    SmsSegments u = SmsSegments.count(urdu);
    assertEquals("UCS-2", u.encoding());
    assertEquals(urdu.length(), u.units());
    assertEquals(1, u.segments());
    assertEquals(2, SmsSegments.count(urdu.repeat(2)).segments());
    assertEquals(1, SmsSegments.count("ą".repeat(70)).segments());
    assertEquals(2, SmsSegments.count("ą".repeat(71)).segments());
    assertEquals(3, SmsSegments.count("ą".repeat(135)).segments());
  }
}
