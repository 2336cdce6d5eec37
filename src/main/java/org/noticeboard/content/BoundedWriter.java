package org.noticeboard.content;

import java.io.IOException;
import java.io.Writer;

/**
 * Collects one rendered part, refusing to grow past a limit or to keep writing after a deadline:
 * a runaway template fails with {@link Exceeded} instead of filling the heap.
 */
final class BoundedWriter extends Writer {
  /** Thrown (through FreeMarker) when the part is too large or the render took too long. */
  static final class Exceeded extends IOException {
    Exceeded(String message) {
      super(message, null);
    }
  }

  /**
   * One buffer per rendering thread, reused part after part (rendering is sequential on a thread and
   * {@link #toString} copies the part out); a buffer a very large part left behind is not kept.
   */
  private static final ThreadLocal<StringBuilder> BUFFERS = ThreadLocal.withInitial(() -> new StringBuilder(8192));
  private static final int KEPT_CAPACITY = 64 * 1024;

  private final StringBuilder out;
  private final int maxChars;
  private final long deadlineNanos;

  BoundedWriter(int maxChars, long deadlineNanos) {
    this.maxChars = maxChars;
    this.deadlineNanos = deadlineNanos;
    StringBuilder buffer = BUFFERS.get();
    if (buffer.capacity() > KEPT_CAPACITY) {
      buffer = new StringBuilder(8192);
      BUFFERS.set(buffer);
    }
    buffer.setLength(0);
    this.out = buffer;
  }

  @Override
  public void write(char[] buf, int off, int len) throws IOException {
    if (out.length() + len > maxChars) {
      throw new Exceeded("the output is larger than " + (maxChars / 1024) + " KB");
    }
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new Exceeded("rendering took too long and was stopped");
    }
    out.append(buf, off, len);
  }

  @Override
  public void write(String s, int off, int len) throws IOException {
    if (out.length() + len > maxChars) {
      throw new Exceeded("the output is larger than " + (maxChars / 1024) + " KB");
    }
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new Exceeded("rendering took too long and was stopped");
    }
    out.append(s, off, off + len);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  @Override
  public String toString() {
    return out.toString();
  }
}
