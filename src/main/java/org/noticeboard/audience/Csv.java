package org.noticeboard.audience;

import java.util.List;

/** Writing CSV (RFC 4180, CRLF line ends). */
final class Csv {
  private Csv() {}

  static String line(List<String> fields) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(field(fields.get(i)));
    }
    return sb.append("\r\n").toString();
  }

  /** Quotes when needed; a leading =, @, + or - (other than a phone number) is defused for spreadsheets. */
  static String field(String v) {
    if (v == null || v.isEmpty()) {
      return "";
    }
    char c = v.charAt(0);
    if ((c == '=' || c == '@' || c == '\t' || c == '\r' || ((c == '+' || c == '-') && !v.matches("\\+\\d{6,15}")))) {
      v = "'" + v;
    }
    if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || v.indexOf(';') >= 0) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }
}
