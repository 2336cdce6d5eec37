package org.noticeboard.accounts;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The kinds of node in an organisation's tree, as councils name them. */
public enum UnitKind {
  AREA("area"), CLUSTER("cluster"), LOCALITY("locality"), BASE("base"), CENTRE("centre"), SITE("site"),
  CHILDMINDER_NETWORK("childminder-network");

  private final String code;

  UnitKind(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<UnitKind> parse(String s) {
    return Arrays.stream(values()).filter(k -> k.code.equals(s)).findFirst();
  }

  public static List<String> codes() {
    return Arrays.stream(values()).map(UnitKind::code).toList();
  }
}
