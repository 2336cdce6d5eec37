package org.noticeboard.audience;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An incremental RFC 4180 reader fed one chunk of bytes at a time, so a file of any size is read
 * without holding it in memory. Accepts a UTF-8 byte order mark, comma or semicolon separators
 * (whichever the header row uses first), quoted fields with separators, quotes ("") and line
 * breaks, and LF, CRLF or CR line ends. Blank lines are skipped but counted, so row numbers match
 * what a spreadsheet shows (the header is row 1).
 */
final class CsvParser {
  interface Sink {
    void record(int row, List<String> fields);
  }

  private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED, AFTER_CR }

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final Sink sink;
  private State state = State.FIELD_START;
  private byte delimiter; // 0 until the header shows one
  private byte[] field = new byte[256];
  private int length;
  private boolean quoted;
  private List<String> fields = new ArrayList<>();
  private int row;
  private int bomSeen; // bytes of the BOM matched so far; -1 once past the start

  CsvParser(Sink sink) {
    this.sink = sink;
  }

  void feed(byte[] bytes) {
    int i = bomSeen >= 0 ? skipBom(bytes) : 0;
    for (; i < bytes.length; i++) {
      step(bytes[i]);
    }
  }

  /**
   * Reads past a byte order mark at the start of the input; the index of the first byte after it.
   * Kept out of {@link #feed}'s loop, which then has nothing that happens once per file only.
   */
  private int skipBom(byte[] bytes) {
    int i = 0;
    for (; i < bytes.length && bomSeen >= 0; i++) {
      byte b = bytes[i];
      if (b == BOM[bomSeen]) {
        if (++bomSeen == BOM.length) {
          bomSeen = -1;
        }
        continue;
      }
      byte[] partial = Arrays.copyOf(BOM, bomSeen); // not a BOM after all: read those bytes as data
      bomSeen = -1;
      for (byte p : partial) {
        step(p);
      }
      step(b);
    }
    return i;
  }

  /** The input is complete: emit the last record when the file does not end with a line break. */
  void end() {
    if (bomSeen > 0) {
      byte[] partial = Arrays.copyOf(BOM, bomSeen);
      bomSeen = -1;
      for (byte p : partial) {
        step(p);
      }
    }
    if (state != State.AFTER_CR && (state != State.FIELD_START || !fields.isEmpty())) {
      endRecord();
    }
  }

  private void step(byte c) {
    switch (state) {
      case AFTER_CR -> {
        state = State.FIELD_START;
        if (c != '\n') {
          step(c);
        }
      }
      case FIELD_START -> {
        if (c == '"') {
          quoted = true;
          state = State.QUOTED;
        } else if (isDelimiter(c)) {
          endField();
        } else if (c == '\r') {
          endRecord();
          state = State.AFTER_CR;
        } else if (c == '\n') {
          endRecord();
        } else {
          append(c);
          state = State.UNQUOTED;
        }
      }
      case UNQUOTED, QUOTE_IN_QUOTED -> {
        if (state == State.QUOTE_IN_QUOTED && c == '"') { // "" inside quotes is one quote
          append(c);
          state = State.QUOTED;
        } else if (isDelimiter(c)) {
          endField();
          state = State.FIELD_START;
        } else if (c == '\r') {
          endRecord();
          state = State.AFTER_CR;
        } else if (c == '\n') {
          endRecord();
          state = State.FIELD_START;
        } else { // text after a closing quote is kept, as spreadsheets do
          append(c);
          state = State.UNQUOTED;
        }
      }
      case QUOTED -> {
        if (c == '"') {
          state = State.QUOTE_IN_QUOTED;
        } else {
          append(c);
        }
      }
      default -> throw new IllegalStateException();
    }
  }

  private boolean isDelimiter(byte c) {
    return c == delimiter || delimiter == 0 && firstDelimiter(c);
  }

  /** The header row's first comma or semicolon decides the separator of the file. */
  private boolean firstDelimiter(byte c) {
    if (c == ',' || c == ';') {
      delimiter = c;
      return true;
    }
    return false;
  }

  private void append(byte c) {
    if (length == field.length) {
      field = Arrays.copyOf(field, length * 2);
    }
    field[length++] = c;
  }

  private void endField() {
    fields.add(new String(field, 0, length, StandardCharsets.UTF_8));
    length = 0;
    quoted = false;
  }

  private void endRecord() {
    boolean blank = fields.isEmpty() && length == 0 && !quoted;
    endField();
    row++;
    if (!blank) {
      sink.record(row, fields);
    }
    fields = new ArrayList<>();
    state = State.FIELD_START;
  }
}
