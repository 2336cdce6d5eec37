package org.noticeboard.delivery.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.noticeboard.config.SmtpConfig;
import org.noticeboard.delivery.SendResult;
import org.noticeboard.support.Await;

/**
 * The SMTP sender against a real SMTP conversation over TCP (a scripted server): pipelining and its
 * absence, session reuse and limits, STARTTLS and implicit TLS with certificate checks, AUTH, SIZE,
 * refusals, a server that stops answering, and one that closes the session.
 */
class SmtpTransportTest extends SmtpTestBase {
  @Test
  void pipelinedMessagesShareSessionsAndArriveIntact() {
    server(s -> {});
    transport(settings(SmtpConfig.Tls.NONE, null, null, 2, 0), SmtpSender.defaultSsl());
    List<Email> emails = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      emails.add(email("parent" + i + "@example.org", "Hello " + i + "\n.a dot line"));
    }
    List<SendResult> results = sendAll(emails);
    assertTrue(results.stream().allMatch(r -> r.kind() == SendResult.Kind.SENT), results.toString());
    assertEquals(20, server.received.size());
    assertEquals(2, server.connections.get(), "at most the pool's sessions, kept open between messages");
    for (ScriptedSmtpServer.Received r : server.received) {
      int i = Integer.parseInt(r.to().replaceAll("\\D", ""));
      assertEquals("news@example.org", r.from());
      assertTrue(r.content().contains("Hello " + i + "\r\n=2Ea dot line"), r.content());
    }
    assertEquals(server.connections.get(), server.commands.stream().filter(c -> c.equals("EHLO nb.test")).count(),
        "one EHLO per session, with our own name");
  }

  @Test
  void withoutPipeliningARefusedRecipientStopsBeforeData() {
    server(s -> {
      s.pipelining = false;
      s.refuse = to -> to.startsWith("unknown");
    });
    transport(settings(SmtpConfig.Tls.NONE, null, null, 1, 0), SmtpSender.defaultSsl());
    SendResult bounced = send(email("unknown@example.org", "Hi"));
    assertEquals(SendResult.Kind.HARD_BOUNCE, bounced.kind());
    assertTrue(bounced.error().startsWith("550 5.1.1"), bounced.error());
    assertEquals(List.of("EHLO", "MAIL", "RCPT", "RSET"), server.verbs(), "no DATA after a refused recipient");
    assertEquals(SendResult.Kind.SENT, send(email("known@example.org", "Hi")).kind());
    assertEquals(1, server.received.size());
    assertEquals(1, server.connections.get(), "the session survives a refusal");
  }

  @Test
  void pipelinedRefusalIsResetAndTheSessionGoesOn() {
    server(s -> s.refuse = to -> to.startsWith("unknown"));
    transport(settings(SmtpConfig.Tls.NONE, null, null, 1, 0), SmtpSender.defaultSsl());
    List<SendResult> results = sendAll(List.of(email("unknown@example.org", "a"), email("fine@example.org", "b")));
    assertEquals(SendResult.Kind.HARD_BOUNCE, results.get(0).kind());
    assertEquals(SendResult.Kind.SENT, results.get(1).kind());
    assertEquals(List.of("EHLO", "MAIL", "RCPT", "DATA", "RSET", "MAIL", "RCPT", "DATA"), server.verbs());
    assertEquals("fine@example.org", server.received.get(0).to());
  }

  @Test
  void startTlsIsRequiredAndTheCertificateChecked() {
    server(s -> s.offerStartTls = true);
    transport(settings(SmtpConfig.Tls.STARTTLS, null, null, 1, 0), trusting());
    assertEquals(SendResult.Kind.SENT, send(email("parent@example.org", "over TLS")).kind());
    assertTrue(server.received.get(0).overTls());
    assertEquals(List.of("EHLO", "STARTTLS", "EHLO", "MAIL", "RCPT", "DATA"), server.verbs(), "EHLO again after TLS");
    closeTransport();

    // the same server, but its certificate is not trusted: nothing is sent, the message waits
    server.commands.clear();
    transport(settings(SmtpConfig.Tls.STARTTLS, null, null, 1, 0), SmtpSender.defaultSsl());
    SendResult untrusted = send(email("parent@example.org", "must not go"));
    assertEquals(SendResult.Kind.RETRY, untrusted.kind(), untrusted.toString());
    assertEquals(1, server.received.size());
    assertFalse(server.verbs().contains("MAIL"));
  }

  @Test
  void repliesInjectedInTheClearBeforeTheTlsHandshakeAreDiscarded() {
    // whole replies: read as answers to the commands after TLS, they would close or derail the session
    server(s -> {
      s.offerStartTls = true;
      s.injectedBeforeTls = "250-localhost\r\n250 AUTH PLAIN\r\n250 2.1.0 ok\r\n";
    });
    transport(settings(SmtpConfig.Tls.STARTTLS, null, null, 1, 0), trusting());
    SendResult whole = send(email("parent@example.org", "over TLS"));
    assertEquals(SendResult.Kind.SENT, whole.kind(), whole.toString());
    assertTrue(server.received.get(0).overTls());
    closeTransport();
    server.close();

    // half a line: kept, it would be glued to the first reply that comes over TLS
    server(s -> {
      s.offerStartTls = true;
      s.injectedBeforeTls = "250 PIPELI";
    });
    transport(settings(SmtpConfig.Tls.STARTTLS, null, null, 1, 0), trusting());
    SendResult half = send(email("parent@example.org", "over TLS too"));
    assertEquals(SendResult.Kind.SENT, half.kind(), half.toString());
    assertEquals(List.of("EHLO", "STARTTLS", "EHLO", "MAIL", "RCPT", "DATA"), server.verbs());
  }

  @Test
  void startTlsNotOfferedMeansNothingIsSentInTheClear() {
    server(s -> s.offerStartTls = false);
    transport(settings(SmtpConfig.Tls.STARTTLS, null, null, 1, 0), trusting());
    SendResult r = send(email("parent@example.org", "secret"));
    assertEquals(SendResult.Kind.RETRY, r.kind());
    assertTrue(r.error().contains("STARTTLS"), r.error());
    assertFalse(server.verbs().contains("MAIL"));
    assertEquals(0, server.received.size());
  }

  @Test
  void implicitTlsWithHostnameVerification() {
    server(s -> s.implicitTls = true);
    transport(settings(SmtpConfig.Tls.TLS, null, null, 1, 0), trusting());
    assertEquals(SendResult.Kind.SENT, send(email("parent@example.org", "tls")).kind());
    assertTrue(server.received.get(0).overTls());
  }

  @Test
  void authPlainAndLoginAndAWrongPasswordIsNotTheMessagesFault() {
    server(s -> {
      s.user = "centre";
      s.password = "p4ss word";
    });
    transport(settings(SmtpConfig.Tls.NONE, "centre", "p4ss word", 1, 0), SmtpSender.defaultSsl());
    assertEquals(SendResult.Kind.SENT, send(email("parent@example.org", "authenticated")).kind());
    assertTrue(server.commands.contains("AUTH PLAIN"));
    closeTransport();
    server.script().authMechanisms = "LOGIN";
    transport(settings(SmtpConfig.Tls.NONE, "centre", "p4ss word", 1, 0), SmtpSender.defaultSsl());
    assertEquals(SendResult.Kind.SENT, send(email("parent@example.org", "authenticated by LOGIN")).kind());
    assertTrue(server.commands.contains("AUTH LOGIN"));
    closeTransport();
    transport(settings(SmtpConfig.Tls.NONE, "centre", "wrong", 1, 0), SmtpSender.defaultSsl());
    SendResult refused = send(email("parent@example.org", "not authenticated"));
    assertEquals(SendResult.Kind.RETRY, refused.kind(), "a refused login is retried, not held against the message");
    assertTrue(refused.error().contains("535"), refused.error());
    assertEquals(2, server.received.size());
  }

  @Test
  void aMessageOverTheServersSizeLimitFailsWithoutBeingSent() {
    server(s -> s.sizeLimit = 2_000);
    transport(settings(SmtpConfig.Tls.NONE, null, null, 1, 0), SmtpSender.defaultSsl());
    SendResult r = send(email("parent@example.org", "x".repeat(5_000)));
    assertEquals(SendResult.Kind.PERMANENT, r.kind());
    assertTrue(r.error().startsWith("552"), r.error());
    assertFalse(server.verbs().contains("MAIL"));
    SendResult small = send(email("parent@example.org", "small"));
    assertEquals(SendResult.Kind.SENT, small.kind());
    assertTrue(server.commands.stream().anyMatch(c -> c.startsWith("MAIL FROM:<news@example.org> SIZE=")));
  }

  @Test
  void sessionsAreReplacedAfterTheirMessageLimitWithAGoodbye() {
    server(s -> {});
    transport(settings(SmtpConfig.Tls.NONE, null, null, 1, 2), SmtpSender.defaultSsl());
    List<Email> emails = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      emails.add(email("p" + i + "@example.org", "n" + i));
    }
    assertTrue(sendAll(emails).stream().allMatch(r -> r.kind() == SendResult.Kind.SENT));
    assertEquals(5, server.received.size());
    assertEquals(3, server.connections.get());
    Await.until("two sessions said QUIT", Duration.ofSeconds(5), () -> server.quits.get() >= 2);
  }

  @Test
  void anAddressCannotInjectSmtpCommands() {
    server(s -> {});
    transport(settings(SmtpConfig.Tls.NONE, null, null, 1, 0), SmtpSender.defaultSsl());
    SendResult r = send(email("parent@example.org>\r\nRCPT TO:<evil@example.net", "hi"));
    assertEquals(SendResult.Kind.PERMANENT, r.kind(), r.toString());
    assertEquals(0, server.commands.size(), "nothing reached the server: " + server.commands);
  }

  @Test
  void aServerThatStopsAnsweringTimesOutAndTheMessageIsRetried() {
    server(s -> s.silentAfterData = true);
    transport(settings(SmtpConfig.Tls.NONE, null, null, 1, 0), SmtpSender.defaultSsl());
    SendResult r = send(email("parent@example.org", "into the void"));
    assertEquals(SendResult.Kind.RETRY, r.kind());
    assertTrue(r.error().contains("no reply"), r.error());
  }

  @Test
  void aSessionClosedByTheServerIsReplacedForTheNextMessages() {
    server(s -> s.closeAfterMessages = 1);
    transport(settings(SmtpConfig.Tls.NONE, null, null, 1, 0), SmtpSender.defaultSsl());
    List<Email> emails = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      emails.add(email("p" + i + "@example.org", "n" + i));
    }
    List<SendResult> results = sendAll(emails);
    long sent = results.stream().filter(r -> r.kind() == SendResult.Kind.SENT).count();
    // each session carries one message; a message caught by the closing session is retried, never lost
    assertEquals(server.received.size(), sent);
    assertTrue(sent >= 2, results.toString());
    assertTrue(results.stream().allMatch(r -> r.kind() == SendResult.Kind.SENT || r.kind() == SendResult.Kind.RETRY));
    assertTrue(server.connections.get() >= 2);
  }
}
