package org.noticeboard.web;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean …?" for a misspelt name: the closest known one, if it is close enough to be a likely slip. */
public final class Suggestions {
  private Suggestions() {}

  public static Optional<String> closest(String given, Collection<String> known) {
    String g = normal(given);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      String n = normal(k);
      // "phoneNumber" for "phone", "unit" for "unitId": one name inside the other is a likely slip too
      int d = n.length() >= 3 && g.length() >= 3 && (g.contains(n) || n.contains(g)) ? 1 : distance(g, n);
      if (d < bestDistance || d == bestDistance && best != null && k.compareTo(best) < 0) {
        best = k;
        bestDistance = d;
      }
    }
    int allowed = Math.max(1, Math.min(3, given.length() / 3));
    return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  private static String normal(String name) {
    return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }

  /** Levenshtein distance, two rows. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
