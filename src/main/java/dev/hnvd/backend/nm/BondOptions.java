package dev.hnvd.backend.nm;

import java.util.Map;
import java.util.TreeMap;

/**
 * Bond option values normalised for comparison: NM stores them as given ("2" stays "2") while the
 * kernel answers "follow 2"; all of these mean the same.
 */
final class BondOptions {
  private static final Map<String, String[]> NAMES = Map.of(
      "mode", new String[] {"balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad",
          "balance-tlb", "balance-alb"},
      "fail_over_mac", new String[] {"none", "active", "follow"},
      "primary_reselect", new String[] {"always", "better", "failure"});

  private BondOptions() {}

  static Map<String, String> normalise(Map<String, String> options) {
    Map<String, String> out = new TreeMap<>();
    options.forEach((k, v) -> out.put(k, normalise(k, v)));
    return out;
  }

  /** "follow 2", " follow", "2" -> "follow"; unknown keys only trimmed. */
  static String normalise(String key, String value) {
    String v = value == null ? "" : value.trim();
    String[] names = NAMES.get(key);
    if (names == null) {
      return v;
    }
    String first = v.split("\\s+")[0];
    if (first.matches("\\d+")) {
      int i = Integer.parseInt(first);
      return i < names.length ? names[i] : first;
    }
    return first;
  }
}
