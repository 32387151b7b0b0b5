package dev.hnvd.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The bond options of every HNV bond, the one place they are decided: both backends write
 * {@link #desired} (NM as {@code bond.options}, wicked as {@code BONDING_MODULE_OPTS}) and both
 * verifiers compare the kernel with {@link #MODE}. Also the normalisation of what managers and
 * the kernel report ("1" and "active-backup" are the same mode; "2", "follow" and the kernel's
 * "follow 2" the same fail_over_mac).
 */
public final class BondOptions {
  /** Active-backup: the SR-IOV VF carries traffic, the virtual device takes over on failure. */
  public static final String MODE = "active-backup";
  /** Link monitoring by carrier every 100 ms: fails over when the VF loses its link. */
  public static final String MIIMON = "100";
  /** The bond follows the active port's MAC: a VF cannot take on another MAC on every adapter. */
  public static final String FAIL_OVER_MAC = "follow";

  /** Numeric values the kernel and managers accept for the named options, by index. */
  private static final Map<String, String[]> NAMES = Map.of(
      "mode", new String[] {"balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad",
          "balance-tlb", "balance-alb"},
      "fail_over_mac", new String[] {"none", "active", "follow"},
      "primary_reselect", new String[] {"always", "better", "failure"});

  private BondOptions() {}

  /**
   * The options for a bond, in the order they are written (mode, miimon, fail_over_mac, then the
   * primary when one is known).
   */
  public static Map<String, String> desired(Optional<String> primary) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("mode", MODE);
    o.put("miimon", MIIMON);
    o.put("fail_over_mac", FAIL_OVER_MAC);
    primary.filter(p -> !p.isEmpty()).ifPresent(p -> o.put("primary", p));
    return Collections.unmodifiableMap(o);
  }

  /** {@link #desired(Optional)} with "" or null for "no primary known". */
  public static Map<String, String> desired(String primary) {
    return desired(Optional.ofNullable(primary));
  }

  /** Canonical mode name for "1", "active-backup", "active-backup 1". */
  public static String mode(String value) {
    return normalise("mode", value);
  }

  /** Canonical fail_over_mac name for "0", "2", "follow", "follow 2". */
  public static String failOverMac(String value) {
    return normalise("fail_over_mac", value);
  }

  /** Every value normalised by {@link #normalise(String, String)}, sorted by name. */
  public static Map<String, String> normalise(Map<String, String> options) {
    Map<String, String> out = new TreeMap<>();
    options.forEach((k, v) -> out.put(k, normalise(k, v)));
    return out;
  }

  /**
   * "follow 2", " follow", "2" -> "follow" for options with names; others only trimmed. NM
   * stores values as given ("2" stays "2") while the kernel answers "follow 2".
   */
  public static String normalise(String key, String value) {
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
