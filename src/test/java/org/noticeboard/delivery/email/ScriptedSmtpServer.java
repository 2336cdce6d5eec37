package org.noticeboard.delivery.email;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real SMTP server over TCP with a script of behaviours: which extensions it offers, STARTTLS or
 * implicit TLS (self-signed certificate for "localhost"), AUTH PLAIN/LOGIN with one account, a SIZE
 * limit, recipients it refuses, a final reply it never sends. It records every command line and every
 * message it accepted.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
  public record Received(String from, String to, String content, boolean overTls) {}

  public static final class Script {
    public boolean pipelining = true;
    public boolean offerStartTls;
    public boolean implicitTls;
    public String user;
    public String password;
    public String authMechanisms = "LOGIN PLAIN";
    public long sizeLimit;
    public Predicate<String> refuse = to -> false;
    public boolean silentAfterData;
    public int closeAfterMessages = -1;
    /** How long the server takes to accept each message (after the final dot): a slow relay. */
    public long acceptDelayMillis;
    /** Recipients whose message the server takes and never answers (a stuck connection). */
    public Predicate<String> silentFor = to -> false;
    /** Bearer tokens AUTH XOAUTH2 accepts (for {@link #user}); offer XOAUTH2 in {@link #authMechanisms}. */
    public Predicate<String> validTokens = t -> false;
    /** Sent in the clear right after "220 go ahead" to STARTTLS, as an attacker on the path would. */
    public String injectedBeforeTls = "";
  }

  /** One for all servers: making a key pair takes a while. */
  static final SelfSignedCertificate CERTIFICATE = SelfSignedCertificate.create("localhost");
  final SelfSignedCertificate certificate = CERTIFICATE;
  final List<String> commands = new CopyOnWriteArrayList<>();
  public final List<Received> received = new CopyOnWriteArrayList<>();
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger quits = new AtomicInteger();
  /** Bearer tokens presented with AUTH XOAUTH2, in order. */
  final List<String> tokensSeen = new CopyOnWriteArrayList<>();
  private final Vertx vertx = Vertx.vertx();
  private final Script script;
  private final NetServer server;

  public ScriptedSmtpServer(Script script) {
    this.script = script;
    NetServerOptions options = new NetServerOptions().setKeyCertOptions(certificate.keyCertOptions())
        .setSsl(script.implicitTls);
    this.server = vertx.createNetServer(options).connectHandler(this::session).listen(0, "localhost").await();
  }

  Script script() {
    return script;
  }

  public int port() {
    return server.actualPort();
  }

  /** Commands as the server saw them, without the AUTH secrets. */
  List<String> verbs() {
    return commands.stream().map(c -> c.split("[ :]", 2)[0].toUpperCase()).toList();
  }

  private void session(NetSocket socket) {
    connections.incrementAndGet();
    socket.write("220 localhost scripted ESMTP\r\n");
    String[] from = {null};
    String[] to = {null};
    StringBuilder data = new StringBuilder();
    boolean[] inData = {false};
    String[] authStep = {null};
    boolean[] xoauthFailed = {false};
    int[] messages = {0};
    boolean[] authed = {false};
    RecordParser parser = RecordParser.newDelimited("\r\n");
    parser.handler(buffer -> {
      String line = buffer.toString(StandardCharsets.UTF_8);
      if (inData[0]) {
        if (!line.equals(".")) {
          data.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
          return;
        }
        inData[0] = false;
        if (script.silentAfterData || script.silentFor.test(to[0])) {
          return;
        }
        received.add(new Received(from[0], to[0], data.toString(), socket.isSsl()));
        data.setLength(0);
        if (script.acceptDelayMillis > 0) {
          socket.pause(); // a real slow relay reads nothing more until it has answered
          vertx.setTimer(script.acceptDelayMillis, t -> {
            socket.write("250 2.0.0 queued\r\n");
            socket.resume();
          });
        } else {
          socket.write("250 2.0.0 queued\r\n");
        }
        if (++messages[0] == script.closeAfterMessages) {
          socket.write("421 4.3.2 closing for maintenance\r\n").onComplete(v -> socket.close());
        }
        return;
      }
      if (xoauthFailed[0]) { // the client's empty answer to our 334 error challenge
        xoauthFailed[0] = false;
        socket.write("535 5.7.8 Username and Password not accepted\r\n");
        return;
      }
      if (authStep[0] != null) {
        String decoded = new String(Base64.getDecoder().decode(line), StandardCharsets.UTF_8);
        if (authStep[0].equals("user")) {
          authStep[0] = decoded;
          socket.write("334 UGFzc3dvcmQ6\r\n");
        } else {
          boolean ok = authStep[0].equals(script.user) && decoded.equals(script.password);
          authed[0] = ok;
          authStep[0] = null;
          socket.write(ok ? "235 2.7.0 ok\r\n" : "535 5.7.8 authentication failed\r\n");
        }
        return;
      }
      commands.add(line.startsWith("AUTH") ? line.split(" ")[0] + " " + line.split(" ")[1] : line);
      String verb = line.split("[ :]", 2)[0].toUpperCase();
      switch (verb) {
        case "EHLO" -> {
          StringBuilder r = new StringBuilder("250-localhost\r\n");
          if (script.pipelining) {
            r.append("250-PIPELINING\r\n");
          }
          if (script.offerStartTls && !socket.isSsl()) {
            r.append("250-STARTTLS\r\n");
          }
          if (script.user != null) {
            r.append("250-AUTH ").append(script.authMechanisms).append("\r\n");
          }
          if (script.sizeLimit > 0) {
            r.append("250-SIZE ").append(script.sizeLimit).append("\r\n");
          }
          socket.write(r.append("250 8BITMIME\r\n").toString());
        }
        // the reply goes out in the clear just before the TLS handler is in place
        case "STARTTLS" -> socket.upgradeToSsl(io.vertx.core.buffer.Buffer.buffer("220 2.0.0 go ahead\r\n" + script.injectedBeforeTls));
        case "AUTH" -> {
          String[] parts = line.split(" ");
          if (parts[1].equalsIgnoreCase("XOAUTH2")) {
            String[] fields = new String(Base64.getDecoder().decode(parts[2]), StandardCharsets.UTF_8).split("\u0001");
            String user = fields[0].startsWith("user=") ? fields[0].substring(5) : "";
            String token = fields.length > 1 && fields[1].startsWith("auth=Bearer ") ? fields[1].substring(12) : "";
            tokensSeen.add(token);
            boolean ok = user.equals(script.user) && script.validTokens.test(token);
            authed[0] = ok;
            if (ok) {
              socket.write("235 2.7.0 Accepted\r\n");
            } else {
              xoauthFailed[0] = true;
              socket.write("334 " + Base64.getEncoder().encodeToString(
                  "{\"status\":\"401\",\"schemes\":\"bearer\"}".getBytes(StandardCharsets.UTF_8)) + "\r\n");
            }
          } else if (parts[1].equalsIgnoreCase("PLAIN")) {
            String[] creds = new String(Base64.getDecoder().decode(parts[2]), StandardCharsets.UTF_8).split("\0");
            boolean ok = creds.length == 3 && creds[1].equals(script.user) && creds[2].equals(script.password);
            authed[0] = ok;
            socket.write(ok ? "235 2.7.0 ok\r\n" : "535 5.7.8 authentication failed\r\n");
          } else {
            authStep[0] = "user";
            socket.write("334 VXNlcm5hbWU6\r\n");
          }
        }
        case "MAIL" -> {
          from[0] = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
          socket.write(script.user != null && !authed[0] ? "530 5.7.0 authentication required\r\n" : "250 2.1.0 ok\r\n");
        }
        case "RCPT" -> {
          to[0] = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
          socket.write(script.refuse.test(to[0]) ? "550 5.1.1 <" + to[0] + ">: user unknown\r\n" : "250 2.1.5 ok\r\n");
        }
        case "DATA" -> {
          if (to[0] == null || script.refuse.test(to[0])) {
            socket.write("554 5.5.1 no valid recipients\r\n");
          } else {
            inData[0] = true;
            socket.write("354 end with .\r\n");
          }
        }
        case "RSET" -> {
          from[0] = null;
          to[0] = null;
          socket.write("250 2.0.0 ok\r\n");
        }
        case "QUIT" -> {
          quits.incrementAndGet();
          socket.write("221 2.0.0 bye\r\n").onComplete(v -> socket.close());
        }
        default -> socket.write("502 5.5.2 unknown command\r\n");
      }
    });
    socket.handler(parser);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
