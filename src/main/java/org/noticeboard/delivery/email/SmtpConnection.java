package org.noticeboard.delivery.email;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.noticeboard.config.SmtpConfig;

/**
 * One SMTP session on one socket, used on one event loop. Replies are matched to commands in the
 * order they were written, so pipelined commands (RFC 2920) simply queue their promises. A message
 * costs two socket writes: {@code MAIL}/{@code RCPT}/{@code DATA} together when the server offers
 * PIPELINING, then the whole content with its terminating dot.
 */
final class SmtpConnection {
  private static final int MAX_REPLY_LINE = 4096;

  private final Vertx vertx;
  private final NetSocket socket;
  private final SmtpSettings settings;
  private final ClientSSLOptions ssl;
  private final Optional<AccessTokens> tokens;
  private final Deque<Promise<SmtpReply>> pending = new ArrayDeque<>();
  private final StringBuilder replyText = new StringBuilder();
  private Map<String, String> extensions = Map.of();
  private Promise<SmtpReply> startTlsReply;
  private boolean awaitingHandshake;
  private Runnable closedHandler;
  private boolean closed;
  private boolean quitting;
  private int mails;
  private long idleTimer = -1;

  private SmtpConnection(Vertx vertx, NetSocket socket, SmtpSettings settings, ClientSSLOptions ssl,
                         Optional<AccessTokens> tokens) {
    this.vertx = vertx;
    this.socket = socket;
    this.settings = settings;
    this.ssl = ssl;
    this.tokens = tokens;
    socket.handler(newParser());
    socket.exceptionHandler(this::abort);
    socket.closeHandler(v -> closed(new IOException("the SMTP server closed the connection")));
  }

  private RecordParser newParser() {
    RecordParser parser = RecordParser.newDelimited("\r\n", this::line).maxRecordSize(MAX_REPLY_LINE);
    parser.exceptionHandler(e -> abort(new IOException("SMTP reply line too long")));
    return parser;
  }

  /** Connects and sets the session up: greeting, EHLO, STARTTLS and AUTH as configured. */
  static Future<SmtpConnection> open(Vertx vertx, NetClient client, SmtpSettings settings, ClientSSLOptions ssl,
                                     Optional<AccessTokens> tokens) {
    ConnectOptions options = new ConnectOptions().setHost(settings.host()).setPort(settings.port())
        .setTimeout(settings.connectTimeoutMillis());
    if (settings.tls() == SmtpConfig.Tls.TLS) {
      options.setSsl(true).setSslOptions(ssl);
    }
    return client.connect(options).compose(socket -> {
      SmtpConnection c = new SmtpConnection(vertx, socket, settings, ssl, tokens);
      return c.setUp().map(c).onFailure(e -> c.close());
    });
  }

  private Future<Void> setUp() {
    return expect(1, settings.commandTimeoutMillis())
        .compose(greeting -> requireSetup(greeting.get(0), 220))
        .compose(v -> ehlo())
        .compose(v -> settings.tls() == SmtpConfig.Tls.STARTTLS ? startTls() : Future.succeededFuture())
        .compose(v -> settings.username().isPresent() ? authenticate() : Future.succeededFuture());
  }

  private Future<Void> ehlo() {
    return command("EHLO " + settings.ownHostname() + "\r\n").compose(r -> {
      if (r.code() != 250) {
        // a server without ESMTP: plain HELO, no extensions
        return command("HELO " + settings.ownHostname() + "\r\n").compose(h -> requireSetup(h, 250))
            .onSuccess(v -> extensions = Map.of());
      }
      Map<String, String> found = new HashMap<>();
      String[] lines = r.text().split("\n");
      for (int i = 1; i < lines.length; i++) { // the first line is the server's name
        String[] kv = lines[i].trim().split(" ", 2);
        found.put(kv[0].toUpperCase(Locale.ROOT), kv.length > 1 ? kv[1].trim() : "");
      }
      extensions = found;
      return Future.succeededFuture();
    });
  }

