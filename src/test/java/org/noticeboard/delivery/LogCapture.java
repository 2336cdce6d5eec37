package org.noticeboard.delivery;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** Captures every log line (formatted message and any exception) while attached to the root logger. */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  final List<String> lines = new CopyOnWriteArrayList<>();

  static LogCapture attach() {
    LogCapture c = new LogCapture();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    c.setContext(root.getLoggerContext());
    c.start();
    root.addAppender(c);
    return c;
  }

  @Override
  protected void append(ILoggingEvent e) {
    if (e.getLoggerName().startsWith("com.icegreen")) {
      return; // the test's own SMTP server logs its mailboxes
    }
    StringBuilder b = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
    if (e.getThrowableProxy() != null) {
      b.append(' ').append(e.getThrowableProxy().getMessage());
    }
    b.append(' ').append(e.getMDCPropertyMap());
    lines.add(b.toString());
  }

  String all() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(this);
    stop();
  }
}
