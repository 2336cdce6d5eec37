package org.noticeboard.audience;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvParserTest {
  static final String MESSY = "\uFEFFname;email;notes\r\n"
      + "Zofia Wiśniewska;zofia@example.org;\"line one\r\nline two; with \"\"quotes\"\"\"\r\n"
      + "\r\n"
      + "Amelia;amelia@example.org;\r\n"
      + "  \r\n"
      + "\"Ali, Ahmed\";ali@example.org;after\"quote\n"
      + "last;last@example.org;no newline at end";

  static List<String> parse(byte[] bytes, int chunk) {
    List<String> out = new ArrayList<>();
    CsvParser p = new CsvParser((row, fields) -> out.add(row + ":" + fields));
    for (int i = 0; i < bytes.length; i += chunk) {
      p.feed(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunk)));
    }
    p.end();
    return out;
  }

  @Test
  void readsMessyInputTheSameWhateverTheChunking() {
    byte[] bytes = MESSY.getBytes(StandardCharsets.UTF_8);
    List<String> expected = List.of(
        "1:[name, email, notes]",
        "2:[Zofia Wiśniewska, zofia@example.org, line one\r\nline two; with \"quotes\"]",
        "4:[Amelia, amelia@example.org, ]",
        "5:[  ]",
        "6:[Ali, Ahmed, ali@example.org, after\"quote]",
        "7:[last, last@example.org, no newline at end]");
    for (int chunk = 1; chunk <= bytes.length; chunk++) {
      assertEquals(expected, parse(bytes, chunk), "chunk size " + chunk);
    }
  }

  @Test
  void commaFilesWithOldMacLineEndsAndNoBom() {
    assertEquals(List.of("1:[a, b]", "2:[1, 2;3]", "3:[, ]"), parse("a,b\r1,2;3\r,\r".getBytes(StandardCharsets.UTF_8), 2));
  }
}
