package org.noticeboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** HMAC-SHA256 as RFC 4231 defines it, the same derived keys as stored hashes and issued links rely on, from any thread. */
class HmacTest {
  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void rfc4231TestCase2() {
    assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        HexFormat.of().formatHex(new Hmac(bytes("Jefe")).sign(bytes("what do ya want for nothing?"))));
  }

  @Test
  void derivedKeyIsTheHmacOfTheUseUnderTheSecret() throws Exception {
    Mac outer = Mac.getInstance("HmacSHA256");
    outer.init(new SecretKeySpec(bytes("s3cret"), "HmacSHA256"));
    Mac inner = Mac.getInstance("HmacSHA256");
    inner.init(new SecretKeySpec(outer.doFinal(bytes("signed-links")), "HmacSHA256"));
    assertEquals(HexFormat.of().formatHex(inner.doFinal(bytes("payload"))),
        HexFormat.of().formatHex(Hmac.derived("s3cret", "signed-links").sign(bytes("payload"))));
  }

  @Test
  void threadsDoNotDisturbEachOther() throws Exception {
    Hmac hmac = new Hmac(bytes("key"));
    String expected = HexFormat.of().formatHex(hmac.sign(bytes("value")));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> all = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        all.add(pool.submit(() -> HexFormat.of().formatHex(hmac.sign(bytes("value")))));
      }
      for (Future<String> f : all) {
        assertEquals(expected, f.get());
      }
    } finally {
      pool.shutdown();
    }
  }
}