  private Future<Void> startTls() {
    if (!extensions.containsKey("STARTTLS")) {
      return Future.failedFuture(new SmtpReplyException(new SmtpReply(0, "the SMTP server does not offer STARTTLS"), true));
    }
    Future<SmtpReply> reply = expect(1, settings.commandTimeoutMillis()).map(r -> r.get(0));
    startTlsReply = pending.peekLast();
    socket.write("STARTTLS\r\n");
    return reply
        .compose(r -> requireSetup(r, 220))
        .compose(v -> socket.upgradeToSsl(ssl, settings.host()))
        .compose(v -> {
          // Whatever arrived in the clear after "220" (whole lines or half of one) could have been put
          // there by anyone on the path: a new parser starts empty, and only what came over TLS is read.
          awaitingHandshake = false;
          replyText.setLength(0);
          socket.handler(newParser());
          return ehlo(); // RFC 3207: forget what was learnt before TLS
        });
  }

  private Future<Void> authenticate() {
    String user = settings.username().orElseThrow();
    String mechanisms = " " + extensions.getOrDefault("AUTH", "").toUpperCase(Locale.ROOT) + " ";
    if (tokens.isPresent()) {
      return xoauth2(user, tokens.get(), mechanisms);
    }
    String password = settings.password().orElse("");
    if (mechanisms.contains(" PLAIN ")) {
      String plain = base64("\0" + user + "\0" + password);
      return command("AUTH PLAIN " + plain + "\r\n").compose(r -> requireSetup(r, 235));
    }
    if (mechanisms.contains(" LOGIN ")) {
      return command("AUTH LOGIN\r\n").compose(r -> requireSetup(r, 334))
          .compose(v -> command(base64(user) + "\r\n")).compose(r -> requireSetup(r, 334))
          .compose(v -> command(base64(password) + "\r\n")).compose(r -> requireSetup(r, 235));
    }
    return Future.failedFuture(new SmtpReplyException(
        new SmtpReply(0, "the SMTP server offers no AUTH mechanism this client supports (PLAIN, LOGIN)"), true));
  }

  /**
   * {@code AUTH XOAUTH2} (Google's and Microsoft's SASL profile for OAuth 2.0 bearer tokens): the user and
   * token in one line. A refused token gets a {@code 334} with a JSON error, which the client must answer
   * with an empty line before the final {@code 535}; the token is then dropped, so the next session asks
   * for a new one.
   */
  private Future<Void> xoauth2(String user, AccessTokens source, String mechanisms) {
    if (!mechanisms.contains(" XOAUTH2 ")) {
      return Future.failedFuture(new SmtpReplyException(
          new SmtpReply(0, "the SMTP server does not offer AUTH XOAUTH2 (it offers:" + mechanisms + ")"), true));
    }
    return source.current()
        .recover(e -> Future.failedFuture(new SmtpReplyException(
            new SmtpReply(0, "no OAuth2 access token for SMTP: " + e.getMessage()), true)))
        .compose(token -> {
          String initial = base64("user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001");
          return command("AUTH XOAUTH2 " + initial + "\r\n")
              .compose(r -> r.code() == 334 ? command("\r\n") : Future.succeededFuture(r))
              .compose(r -> {
                if (r.code() != 235) {
                  source.rejected(token);
                }
                return requireSetup(r, 235);
              });
        });
  }

