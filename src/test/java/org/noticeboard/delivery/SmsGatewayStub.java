package org.noticeboard.delivery;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP server playing the SMS gateway. It checks each request's Standard Webhooks signature
 * itself (its own HMAC code), and answers per destination from a script of status codes
 * (e.g. 429, 500, 200); a code of -N waits N milliseconds and then answers 200.
 */
final class SmsGatewayStub implements AutoCloseable {
  record Received(String to, JsonObject body, MultiMap headers, boolean signatureValid, int answered, MultiMap form) {}

  final Vertx vertx = Vertx.vertx();
  final List<Received> received = new CopyOnWriteArrayList<>();
  final Map<String, Deque<Integer>> script = new ConcurrentHashMap<>();
  private final byte[] secret;
  private final java.time.Clock clock;
  private HttpServer server;

  /** @param clock the gateway's own clock, which judges how old a signed request is (the service's, in tests) */
  SmsGatewayStub(String whsecSecret, java.time.Clock clock) {
    this.secret = Base64.getDecoder().decode(whsecSecret.substring(6));
    this.clock = clock;
  }

  void answer(String to, Integer... codes) {
    script.put(to, new ArrayDeque<>(List.of(codes)));
  }

  int start() {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(buf -> {
      boolean form = String.valueOf(req.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
      JsonObject json = form ? new JsonObject() : new JsonObject(buf.toString());
      MultiMap fields = MultiMap.caseInsensitiveMultiMap();
      if (form) {
        for (String pair : buf.toString().split("&")) {
          String[] kv = pair.split("=", 2);
          fields.add(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
              java.net.URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
      }
      String to = form ? fields.get("To") : json.getString("to");
      boolean valid = form || valid(req.getHeader("webhook-id"), req.getHeader("webhook-timestamp"),
          req.getHeader("webhook-signature"), buf.toString());
      Deque<Integer> codes = script.get(to);
      int code = codes == null || codes.isEmpty() ? 200 : codes.poll();
      if (!valid) {
        code = 401;
      }
      int status = code < 0 ? 200 : code;
      received.add(new Received(to, json, MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), valid, status, fields));
      Runnable reply = () -> {
        if (status == 429) {
          req.response().putHeader("Retry-After", "0");
        }
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("id", "gw-" + json.getString("id")).put("sid", "SM" + Math.abs(String.valueOf(to).hashCode())).encode());
      };
      if (code < 0) {
        vertx.setTimer(-code, t -> reply.run());
      } else {
        reply.run();
      }
    })).listen(0, "127.0.0.1").await();
    return server.actualPort();
  }

  private boolean valid(String id, String ts, String sig, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8)));
      return expected.equals(sig) && Math.abs(clock.instant().getEpochSecond() - Long.parseLong(ts)) < 60;
    } catch (Exception e) {
      return false;
    }
  }

  List<Received> to(String number) {
    return received.stream().filter(r -> number.equals(r.to())).toList();
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
