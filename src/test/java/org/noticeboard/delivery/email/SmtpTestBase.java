package org.noticeboard.delivery.email;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.noticeboard.config.SmtpConfig;
import org.noticeboard.delivery.SendResult;

/** A scripted SMTP server over real TCP, and a transport on one event loop of a test Vert.x, to send through it. */
abstract class SmtpTestBase {
  final Vertx vertx = Vertx.vertx();
  final Context loop = vertx.getOrCreateContext();
  ScriptedSmtpServer server;
  SmtpTransport transport;

  @AfterEach
  void tearDown() {
    if (transport != null) {
      closeTransport();
    }
    if (server != null) {
      server.close();
    }
    vertx.close().await();
  }

  void closeTransport() {
    on(() -> {
      transport.close();
      return Future.succeededFuture();
    });
  }

  <T> T on(Supplier<Future<T>> work) {
    Promise<T> p = Promise.promise();
    loop.runOnContext(v -> work.get().onComplete(p));
    return p.future().await();
  }

  ScriptedSmtpServer server(Consumer<ScriptedSmtpServer.Script> setUp) {
    ScriptedSmtpServer.Script script = new ScriptedSmtpServer.Script();
    setUp.accept(script);
    server = new ScriptedSmtpServer(script);
    return server;
  }

  SmtpSettings settings(SmtpConfig.Tls tls, String user, String password, int connections, int perConnection) {
    return new SmtpSettings("localhost", server.port(), tls, Optional.ofNullable(user), Optional.ofNullable(password),
        "nb.test", connections, perConnection, 2_000, 1_000, 1_000, 60);
  }

  SmtpTransport transport(SmtpSettings settings, ClientSSLOptions ssl) {
    transport = on(() -> Future.succeededFuture(new SmtpTransport(vertx, settings, ssl, java.time.Clock.systemUTC())));
    return transport;
  }

  ClientSSLOptions trusting() {
    return new ClientSSLOptions().setTrustOptions(server.certificate.trustOptions()).setHostnameVerificationAlgorithm("HTTPS");
  }

  static Email email(String to, String text) {
    return new Email("news@example.org", to, List.of(new Email.Header("From", "news@example.org"),
        new Email.Header("Subject", "Stay and play")), text, "<p>" + text + "</p>", List.of());
  }

  List<SendResult> sendAll(List<Email> emails) {
    return on(() -> {
      List<Future<SendResult>> all = new ArrayList<>();
      for (int i = 0; i < emails.size(); i++) {
        all.add(transport.send(1, i, "<m" + i + "@nb.test>", emails.get(i)));
      }
      return Future.all(all).map(cf -> all.stream().map(Future::result).toList());
    });
  }

  SendResult send(Email email) {
    return sendAll(List.of(email)).get(0);
  }

}
