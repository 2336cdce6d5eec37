package org.noticeboard.delivery.email;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small pool of SMTP sessions on the caller's event loop: at most {@code maxConnections} open,
 * one message at a time on each, kept alive between messages and closed after a quiet minute.
 * Messages beyond the pool wait in order. Used from one event loop only (one sender per worker).
 *
 * <p>Why not vertx-mail-client: it writes every line of a message as its own socket write (≈100 per
 * message), which on this kind of machine held sending to a few hundred messages a second; this
 * sender writes the envelope in one write and the message (from {@link MimeWriter}) in another (see
 * README, "Campaign sending benchmark").
 */
final class SmtpSender {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpSender.class);

  private final Vertx vertx;
  private final NetClient client;
  private final SmtpSettings settings;
  private final ClientSSLOptions ssl;
  private final Optional<AccessTokens> tokens;
  private final Deque<SmtpConnection> idle = new ArrayDeque<>();
  private final Deque<Job> waiting = new ArrayDeque<>();
  private int open;
  private boolean closed;

  private record Job(String from, List<String> recipients, Buffer content, Promise<SmtpReply> result) {}

  SmtpSender(Vertx vertx, SmtpSettings settings, ClientSSLOptions ssl, Optional<AccessTokens> tokens) {
    this.vertx = vertx;
    this.settings = settings;
    this.ssl = ssl;
    this.tokens = tokens;
    this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)
        .setConnectTimeout(settings.connectTimeoutMillis()));
  }

  /** Verifies the server's certificate and name against the JVM's trusted authorities. */
  static ClientSSLOptions defaultSsl() {
    return new ClientSSLOptions().setHostnameVerificationAlgorithm("HTTPS");
  }

  /**
   * Sends one message (content dot-stuffed, ending in CRLF.CRLF). Fails with {@link SmtpReplyException}
   * when the server refuses it, or with another exception when the server could not be reached.
   */
  Future<SmtpReply> send(String from, List<String> recipients, Buffer content) {
    Promise<SmtpReply> result = Promise.promise();
    if (closed) {
      result.fail(new IOException("the SMTP sender is closed"));
    } else {
      dispatch(new Job(from, recipients, content, result));
    }
    return result.future();
  }

  private void dispatch(Job job) {
    SmtpConnection c;
    while ((c = idle.poll()) != null) {
      if (c.reusable()) {
        run(c, job);
        return;
      }
      c.quit();
    }
    if (open >= settings.maxConnections()) {
      waiting.add(job);
      return;
    }
    open++;
    SmtpConnection.open(vertx, client, settings, ssl, tokens).onComplete(ar -> {
      if (ar.failed()) {
        open--;
        closeClientWhenIdle();
        LOG.warn("SMTP session to {}:{} could not be set up: {}", settings.host(), settings.port(), ar.cause().toString());
        job.result().fail(ar.cause());
        next();
        return;
      }
      SmtpConnection opened = ar.result();
      opened.closedHandler(() -> {
        open--;
        idle.remove(opened);
        next();
        closeClientWhenIdle();
      });
      run(opened, job);
    });
  }

  private void run(SmtpConnection c, Job job) {
    c.busy();
    c.send(job.from(), job.recipients(), job.content()).onComplete(ar -> {
      job.result().handle(ar);
      release(c);
    });
  }

  private void release(SmtpConnection c) {
    if (c.isClosed()) {
      return; // its close handler already made room
    }
    if (closed || !c.reusable()) {
      c.quit(); // room is made when it has closed
      return;
    }
    Job job = waiting.poll();
    if (job != null) {
      run(c, job);
      return;
    }
    idle.push(c);
    c.idle(settings.idleSeconds(), () -> {
      idle.remove(c);
      c.quit();
    });
  }

  /** Starts the next waiting message if a session can be opened for it. */
  private void next() {
    if (!waiting.isEmpty() && !closed) {
      dispatch(waiting.poll());
    }
  }

  /** Fails what is still waiting (it will be retried), lets messages in flight finish, then says QUIT. */
  void close() {
    closed = true;
    Job job;
    while ((job = waiting.poll()) != null) {
      job.result().fail(new IOException("the SMTP sender is closing"));
    }
    SmtpConnection c;
    while ((c = idle.poll()) != null) {
      c.quit();
    }
    closeClientWhenIdle();
  }

  /** The client goes once its last session has (closing it earlier would cut messages in flight). */
  private void closeClientWhenIdle() {
    if (closed && open == 0) {
      client.close();
    }
  }
}