  /**
   * Sends one message: envelope, then the content (already dot-stuffed and ending in CRLF.CRLF).
   * Fails with {@link SmtpReplyException} when the server refuses it; the session stays usable.
   */
  Future<SmtpReply> send(String from, List<String> recipients, Buffer content) {
    mails++;
    String size = extensions.containsKey("SIZE") ? " SIZE=" + content.length() : "";
    long limit = sizeLimit();
    if (limit > 0 && content.length() > limit) {
      return Future.failedFuture(new SmtpReplyException(new SmtpReply(552,
          "5.3.4 message of " + content.length() + " bytes is larger than the server accepts (" + limit + ")"), false));
    }
    List<String> envelope = new ArrayList<>();
    envelope.add("MAIL FROM:<" + from + ">" + size + "\r\n");
    recipients.forEach(r -> envelope.add("RCPT TO:<" + r + ">\r\n"));
    envelope.add("DATA\r\n");
    Future<List<SmtpReply>> replies = extensions.containsKey("PIPELINING")
        ? group(String.join("", envelope), envelope.size(), settings.commandTimeoutMillis())
        : oneByOne(envelope);
    return replies.compose(r -> {
      SmtpReply refusal = refusal(r);
      SmtpReply data = r.get(r.size() - 1);
      if (refusal == null && data.code() == 354) {
        return group(content, 1, settings.dataTimeoutMillis()).compose(end -> end.get(0).code() == 250
            ? Future.succeededFuture(end.get(0))
            : Future.failedFuture(new SmtpReplyException(end.get(0), false)));
      }
      SmtpReply reason = refusal != null ? refusal : data;
      if (data.code() == 354) {
        // the server wants content for a transaction we abandon: only closing ends it without a message
        close();
        return Future.failedFuture(new SmtpReplyException(reason, false));
      }
      return reset().transform(v -> Future.failedFuture(new SmtpReplyException(reason, false)));
    });
  }

  /** Without PIPELINING: one command at a time, stopping at the first refusal (DATA is then not sent). */
  private Future<List<SmtpReply>> oneByOne(List<String> commands) {
    List<SmtpReply> replies = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (String c : commands) {
      chain = chain.compose(v -> {
        if (!replies.isEmpty() && !replies.get(replies.size() - 1).positive()) {
          return Future.succeededFuture();
        }
        return command(c).map(r -> {
          replies.add(r);
          return null;
        });
      });
    }
    return chain.map(v -> {
      if (replies.size() < commands.size()) { // stopped early: the failing reply stands in for DATA's too
        SmtpReply last = replies.get(replies.size() - 1);
        while (replies.size() < commands.size()) {
          replies.add(last);
        }
      }
      return replies;
    });
  }

  /** The envelope's refusal, if any: MAIL refused, or no recipient accepted. */
  private static SmtpReply refusal(List<SmtpReply> replies) {
    SmtpReply mail = replies.get(0);
    if (!mail.positive()) {
      return mail;
    }
    SmtpReply firstRefused = null;
    boolean anyAccepted = false;
    for (int i = 1; i < replies.size() - 1; i++) {
      if (replies.get(i).positive()) {
        anyAccepted = true;
      } else if (firstRefused == null) {
        firstRefused = replies.get(i);
      }
    }
    return anyAccepted ? null : firstRefused;
  }

  private Future<Void> reset() {
    return command("RSET\r\n").transform(ar -> {
      if (ar.failed() || ar.result().code() != 250) {
        close();
      }
      return Future.succeededFuture();
    });
  }

  private long sizeLimit() {
    try {
      return Long.parseLong(extensions.getOrDefault("SIZE", "0").trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** May this session carry another message? */
  boolean reusable() {
    return !closed && !quitting && (settings.maxMailsPerConnection() <= 0 || mails < settings.maxMailsPerConnection());
  }

  boolean isClosed() {
    return closed;
  }

  /** Called once when the socket is gone, however that happened. */
  void closedHandler(Runnable handler) {
    closedHandler = handler;
    if (closed) {
      handler.run();
    }
  }

  /** Closes the session after {@code seconds} without use, unless {@link #busy()} is called first. */
  void idle(int seconds, Runnable expired) {
    idleTimer = vertx.setTimer(seconds * 1000L, t -> {
      idleTimer = -1;
      expired.run();
    });
  }

  void busy() {
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
      idleTimer = -1;
    }
  }

  /** Says goodbye (QUIT) and closes; never fails. */
  void quit() {
    if (closed || quitting) {
      return;
    }
    quitting = true;
    busy();
    group("QUIT\r\n", 1, 5_000).onComplete(ar -> close());
  }

  void close() {
    busy();
    if (!closed) {
      socket.close();
    }
  }

  private Future<Void> requireSetup(SmtpReply reply, int code) {
    return reply.code() == code ? Future.succeededFuture()
        : Future.failedFuture(new SmtpReplyException(reply, true));
  }

  private Future<SmtpReply> command(String line) {
    return group(line, 1, settings.commandTimeoutMillis()).map(r -> r.get(0));
  }

  private Future<List<SmtpReply>> group(String text, int replies, int timeoutMillis) {
    // UTF-8, so an address is never sent with '?' in place of a character; a server that cannot take it refuses it
    return group(Buffer.buffer(text, StandardCharsets.UTF_8.name()), replies, timeoutMillis);
  }

  /** Writes {@code data} in one write and waits for {@code replies} replies, all within the timeout. */
  private Future<List<SmtpReply>> group(Buffer data, int replies, int timeoutMillis) {
    if (closed) {
      return Future.failedFuture(new IOException("the SMTP connection is closed"));
    }
    Future<List<SmtpReply>> all = expect(replies, timeoutMillis);
    socket.write(data);
    return all;
  }

  private Future<List<SmtpReply>> expect(int replies, int timeoutMillis) {
    List<Future<SmtpReply>> futures = new ArrayList<>(replies);
    for (int i = 0; i < replies; i++) {
      Promise<SmtpReply> p = Promise.promise();
      pending.add(p);
      futures.add(p.future());
    }
    Future<SmtpReply> last = futures.get(replies - 1);
    long timer = vertx.setTimer(timeoutMillis, t -> {
      if (!last.isComplete()) {
        abort(new TimeoutException("no reply from the SMTP server within " + timeoutMillis / 1000 + " s"));
      }
    });
    return Future.all(futures).onComplete(ar -> vertx.cancelTimer(timer))
        .map(cf -> futures.stream().map(Future::result).toList());
  }

  /** One line of a reply; the last line ({@code 250 …} rather than {@code 250-…}) completes it. */
  private void line(Buffer buffer) {
    if (awaitingHandshake) {
      return; // sent in the clear after the server agreed to STARTTLS: never a reply to trust
    }
    String line = buffer.toString(StandardCharsets.UTF_8);
    if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
        || !Character.isDigit(line.charAt(2)) || line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-') {
      abort(new IOException("the SMTP server sent something that is not a reply"));
      return;
    }
    if (replyText.length() > 0) {
      replyText.append('\n');
    }
    replyText.append(line.length() > 4 ? line.substring(4) : "");
    if (line.length() > 3 && line.charAt(3) == '-') {
      return;
    }
    SmtpReply reply = new SmtpReply(Integer.parseInt(line.substring(0, 3)), replyText.toString());
    replyText.setLength(0);
    Promise<SmtpReply> waiting = pending.poll();
    if (waiting == null) {
      // e.g. "421 shutting down" while idle: the session is over
      close();
      return;
    }
    if (waiting == startTlsReply) {
      startTlsReply = null;
      awaitingHandshake = reply.code() == 220;
    }
    waiting.complete(reply);
  }

  private void abort(Throwable cause) {
    failPending(cause);
    close();
  }

  private void closed(Throwable cause) {
    if (closed) {
      return;
    }
    closed = true;
    busy();
    failPending(cause);
    if (closedHandler != null) {
      closedHandler.run();
    }
  }

  private void failPending(Throwable cause) {
    Promise<SmtpReply> p;
    while ((p = pending.poll()) != null) {
      p.tryFail(cause);
    }
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
